"""How well the router picks a question's lane, and how fast.

    .venv/bin/python benchmarks/routing.py [--folds 10] [--data-dir DIR]

- cross-validated confusion matrix over the labelled examples (answer/router/
  examples.json): the semantic vote is fitted on k-1 folds and scored on the held-out
  fold, the structural stage runs as in production; accuracy per language and kind;
- the dev sets (../shared/eval/*.jsonl): each question's lane and plan, with the router
  fitted on all examples (none of them is a dev question); with --data-dir, each is also
  answered and checked for an address-lane dead end ("could not find this old unit" as
  the final reply to a question that is no address);
- routing latency (p50/p95) for address-like inputs (decided without the model) and for
  other questions (one query embedding), cold: the query LRU is emptied first.
Writes benchmarks/results/routing.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from answer.router.router import Router  # noqa: E402
from answer.router.semantic import LANES, NearestExamples, load_examples  # noqa: E402
from answer.router.service import example_vectors, facts_intent, old_unit_finder  # noqa: E402
from haicap.settings import Settings  # noqa: E402

EVAL_DIR = ROOT.parent / "shared" / "eval"
RESULTS = ROOT / "benchmarks" / "results" / "routing.md"


def folds_of(n: int, k: int, seed: int = 7) -> list[list[int]]:
    """k folds, stratification left to the shuffle (lanes are interleaved by language)."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def cross_validate(settings: Settings, k: int) -> tuple[list[dict], Counter]:
    from retrieval.embeddings import get_embeddings

    examples = load_examples()
    embeddings = get_embeddings(settings)
    vectors = example_vectors(embeddings, [e.text for e in examples])
    by_text = {e.text: vectors[i] for i, e in enumerate(examples)}
    intent, old_unit = facts_intent(settings), old_unit_finder(settings)
    rows, matrix = [], Counter()
    for held_out in folds_of(len(examples), k):
        held = set(held_out)
        train = [i for i in range(len(examples)) if i not in held]
        classifier = NearestExamples(vectors[train], [examples[i].lane for i in train])
        router = Router(classifier, by_text.__getitem__, fact_intent=intent, old_unit=old_unit)
        for i in held_out:
            example = examples[i]
            decision = router.decide(example.text)
            predicted = decision.lane
            matrix[(example.lane, predicted)] += 1
            rows.append({
                "text": example.text, "lane": example.lane, "kind": example.kind,
                "lang": example.lang, "predicted": predicted, "source": decision.source,
            })  # fmt: skip
    return rows, matrix


def matrix_table(matrix: Counter) -> list[str]:
    lanes = list(LANES)
    lines = ["| true \\ routed | " + " | ".join(lanes) + " | recall |",
             "|---" * (len(lanes) + 2) + "|"]  # fmt: skip
    for lane in lanes:
        row = [matrix[(lane, other)] for other in lanes]
        recall = row[lanes.index(lane)] / (sum(row) or 1)
        lines.append(f"| **{lane}** | " + " | ".join(str(v) for v in row) + f" | {recall:.0%} |")
    return lines


def accuracy_by(rows: list[dict], key: str) -> list[str]:
    groups: dict[str, list[bool]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row["lane"] == row["predicted"])
    lines = [f"| {key} | n | accuracy |", "|---|---|---|"]
    for name, hits in sorted(groups.items()):
        lines.append(f"| {name} | {len(hits)} | {sum(hits) / len(hits):.1%} |")
    return lines


def dev_routes(settings: Settings, data_dir: Path | None) -> tuple[list[str], int]:
    """Each dev question's decision (and, with a data dir, the final reply's lane)."""
    from answer.router import get_router

    router = get_router(settings)
    pipeline = None
    if data_dir is not None:
        from answer.pipeline import build_pipeline

        pipeline = build_pipeline(settings)
    lines = ["| id | kind | lang | lane | plan | answered by | status |", "|---" * 7 + "|"]
    dead_ends = 0
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip():
                continue
            item = json.loads(raw)
            decision = router.decide(item["question"])
            by, status = "", ""
            if pipeline is not None:
                answer = pipeline.answer(item["question"])
                by, status = answer.route, answer.status
                dead_ends += by == "address" and status == "not_found"
            elif decision.lane == "address":
                from answer.lanes.address import answer_address

                reply = answer_address(decision.question, "vi", settings)
                status = reply.status if reply is not None else "(falls through)"
                by = "address" if reply is not None else ""
                dead_ends += status == "not_found"
            lines.append(
                f"| {item['id']} | {item.get('kind', '')} | {item['lang']} | {decision.lane} | "
                f"{' → '.join(decision.plan)} | {by} | {status} |"
            )
    return lines, dead_ends


def latency(settings: Settings, texts: list[str]) -> tuple[float, float, int]:
    from answer.router import get_router
    from retrieval.embeddings import get_embeddings

    router = get_router(settings)
    router.decide("warm-up question about the reform")
    batcher = get_embeddings(settings).queries
    times = []
    for text in texts:
        batcher.forget()
        started = time.perf_counter()
        router.decide(text)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    return statistics.median(times), p95, len(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--latency-sample", type=int, default=40, help="inputs per group")
    args = parser.parse_args()
    settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))

    rows, matrix = cross_validate(settings, args.folds)
    correct = sum(r["lane"] == r["predicted"] for r in rows)
    out = [
        "# Routing (benchmarks/routing.py)",
        "",
        f"{len(rows)} labelled examples, {args.folds}-fold cross-validation (the semantic vote "
        "never sees the example it routes): "
        f"**{correct}/{len(rows)} = {correct / len(rows):.1%}** routed to their lane.",
        "",
        *matrix_table(matrix),
        "",
        *accuracy_by(rows, "lang"),
        "",
        *accuracy_by(rows, "kind"),
        "",
        "Misrouted examples:",
        "",
        *[
            f"- `{r['lane']}` → `{r['predicted']}` ({r['source']}): {r['text']}"
            for r in rows
            if r["lane"] != r["predicted"]
        ],
        "",
    ]
    examples = load_examples()
    sample = random.Random(3).sample
    address_texts = [e.text for e in examples if e.lane == "address"]
    other_texts = [e.text for e in examples if e.lane != "address"]
    address_texts = sample(address_texts, min(args.latency_sample, len(address_texts)))
    other_texts = sample(other_texts, min(args.latency_sample, len(other_texts)))
    a50, a95, an = latency(settings, address_texts)
    o50, o95, on = latency(settings, other_texts)
    out += [
        f"Routing latency (cold query vector, warm model; {args.latency_sample} inputs a group):",
        "",
        "| inputs | n | p50 ms | p95 ms |",
        "|---|---|---|---|",
        f"| address-like | {an} | {a50:.1f} | {a95:.1f} |",
        f"| other questions | {on} | {o50:.1f} | {o95:.1f} |",
        "",
    ]
    dev_lines, dead_ends = dev_routes(settings, args.data_dir)
    out += [
        f"Dev sets ({EVAL_DIR}): address-lane dead ends: **{dead_ends}**"
        + ("" if args.data_dir else " (address lane run for address-routed questions only)"),
        "",
        *dev_lines,
        "",
    ]
    out.append(f"Machine load while measuring (1-min load average): {os.getloadavg()[0]:.1f}")
    text = "\n".join(out)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

"""The facts lane alone: accuracy per kind × language on our own questions, warm latency,
and which fact-kind questions of the dev sets it answers correctly.

Usage: .venv/bin/python -m benchmarks.facts_lane --data-dir DIR [--out benchmarks/results/facts.md]
(DIR: a data dir where ../shared/corpus/legal was ingested; the lane reads only its
legal_basis.json and province_plan.json.) A question is correct when every expected
string is in the answer (NFC, case-folded) and a citation's document contains the
expected source; a fall-through question is correct when the lane returns None.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from answer.lanes.facts import answer_facts
from haicap.settings import Settings

HERE = Path(__file__).parent
QUESTIONS = HERE / "facts_questions.jsonl"
EVAL = HERE.parent.parent / "shared" / "eval"
DEV_KINDS = {"count", "list", "unchanged", "merge", "multi-part", "policy", "effective-date"}
LANGS = ("vi", "vi-noaccent", "en", "de", "sv")
WARM_RUNS = 5


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _correct(answer, expect: list[str], source: str, require_all: bool) -> bool:
    if not expect:
        return answer is None
    if answer is None:
        return False
    text = _norm(answer.answer)
    hits = [_norm(e) in text for e in expect]
    found = all(hits) if require_all else any(hits)
    cited = not source or any(source in c.document for c in answer.citations)
    return found and cited


def _timed(question: str, lang: str, settings: Settings) -> tuple[object, list[float]]:
    answer = answer_facts(question, lang, settings)  # first call: caches warm
    times = []
    for _ in range(WARM_RUNS):
        start = time.perf_counter()
        answer_facts(question, lang, settings)
        times.append((time.perf_counter() - start) * 1000)
    return answer, times


def own_questions(settings: Settings) -> tuple[list[str], list[float]]:
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    all_times: list[float] = []
    for row in rows:
        lang = row["lang"][:2]
        answer, times = _timed(row["question"], lang, settings)
        all_times.extend(times)
        ok = _correct(answer, row["expect"], row["source"], require_all=True)
        cell = table[(row["kind"], row["lang"])]
        cell[0] += ok
        cell[1] += 1
        if not ok:
            misses.append(f"- `{row['kind']}/{row['lang']}` {row['question']}")
    kinds = list(dict.fromkeys(r["kind"] for r in rows))
    lines = ["| kind | " + " | ".join(LANGS) + " | all |", "|---" * (len(LANGS) + 2) + "|"]
    total = [0, 0]
    for kind in kinds:
        cells = []
        row_total = [0, 0]
        for lang in LANGS:
            ok, n = table.get((kind, lang), [0, 0])
            cells.append(f"{ok}/{n}" if n else "–")
            row_total[0] += ok
            row_total[1] += n
        total[0] += row_total[0]
        total[1] += row_total[1]
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {row_total[0]}/{row_total[1]} |")
    by_lang = []
    for lang in LANGS:
        ok = sum(v[0] for (k, lg), v in table.items() if lg == lang)
        n = sum(v[1] for (k, lg), v in table.items() if lg == lang)
        by_lang.append(f"{ok}/{n}")
    lines.append("| **all** | " + " | ".join(by_lang) + f" | **{total[0]}/{total[1]}** |")
    if misses:
        lines += ["", "Missed:", *misses]
    return lines, all_times


def dev_questions(settings: Settings) -> list[str]:
    lines = ["| id | kind | lang | facts lane | question |", "|---|---|---|---|---|"]
    counts = defaultdict(lambda: [0, 0])
    for name in ("dev_qa_public.jsonl", "dev_qa.jsonl"):
        path = EVAL / name
        if not path.is_file():
            continue
        for raw in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(raw)
            kind = row.get("kind", "")
            answer = answer_facts(row["question"], row["lang"][:2], settings)
            if kind not in DEV_KINDS and answer is None:
                continue  # not a fact kind and left to the documents lane, as it should
            if not row["answerable"]:
                verdict = "answered (WRONG)" if answer is not None else "fell through"
            elif answer is None:
                verdict = "fell through"
            else:
                ok = _correct(answer, row["expect_any"], "", require_all=False) and any(
                    any(s in c.document for s in row["sources"]) for c in answer.citations
                )
                verdict = "**correct**" if ok else "answered, wrong"
                counts[kind or "dev_qa"][0] += ok
            counts[kind or "dev_qa"][1] += 1
            question = row["question"].replace("|", "/")
            lines.append(f"| {row['id']} | {kind} | {row['lang']} | {verdict} | {question} |")
    summary = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in counts.items())
    return [f"Correct by kind (of those listed): {summary}", "", *lines]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--out", default=str(HERE / "results" / "facts.md"))
    args = parser.parse_args()
    settings = Settings(HAICAP_DATA_DIR=args.data_dir)
    table, times = own_questions(settings)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    report = [
        "# Facts lane (answer/lanes/facts.py) alone",
        "",
        "Generated by `.venv/bin/python -m benchmarks.facts_lane --data-dir DIR` "
        "(DIR: ../shared/corpus/legal ingested).",
        "",
        f"## Our own questions ({QUESTIONS.relative_to(HERE.parent)})",
        "",
        "Correct = every expected string in the answer and the expected source cited;",
        "fall-through questions are correct when the lane returns None.",
        "",
        *table,
        "",
        f"Warm latency over {len(times)} calls ({WARM_RUNS} per question, after one "
        f"warm-up): p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms.",
        "",
        "## Dev sets (../shared/eval): fact-kind questions, and any other the lane answered",
        "",
        *dev_questions(settings),
        "",
    ]
    Path(args.out).write_text("\n".join(report), encoding="utf-8")
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

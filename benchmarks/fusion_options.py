"""Recall@1/@5 of every fusion option on the dev set and on a generated question set.

    .venv/bin/python benchmarks/fusion_options.py [--data-dir DIR] [--out benchmarks/results]

Without --data-dir the corpus (../shared seeds + legal) is ingested into a temp dir
first (fast when the embedding cache is warm). Every option ranks the same candidates
(query vectors are computed once), so the differences are the fusion alone.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import dev_questions, generated_questions, ingest_corpus

from haicap.settings import Settings
from retrieval.fusion import FusionConfig
from retrieval.hybrid import DEFAULT_FUSION, build_retriever
from retrieval.recall import percentile, retrieval_recall


def _options() -> list[tuple[str, FusionConfig, bool]]:
    """(label, config, use the question's hints) for every option measured."""

    def plain(method: str, w: float = 0.3) -> FusionConfig:
        return FusionConfig(method, w, other_province_factor=1.0)

    options = [
        ("dense only", plain("dense"), False),
        ("BM25 only", plain("lexical"), False),
        ("RRF equal (k=60)", plain("rrf"), False),
    ]
    options += [(f"weighted RRF w_lex={w}", plain("weighted_rrf", w), False) for w in (0.2, 0.3)]
    options += [(f"dense + {w}·BM25/max", plain("dense_boost", w), False) for w in (0.05, 0.1, 0.2)]
    options += [(f"convex w_lex={w}", plain("convex", w), False) for w in (0.2, 0.3, 0.4, 0.5)]
    # The same formulas with the question's hints: a named document first, chunks about
    # another place than the province named multiplied by f.
    options += [
        ("RRF equal + hints", FusionConfig("rrf", other_province_factor=0.5), True),
        ("weighted RRF 0.3 + hints", FusionConfig("weighted_rrf", 0.3), True),
        ("dense + 0.1·BM25 + hints", FusionConfig("dense_boost", 0.1), True),
        ("convex 0.3 + hints (×1.0)", FusionConfig("convex", 0.3, 60, 1.0), True),
        ("convex 0.3 + hints (×0.5)", FusionConfig("convex", 0.3, 60, 0.5), True),
    ]
    # Lexical weight by question language: Vietnamese questions share the corpus's
    # words, other languages share only names and numbers with it.
    options += [
        (
            f"{method} vi {w_vi} / other {w_other} + hints",
            FusionConfig(method, w_vi, 60, 0.5, foreign_lexical_weight=w_other),
            True,
        )
        for method, w_vi, w_other in (
            ("weighted_rrf", 0.5, 0.2),
            ("dense_boost", 0.2, 0.1),
            ("dense_boost", 0.3, 0.05),
            ("dense_boost", 0.3, 0.1),
            ("dense_boost", 0.5, 0.05),
            ("dense_boost", 0.5, 0.1),
            ("convex", 0.5, 0.1),
            ("convex", 0.6, 0.2),
        )
    ]
    return options


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", help="an ingested corpus (default: ingest into a temp dir)")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    parser.add_argument("--query-cache", help="a .json file remembering question vectors")
    args = parser.parse_args()

    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="haicap-fusion-"))
    settings = Settings(HAICAP_DATA_DIR=str(data_dir), CHROMA_HOST="")
    if not args.data_dir:
        chunks, seconds = ingest_corpus(settings)
        print(f"ingested {chunks} chunks in {seconds:.0f} s into {data_dir}", file=sys.stderr)
    retriever = build_retriever(settings, warm=True)
    engine = retriever.engine
    sets = {"dev": dev_questions(), "generated": generated_questions()}
    print(
        f"store: {retriever.store.count()} chunks; questions: "
        + ", ".join(f"{k} {sum(q.answerable for q in v)}" for k, v in sets.items()),
        file=sys.stderr,
    )
    _embed_questions(engine, [q.question for v in sets.values() for q in v], args.query_cache)

    rows = []
    for label, cfg, hints in _options():
        row = {
            "option": label,
            "method": cfg.method,
            "lexical_weight": cfg.lexical_weight,
            "other_province_factor": cfg.other_province_factor,
            "hints": hints,
        }
        for name, questions in sets.items():
            report = retrieval_recall(
                lambda q, k, cfg=cfg, hints=hints: engine.search(q, k, fusion=cfg, use_hints=hints),
                questions,
            )
            row[name] = {
                "recall@1": report.recall[1],
                "recall@5": report.recall[5],
                "source_recall@1": report.source_recall[1],
                "source_recall@5": report.source_recall[5],
                "misses@5": [
                    r.id for r in report.rows if not r.first_hit_rank or r.first_hit_rank > 5
                ],
            }
        rows.append(row)
        print(
            f"{label:42s} dev {row['dev']['recall@1']:.2f}/{row['dev']['recall@5']:.2f}  "
            f"gen {row['generated']['recall@1']:.2f}/{row['generated']['recall@5']:.2f}",
            file=sys.stderr,
        )

    # warm latency of the default configuration, with fresh query embeddings
    engine.clear_query_cache()
    latencies, rest = [], []
    for q in sets["dev"]:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        engine.search(q.question, 8, timings=timings)
        latencies.append((time.perf_counter() - started) * 1000)
        rest.append(timings["total_ms"] - timings["embed_ms"])
    timing = {
        "default": str(DEFAULT_FUSION),
        "retrieval_p50_ms": round(percentile(latencies, 50), 1),
        "retrieval_p95_ms": round(percentile(latencies, 95), 1),
        "retrieval_mean_ms": round(statistics.mean(latencies), 1),
        "without_embedding_p50_ms": round(percentile(rest, 50), 1),
        "without_embedding_p95_ms": round(percentile(rest, 95), 1),
        "load_average": round(os.getloadavg()[0], 2),
    }
    _print_table(rows, timing)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "fusion_options.json").write_text(
        json.dumps({"rows": rows, "timing": timing}, ensure_ascii=False, indent=2), "utf-8"
    )
    print(f"written {out / 'fusion_options.json'}", file=sys.stderr)
    return 0


def _embed_questions(engine, questions: list[str], cache: str | None) -> None:
    """Embed every question once (outside the timings), optionally via a .json cache."""
    known: dict[str, list[float]] = {}
    if cache and Path(cache).exists():
        known = json.loads(Path(cache).read_text("utf-8"))
    for question in questions:
        if question in known:
            engine._query_vectors[question] = known[question]
        else:
            known[question] = engine.embed_query(question)
    if cache:
        Path(cache).write_text(json.dumps(known), "utf-8")


def _print_table(rows: list[dict], timing: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="fusion options: recall@1 / recall@5 (source_recall@5)")
    table.add_column("option")
    for name in ("dev", "generated"):
        table.add_column(f"{name} r@1", justify="right")
        table.add_column(f"{name} r@5", justify="right")
        table.add_column(f"{name} src@5", justify="right")
    for row in rows:
        cells = [row["option"]]
        for name in ("dev", "generated"):
            r = row[name]
            cells += [f"{r['recall@1']:.3f}", f"{r['recall@5']:.3f}", f"{r['source_recall@5']:.3f}"]
        table.add_row(*cells)
    console = Console()
    console.print(table)
    console.print(
        f"default {timing['default']}: warm retrieval p50 {timing['retrieval_p50_ms']} ms, "
        f"p95 {timing['retrieval_p95_ms']} ms (query embedding included); without the "
        f"embedding p50 {timing['without_embedding_p50_ms']} ms, p95 "
        f"{timing['without_embedding_p95_ms']} ms; load average {timing['load_average']}"
    )


if __name__ == "__main__":
    sys.exit(main())

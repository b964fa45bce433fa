"""Warm `ask` latency of the grounded answer pipeline (target: p50 ≤ 150 ms).

Usage:
    .venv/bin/python benchmarks/answer_latency.py --data-dir DIR [--questions FILE] [--rounds 3]

DIR must hold an ingested store (e.g. `haicap ingest ../shared/seeds ../shared/corpus/legal
--data-dir DIR`). Questions default to ../shared/eval/dev_qa.jsonl. The model is loaded
and one question answered before timing ("warm"); the retriever's query-vector cache is
cleared before every question so each one pays for its own embedding, as a new user
question would. Prints p50/p95 overall and per pipeline step.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--questions", default=str(ROOT.parent / "shared/eval/dev_qa.jsonl"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep-query-cache", action="store_true")
    args = parser.parse_args()

    from answer.pipeline import build_pipeline
    from haicap.settings import get_settings

    settings = get_settings().with_data_dir(args.data_dir)
    questions = [
        json.loads(line)["question"]
        for line in Path(args.questions).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    pipeline = build_pipeline(settings)
    started = time.perf_counter()
    pipeline.warm_up()
    pipeline.answer(questions[0])
    print(f"warm-up (model + indexes): {time.perf_counter() - started:.1f} s")
    engine = getattr(pipeline.holder.get(), "engine", None)

    totals: list[float] = []
    steps: dict[str, list[float]] = {}
    statuses: dict[str, int] = {}
    for _ in range(args.rounds):
        for question in questions:
            if engine is not None and not args.keep_query_cache:
                engine.clear_query_cache()
            t0 = time.perf_counter()
            answer = pipeline.answer(question)
            totals.append((time.perf_counter() - t0) * 1000)
            statuses[answer.status] = statuses.get(answer.status, 0) + 1
            for step, ms in answer.timings_ms.items():
                steps.setdefault(step, []).append(ms)
    print(f"{len(totals)} answers ({args.rounds} rounds × {len(questions)} questions): {statuses}")
    print(f"total     p50 {percentile(totals, 50):7.1f} ms   p95 {percentile(totals, 95):7.1f} ms"
          f"   mean {statistics.fmean(totals):7.1f} ms")  # fmt: skip
    for step, values in steps.items():
        p50, p95 = percentile(values, 50), percentile(values, 95)
        print(f"{step:<14} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (in {len(values)} answers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

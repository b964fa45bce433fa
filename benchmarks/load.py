"""Load: N concurrent chats through the real bot (fake Bot API), and N concurrent
callers of the answer pipeline directly, for N = 10, 50, 200.

    .venv/bin/python benchmarks/load.py [--data-dir DIR] [--n 10 50 200] [--out DIR]

Each chat (or caller) asks its questions one after the other, half old-address
lookups, half document questions in four languages, every document question distinct
(the query-vector cache is cleared before each phase, so none is served from it).
Per N and mode: throughput, reply latency p50/p95, CPU utilisation of the 2 cores,
peak RSS; and where the CPU goes, from per-thread CPU time inside the pipeline steps
(embed_query, exact dense scoring, BM25, the rest of retrieval, answer extraction) and
the bot's HTML formatting. Prints a table, finds the knee (the smallest N whose
throughput is within 10 % of the best), and writes load.png and load.json to --out.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as haicap/cli.py does

from benchmarks.bot_load import _percentile, build_questions, simulate_user  # noqa: E402
from benchmarks.common import load_settings  # noqa: E402
from haicap.settings import Settings  # noqa: E402

MAX_DOCUMENT_QUESTIONS = 360  # distinct ones the generator has (11 templates x 34 provinces)


# ----------------------------------------------------------------------------- probes
class StageClock:
    """CPU seconds (time.thread_time: the calling thread's own CPU, not its waits) and
    wall seconds spent in named stages, summed over all threads."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()

    def wrap(self, name: str, function: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            cpu, wall = time.thread_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                with self._lock:
                    self.cpu[name] += time.thread_time() - cpu
                    self.wall[name] += time.perf_counter() - wall
                    self.calls[name] += 1

        return timed

    def reset(self) -> None:
        with self._lock:
            self.cpu.clear()
            self.wall.clear()
            self.calls.clear()


def instrument(pipeline: Any, clock: StageClock) -> None:
    """Time the expensive parts of one pipeline from outside (benchmark only)."""
    engine = pipeline.holder.get().engine
    engine.embed_query = clock.wrap("query_wait", engine.embed_query)
    # The model call itself runs in the query batcher's thread, several questions at once.
    batcher = engine.embeddings.queries
    batcher._encode = clock.wrap("embed_query", batcher._encode)
    engine.search = clock.wrap("retrieval_total", engine.search)
    index = engine.indexes.current()
    index.dense_scores = clock.wrap("dense_exact", index.dense_scores)
    index.lexical_scores = clock.wrap("bm25", index.lexical_scores)
    pipeline.answer = clock.wrap("pipeline_total", pipeline.answer)
    import bot.conversation

    bot.conversation.render_answer = clock.wrap("html_format", bot.conversation.render_answer)
    bot.conversation.split_html = clock.wrap("html_split", bot.conversation.split_html)


class Resources:
    """Process CPU time and peak RSS over a phase (RSS sampled every 100 ms)."""

    def __init__(self) -> None:
        self.peak_rss_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def rss_mb() -> float:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self.peak_rss_mb = max(self.peak_rss_mb, self.rss_mb())

    @staticmethod
    def machine_ticks() -> tuple[int, int]:
        """(busy, total) jiffies of all cores: other processes compete for the CPU too."""
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields) - idle, sum(fields)

    def __enter__(self) -> Resources:
        self._ticks0 = self.machine_ticks()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self._cpu0 = usage.ru_utime + usage.ru_stime
        self._wall0 = time.perf_counter()
        self.peak_rss_mb = self.rss_mb()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.cpu_s = usage.ru_utime + usage.ru_stime - self._cpu0
        self.wall_s = time.perf_counter() - self._wall0
        self.cpu_util = self.cpu_s / self.wall_s / (os.cpu_count() or 1)
        busy, total = (b - a for a, b in zip(self._ticks0, self.machine_ticks(), strict=True))
        self.machine_util = busy / total if total else 0.0


# ----------------------------------------------------------------------------- phases
def messages_for(n: int) -> int:
    """Questions per chat: enough samples at small N, all document questions distinct."""
    return max(2, min(8, 2 * (MAX_DOCUMENT_QUESTIONS // n)))


def summarise(
    mode: str, n: int, results: list[tuple[str, float | None]], res: Resources, clock: StageClock
) -> dict[str, Any]:
    latencies = [lat for _, lat in results if lat is not None]
    docs = [lat for kind, lat in results if kind == "document" and lat is not None]
    return {
        "mode": mode,
        "n": n,
        "questions": len(results),
        "lost": sum(1 for _, lat in results if lat is None),
        "throughput_qps": len(latencies) / res.wall_s,
        "p50_ms": _percentile(latencies, 0.5) * 1000,
        "p95_ms": _percentile(latencies, 0.95) * 1000,
        "doc_p50_ms": _percentile(docs, 0.5) * 1000,
        "doc_p95_ms": _percentile(docs, 0.95) * 1000,
        "cpu_util": res.cpu_util,
        "cpu_ms_per_q": res.cpu_s * 1000 / max(1, len(results)),
        "machine_util": res.machine_util,
        "peak_rss_mb": res.peak_rss_mb,
        "wall_s": res.wall_s,
        "stage_cpu_ms_per_q": {k: v * 1000 / max(1, len(results)) for k, v in clock.cpu.items()},
        "embed_batch_mean": len(docs) / max(1, clock.calls.get("embed_query", 0)),
        "stage_wall_ms_per_call": {
            k: clock.wall[k] * 1000 / max(1, clock.calls[k]) for k in clock.wall
        },
    }


def run_direct(pipeline: Any, n: int, seed: int, clock: StageClock) -> dict[str, Any]:
    """N threads, each asking its questions one after the other."""
    plan = build_questions(n, messages_for(n), seed)
    pipeline.holder.get().engine.clear_query_cache()
    clock.reset()

    def caller(questions: list[tuple[str, str]]) -> list[tuple[str, float | None]]:
        out: list[tuple[str, float | None]] = []
        for kind, question in questions:
            started = time.perf_counter()
            try:
                pipeline.answer(question, history=[], lang=None)
                out.append((kind, time.perf_counter() - started))
            except Exception:  # counted as lost; the bot would apologise
                out.append((kind, None))
        return out

    with Resources() as res, ThreadPoolExecutor(n) as pool:
        per_caller = list(pool.map(caller, plan))
    results = [item for caller_results in per_caller for item in caller_results]
    return summarise("pipeline", n, results, res, clock)


def run_bot(pipeline: Any, settings: Settings, n: int, seed: int, clock: StageClock) -> dict:
    from tests.fake_telegram import running_bot

    plan = build_questions(n, messages_for(n), seed + 1)
    pipeline.holder.get().engine.clear_query_cache()

    async def go() -> tuple[list, Resources]:
        async with running_bot(settings, pipeline) as (fake, _app):
            clock.reset()
            with Resources() as res:
                per_user = await asyncio.gather(
                    *(
                        simulate_user(fake, 20_000 + i, questions, 600.0)
                        for i, questions in enumerate(plan)
                    )
                )
        return [item for user in per_user for item in user], res

    results, res = asyncio.run(go())
    return summarise("bot", n, results, res, clock)


# ----------------------------------------------------------------------------- output
def knee(rows: list[dict[str, Any]]) -> int:
    best = max(r["throughput_qps"] for r in rows)
    return min(r["n"] for r in rows if r["throughput_qps"] >= 0.9 * best)


def print_table(rows: list[dict[str, Any]]) -> None:
    head = (
        f"{'mode':<9}{'N':>5}{'q':>6}{'lost':>5}{'q/s':>7}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'doc p50':>9}{'doc p95':>9}{'CPU %':>7}{'box %':>7}{'CPU/q':>7}{'RSS MB':>8}"
    )
    print(head)
    for r in rows:
        print(
            f"{r['mode']:<9}{r['n']:>5}{r['questions']:>6}{r['lost']:>5}"
            f"{r['throughput_qps']:>7.1f}{r['p50_ms']:>9.0f}{r['p95_ms']:>9.0f}"
            f"{r['doc_p50_ms']:>9.0f}{r['doc_p95_ms']:>9.0f}{r['cpu_util'] * 100:>7.0f}"
            f"{r['machine_util'] * 100:>7.0f}{r['cpu_ms_per_q']:>7.0f}{r['peak_rss_mb']:>8.0f}"
        )
    print("CPU % = this process, of all cores; box % = the whole machine (other processes")
    print("too); CPU/q = this process's CPU ms per question (contention-independent)")
    print()
    stages = ["embed_query", "dense_exact", "bm25", "retrieval_total", "pipeline_total",
              "html_format", "html_split"]  # fmt: skip
    print("CPU ms per question, by stage (CPU time of the calling thread, torch's own")
    print("worker threads not counted; embed_query runs in the query batcher's thread,")
    print("retrieval_total includes dense and BM25, pipeline_total includes retrieval):")
    print(f"{'mode':<9}{'N':>5}" + "".join(f"{s:>16}" for s in stages) + "  questions/batch")
    for r in rows:
        cpu = r["stage_cpu_ms_per_q"]
        print(
            f"{r['mode']:<9}{r['n']:>5}"
            + "".join(f"{cpu.get(s, 0.0):>16.1f}" for s in stages)
            + f"{r.get('embed_batch_mean', 0.0):>17.1f}"
        )


def write_chart(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    for mode, color in (("bot", "#3b7dd8"), ("pipeline", "#d8823b")):
        data = [r for r in rows if r["mode"] == mode]
        if not data:
            continue
        ns = [r["n"] for r in data]
        axes[0].plot(ns, [r["throughput_qps"] for r in data], "o-", color=color, label=mode)
        axes[1].plot(ns, [r["p50_ms"] for r in data], "o-", color=color, label=f"{mode} p50")
        axes[1].plot(ns, [r["p95_ms"] for r in data], "o--", color=color, label=f"{mode} p95")
        axes[2].plot(ns, [r["cpu_util"] * 100 for r in data], "o-", color=color, label=mode)
    for axis, title in zip(
        axes,
        ["throughput (questions/s)", "latency (ms)", "CPU utilisation of 2 cores (%)"],
        strict=True,
    ):
        axis.set_xscale("log")
        axis.set_xlabel("concurrent chats N")
        axis.set_title(title)
        axis.legend(fontsize=8)
    axes[1].set_yscale("log")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None, help="an already ingested data dir")
    parser.add_argument("--n", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--modes", nargs="+", default=["pipeline", "bot"])
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args()
    from answer.pipeline import build_pipeline

    with tempfile.TemporaryDirectory(prefix="haicap-load-") as tmp:
        settings = load_settings(Path(tmp), args.data_dir)
        pipeline = build_pipeline(settings)
        pipeline.warm_up()
        clock = StageClock()
        instrument(pipeline, clock)
        print(f"pipeline ready, RSS {Resources.rss_mb():.0f} MB, {os.cpu_count()} cores")
        rows = []
        for mode in args.modes:
            for n in args.n:
                if mode == "pipeline":
                    row = run_direct(pipeline, n, args.seed, clock)
                else:
                    row = run_bot(pipeline, settings, n, args.seed, clock)
                rows.append(row)
                print(f"  {mode} N={n}: {row['throughput_qps']:.1f} q/s, "
                      f"p50 {row['p50_ms']:.0f} ms, p95 {row['p95_ms']:.0f} ms")  # fmt: skip
    print()
    print_table(rows)
    for mode in args.modes:
        mode_rows = [r for r in rows if r["mode"] == mode]
        if mode_rows:
            print(f"knee ({mode}): N ≈ {knee(mode_rows)} (smallest N within 10 % of the best q/s)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    write_chart(rows, out / "load.png")
    print(f"written {out / 'load.json'} and {out / 'load.png'}")
    return 1 if any(r["lost"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

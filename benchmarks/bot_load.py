"""Load on the real bot: many simulated users through the fake Bot API.

    .venv/bin/python benchmarks/bot_load.py [--users 50] [--messages 10] [--data-dir DIR]

Each user is a private chat that asks its questions one after the other (the next one
when the previous reply arrived), all users at once, mixing old-address lookups and
document questions in four languages. The bot is the real Application with the real
answer pipeline over the shared corpus (ingested into a temp dir unless --data-dir
already holds it). Reports replies lost (must be 0), reply latency p50/p95/max per
kind, throughput, and the process's peak memory (RSS).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import SHARED, load_settings  # noqa: E402
from haicap.settings import Settings  # noqa: E402
from tests.fake_telegram import FakeTelegram, running_bot  # noqa: E402

DOCUMENT_TEMPLATES = [
    "Sau sắp xếp, {province} có bao nhiêu đơn vị hành chính cấp xã?",
    "Nghị quyết nào sắp xếp các đơn vị hành chính cấp xã của {province}?",
    "{province} có bao nhiêu phường sau khi sắp xếp năm 2025?",
    "Nghị quyết sắp xếp xã của {province} có hiệu lực từ ngày nào?",
    "Những xã nào của {province} không thực hiện sắp xếp?",
    "How many communes does {province} have after the arrangement?",
    "Which resolution arranges the communes of {province}?",
    "Welche Resolution ordnet die Gemeinden von {province} neu?",
    "Wie viele Gemeinden hat {province} nach der Neuordnung?",
    "Hur många kommuner har {province} efter omorganisationen?",
    "Vilken resolution gäller kommunerna i {province}?",
]
ADDRESS_TEMPLATES = [
    "{old}, {province} nay thuộc xã phường nào?",
    "{old}, {province}",
    "Which commune is {old}, {province} in now?",
]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_questions(users: int, messages: int, seed: int) -> list[list[tuple[str, str]]]:
    """Per user, `messages` (kind, question) pairs: half addresses, half documents."""
    splits = json.loads(
        (SHARED / "reference" / "dvhcvn-20250701" / "splits.json").read_text("utf-8")
    )
    units = [
        (unit["name"], province["name"])
        for province in splits["data"]
        for unit in province["level3s"]
        if not unit["name"].split()[-1].isdigit()
    ]
    provinces = [province["name"] for province in splits["data"]]
    rng = random.Random(seed)
    # Every document question distinct, so no cache makes the load lighter than it is.
    documents = [t.format(province=p) for t in DOCUMENT_TEMPLATES for p in provinces]
    rng.shuffle(documents)
    plan = []
    for _ in range(users):
        questions = []
        for index in range(messages):
            if index % 2 == 0:
                old, province = rng.choice(units)
                template = rng.choice(ADDRESS_TEMPLATES)
                questions.append(("address", template.format(old=old, province=province)))
            else:
                questions.append(("document", documents.pop()))
        plan.append(questions)
    return plan


async def simulate_user(
    fake: FakeTelegram, chat_id: int, questions: list[tuple[str, str]], timeout: float
) -> list[tuple[str, float | None]]:
    """Ask one question at a time; (kind, latency or None if the reply never came)."""
    results: list[tuple[str, float | None]] = []
    for kind, question in questions:
        before = len(fake.delivered(chat_id))
        sent = time.monotonic()
        await fake.send_text(chat_id, question)
        try:
            calls = await fake.wait_for(
                lambda before=before: c if len(c := fake.delivered(chat_id)) > before else None,
                timeout,
                f"reply in chat {chat_id}",
            )
            results.append((kind, calls[before].at - sent))
        except AssertionError:
            results.append((kind, None))
    return results


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from answer.pipeline import build_pipeline

    pipeline = build_pipeline(settings)
    started = time.perf_counter()
    pipeline.warm_up()
    print(f"pipeline ready in {time.perf_counter() - started:.1f} s, RSS {_rss_mb():.0f} MB")
    plan = build_questions(args.users, args.messages, args.seed)
    rss_before = _rss_mb()
    async with running_bot(settings, pipeline) as (fake, app):
        started = time.perf_counter()
        per_user = await asyncio.gather(
            *(
                simulate_user(fake, 10_000 + index, questions, args.reply_timeout)
                for index, questions in enumerate(plan)
            )
        )
        elapsed = time.perf_counter() - started
        retries = app.bot_data["services"].retrier.retries
        errors = app.bot_data["services"].counters.get("errors", 0)
        extra = sum(
            max(0, len(fake.delivered(10_000 + i)) - args.messages) for i in range(args.users)
        )
    results = [item for user in per_user for item in user]
    lost = sum(1 for _, latency in results if latency is None)
    print()
    from bot.services import ADDRESS_LANE_WORKERS, PIPELINE_WORKERS

    print(f"{args.users} users x {args.messages} messages = {len(results)} questions")
    print(f"pipeline threads: {PIPELINE_WORKERS} + {ADDRESS_LANE_WORKERS} (address lane)")
    print(f"{'kind':<10}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for kind in ("address", "document", "all"):
        values = [
            latency * 1000
            for k, latency in results
            if latency is not None and (kind == "all" or k == kind)
        ]
        print(
            f"{kind:<10}{len(values):>6}{_percentile(values, 0.5):>10.0f}"
            f"{_percentile(values, 0.95):>10.0f}{max(values, default=float('nan')):>10.0f}"
        )
    print()
    print(f"replies lost        {lost}")
    print(f"extra messages      {extra}  (split answers or notices)")
    print(f"handler errors      {errors}")
    print(f"send retries        {retries}")
    print(f"wall time           {elapsed:.1f} s  ({len(results) / elapsed:.1f} questions/s)")
    print(f"peak RSS            {_rss_mb():.0f} MB  (before the load: {rss_before:.0f} MB)")
    print(f"mean question time  {statistics.fmean([v for _, v in results if v] or [0]):.2f} s")
    return 1 if lost else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reply-timeout", type=float, default=300.0)
    parser.add_argument("--data-dir", default=None, help="an already ingested data dir")
    parser.add_argument(
        "--workers", type=int, default=None, help="override bot.services.PIPELINE_WORKERS"
    )
    args = parser.parse_args()
    if args.workers:
        import bot.services

        bot.services.PIPELINE_WORKERS = args.workers
    with tempfile.TemporaryDirectory(prefix="haicap-bot-load-") as tmp:
        return asyncio.run(run(args, load_settings(Path(tmp), args.data_dir)))


if __name__ == "__main__":
    sys.exit(main())

"""The Chroma server stops while the bot serves, then comes back.

Real `chroma run` server, real bot (PTB polling against the fake Bot API), real answer
pipeline. While the server is down, document questions get the bot's "temporarily
unavailable" reply (never the internal error text, never a crash) and address lookups
keep working; once the server is back on its port the next questions are answered
again without restarting the bot.
"""

from __future__ import annotations

import asyncio
import html
import json
import time
from collections.abc import Iterator

import pytest

from bot.i18n import t
from haicap.settings import Settings
from ingestion.pipeline import ingest_paths
from tests.conftest import require_shared
from tests.fake_telegram import FakeTelegram, running_bot
from tests.scale_support import ChromaServer

pytestmark = pytest.mark.slow

# A prose question only the documents (the store) can answer; the unit-fact question is
# computed from structured data and must keep working during the outage, like addresses.
QUESTION = "Who is the deputy head of the Central Inspection Commission at the Son La ceremony?"
FACT = "Sau sắp xếp, tỉnh Sơn La có bao nhiêu đơn vị hành chính cấp xã?"


def _names_the_deputy(reply: str) -> bool:
    return "Tran Thi Hien" in reply or "Trần Thị Hiền" in reply
ADDRESS = "Phường 1, Quận 3, TP Hồ Chí Minh"
UNAVAILABLE = html.unescape(t("vi", "unavailable"))
OUTAGE_DEADLINE_S = 30.0


@pytest.fixture(scope="module")
def server_settings(
    ingested_corpus, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Settings, ChromaServer]]:
    root = tmp_path_factory.mktemp("chroma-down")
    server = ChromaServer(root / "chroma-server").start()
    settings = Settings(
        HAICAP_DATA_DIR=str(root / "data"),
        CHROMA_HOST="127.0.0.1",
        CHROMA_PORT=server.port,
        HAICAP_STATE_URL=f"sqlite:///{root / 'state.sqlite'}",
        HAICAP_RATE_LIMIT_PER_MINUTE=0,
    )
    files = [ingested_corpus.seeds, ingested_corpus.legal / "1681_NQ-UBTVQH15.md"]
    assert ingest_paths(settings, files, progress=False).total_chunks > 0
    try:
        yield settings, server
    finally:
        server.stop()


def _reference_new_unit(old_code: str) -> str:
    """The new unit of an old commune code (27160 = Phường 1, Quận 3, TP HCM) in the
    independent dvhcvn mapping."""
    splits = json.loads(
        require_shared("reference", "dvhcvn-20250701", "splits.json").read_text("utf-8")
    )
    for province in splits["data"]:
        for unit in province["level3s"]:
            if unit["level3_id"] == old_code:
                return unit["splits"][0]["name"]
    raise AssertionError(f"{old_code} not in the reference")


async def _ask(fake: FakeTelegram, chat_id: int, text: str) -> str:
    before = len(fake.delivered(chat_id))
    await fake.send_text(chat_id, text)
    calls = await fake.wait_for_messages(chat_id, before + 1, timeout=60)
    return html.unescape(calls[before].params["text"])


async def _ask_until(fake: FakeTelegram, chat_id: int, done, what: str) -> tuple[list[str], float]:
    """Ask QUESTION once a second until `done(reply)`; (replies, seconds taken)."""
    started = time.monotonic()
    replies: list[str] = []
    while time.monotonic() - started < OUTAGE_DEADLINE_S:
        replies.append(await _ask(fake, chat_id, QUESTION))
        if done(replies[-1]):
            return replies, time.monotonic() - started
        await asyncio.sleep(1.0)
    raise AssertionError(f"no {what} within {OUTAGE_DEADLINE_S:.0f} s; replies: {replies}")


async def test_bot_says_unavailable_while_chroma_is_down_and_recovers(server_settings) -> None:
    from answer.pipeline import build_pipeline

    settings, server = server_settings
    pipeline = build_pipeline(settings)
    await asyncio.to_thread(pipeline.warm_up)
    async with running_bot(settings, pipeline) as (fake, app):
        services = app.bot_data["services"]
        before = await _ask(fake, 500, QUESTION)
        assert _names_the_deputy(before)  # served from the server

        await asyncio.to_thread(server.stop)
        # Answers may come from the in-memory search snapshot for a few seconds; the
        # store's liveness check then notices the outage.
        during, took_down = await _ask_until(
            fake, 501, lambda reply: reply == UNAVAILABLE, "'temporarily unavailable'"
        )
        address = await _ask(fake, 502, ADDRESS)  # the resolver needs no store
        fact = await _ask(fake, 504, FACT)  # nor do unit facts
        assert services.answers.status.startswith("unavailable")

        await asyncio.to_thread(server.start)  # same port, same data
        after, took_up = await _ask_until(
            fake, 503, _names_the_deputy, "answer after the restart"
        )
        counters = dict(services.counters)
    for reply in during[:-1]:  # before the outage was noticed: real answers only
        assert _names_the_deputy(reply)
    for reply in [*during, *after]:
        for leak in ("Chroma", "chroma", "127.0.0.1", "vector store", "kho văn bản"):
            assert leak not in reply  # the internal error never reaches users
    assert address != UNAVAILABLE and _reference_new_unit("27160") in address
    assert fact != UNAVAILABLE and "1681/NQ-UBTVQH15" in fact and "75" in fact
    assert counters.get("unavailable", 0) >= 1 and counters.get("errors", 0) == 0
    print(f"\noutage noticed after {took_down:.1f} s, answers again {took_up:.1f} s after restart")

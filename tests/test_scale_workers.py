"""Two `haicap bot` worker processes in webhook mode behind one (fake) Telegram.

They share one `chroma run` server (the documents) and one state store (history,
answers, votes, rate-limit hits): a SQLite file for workers on one machine, and a real
PostgreSQL server (tests/postgres_support.py) as the README presents for several
machines — the same test runs on both. Updates are POSTed alternately to both workers,
as a load balancer would: a follow-up that reaches worker B is rewritten with the history
worker A stored, a user's rate limit counts across both, and votes from both land in one
table.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from bot.state import StateStore
from haicap.settings import Settings
from ingestion.pipeline import ingest_paths
from tests.fake_telegram import TOKEN, FakeTelegram
from tests.postgres_support import schema_url
from tests.scale_support import BotWorker, ChromaServer, post_update, start_worker, wait_for_port

pytestmark = pytest.mark.slow

SECRET = "scale-test-secret_42"
RATE_LIMIT = 4
FIRST = "Sau sắp xếp, tỉnh Sơn La có bao nhiêu đơn vị hành chính cấp xã?"
FOLLOW_UP = "Còn Lai Châu thì sao?"
ADDRESS = "Phường {n}, Quận 3, TP Hồ Chí Minh"


@pytest.fixture(scope="module")
def served_documents(ingested_corpus, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A chroma server holding the seeds and the Sơn La and Lai Châu resolutions.

    The session corpus fixture has warmed the vector cache, so this ingest only
    writes to the server.
    """
    root = tmp_path_factory.mktemp("scale")
    server = ChromaServer(root / "chroma-server").start()
    data_dir = root / "data"
    settings = Settings(
        HAICAP_DATA_DIR=str(data_dir), CHROMA_HOST="127.0.0.1", CHROMA_PORT=server.port
    )
    files = [
        ingested_corpus.seeds,
        ingested_corpus.legal / "1681_NQ-UBTVQH15.md",  # Sơn La
        ingested_corpus.legal / "1670_NQ-UBTVQH15.md",  # Lai Châu
    ]
    report = ingest_paths(settings, files, progress=False)
    assert report.total_chunks > 0 and not report.skipped
    try:
        yield {"server": server, "data_dir": data_dir, "root": root}
    finally:
        server.stop()


def _texts(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [html.unescape(t) for t in fake.sent_texts(chat_id)]


@pytest.fixture(params=["sqlite", "postgresql"])
def state_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The store both workers share: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state.sqlite'}"
        return
    url, drop = schema_url(request.getfixturevalue("postgres_url"))
    try:
        yield url
    finally:
        drop()


def _rows(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows as the workers stored them (the store's own dialect handling)."""
    state = StateStore(url)
    try:
        return [tuple(row) for row in state._fetch(sql, params)]
    finally:
        state.close()


async def test_two_webhook_workers_share_history_rate_limit_and_votes(
    served_documents: dict, state_url: str, tmp_path: Path
) -> None:
    root: Path = tmp_path
    env = {
        **served_documents["server"].settings_env(),
        "HAICAP_DATA_DIR": str(served_documents["data_dir"]),
        "HAICAP_STATE_URL": state_url,
        "HAICAP_RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
    }
    fake = await FakeTelegram().start()
    env["TELEGRAM_API_BASE_URL"] = fake.base_url
    workers: list[BotWorker] = []
    try:
        workers = [start_worker(name, env, root, SECRET) for name in ("worker-a", "worker-b")]
        for worker in workers:
            started = await asyncio.to_thread(wait_for_port, worker.port, 90, worker.process)
            assert started, f"{worker.name} did not start:\n{worker.log_tail()}"
        a, b = workers
        async with aiohttp.ClientSession() as session:

            async def send(worker: BotWorker, chat_id: int, text: str) -> None:
                update = fake.message_update(chat_id, text)
                assert await post_update(session, worker, update, SECRET) == 200

            async def tap(worker: BotWorker, chat_id: int, message_id: int, data: str) -> None:
                update = fake.callback_update(chat_id, message_id, data)
                assert await post_update(session, worker, update, SECRET) == 200

            # 1. A question to A, its follow-up to B: B reads the history A stored.
            await send(a, 1001, FIRST)
            await fake.wait_for_messages(1001, 1, timeout=180)  # includes the model load
            await send(b, 1001, FOLLOW_UP)
            await fake.wait_for_messages(1001, 2, timeout=120)

            # 2. One user floods both workers at once: RATE_LIMIT answers in total, one
            # notice; /help to each worker afterwards marks the end of its queue.
            await asyncio.gather(
                *(send(workers[i % 2], 1003, ADDRESS.format(n=i + 1)) for i in range(6))
            )
            await fake.wait_for_messages(1003, RATE_LIMIT + 1, timeout=120)
            await send(a, 1003, "/help")
            await send(b, 1003, "/help")
            await fake.wait_for(
                lambda: sum("/where" in t for t in _texts(fake, 1003)) == 2, 60, "two help replies"
            )

            # 3. Votes through both workers on answers the other worker produced.
            first, second = fake.delivered(1001)[:2]
            up = _button_data(first.params, "vote:")
            down = _button_data(second.params, "vote:").replace(":up", ":down")
            await tap(b, 1001, first.params["_message_id"], up)  # A's answer, voted via B
            await tap(a, 1001, second.params["_message_id"], down)  # B's answer, via A
            await fake.wait_for(
                lambda: len(fake.calls_of("answerCallbackQuery")) >= 2, 60, "vote receipts"
            )
    finally:
        for worker in workers:
            worker.stop()
        await fake.stop()
    logs = "\n".join(w.log_tail(200_000) for w in workers)
    assert all(w.process.returncode == 0 for w in workers), logs[-3000:]
    assert "Traceback" not in logs, logs[-3000:]
    assert TOKEN not in logs and SECRET not in logs

    assert fake.webhook_secret == SECRET
    turns = _rows(
        state_url,
        "SELECT question, standalone_question FROM turns WHERE chat_id = 1001 ORDER BY id",
    )
    assert [q for q, _ in turns] == [FIRST, FOLLOW_UP]
    standalone = turns[1][1]
    # Rewritten from the first question (stored by A): the counted noun and the new place.
    assert standalone != FOLLOW_UP
    assert "Lai Châu" in standalone and "bao nhiêu đơn vị hành chính cấp xã" in standalone
    follow_up_reply = _texts(fake, 1001)[1]
    assert "1670/NQ-UBTVQH15" in follow_up_reply  # Lai Châu's resolution is cited

    texts = _texts(fake, 1003)
    notices = [t for t in texts if "thử lại sau" in t]
    assert len(notices) == 1, texts  # told once, by whichever worker refused first
    assert len(texts) == RATE_LIMIT + 1 + 2, texts  # answers, one notice, two helps
    hits = _rows(state_url, "SELECT COUNT(*) FROM rate_hits WHERE user_id = 1003")[0][0]
    assert hits == RATE_LIMIT

    votes = _rows(state_url, "SELECT answer_id, vote FROM votes WHERE user_id = 1001")
    assert sorted(votes) == sorted([(up.split(":")[1], 1), (down.split(":")[1], -1)])
    # One document store for both: the server, nothing embedded in the shared data dir.
    assert not (served_documents["data_dir"] / "chroma").exists()


def _button_data(params: dict, prefix: str) -> str:
    markup = params.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if button.get("callback_data", "").startswith(prefix):
                return button["callback_data"]
    raise AssertionError(f"no {prefix!r} button in {markup}")

"""`/reindex` (admin): after a new ingest the next answer uses the new document, and a
store that cannot be opened gives the admin a clear message while the bot keeps serving.

Real bot loop against the fake Bot API, real pipeline built by the bot from its
settings, real ingest of a real resolution from ../shared into the bot's data dir.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from bot.state import StateStore
from haicap.settings import Settings
from haicap.text import fold
from ingestion.pipeline import ingest_paths
from tests.bot_support import ADMIN, text_of
from tests.fake_telegram import running_bot
from tests.scale_support import ChromaServer

pytestmark = pytest.mark.slow

CA_MAU = "Sau khi sắp xếp, tỉnh Cà Mau có bao nhiêu phường?"
CA_MAU_RESOLUTION = "1655_NQ-UBTVQH15.md"


def _count_clause(path: Path) -> tuple[str, str]:
    """(the sentence stating Cà Mau's counts, its ward count) as the resolution has them
    (read from the source, independent of the product)."""
    flat = " ".join(unicodedata.normalize("NFC", path.read_text("utf-8")).split())
    pattern = r"tỉnh Cà Mau có \d+ đơn vị hành chính cấp xã, gồm \d+ xã và (\d+) phường"
    found = re.search(pattern, flat)
    return found.group(0), found.group(1)


def _shown_with_quotes(state_url: str) -> list[str]:
    """Every stored answer as rendered with its quotes (the 📄 view), oldest first."""
    state = StateStore(state_url)
    try:
        return [row[0] for row in state._fetch("SELECT expanded FROM answers ORDER BY created_at")]
    finally:
        state.close()


@pytest.fixture
def small_store(ingested_corpus: Any, tmp_path: Path) -> Settings:
    """A data dir with the seeds and two resolutions (Sơn La, Lai Châu), none on Cà Mau.
    The session corpus has warmed the vector cache, so this ingest only writes."""
    settings = ingested_corpus.settings.model_copy(
        update={
            "data_dir": tmp_path / "data",
            "state_url": f"sqlite:///{tmp_path / 'state.sqlite'}",
            "admin_user_ids": str(ADMIN),
        }
    )
    files = [
        ingested_corpus.seeds,
        ingested_corpus.legal / "1681_NQ-UBTVQH15.md",
        ingested_corpus.legal / "1670_NQ-UBTVQH15.md",
    ]
    report = ingest_paths(settings, files, progress=False)
    assert report.total_chunks > 0 and not report.skipped
    return settings


async def test_reindex_after_an_ingest_changes_the_next_answer(
    small_store: Settings, ingested_corpus: Any
) -> None:
    resolution = ingested_corpus.legal / CA_MAU_RESOLUTION
    clause, wards = _count_clause(resolution)
    async with running_bot(small_store, None) as (fake, _app):
        await fake.send_text(ADMIN, CA_MAU, language_code="en")
        before = text_of((await fake.wait_for_messages(ADMIN, 1, timeout=300))[0])
        report = ingest_paths(small_store, [resolution], progress=False)
        assert report.ingested_files == 1 and report.added_chunks > 0
        await fake.send_text(ADMIN, "/reindex", language_code="en")
        reindexed = text_of((await fake.wait_for_messages(ADMIN, 2, timeout=300))[1])
        await fake.send_text(ADMIN, CA_MAU, language_code="en")
        after = text_of((await fake.wait_for_messages(ADMIN, 3, timeout=300))[2])
    shown_before, shown_after = _shown_with_quotes(small_store.state_url)
    assert clause not in shown_before  # the resolution was not in the store: never quoted
    assert reindexed == f"Index reloaded: {report.total_chunks} passages."
    # after /reindex the new resolution answers: cited, quoted, with its value
    assert "1655/NQ-UBTVQH15" in after, after
    assert clause in " ".join(html.unescape(shown_after).split()), shown_after
    body = after.split("\n\n")[0]
    assert re.search(rf"(?<!\d)0?{int(wards)}(?!\d)", body), after
    assert before != after


async def test_reindex_with_the_store_down_says_so_and_keeps_serving(
    ingested_corpus: Any, tmp_path: Path, reference_address: tuple[str, str]
) -> None:
    """The documents on a Chroma server that stops: /reindex tells the admin it failed
    (naming the server), and address lookups keep working."""
    question, expected = reference_address
    server = ChromaServer(tmp_path / "chroma-server").start()
    try:
        settings = ingested_corpus.settings.model_copy(
            update={
                "data_dir": tmp_path / "data",
                "chroma_host": "127.0.0.1",
                "chroma_port": server.port,
                "state_url": f"sqlite:///{tmp_path / 'state.sqlite'}",
                "admin_user_ids": str(ADMIN),
            }
        )
        report = ingest_paths(settings, [ingested_corpus.seeds], progress=False)
        assert report.total_chunks > 0
        async with running_bot(settings, None) as (fake, _app):
            await fake.send_text(ADMIN, "/reindex", language_code="en")
            ok = text_of((await fake.wait_for_messages(ADMIN, 1, timeout=300))[0])
            server.stop()
            await fake.send_text(ADMIN, "/reindex", language_code="en")
            failed = text_of((await fake.wait_for_messages(ADMIN, 2, timeout=300))[1])
            await fake.send_text(ADMIN, f"/where {question}", language_code="en")
            where = text_of((await fake.wait_for_messages(ADMIN, 3, timeout=120))[2])
    finally:
        server.stop()
    assert ok == f"Index reloaded: {report.total_chunks} passages."
    assert failed.startswith("Reloading the index failed: "), failed
    assert "unavailable" in failed, failed  # says what is wrong: the store
    assert "Traceback" not in failed
    assert fold(expected) in fold(where)  # the bot keeps serving

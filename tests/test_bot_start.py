"""`haicap start` with a token on a new machine: the bot answers at once while the
built-in knowledge loads in the background, and a stop mid-load is clean.

A real subprocess against the fake Bot API, the real model, and an empty embedding
cache (its own HAICAP_CACHE_DIR), so the built-in knowledge really takes minutes to
embed and is still loading while the test talks to the bot.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import time
from pathlib import Path

from haicap.model_fetch import is_installed, model_path
from haicap.settings import Settings
from tests.fake_telegram import TOKEN, FakeTelegram
from tests.scale_support import sigterm_and_log

ROOT = Path(__file__).resolve().parent.parent
ADMIN = 4242


def _builtin_entries(data_dir: Path) -> int:
    path = data_dir / "ingest.sqlite"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path) as conn:  # ingestion/registry.py
            row = conn.execute("SELECT COUNT(*) FROM sources WHERE key LIKE 'builtin:%'")
            return row.fetchone()[0]
    except sqlite3.OperationalError:  # created, table not yet there
        return 0


async def test_start_serves_addresses_at_once_while_knowledge_loads(tmp_path: Path) -> None:
    settings = Settings()
    assert is_installed(settings.models_dir, settings.embed_model), "run `haicap models fetch`"
    data_dir = tmp_path / "data"
    fake = await FakeTelegram().start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "HAICAP_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake.base_url,
        ADMIN_USER_IDS=str(ADMIN),
        HAICAP_DATA_DIR=str(data_dir),
        HAICAP_CACHE_DIR=str(tmp_path / "cold-cache"),  # nothing embedded yet
        HAICAP_MODEL_DIR=str(model_path(settings.models_dir, settings.embed_model)),
        HAICAP_LOG_LEVEL="INFO",
        PYTHONPATH=str(ROOT),
    )
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "haicap.cli", "start",
        env=env, cwd=str(tmp_path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await fake.send_text(ADMIN, "/where Phường Chiềng Lề, Thành phố Sơn La, Tỉnh Sơn La")
        where = (await fake.wait_for_messages(ADMIN, timeout=120))[0]
        answered_after = time.monotonic() - started
        await fake.send_text(ADMIN, "/stats", language_code="en")
        stats = (await fake.wait_for_messages(ADMIN, 2, timeout=60))[1]
        loaded_so_far = _builtin_entries(data_dir)
        log = await sigterm_and_log(process, 120)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await fake.stop()
    print(f"\naddress answered {answered_after:.1f} s after `haicap start`; "
          f"built-in documents stored by then: {loaded_so_far} of 3,356")  # fmt: skip
    assert process.returncode == 0, log[-3000:]
    assert "Tô Hiệu" in where.params["text"], where.params["text"]
    assert "builtin_knowledge: loading" in stats.params["text"], stats.params["text"]
    assert loaded_so_far < 3356  # it was answered before the load could have ended
    assert "loading the built-in knowledge in the background" in log
    assert "could not be loaded" not in log, log[-3000:]
    assert "next start resumes" in log  # stopped between batches, not killed mid-write
    assert "Traceback" not in log, log[-3000:]
    assert TOKEN not in log

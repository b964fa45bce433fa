"""`haicap start` with a token on a new machine: the bot answers at once while the
HAICAP_CORPUS folders load in the background (`bot --load-builtin`, the flag's old
name), retired generated pages are removed first, and a stop mid-load is clean.

A real subprocess against the fake Bot API, the real model, and an empty embedding
cache (its own HAICAP_CACHE_DIR), so the corpus really takes a while to embed and is
still loading while the test talks to the bot.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from haicap.model_fetch import is_installed, model_path
from haicap.settings import Settings
from tests.fake_telegram import TOKEN, FakeTelegram
from tests.scale_support import sigterm_and_log
from tests.start_support import make_corpus, registry_keys, seed_retired_pages, start_env

ROOT = Path(__file__).resolve().parent.parent
ADMIN = 4242


LEGAL = ["1656_NQ-UBTVQH15.md", "1670_NQ-UBTVQH15.md"]
NEWS = ["de_lai-chau-son-la-working-session.txt", "sv_son-la-announcement-ceremony.txt"]


async def test_start_serves_addresses_at_once_while_knowledge_loads(tmp_path: Path) -> None:
    settings = Settings()
    assert is_installed(settings.models_dir, settings.embed_model), "run `haicap models fetch`"
    data_dir = tmp_path / "data"
    legal, news = make_corpus(tmp_path, LEGAL, NEWS)
    seed_retired_pages(data_dir, start_env())
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
        HAICAP_CORPUS=f"{legal}{os.pathsep}{news}",
        HAICAP_ENV_FILE="",
        CHROMA_HOST="",
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
        registered = registry_keys(data_dir)
        log = await sigterm_and_log(process, 300)  # waits for the current batch
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await fake.stop()
    corpus_files = [k for k in registered if not k.startswith("builtin:")]
    print(f"\naddress answered {answered_after:.1f} s after `haicap start`; "
          f"corpus files stored by then: {len(corpus_files)} of 4")  # fmt: skip
    assert process.returncode == 0, log[-3000:]
    assert "Tô Hiệu" in where.params["text"], where.params["text"]
    text = stats.params["text"]
    assert "builtin_knowledge: loading" in text, text  # the old key stays
    assert "corpus: loading, 0 of 4 files stored" in text, text
    assert not any(k.startswith("builtin:") for k in registered)  # removed before serving
    assert "loading the documents in the background" in log
    assert "could not be loaded" not in log, log[-3000:]
    assert "next start resumes" in log  # stopped between batches, not killed mid-write
    assert "Traceback" not in log, log[-3000:]
    assert TOKEN not in log

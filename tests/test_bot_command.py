"""`haicap bot` as a real subprocess: serves the fake Bot API, stops on SIGTERM.

The model is made unavailable on purpose (an uninstalled model name), which also
proves the bot serves commands and answers "temporarily unavailable" for document
questions instead of crashing.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.fake_telegram import TOKEN, FakeTelegram
from tests.scale_support import sigterm_and_log

ROOT = Path(__file__).resolve().parent.parent


def _env(fake: FakeTelegram, tmp_path: Path, token: str = TOKEN) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "HAICAP_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=fake.base_url,
        HAICAP_DATA_DIR=str(tmp_path / "data"),
        HAICAP_EMBED_MODEL="haicap-test/not-installed-model",
        HAICAP_LOG_LEVEL="DEBUG",
        PYTHONPATH=str(ROOT),
    )
    return env


async def _spawn(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "haicap.cli",
        "bot",
        env=env,
        cwd=str(cwd),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_haicap_bot_serves_and_stops_gracefully_on_sigterm(tmp_path: Path) -> None:
    fake = await FakeTelegram().start()
    process = await _spawn(_env(fake, tmp_path), tmp_path)
    try:
        await fake.send_text(300, "/start", language_code="en")
        greeting = (await fake.wait_for_messages(300, timeout=60))[0]
        await fake.send_text(300, "What does Directive 45-CT/TW say?", language_code="en")
        reply = (await fake.wait_for_messages(300, 2, timeout=60))[1]
        await fake.send_text(300, "/where Phường 1, Quận 3, TP Hồ Chí Minh", language_code="en")
        where = (await fake.wait_for_messages(300, 3, timeout=60))[2]
        log = await sigterm_and_log(process, 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await fake.stop()
    assert process.returncode == 0, log[-3000:]
    assert "Hello" in greeting.params["text"]
    assert "temporarily unavailable" in reply.params["text"]
    # the address lookup needs no model: a real answer with a cited resolution
    assert "[1] <b>" in where.params["text"] and "unavailable" not in where.params["text"]
    assert "stopped" in log  # the shutdown ran to its end
    assert TOKEN not in log
    assert TOKEN.split(":")[1] not in log


async def test_haicap_bot_with_a_token_telegram_rejects_exits_1(tmp_path: Path) -> None:
    fake = await FakeTelegram().start()
    try:
        process = await _spawn(_env(fake, tmp_path, token="42:not-the-right-token"), tmp_path)
        _stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    finally:
        await fake.stop()
    log = stderr.decode("utf-8", "replace")
    assert process.returncode == 1, log[-3000:]
    assert "rejected" in log and "not-the-right-token" not in log


async def test_haicap_bot_stops_on_sigint_too(tmp_path: Path) -> None:
    fake = await FakeTelegram().start()
    process = await _spawn(_env(fake, tmp_path), tmp_path)
    try:
        await fake.wait_for(lambda: fake.calls_of("getUpdates"), timeout=60, what="polling")
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.wait(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await fake.stop()
    assert process.returncode == 0

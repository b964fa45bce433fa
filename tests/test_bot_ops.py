"""Operations pieces on their own: retries, token redaction, configuration checks."""

from __future__ import annotations

import argparse
import logging
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.app import file_base_url
from bot.command import run_bot
from bot.retry import RetryingLimiter
from bot.serve import ConfigError, webhook_config
from haicap.logsetup import REDACTED, redact_secrets
from haicap.settings import Settings


class _Flaky:
    """A request callback failing with the given errors first, then succeeding."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> dict:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return {"ok": True}


async def _process(limiter: RetryingLimiter, callback: _Flaky) -> object:
    return await limiter.process_request(callback, (), {}, "sendMessage", {}, None)


async def test_retry_after_waits_then_delivers() -> None:
    limiter = RetryingLimiter(backoff_s=0.01)
    callback = _Flaky(RetryAfter(0), TimedOut(), NetworkError("Bad Gateway"))
    assert await _process(limiter, callback) == {"ok": True}
    assert callback.calls == 4 and limiter.retries == 3


async def test_bad_request_is_never_retried_and_retries_are_bounded() -> None:
    limiter = RetryingLimiter(max_retries=2, backoff_s=0.001)
    bad = _Flaky(BadRequest("can't parse entities"))
    with pytest.raises(BadRequest):
        await _process(limiter, bad)
    assert bad.calls == 1
    down = _Flaky(*[NetworkError("down")] * 5)
    with pytest.raises(NetworkError):
        await _process(limiter, down)
    assert down.calls == 3
    too_long = _Flaky(RetryAfter(3600))
    with pytest.raises(RetryAfter):
        await _process(RetryingLimiter(max_wait_s=60), too_long)
    assert too_long.calls == 1


async def test_typing_indicator_is_never_retried() -> None:
    limiter = RetryingLimiter(backoff_s=0.001)
    callback = _Flaky(RetryAfter(1))
    with pytest.raises(RetryAfter):
        await limiter.process_request(callback, (), {}, "sendChatAction", {}, None)
    assert callback.calls == 1 and limiter.retries == 0


def test_token_is_redacted_from_messages_args_and_tracebacks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    token = "987654:ZZ-redaction-test-token-value"
    redact_secrets(token)
    logger = logging.getLogger("haicap.test.redaction")
    with caplog.at_level(logging.DEBUG):
        logger.info("POST https://api.telegram.org/bot%s/getMe", token)
        logger.info(f"inline {token}")
        try:
            raise RuntimeError(f"url /bot{token}/sendMessage failed")
        except RuntimeError:
            logger.exception("request failed")
    assert caplog.records
    assert token not in caplog.text
    assert caplog.text.count(REDACTED) >= 3
    rendered = "\n".join(logging.Formatter().format(record) for record in caplog.records)
    assert token not in rendered and "RuntimeError" in rendered


def test_file_base_url_follows_the_api_base_url() -> None:
    assert file_base_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_base_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    assert file_base_url("http://proxy:9000/tg/bot/") == "http://proxy:9000/tg/file/bot"


def test_webhook_needs_its_secret() -> None:
    assert webhook_config(Settings()) is None  # polling by default
    with pytest.raises(ConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        webhook_config(Settings(TELEGRAM_WEBHOOK_URL="https://bot.example.org/hook"))
    config = webhook_config(
        Settings(
            TELEGRAM_WEBHOOK_URL="https://bot.example.org/tg/hook",
            TELEGRAM_WEBHOOK_SECRET="s3cret-0123456789_ab",
            TELEGRAM_WEBHOOK_PORT=8443,
        )
    )
    assert config is not None
    secret = "s3cret-0123456789_ab"
    assert (config.url_path, config.secret, config.port) == ("tg/hook", secret, 8443)


def test_haicap_bot_without_token_points_to_chat(
    capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    settings = Settings(HAICAP_DATA_DIR=str(tmp_path)).model_copy(
        update={"telegram_bot_token": SecretStr("")}
    )
    assert run_bot(argparse.Namespace(), settings) == 2
    err = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN" in err and "haicap chat" in err


def test_haicap_bot_refuses_webhook_without_secret(
    capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    settings = Settings(
        HAICAP_DATA_DIR=str(tmp_path),
        TELEGRAM_BOT_TOKEN="1:abcdefghij",
        TELEGRAM_WEBHOOK_URL="https://bot.example.org/hook",
    ).model_copy(update={"telegram_webhook_secret": SecretStr("")})
    assert run_bot(argparse.Namespace(), settings) == 2
    assert "TELEGRAM_WEBHOOK_SECRET" in capsys.readouterr().err


async def test_updates_of_one_chat_run_in_order_and_chats_run_side_by_side() -> None:
    import asyncio

    from telegram import Chat, Message, Update

    from bot.ordering import ChatOrderedProcessor

    def update(update_id: int, chat_id: int) -> Update:
        chat = Chat(chat_id, "private")
        return Update(update_id, message=Message(update_id, datetime.now(UTC), chat))

    processor = ChatOrderedProcessor(16)
    log: list[str] = []

    async def work(name: str, delay: float) -> None:
        log.append(f"start {name}")
        await asyncio.sleep(delay)
        log.append(f"end {name}")

    await asyncio.gather(
        processor.process_update(update(1, 1), work("a1", 0.05)),
        processor.process_update(update(2, 1), work("a2", 0.0)),
        processor.process_update(update(3, 2), work("b1", 0.0)),
    )
    # a2 waits for a1 (same chat); b1 (other chat) does not wait for a1
    assert log.index("end a1") < log.index("start a2")
    assert log.index("end b1") < log.index("end a1")
    assert processor._locks == {} and processor._waiting == {}  # nothing left behind

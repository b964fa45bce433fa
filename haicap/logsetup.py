"""Logging: quiet httpx, and every secret setting redacted from every record.

Why: httpx logs each request URL at INFO, and Bot API URLs contain the token
(`…/bot<token>/sendMessage`); exceptions can carry it too. Redacting at record
creation (a log record factory) covers every logger, handler and traceback, including
handlers added later, which a filter on one handler would miss.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from haicap.settings import Settings

REDACTED = "[REDACTED]"

_lock = threading.Lock()
_secrets: set[str] = set()
_installed = False


def _redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):  # longest first: no partial hits
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _wrap_factory(previous: logging._LogRecordFactory) -> logging._LogRecordFactory:  # type: ignore[name-defined]
    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if not _secrets:
            return record
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must still be logged, never crash
            message = str(record.msg)
        record.msg, record.args = _redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = _redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = _redact(record.stack_info)
        return record

    return factory


def redact_secrets(*secrets: str) -> None:
    """Never let these strings reach any log output, whatever their length.

    Why no minimum length: a short secret is still a secret; the settings refuse a
    webhook secret shorter than 16 characters, so only a deliberately short LLM key
    (a local server's placeholder) can make redaction hide ordinary text.
    """
    global _installed
    with _lock:
        _secrets.update(s for s in secrets if s)
        _secrets.update(quote(s, safe="") for s in secrets if s)  # as written in URLs
        if not _installed:
            logging.setLogRecordFactory(_wrap_factory(logging.getLogRecordFactory()))
            _installed = True


def register_secrets(settings: Settings) -> None:
    """Redact every secret setting: bot token, webhook secret, LLM API key."""
    redact_secrets(
        settings.telegram_bot_token.get_secret_value(),
        settings.telegram_webhook_secret.get_secret_value(),
        settings.llm_api_key.get_secret_value(),
    )


def configure_logging(level: str = "INFO") -> None:
    """Root handler at `level`; httpx/httpcore at WARNING (they log URLs with the token)."""
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

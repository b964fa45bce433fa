"""Retry outgoing Bot API calls on flood control (429) and transient network errors.

Why: python-telegram-bot does not retry by itself, and its `AIORateLimiter` needs an
extra that is not installed. PTB routes every request except `getUpdates` through the
application's rate limiter, so a small `BaseRateLimiter` that retries is the one place
that covers every reply, edit and button answer. A 429 waits exactly `retry_after`;
timeouts, connection errors and 5xx back off exponentially. `BadRequest` (a subclass
of NetworkError) is a real error and is never retried.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

# Cosmetic calls: a retry would only delay the reply that follows them.
NOT_RETRIED = frozenset({"sendChatAction"})


def retry_after_seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class RetryingLimiter(BaseRateLimiter[int]):
    """Calls each request at once; retries on RetryAfter / NetworkError up to a bound."""

    def __init__(
        self, max_retries: int = 4, max_wait_s: float = 60.0, backoff_s: float = 0.5
    ) -> None:
        self.max_retries = max_retries
        self.max_wait_s = max_wait_s
        self.backoff_s = backoff_s
        self.retries = 0  # counted for /stats and tests

    async def initialize(self) -> None:
        """Nothing to set up: there is no throttling, only retries."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint in NOT_RETRIED:
            return await callback(*args, **kwargs)
        attempt = 0
        while True:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                delay = retry_after_seconds(exc)
                if attempt >= self.max_retries or delay > self.max_wait_s:
                    raise
                reason = f"flood control, retry after {delay:g} s"
            except BadRequest:
                raise
            except NetworkError as exc:
                if attempt >= self.max_retries:
                    raise
                delay = self.backoff_s * (2**attempt)
                reason = f"{type(exc).__name__}: {exc}"
            attempt += 1
            self.retries += 1
            log.warning("%s failed (%s); retry %d in %.1f s", endpoint, reason, attempt, delay)
            await asyncio.sleep(delay)

"""Per-user sliding-window rate limit (HAICAP_RATE_LIMIT_PER_MINUTE).

Why: each question costs an embedding and a retrieval, so one user must not be able to
take the CPU from everybody. With several webhook workers the hits live in the shared
state store (`StateStore.rate_limit_hit`), so the limit counts across all workers
instead of multiplying by their number; without a store (unit tests, tools) they live
in memory. A user who is over the limit is told once per window, not on every
message, so a flood does not turn into a flood of replies.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.state import StateStore


@dataclass
class Decision:
    allowed: bool
    retry_after_s: float = 0.0
    notify: bool = False  # tell the user (only the first refusal of a window)


@dataclass
class RateLimiter:
    per_minute: int
    window_s: float = 60.0
    # Wall-clock time: with a shared store, every worker process must read the same clock.
    clock: Callable[[], float] = time.time
    store: StateStore | None = None  # shared by the workers; None = this process only
    _hits: dict[int, deque[float]] = field(default_factory=dict)
    _notified_until: dict[int, float] = field(default_factory=dict)

    def check(self, user_id: int) -> Decision:
        """Count one request by user_id; refuse when the window is full (0 = no limit).

        Blocking (SQL when there is a store): from the event loop use `check_async`.
        """
        if self.per_minute <= 0:
            return Decision(True)
        if self.store is not None:
            allowed, retry_after, notify = self.store.rate_limit_hit(
                user_id, self.per_minute, self.window_s, self.clock()
            )
            return Decision(allowed, retry_after, notify)
        return self._check_in_memory(user_id)

    async def check_async(self, user_id: int) -> Decision:
        """`check` on the state store's thread, so the event loop never waits on SQL."""
        if self.per_minute <= 0 or self.store is None:
            return self.check(user_id)
        return await self.store.run(self.check, user_id)

    def _check_in_memory(self, user_id: int) -> Decision:
        now = self.clock()
        hits = self._hits.setdefault(user_id, deque())
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) < self.per_minute:
            hits.append(now)
            self._notified_until.pop(user_id, None)
            return Decision(True)
        retry_after = max(0.0, hits[0] + self.window_s - now)
        notify = self._notified_until.get(user_id, 0.0) <= now
        if notify:
            self._notified_until[user_id] = now + retry_after
        self._prune(now)
        return Decision(False, retry_after, notify)

    def _prune(self, now: float) -> None:
        """Forget idle users so memory stays bounded by the active ones."""
        if len(self._hits) < 10_000:
            return
        for user_id in [u for u, h in self._hits.items() if not h or h[-1] <= now - self.window_s]:
            self._hits.pop(user_id, None)
            self._notified_until.pop(user_id, None)

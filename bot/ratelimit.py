"""Per-user sliding-window rate limit (HAICAP_RATE_LIMIT_PER_MINUTE).

Why in memory: it protects this process's CPU (each question costs an embedding and a
retrieval); a user who is over the limit is told once per window, not on every message,
so a flood does not turn into a flood of replies.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Decision:
    allowed: bool
    retry_after_s: float = 0.0
    notify: bool = False  # tell the user (only the first refusal of a window)


@dataclass
class RateLimiter:
    per_minute: int
    window_s: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _hits: dict[int, deque[float]] = field(default_factory=dict)
    _notified_until: dict[int, float] = field(default_factory=dict)

    def check(self, user_id: int) -> Decision:
        """Count one request by user_id; refuse when the window is full (0 = no limit)."""
        if self.per_minute <= 0:
            return Decision(True)
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

"""The rate limit kept in the shared state store: it counts across webhook workers.

Each worker has its own `StateStore` (own connection) on one database, as separate
processes would; on SQLite and on a real PostgreSQL server (tests/postgres_support.py).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from bot.ratelimit import Decision, RateLimiter
from bot.state import RATE_ROWS_KEPT_S, StateStore
from tests.postgres_support import schema_url


class _Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def open_worker_store(
    request: pytest.FixtureRequest, tmp_path
) -> Iterator[Callable[[], StateStore]]:
    """A factory: every call is one more worker's connection to the same database."""
    opened: list[StateStore] = []
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'state.sqlite'}"
        cleanup = None
    else:
        url, cleanup = schema_url(request.getfixturevalue("postgres_url"))

    def factory() -> StateStore:
        store = StateStore(url)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()
    if cleanup is not None:
        cleanup()


def test_limit_counts_across_workers_and_notifies_once(open_worker_store) -> None:
    clock = _Clock()
    worker_a = RateLimiter(3, clock=clock, store=open_worker_store())
    worker_b = RateLimiter(3, clock=clock, store=open_worker_store())
    start = clock.now
    decisions = []
    for worker in (worker_a, worker_b, worker_a):  # hits at start, +1 s, +2 s
        decisions.append(worker.check(1))
        clock.now += 1
    assert all(d.allowed for d in decisions)
    clock.now = start + 12
    refused_b, refused_a, refused_b2 = worker_b.check(1), worker_a.check(1), worker_b.check(1)
    assert not refused_b.allowed and refused_b.notify and refused_b.retry_after_s == 48
    assert not refused_a.allowed and not refused_a.notify  # already told, by worker B
    assert not refused_b2.allowed and not refused_b2.notify
    assert worker_a.check(2).allowed  # another user has their own window
    assert worker_a.store is not None and worker_a.store.rate_hits(1) == 3
    clock.now = start + 60.5  # the first hit left the window, on both workers
    assert worker_a.check(1).allowed
    refused = worker_b.check(1)
    assert not refused.allowed and refused.notify  # a new window: told again, once


def test_concurrent_workers_never_exceed_the_limit(open_worker_store) -> None:
    """Four worker connections hammer one user at once: exactly `limit` pass."""
    limit, per_thread = 37, 25
    limiters = [RateLimiter(limit, store=open_worker_store()) for _ in range(4)]
    results: list[Decision] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def hammer(limiter: RateLimiter) -> None:
        try:
            for _ in range(per_thread):
                decision = limiter.check(42)
                with lock:
                    results.append(decision)
        except BaseException as exc:  # surfaced below, a thread cannot fail the test
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(lim,)) for lim in limiters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert len(results) == 4 * per_thread
    assert sum(d.allowed for d in results) == limit
    assert sum(d.notify for d in results) == 1
    assert limiters[0].store is not None and limiters[0].store.rate_hits(42) == limit


async def test_check_async_runs_on_the_store_thread(open_worker_store) -> None:
    limiter = RateLimiter(1, store=open_worker_store())
    first, second = await limiter.check_async(5), await limiter.check_async(5)
    assert first.allowed and not second.allowed and second.notify
    assert RateLimiter(0, store=open_worker_store()).check(5).allowed  # 0 = no limit


def test_forget_and_purge_drop_rate_rows(open_worker_store) -> None:
    store = open_worker_store()
    old = 1_000.0
    for user in (7, 8):
        assert store.rate_limit_hit(user, 1, 60.0, now=old)[0]
        assert not store.rate_limit_hit(user, 1, 60.0, now=old + 1)[0]
    store.forget_user(7)
    assert store.rate_hits(7) == 0 and store.rate_hits(8) == 1
    assert old < time.time() - RATE_ROWS_KEPT_S  # user 8's rows are stale
    store.purge_history(max_age_s=30 * 86400.0)
    assert store.rate_hits() == 0
    # and a new window starts fresh: allowed, and told again when refused
    assert store.rate_limit_hit(8, 1, 60.0)[0]


def test_workers_opening_a_new_sqlite_file_at_once_all_start(tmp_path) -> None:
    """Webhook workers started together must not fail on "database is locked" while
    each switches the new file to WAL (real processes, one file)."""
    import subprocess
    import sys
    from pathlib import Path

    url = f"sqlite:///{tmp_path / 'state.sqlite'}"
    code = (  # imports first, then all open the file at the same instant
        "import sys, time; from bot.state import StateStore; "
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time())); "
        "s = StateStore(sys.argv[1]); s.set_lang(1, 'vi'); s.close()"
    )
    import time

    at = str(time.time() + 4.0)
    root = Path(__file__).resolve().parent.parent
    processes = [
        subprocess.Popen([sys.executable, "-c", code, url, at], cwd=root, stderr=subprocess.PIPE)
        for _ in range(8)
    ]
    errors = [p.communicate(timeout=120)[1].decode(errors="replace") for p in processes]
    assert [p.returncode for p in processes] == [0] * 8, "\n".join(errors)[-3000:]
    assert StateStore(url).get_lang(1) == "vi"

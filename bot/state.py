"""The bot's persistent state: chat language, short history, answers shown, votes,
and the per-user rate-limit hits.

Why SQL (SQLite by default, PostgreSQL when HAICAP_STATE_URL is a postgresql:// URL):
votes are the feedback that improves the answers and must survive restarts; several
webhook workers share one database (one SQLite file on one host, or PostgreSQL), so a
follow-up can reach another worker than the first question, and a user's rate limit
counts across all of them. The SQL is the common subset of both (ON CONFLICT upserts,
`?` placeholders rewritten to `%s` for psycopg). Calls are synchronous and serialised
by a lock; handlers run them on a one-thread executor via `await store.run(...)` so
disk waits never stall the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from answer.types import Turn
from haicap.settings import Settings

T = TypeVar("T")

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS chat_settings (
        chat_id BIGINT PRIMARY KEY,
        lang TEXT NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS turns (
        id {autoid},
        chat_id BIGINT NOT NULL,
        user_id BIGINT NOT NULL,
        question TEXT NOT NULL,
        standalone_question TEXT NOT NULL,
        answer TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS turns_chat ON turns (chat_id, created_at)",
    "CREATE INDEX IF NOT EXISTS turns_user ON turns (user_id)",
    """CREATE TABLE IF NOT EXISTS answers (
        id TEXT PRIMARY KEY,
        chat_id BIGINT NOT NULL,
        user_id BIGINT NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        status TEXT NOT NULL,
        language TEXT NOT NULL,
        route TEXT NOT NULL,
        citations TEXT NOT NULL,
        candidates TEXT NOT NULL,
        collapsed TEXT NOT NULL,
        expanded TEXT NOT NULL,
        message_ids TEXT NOT NULL,
        extra_ids TEXT NOT NULL,
        is_expanded INTEGER NOT NULL,
        created_at DOUBLE PRECISION NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS answers_user ON answers (user_id)",
    """CREATE TABLE IF NOT EXISTS votes (
        answer_id TEXT NOT NULL,
        user_id BIGINT NOT NULL,
        vote INTEGER NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        status TEXT NOT NULL,
        citations TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (answer_id, user_id))""",
    "CREATE INDEX IF NOT EXISTS votes_user ON votes (user_id)",
    # One row per accepted request inside the sliding window (pruned as it slides).
    """CREATE TABLE IF NOT EXISTS rate_hits (
        user_id BIGINT NOT NULL,
        at DOUBLE PRECISION NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS rate_hits_user ON rate_hits (user_id, at)",
    # Until when a refused user has been told so (the notice goes out once per window).
    """CREATE TABLE IF NOT EXISTS rate_notices (
        user_id BIGINT PRIMARY KEY,
        until DOUBLE PRECISION NOT NULL)""",
]

RATE_ROWS_KEPT_S = 3600.0  # purge_history drops older hits of users who went quiet


@dataclass
class StoredAnswer:
    """An answer the bot showed, kept so its buttons (sources, votes) keep working."""

    id: str
    chat_id: int
    user_id: int
    question: str
    answer: str
    status: str
    language: str
    route: str
    citations: list[str]
    candidates: list[str]
    collapsed: str
    expanded: str
    message_ids: list[int] = field(default_factory=list)
    extra_ids: list[int] = field(default_factory=list)
    is_expanded: bool = False
    created_at: float = field(default_factory=time.time)


_ANSWER_COLUMNS = (
    "id, chat_id, user_id, question, answer, status, language, route, citations,"
    " candidates, collapsed, expanded, message_ids, extra_ids, is_expanded, created_at"
)


def new_answer_id() -> str:
    """Short and URL-safe: it travels in 64-byte callback data."""
    return secrets.token_urlsafe(8)


def _enable_wal(conn: sqlite3.Connection, patience_s: float = 30.0) -> None:
    """Switch to WAL, waiting while another worker does the same.

    Why: switching the journal mode needs an exclusive lock and SQLite's busy timeout does
    not cover it, so two workers starting at once on a new file made one fail with
    "database is locked" (seen in tests/test_scale_workers.py).
    """
    deadline = time.monotonic() + patience_s
    delay = 0.02
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


# Advisory-lock key for creating the schema (any fixed 64-bit number; "haicap" in ASCII).
_SCHEMA_LOCK = 0x686169636170


class StateStore:
    """SQLite or PostgreSQL behind one small API; see the module docstring."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="haicap-state")
        if url.startswith(("postgresql://", "postgres://")):
            import psycopg

            self.dialect = "postgresql"
            self._conn: Any = psycopg.connect(url, autocommit=True)
            autoid = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        else:
            self.dialect = "sqlite"
            path = url.removeprefix("sqlite:///")
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                path, check_same_thread=False, timeout=30, isolation_level=None
            )
            _enable_wal(self._conn)
            # WAL + NORMAL: never corrupt, fsync at checkpoints only (5 ms → 0.1 ms a
            # write here); a power cut may lose the last few votes, not the database.
            self._conn.execute("PRAGMA synchronous=NORMAL")
            autoid = "INTEGER PRIMARY KEY AUTOINCREMENT"
        if self.dialect == "postgresql":
            # CREATE TABLE IF NOT EXISTS is not atomic in PostgreSQL: two workers starting
            # together collide in its catalog (UniqueViolation on pg_type). A session
            # advisory lock makes the schema step one worker's at a time.
            self._execute("SELECT pg_advisory_lock(?)", (_SCHEMA_LOCK,))
        try:
            for statement in _SCHEMA:
                self._execute(statement.format(autoid=autoid))
        finally:
            if self.dialect == "postgresql":
                self._execute("SELECT pg_advisory_unlock(?)", (_SCHEMA_LOCK,))

    @classmethod
    def from_settings(cls, settings: Settings) -> StateStore:
        url = settings.state_url or f"sqlite:///{Path(settings.data_dir) / 'bot_state.sqlite'}"
        return cls(url)

    # ---------------------------------------------------------------- plumbing
    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.dialect == "postgresql" else statement

    def _execute(self, statement: str, params: Sequence[Any] = ()) -> int:
        with self._lock:
            cursor = self._conn.execute(self._sql(statement), tuple(params))
            return cursor.rowcount

    def _fetch(self, statement: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            cursor = self._conn.execute(self._sql(statement), tuple(params))
            return list(cursor.fetchall())

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Callable[[str, Sequence[Any]], list[tuple]]]:
        """One write transaction across processes; yields an `execute → rows` function.

        SQLite: BEGIN IMMEDIATE takes the database's write lock at once, so two workers'
        read-count-insert sequences cannot interleave. PostgreSQL: a transaction; the
        caller adds an advisory lock for what it must serialise.
        """

        def run(statement: str, params: Sequence[Any] = ()) -> list[tuple]:
            cursor = self._conn.execute(self._sql(statement), tuple(params))
            return list(cursor.fetchall()) if cursor.description else []

        with self._lock:
            if self.dialect == "postgresql":
                with self._conn.transaction():
                    yield run
                return
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield run
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a store method on the store's own thread (never on the event loop)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(fn, *args, **kwargs))

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        with self._lock:
            self._conn.close()

    # ---------------------------------------------------------------- language
    def get_lang(self, chat_id: int) -> str | None:
        rows = self._fetch("SELECT lang FROM chat_settings WHERE chat_id = ?", (chat_id,))
        return rows[0][0] if rows else None

    def set_lang(self, chat_id: int, lang: str) -> None:
        self._execute(
            "INSERT INTO chat_settings (chat_id, lang, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (chat_id) DO UPDATE SET lang = excluded.lang,"
            " updated_at = excluded.updated_at",
            (chat_id, lang, time.time()),
        )

    # ---------------------------------------------------------------- history
    def add_turn(self, chat_id: int, user_id: int, turn: Turn) -> None:
        self._execute(
            "INSERT INTO turns (chat_id, user_id, question, standalone_question, answer,"
            " status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                chat_id,
                user_id,
                turn.question,
                turn.standalone_question,
                turn.answer,
                turn.status,
                time.time(),
            ),
        )

    def recent_turns(self, chat_id: int, limit: int, max_age_s: float) -> list[Turn]:
        """The chat's last `limit` turns, oldest first, none older than max_age_s."""
        rows = self._fetch(
            "SELECT question, standalone_question, answer, status FROM turns"
            " WHERE chat_id = ? AND created_at >= ? ORDER BY created_at DESC, id DESC LIMIT ?",
            (chat_id, time.time() - max_age_s, limit),
        )
        return [Turn(*row) for row in reversed(rows)]

    # ---------------------------------------------------------------- answers
    def save_answer(self, record: StoredAnswer) -> None:
        self._execute(
            f"INSERT INTO answers ({_ANSWER_COLUMNS}) VALUES ({', '.join('?' * 16)})",
            (
                record.id,
                record.chat_id,
                record.user_id,
                record.question,
                record.answer,
                record.status,
                record.language,
                record.route,
                json.dumps(record.citations, ensure_ascii=False),
                json.dumps(record.candidates, ensure_ascii=False),
                record.collapsed,
                record.expanded,
                json.dumps(record.message_ids),
                json.dumps(record.extra_ids),
                int(record.is_expanded),
                record.created_at,
            ),
        )

    def get_answer(self, answer_id: str) -> StoredAnswer | None:
        rows = self._fetch(f"SELECT {_ANSWER_COLUMNS} FROM answers WHERE id = ?", (answer_id,))
        if not rows:
            return None
        row = list(rows[0])
        for index in (8, 9, 12, 13):
            row[index] = json.loads(row[index])
        row[14] = bool(row[14])
        return StoredAnswer(*row)

    def set_answer_view(
        self,
        answer_id: str,
        *,
        message_ids: list[int] | None = None,
        extra_ids: list[int] | None = None,
        is_expanded: bool | None = None,
    ) -> None:
        """Remember where an answer was sent and whether its quotes are shown."""
        updates: list[tuple[str, Any]] = []
        if message_ids is not None:
            updates.append(("message_ids", json.dumps(message_ids)))
        if extra_ids is not None:
            updates.append(("extra_ids", json.dumps(extra_ids)))
        if is_expanded is not None:
            updates.append(("is_expanded", int(is_expanded)))
        if not updates:
            return
        assignments = ", ".join(f"{column} = ?" for column, _ in updates)
        self._execute(
            f"UPDATE answers SET {assignments} WHERE id = ?",
            [value for _, value in updates] + [answer_id],
        )

    # ---------------------------------------------------------------- votes
    def record_vote(self, answer_id: str, user_id: int, vote: int) -> bool:
        """Store (or change) a user's 👍/👎 with the question, answer and status."""
        record = self.get_answer(answer_id)
        if record is None:
            return False
        self._execute(
            "INSERT INTO votes (answer_id, user_id, vote, question, answer, status, citations,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote,"
            " created_at = excluded.created_at",
            (
                answer_id,
                user_id,
                1 if vote > 0 else -1,
                record.question,
                record.answer,
                record.status,
                json.dumps(record.citations, ensure_ascii=False),
                time.time(),
            ),
        )
        return True

    def user_vote(self, answer_id: str, user_id: int) -> int:
        rows = self._fetch(
            "SELECT vote FROM votes WHERE answer_id = ? AND user_id = ?", (answer_id, user_id)
        )
        return int(rows[0][0]) if rows else 0

    def votes(self, answer_id: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE answer_id = ?", (answer_id,)) if answer_id else ("", ())
        rows = self._fetch(
            f"SELECT answer_id, user_id, vote, question, answer, status, citations FROM votes"
            f" {where} ORDER BY created_at",
            params,
        )
        keys = ("answer_id", "user_id", "vote", "question", "answer", "status", "citations")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    # ---------------------------------------------------------------- rate limit
    def rate_limit_hit(
        self, user_id: int, per_window: int, window_s: float, now: float | None = None
    ) -> tuple[bool, float, bool]:
        """Count one request by `user_id` against every worker's hits in the window.

        Returns (allowed, retry_after_s, notify): a refused user is to be told only on
        the first refusal of a window (`notify`), whichever worker refuses. `now` is
        wall-clock time (shared by processes; tests pass their own).
        """
        now = time.time() if now is None else now
        with self._transaction() as sql:
            if self.dialect == "postgresql":  # per-user lock, held until commit
                sql("SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))", (user_id,))
            sql("DELETE FROM rate_hits WHERE user_id = ? AND at <= ?", (user_id, now - window_s))
            count, oldest = sql(
                "SELECT COUNT(*), MIN(at) FROM rate_hits WHERE user_id = ?", (user_id,)
            )[0]
            if int(count) < per_window:
                sql("INSERT INTO rate_hits (user_id, at) VALUES (?, ?)", (user_id, now))
                sql("DELETE FROM rate_notices WHERE user_id = ?", (user_id,))
                return True, 0.0, False
            retry_after = max(0.0, float(oldest) + window_s - now)
            told = sql("SELECT until FROM rate_notices WHERE user_id = ?", (user_id,))
            notify = not told or float(told[0][0]) <= now
            if notify:
                sql(
                    "INSERT INTO rate_notices (user_id, until) VALUES (?, ?)"
                    " ON CONFLICT (user_id) DO UPDATE SET until = excluded.until",
                    (user_id, now + retry_after),
                )
            return False, retry_after, notify

    def rate_hits(self, user_id: int | None = None) -> int:
        """Hits stored (for one user or all): what `/stats` and tests can check."""
        where, params = ("WHERE user_id = ?", (user_id,)) if user_id is not None else ("", ())
        return int(self._fetch(f"SELECT COUNT(*) FROM rate_hits {where}", params)[0][0])

    # ---------------------------------------------------------------- privacy
    def forget_user(self, user_id: int) -> tuple[int, int]:
        """Delete a user's stored messages (history, shown answers) and votes."""
        turns = self._execute("DELETE FROM turns WHERE user_id = ?", (user_id,))
        answers = self._execute("DELETE FROM answers WHERE user_id = ?", (user_id,))
        votes = self._execute("DELETE FROM votes WHERE user_id = ?", (user_id,))
        self._execute("DELETE FROM rate_hits WHERE user_id = ?", (user_id,))
        self._execute("DELETE FROM rate_notices WHERE user_id = ?", (user_id,))
        return max(turns, answers), votes

    def purge_history(self, max_age_s: float) -> int:
        """Drop history, shown answers and votes older than the retention period
        (HAICAP_HISTORY_TTL_DAYS, as the README promises users)."""
        cutoff = time.time() - max_age_s
        removed = 0
        for table in ("turns", "answers", "votes"):
            removed += self._execute(f"DELETE FROM {table} WHERE created_at < ?", (cutoff,))
        # Rate-limit rows matter for a minute; drop those of users who went quiet.
        rate_cutoff = time.time() - RATE_ROWS_KEPT_S
        self._execute("DELETE FROM rate_hits WHERE at < ?", (rate_cutoff,))
        self._execute("DELETE FROM rate_notices WHERE until < ?", (rate_cutoff,))
        return removed

    def stats(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for name, statement in {
            "chats": "SELECT COUNT(DISTINCT chat_id) FROM turns",
            "questions": "SELECT COUNT(*) FROM turns",
            "answers_kept": "SELECT COUNT(*) FROM answers",
            "votes_up": "SELECT COUNT(*) FROM votes WHERE vote > 0",
            "votes_down": "SELECT COUNT(*) FROM votes WHERE vote < 0",
        }.items():
            counts[name] = int(self._fetch(statement)[0][0])
        return counts

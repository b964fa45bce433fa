"""Which files are in the store, with which content hash and chunk ids (SQLite).

Why: re-running `haicap ingest` must add nothing for unchanged files and replace the
chunks of a changed one. A file is recorded only after its chunks are in the store,
so a run killed half-way is simply redone (stable ids make the upserts idempotent).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

REGISTRY_FILE = "ingest.sqlite"


@dataclass
class Entry:
    key: str  # absolute path, or "builtin:<name>"
    sha: str
    document: str
    kind: str
    chunk_ids: list[str]


class Registry:
    """path → (sha256, chunk ids); one row per ingested source."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / REGISTRY_FILE
        self._db = sqlite3.connect(str(self.path), timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS sources (key TEXT PRIMARY KEY, sha TEXT NOT NULL,"
            " document TEXT NOT NULL, kind TEXT NOT NULL, chunk_ids TEXT NOT NULL,"
            " updated_at REAL NOT NULL)"
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def _entry(row: tuple[str, str, str, str, str]) -> Entry:
        return Entry(row[0], row[1], row[2], row[3], json.loads(row[4]))

    def get(self, key: str) -> Entry | None:
        row = self._db.execute(
            "SELECT key, sha, document, kind, chunk_ids FROM sources WHERE key=?", (key,)
        ).fetchone()
        return self._entry(row) if row else None

    def entries(self) -> list[Entry]:
        rows = self._db.execute(
            "SELECT key, sha, document, kind, chunk_ids FROM sources ORDER BY key"
        ).fetchall()
        return [self._entry(row) for row in rows]

    def put(self, entry: Entry) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?)",
            (
                entry.key,
                entry.sha,
                entry.document,
                entry.kind,
                json.dumps(entry.chunk_ids),
                time.time(),
            ),
        )
        self._db.commit()

    def remove(self, key: str) -> None:
        self._db.execute("DELETE FROM sources WHERE key=?", (key,))
        self._db.commit()

    def ids_used_elsewhere(self, key: str) -> set[str]:
        """Chunk ids that another source also owns (an identical copy of a file)."""
        used: set[str] = set()
        for entry in self.entries():
            if entry.key != key:
                used.update(entry.chunk_ids)
        return used

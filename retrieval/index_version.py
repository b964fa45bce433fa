"""Read the store's change counter (`data_dir/index_version.json`, written by ingestion;
with a shared Chroma server also kept in the collection's metadata).

Why: derived indexes (the BM25 index) are keyed by this number, so every process sees
when the store changed and rebuilds instead of serving stale lexical hits — including
workers on other hosts, which only share the Chroma server.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# How often a worker asks a shared server for the counter (one small HTTP call).
SERVER_POLL_S = 1.0

INDEX_VERSION_FILE = "index_version.json"


def index_version_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / INDEX_VERSION_FILE


def read_index_version(data_dir: str | Path) -> int | None:
    """The current version: 0 when nothing was ingested yet, None when unreadable.

    None (a garbled file) tells the caller to keep what it has and look again on the
    next query, rather than rebuilding for a version that does not exist.
    """
    path = index_version_path(data_dir)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return 0
    except OSError:
        return None
    try:
        return int(json.loads(raw)["version"])
    except (ValueError, TypeError, KeyError):
        return None


class VersionWatch:
    """The current version for one store: the local file, and on a shared server the
    collection's counter too (polled at most every SERVER_POLL_S; the higher wins)."""

    def __init__(self, data_dir: str | Path, store: Any, poll_s: float = SERVER_POLL_S) -> None:
        self.data_dir = data_dir
        self.store = store
        self.poll_s = poll_s
        self._server_version = 0
        self._polled_at = float("-inf")
        self._lock = threading.Lock()

    def read(self, fresh: bool = False) -> int | None:
        local = read_index_version(self.data_dir)
        if not getattr(self.store, "server", ""):
            return local
        now = time.monotonic()
        if fresh or now - self._polled_at >= self.poll_s:
            with self._lock:
                try:
                    self._server_version = int(self.store.published_version())
                    self._polled_at = now
                except Exception as exc:  # busy or down: the local file still counts
                    log.debug("cannot read the version on the server: %s", exc)
        if local is None and not self._server_version:
            return None  # nothing readable: keep the index in hand
        return max(local or 0, self._server_version)

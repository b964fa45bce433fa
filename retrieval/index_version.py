"""Read the store's change counter (`data_dir/index_version.json`, written by ingestion).

Why: derived indexes (the BM25 index) are keyed by this number, so every process sees
when the store changed and rebuilds instead of serving stale lexical hits.
"""

from __future__ import annotations

import json
from pathlib import Path

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

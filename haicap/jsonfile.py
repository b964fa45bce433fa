"""The data dir's small JSON stores: written atomically, read once per change.

Why one helper: the legal clauses and the provincial plan are rewritten at ingest while
other processes read them on every unit-fact question: a writer replaces the file whole
(readers see the old file or the new one, never half) and a reader parses it again only
when its modification time changes.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path

_CACHE: dict[str, tuple[int, object]] = {}
_LOCK = threading.Lock()


def write_json_atomic(path: Path, data: object) -> None:
    """Dump `data` to a temp file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            # dumps (C encoder) then one write: json.dump to a file is 10x slower
            handle.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json_cached(path: Path) -> object | None:
    """Parsed JSON of `path`, re-read only when the file changes; None when it is
    missing or unreadable."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    key = str(path)
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    with _LOCK:
        _CACHE[key] = (stamp, data)
    return data

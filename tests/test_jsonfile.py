"""The data dir's JSON stores: an atomic write, a read that follows the file's changes."""

from __future__ import annotations

import os
from pathlib import Path

from haicap.jsonfile import read_json_cached, write_json_atomic


def test_a_cached_read_follows_every_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    assert read_json_cached(path) is None  # missing
    write_json_atomic(path, {"documents": {"a": 1}})
    assert read_json_cached(path) == {"documents": {"a": 1}}
    write_json_atomic(path, {"documents": {"b": 2}})
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # coarse clocks
    assert read_json_cached(path) == {"documents": {"b": 2}}
    assert [p.name for p in tmp_path.iterdir()] == ["store.json"]  # no temp file left


def test_a_broken_file_reads_as_none(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_text('{"documents": ', encoding="utf-8")
    assert read_json_cached(path) is None

"""Serving never writes to the data dir: `ask`, `where` and `status` on a read-only copy.

Why checksums and mtimes rather than EACCES: the tests run as root, and root ignores
permission bits, so a write would succeed silently; comparing every file's bytes and
times before and after is what proves nothing was written. (Before the fix, the first
`ask` after an ingest rewrote Chroma's chroma.sqlite3 and HNSW files and created the
search snapshot; `status` opened Chroma, which writes its lock table on every open.)
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from haicap.settings import Settings
from ingestion.pipeline import ingest_paths
from tests.conftest import require_shared

ROOT = Path(__file__).resolve().parents[1]
STATUSES = {"answered", "not_found", "out_of_scope", "clarify"}


def _fingerprint(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file and folder under `folder`: (sha256, size, mtime in ns)."""
    prints: dict[str, tuple[str, int, int]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        prints[str(path.relative_to(folder))] = (digest, info.st_size, info.st_mtime_ns)
    return prints


def _read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def _haicap(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HAICAP_DATA_DIR": str(data_dir), "CHROMA_HOST": ""}
    return subprocess.run(
        [sys.executable, "-m", "haicap.cli", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.fixture
def read_only_data_dir(tmp_path: Path):
    data_dir = tmp_path / "data"
    report = ingest_paths(
        Settings(HAICAP_DATA_DIR=str(data_dir), CHROMA_HOST=""),
        [require_shared("seeds")],
        progress=False,
    )
    assert report.added_chunks > 0 and not report.skipped
    _read_only(data_dir)
    yield data_dir
    _writable(data_dir)  # so pytest can clean up


def test_ask_where_status_serve_a_read_only_data_dir_without_writing(
    read_only_data_dir: Path, tmp_path: Path
) -> None:
    before = _fingerprint(read_only_data_dir)
    questions = tmp_path / "questions.txt"
    questions.write_text(
        "What does Conclusion 150-KL/TW require?\nLai Châu và Sơn La làm việc về nội dung gì?\n",
        encoding="utf-8",
    )

    ask = _haicap("ask", "--json", "--batch", str(questions), data_dir=read_only_data_dir)
    assert ask.returncode == 0, ask.stderr[-3000:]
    answers = [json.loads(line) for line in ask.stdout.splitlines()]
    assert len(answers) == 2 and {a["status"] for a in answers} <= STATUSES
    # the documents were searched: the answer cites the ingested seed that names 150-KL/TW
    cited = {c["document"] for a in answers for c in a["citations"]}
    assert any(name.startswith("de_") for name in cited), answers[0]

    where = _haicap("where", "--json", "p. chieng le tp son la", data_dir=read_only_data_dir)
    assert where.returncode == 0, where.stderr[-2000:]
    assert json.loads(where.stdout)["status"] == "found"

    status = _haicap("status", "--json", data_dir=read_only_data_dir)
    assert status.returncode == 0, status.stderr[-2000:]
    assert json.loads(status.stdout)["index"]["chunks"] > 0

    after = _fingerprint(read_only_data_dir)
    changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    assert not changed, f"serving wrote to the data dir: {changed}"

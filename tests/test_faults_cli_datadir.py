"""A broken data dir through the real CLI: `haicap ingest`, `ask` and `status`.

Two kinds of broken: the data dir is a regular file (nothing can be created in it),
and its Chroma database is garbage. Every command must exit non-zero with a message
that names the path, and never print a Python traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_shared

pytestmark = pytest.mark.slow


def _broken_data_dir(kind: str, tmp_path: Path) -> Path:
    if kind == "file":
        path = tmp_path / "data-is-a-file"
        path.write_text("not a directory\n", encoding="utf-8")
        return path
    path = tmp_path / "data-with-corrupt-chroma"
    (path / "chroma").mkdir(parents=True)
    (path / "chroma" / "chroma.sqlite3").write_bytes(os.urandom(8192))
    return path


def _run(args: list[str], data_dir: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HAICAP_DATA_DIR": str(data_dir), "CHROMA_HOST": ""}
    env.pop("HAICAP_STATE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "haicap.cli", *args],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["file", "corrupt"])
@pytest.mark.parametrize(
    "command",
    [
        "ingest",
        "status",
        "status-json",
        "ask",
    ],
)
def test_broken_data_dir_is_a_clear_error(command: str, kind: str, tmp_path: Path) -> None:
    data_dir = _broken_data_dir(kind, tmp_path)
    args = {
        "ingest": ["ingest", str(require_shared("seeds"))],
        "status": ["status"],
        "status-json": ["status", "--json"],
        "ask": ["ask", "Nghị quyết 1681/NQ-UBTVQH15 sắp xếp xã của tỉnh nào?"],
    }[command]
    result = _run(args, data_dir, tmp_path)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-2000:]
    assert str(data_dir) in output, output[-2000:]
    assert result.returncode != 0, output[-2000:]

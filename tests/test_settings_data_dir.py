"""`--data-dir X` is honoured by every lookup, whatever HAICAP_DATA_DIR says.

Settings are passed down from the command (issue: no `get_settings()` below the entry
points). Two data dirs disagree on purpose: the environment's names the unit one way
in its dated overlay and holds no resolution clauses; the one given by `--data-dir`
renames it otherwise and holds the clauses of 1681/NQ-UBTVQH15 and the merger list of
60-NQ/TW. Each lookup must show the `--data-dir` one: address overlays (`where`),
legal clauses (an address answer's quote), built-in facts (a province merger quoted
from the plan) and `status`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingestion.loaders import load_file
from ingestion.parse import parse_document
from retrieval.address import legal_basis
from retrieval.unitfacts import province_plan
from tests.conftest import require_shared

pytestmark = pytest.mark.slow

TO_HIEU = "03646"  # the new Phường Tô Hiệu (Sơn La), which Phường Chiềng Lề went into
OLD_ADDRESS = "p. chieng le tp son la"


def _overlay(data_dir: Path, overlay_id: str, name: str) -> None:
    folder = data_dir / "address_overlays"
    folder.mkdir(parents=True)
    change = {"op": "rename_new_unit", "code": TO_HIEU, "name": name}
    overlay = {"effective": "2025-08-01", "source": "test", "changes": [change]}
    (folder / f"{overlay_id}.json").write_text(json.dumps(overlay), encoding="utf-8")


def _record(data_dir: Path, name: str, parser) -> None:
    path = require_shared("corpus", "legal", name)
    loaded, _ = load_file(path)
    doc = parse_document(path.name, loaded.text, loaded.fmt, title_hint=loaded.title)
    count = parser.record_document(
        data_dir, name, doc.text, source_path=str(path), source_text=loaded.text
    )
    assert count > 0


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("datadirs")
    environment, given = root / "from-env", root / "given"
    _overlay(environment, "env-rename", "Phường Sai Chỗ")
    _overlay(given, "given-rename", "Phường Tô Hiệu Mới")
    _record(given, "1681_NQ-UBTVQH15.md", legal_basis)
    _record(given, "60-NQ_TW.md", province_plan)
    return environment, given


def _haicap(args: list[str], environment: Path, given: Path, cwd: Path) -> str:
    env = {**os.environ, "HAICAP_DATA_DIR": str(environment), "CHROMA_HOST": ""}
    env.pop("HAICAP_STATE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "haicap.cli", *args, "--data-dir", str(given)],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_where_reads_the_overlays_of_the_given_data_dir(dirs, tmp_path: Path) -> None:
    environment, given = dirs
    result = json.loads(_haicap(["where", OLD_ADDRESS, "--json"], environment, given, tmp_path))
    assert result["data_version"] == "2025-08-01"
    names = [new["name"] for match in result["matches"] for new in match["new"]]
    assert names == ["Phường Tô Hiệu Mới"]


def test_status_describes_the_given_data_dir(dirs, tmp_path: Path) -> None:
    environment, given = dirs
    status = json.loads(_haicap(["status", "--json"], environment, given, tmp_path))
    assert Path(status["data_dir"]) == given.resolve()
    address = status["address_data"]
    assert address["overlays"] == ["given-rename"]
    assert address["resolutions_with_clauses"] == 1 and address["clauses"] > 30


def test_answers_quote_the_clauses_and_plan_of_the_given_data_dir(dirs, tmp_path: Path) -> None:
    environment, given = dirs
    questions = tmp_path / "questions.txt"
    questions.write_text(
        "Phường Chiềng Lề, Thành phố Sơn La giờ thuộc phường nào?\n"
        "Tỉnh Tuyên Quang hợp nhất với tỉnh nào?\n",
        encoding="utf-8",
    )
    lines = _haicap(["ask", "--batch", str(questions), "--json"], environment, given, tmp_path)
    address, merger = (json.loads(line) for line in lines.splitlines())

    assert address["route"] == "address" and "Tô Hiệu Mới" in address["answer"]
    assert "Sai Chỗ" not in address["answer"]
    clause = address["citations"][0]
    assert clause["document_number"] == "1681/NQ-UBTVQH15"
    assert clause["locator"].startswith("Điều 1")
    assert clause["quote"] and "Chiềng Lề" in clause["quote"]  # the clause, from legal_basis

    assert merger["route"] == "facts"
    plan = merger["citations"][0]
    assert plan["document_number"] == "60-NQ/TW" and "Hà Giang" in plan["quote"]

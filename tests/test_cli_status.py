"""`haicap status` reports model, counts and data version without loading the model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _status(data_dir: Path) -> dict:
    env = {**os.environ, "HAICAP_DATA_DIR": str(data_dir), "CHROMA_HOST": ""}
    result = subprocess.run(
        [sys.executable, "-m", "haicap.cli", "status", "--json"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_status_of_the_ingested_corpus(corpus_settings) -> None:
    status = _status(Path(corpus_settings.data_dir))
    assert status["model"]["installed"] is True
    assert status["model"]["verified_at"]
    assert status["data_version"] == "2025-07-01"
    assert status["index"]["documents"] == 37
    assert status["index"]["chunks"] > 1000
    assert status["address_data"]["counts"]["new_communes"] == 3321
    assert status["versions"]["chromadb"] != "not installed"


def test_status_of_an_empty_data_dir(tmp_path: Path) -> None:
    status = _status(tmp_path / "empty")
    assert status["index"]["chunks"] == 0
    assert status["data_dir"].endswith("empty")

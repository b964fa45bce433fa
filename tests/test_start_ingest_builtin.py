"""`haicap ingest --builtin` (the old flag) now loads the HAICAP_CORPUS folders, and every
ingest removes the generated per-unit pages older versions stored.

Why it matters: those pages put sentences this project wrote inside «» under a
resolution's number; a data dir that still holds them must never quote them again.
In-process (real model, real Chroma, shared vector cache), through the CLI entry point.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from haicap import settings as settings_module
from haicap.cli import main as cli_main
from haicap.settings import Settings
from tests.start_support import make_corpus, registry_keys, seed_retired_pages_here

LEGAL = ["1670_NQ-UBTVQH15.md"]
NEWS = ["de_lai-chau-son-la-working-session.txt"]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A data dir holding retired pages, named in the environment (the CLI reads it)."""
    data = tmp_path / "data"
    monkeypatch.setenv("HAICAP_DATA_DIR", str(data))
    monkeypatch.setenv("CHROMA_HOST", "")
    settings_module.get_settings.cache_clear()
    seed_retired_pages_here(Settings())
    yield data
    settings_module.get_settings.cache_clear()


def _ingest(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    settings_module.get_settings.cache_clear()
    code = cli_main(["ingest", *args, "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(out.strip().splitlines()[-1]), err


def _retired_left(data: Path) -> tuple[list[str], list[str]]:
    from retrieval.store import open_store

    store = open_store(Settings())
    chunks = store.ids(where={"kind": "builtin"})
    keys = [k for k in registry_keys(data) if k.startswith("builtin:")]
    return keys, list(chunks)


def test_ingest_builtin_loads_two_corpus_folders_incrementally(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    legal, news = make_corpus(tmp_path / "corpus", LEGAL, NEWS)
    missing = tmp_path / "gone"
    monkeypatch.setenv("HAICAP_CORPUS", os.pathsep.join(map(str, (legal, news, missing))))

    code, first, err = _ingest(capsys, "--builtin")
    assert code == 0, err
    assert first["files"] == 2 and first["ingested_files"] == 2 and first["added_chunks"] > 0
    assert first["removed_chunks"] >= 2  # the registered page and the orphan
    assert {"path": str(missing), "reason": "not found (HAICAP_CORPUS)"} in first["skipped"]
    assert f"{missing} not found" in err
    assert _retired_left(data_dir) == ([], [])
    stored = set(registry_keys(data_dir))
    assert stored == {str(legal / LEGAL[0]), str(news / NEWS[0])}

    code, second, err = _ingest(capsys, "--builtin")
    assert code == 0, err
    assert second["added_chunks"] == 0 and second["unchanged_files"] == 2
    assert second["removed_chunks"] == 0
    assert second["total_chunks"] == first["total_chunks"]

    from ingestion.status import collect_status

    corpus = collect_status(Settings())["corpus"]  # `haicap status --json`, new key
    assert corpus["state"] == "loaded" and corpus["missing"] == [str(missing)]
    assert corpus["files"] == corpus["stored_files"] == 2
    assert corpus["retired_pages_left"] == 0


def test_ingest_builtin_without_corpus_removes_pages_and_says_so(data_dir: Path, capsys) -> None:
    code, report, err = _ingest(capsys, "--builtin")
    assert code == 0, err
    assert "HAICAP_CORPUS is not set" in err
    from ingestion.status import collect_status

    assert collect_status(Settings())["corpus"]["state"] == "not set (HAICAP_CORPUS)"
    assert report["files"] == 0 and report["total_chunks"] == 0
    assert _retired_left(data_dir) == ([], [])


def test_plain_ingest_removes_retired_pages(data_dir: Path, tmp_path: Path, capsys) -> None:
    legal, _ = make_corpus(tmp_path / "corpus", LEGAL, [])
    code, report, err = _ingest(capsys, str(legal))
    assert code == 0, err
    assert report["added_chunks"] > 0
    assert _retired_left(data_dir) == ([], [])
    assert set(registry_keys(data_dir)) == {str(legal / LEGAL[0])}

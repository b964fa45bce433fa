"""Incremental ingestion with the real model and a real Chroma store, in-process.

A small set (the two seeds + the shortest resolution) keeps embedding cheap; vectors
land in the shared embedding cache, so reruns only pay for Chroma.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from haicap.settings import Settings
from ingestion import registry as registry_module
from ingestion.pipeline import ingest_documents, ingest_paths
from ingestion.registry import Registry
from retrieval.store import open_store
from tests.conftest import require_shared

SMALL_LEGAL = "1670_NQ-UBTVQH15.md"
SV_SEED = "sv_son-la-announcement-ceremony.txt"
DE_SEED = "de_lai-chau-son-la-working-session.txt"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A writable copy of the seeds and one legal text."""
    folder = tmp_path / "src"
    folder.mkdir()
    for name in (SV_SEED, DE_SEED):
        shutil.copy(require_shared("seeds", name), folder / name)
    shutil.copy(require_shared("corpus", "legal", SMALL_LEGAL), folder / SMALL_LEGAL)
    return folder


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(HAICAP_DATA_DIR=str(tmp_path / "data"), CHROMA_HOST="")


def _store_ids(settings: Settings) -> list[str]:
    return [c.id for c in open_store(settings).all_chunks()]


def _registry_ids(settings: Settings) -> dict[str, list[str]]:
    with Registry(Path(settings.data_dir)) as registry:
        return {Path(e.key).name: e.chunk_ids for e in registry.entries()}


def _version(settings: Settings) -> dict:
    return json.loads((Path(settings.data_dir) / "index_version.json").read_text("utf-8"))


def test_second_run_adds_nothing(settings: Settings, source: Path) -> None:
    first = ingest_paths(settings, [source], progress=False)
    assert (first.files, first.ingested_files, first.unchanged_files) == (3, 3, 0)
    assert first.skipped == []
    assert first.added_chunks == first.total_chunks > 50
    version = _version(settings)
    assert version["version"] == 1 and "T" in version["updated_at"]

    second = ingest_paths(settings, [source], progress=False)
    assert (second.added_chunks, second.removed_chunks, second.ingested_files) == (0, 0, 0)
    assert second.unchanged_files == 3
    assert second.total_chunks == first.total_chunks
    assert _version(settings)["version"] == 1  # nothing changed, no new index version
    stored = _store_ids(settings)
    registered = [i for ids in _registry_ids(settings).values() for i in ids]
    assert sorted(stored) == sorted(registered)


def test_changed_file_replaces_its_chunks(settings: Settings, source: Path) -> None:
    first = ingest_paths(settings, [source], progress=False)
    before = _registry_ids(settings)[SV_SEED]
    path = source / SV_SEED
    text = path.read_text(encoding="utf-8")
    old_sentence = "Tillkännagivandeceremonin hölls direkt vid det provinsiella konferenscentret"
    assert old_sentence in text
    path.write_text(text.replace(old_sentence, "Ceremonin hölls i det nya kongresshuset"), "utf-8")

    second = ingest_paths(settings, [source], progress=False)
    assert (second.ingested_files, second.unchanged_files) == (1, 2)
    assert second.added_chunks >= 1 and second.removed_chunks == second.added_chunks
    assert second.total_chunks == first.total_chunks
    after = _registry_ids(settings)[SV_SEED]
    assert len(after) == len(before) and set(after) != set(before)
    store = open_store(settings)
    texts = {c.id: c.text for c in store.all_chunks()}
    assert sorted(texts) == sorted(i for ids in _registry_ids(settings).values() for i in ids)
    assert not any(old_sentence in t for t in texts.values())
    assert any("nya kongresshuset" in t for t in texts.values())
    assert _version(settings)["version"] == 2


def test_prune_drops_vanished_files_only_under_given_paths(
    settings: Settings, source: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "note.md").write_text(
        "# Ghi chú\n\nXã Đoàn Kết mới gồm xã Chiềng Chung và xã Đoàn Kết cũ.\n", "utf-8"
    )
    ingest_paths(settings, [source, other], progress=False)
    ids = _registry_ids(settings)
    total = len(_store_ids(settings))
    (source / DE_SEED).unlink()
    (other / "note.md").unlink()

    scoped = ingest_paths(settings, [source], prune=True, progress=False)
    assert scoped.removed_chunks == len(ids[DE_SEED]) > 0
    assert scoped.pruned_files == 1
    assert scoped.total_chunks == total - len(ids[DE_SEED])
    assert "note.md" in _registry_ids(settings)  # outside the given paths: kept

    everywhere = ingest_paths(settings, [], prune=True, progress=False)
    assert everywhere.removed_chunks == len(ids["note.md"])
    assert everywhere.total_chunks == total - len(ids[DE_SEED]) - len(ids["note.md"])
    assert set(_registry_ids(settings)) == {SV_SEED, SMALL_LEGAL}


def test_run_killed_before_registry_write_converges(
    settings: Settings, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = ingest_paths(
        Settings(HAICAP_DATA_DIR=str(Path(settings.data_dir).parent / "clean"), CHROMA_HOST=""),
        [source],
        progress=False,
    )

    def crash(self: Registry, entry: registry_module.Entry) -> None:
        raise KeyboardInterrupt("killed after the upsert")

    monkeypatch.setattr(Registry, "put", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(settings, [source], progress=False)
    assert len(_store_ids(settings)) > 0 and _registry_ids(settings) == {}
    monkeypatch.undo()

    again = ingest_paths(settings, [source], progress=False)
    assert again.total_chunks == clean.total_chunks
    stored = _store_ids(settings)
    assert len(stored) == len(set(stored)) == clean.total_chunks


def test_legal_documents_reach_the_address_hook(
    settings: Settings, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple] = []
    from ingestion import hooks

    monkeypatch.setattr(
        hooks.legal_basis,
        "record_document",
        lambda data_dir, document, text, **_: calls.append(("record", document, text)),
    )
    monkeypatch.setattr(
        hooks.legal_basis,
        "forget_document",
        lambda data_dir, document: calls.append(("forget", document)),
    )

    ingest_paths(settings, [source], progress=False)
    records = [c for c in calls if c[0] == "record"]
    assert [c[1] for c in records] == [SMALL_LEGAL]  # news is not recorded
    assert "Điều 1. Sắp xếp các đơn vị hành chính cấp xã của tỉnh Lai Châu" in records[0][2]

    calls.clear()
    path = source / SMALL_LEGAL
    path.write_text(path.read_text("utf-8") + "\n\nGhi chú thêm.\n", "utf-8")
    ingest_paths(settings, [source], progress=False)
    # replaced in one write, never forgotten first (readers would miss it meanwhile)
    assert [c[:2] for c in calls] == [("record", SMALL_LEGAL)]

    calls.clear()
    path.unlink()
    ingest_paths(settings, [source], prune=True, progress=False)
    assert calls == [("forget", SMALL_LEGAL)]


def test_builtin_documents_are_virtual_files(settings: Settings) -> None:
    docs = [
        (
            "reform-overview",
            "Từ ngày 1/7/2025 không còn cấp huyện.\n\nCả nước có 34 tỉnh, thành phố.",
            {
                "kind": "builtin",
                "title": "Tổng quan cải cách",
                "topic": "reform",
                "tags": ["a", "b"],
            },
        ),
        ("faq", "Hỏi: Xã tôi bây giờ là xã nào?\n\nĐáp: Dùng lệnh /where.", {}),
    ]
    first = ingest_documents(settings, docs, progress=False)
    assert (first.files, first.ingested_files) == (2, 2)
    chunks = open_store(settings).all_chunks()
    overview = [c for c in chunks if c.metadata["document"] == "reform-overview"]
    assert overview and all(c.metadata["kind"] == "builtin" for c in chunks)
    meta = overview[0].metadata
    assert meta["title"] == "Tổng quan cải cách" and meta["topic"] == "reform"
    assert meta["tags"] == "a;b" and meta["source_path"] == "builtin:reform-overview"
    assert meta["locator"].startswith("đoạn 1")

    again = ingest_documents(settings, docs, progress=False)
    assert (again.unchanged_files, again.added_chunks) == (2, 0)

    rebuilt = ingest_documents(settings, docs[:1], progress=False, remove_missing=True)
    assert rebuilt.removed_chunks > 0 and rebuilt.unchanged_files == 1
    assert {c.metadata["document"] for c in open_store(settings).all_chunks()} == {
        "reform-overview"
    }


def test_large_batches_commit_group_by_group(
    settings: Settings, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ingestion import pipeline

    monkeypatch.setattr(pipeline, "COMMIT_CHUNKS", 10)  # every file is its own group
    report = ingest_paths(settings, [source], progress=False)
    assert report.ingested_files == 3
    assert _version(settings)["version"] == report.index_version == 3
    assert sorted(_store_ids(settings)) == sorted(
        i for ids in _registry_ids(settings).values() for i in ids
    )

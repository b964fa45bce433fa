"""BM25 tokenizer, index persistence per store version, atomic swap.

The store here is a real Chroma collection filled with hand-made chunks and random unit
vectors: the lexical index reads only texts and metadata, so the model is not needed.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest

from haicap.settings import Settings
from retrieval.lexical import (
    LEXICAL_DIR,
    LexicalIndex,
    LexicalIndexManager,
    lexical_document,
    lexical_terms,
)
from retrieval.store import Chunk, KnowledgeStore, chroma_client


class _NoModel:
    """Vectors are passed explicitly; anything asking the model to embed is a bug."""

    def embed_documents_array(self, texts):
        raise AssertionError("the lexical index must not embed")


def _store(tmp_path: Path) -> KnowledgeStore:
    settings = Settings(HAICAP_DATA_DIR=str(tmp_path))
    return KnowledgeStore(chroma_client(settings), _NoModel(), "lexical-test")


def _add(store: KnowledgeStore, chunks: list[Chunk]) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(chunks), 8))
    store.add(chunks, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))


def _bump(data_dir: Path, version: int) -> None:
    (data_dir / "index_version.json").write_text(
        json.dumps({"version": version, "updated_at": "2025-07-01T00:00:00"})
    )


CHUNKS = [
    Chunk("n1", "Nghị quyết số 1681/NQ-UBTVQH15 về sắp xếp xã của tỉnh Sơn La.", {"document": "a"}),
    Chunk("n2", "Kết luận số 150-KL/TW của Bộ Chính trị.", {"document": "b"}),
    Chunk("n3", "Thành lập phường Tân Thành trên cơ sở xã Tân Thành.", {"document": "c"}),
    Chunk(
        "n4",
        "2. Sắp xếp xã Hòa Bình và xã Hòa Lợi thành xã Hòa Lợi.",
        {
            "document": "d",
            "heading": "Điều 1. Sắp xếp các đơn vị hành chính cấp xã của tỉnh Cà Mau",
        },
    ),
]


def test_document_numbers_stay_whole_tokens():
    terms = lexical_terms("Theo Nghị quyết 1681/NQ-UBTVQH15 và Kết luận 150-KL/TW")
    assert "1681/nq-ubtvqh15" in terms
    assert "150-kl/tw" in terms
    # the bare number is added, the parts of the number are not
    assert "1681" in terms and "nq" not in terms and "ubtvqh15" not in terms


def test_terms_are_folded():
    assert lexical_terms("Thành phố Hồ Chí Minh, Đắk Lắk") == [
        "thanh", "pho", "ho", "chi", "minh", "dak", "lak",
    ]  # fmt: skip


def test_heading_is_indexed_with_the_text():
    assert "Cà Mau" in lexical_document(CHUNKS[3])
    index = LexicalIndex.build(CHUNKS, version=1)
    assert index.ids[index.top("ca mau hoa loi", 1)[0][0]] == "n4"


def test_exact_document_number_beats_shared_words():
    index = LexicalIndex.build(CHUNKS, version=1)
    best = index.top("nghi quyet 1681/nq-ubtvqh15", 4)
    assert index.ids[best[0][0]] == "n1"
    best = index.top("150-kl/tw", 4)
    assert [index.ids[i] for i, _ in best] == ["n2"]


def test_no_match_and_empty_index():
    index = LexicalIndex.build(CHUNKS, version=1)
    assert index.top("zzzz qqqq", 5) == []
    empty = LexicalIndex.build([], version=0)
    assert empty.top("xã", 5) == [] and len(empty) == 0


def test_mask_restricts_hits():
    index = LexicalIndex.build(CHUNKS, version=1)
    allowed = np.array([cid == "n3" for cid in index.ids])
    hits = index.top("xã thành", 4, allowed=allowed)
    assert [index.ids[i] for i, _ in hits] == ["n3"]


def test_save_and_load_round_trip(tmp_path):
    index = LexicalIndex.build(CHUNKS, version=7)
    index.save(tmp_path / "v7")
    loaded = LexicalIndex.load(tmp_path / "v7")
    assert loaded.version == 7 and loaded.ids == index.ids
    assert loaded.metadatas[3]["heading"].startswith("Điều 1")
    np.testing.assert_allclose(loaded.scores("tan thanh"), index.scores("tan thanh"))


def test_incomplete_folder_is_refused(tmp_path):
    LexicalIndex.build(CHUNKS, version=1).save(tmp_path / "v1")
    (tmp_path / "v1" / "manifest.json").unlink()
    with pytest.raises(ValueError):
        LexicalIndex.load(tmp_path / "v1")


def test_manager_rebuilds_when_version_changes(tmp_path):
    store = _store(tmp_path)
    _add(store, CHUNKS[:2])
    _bump(tmp_path, 1)
    manager = LexicalIndexManager(tmp_path, store)
    first = manager.current()
    assert first.version == 1 and len(first) == 2
    assert manager.current() is first  # same version: no rebuild
    assert (tmp_path / LEXICAL_DIR / "v1" / "manifest.json").exists()

    _add(store, CHUNKS[2:])
    assert manager.current() is first  # the store changed but the version did not yet
    _bump(tmp_path, 2)
    second = manager.current()
    assert second.version == 2 and len(second) == 4
    assert second.ids[second.top("tan thanh", 1)[0][0]] == "n3"
    assert manager.builds == 2


def test_other_process_loads_the_persisted_index(tmp_path):
    store = _store(tmp_path)
    _add(store, CHUNKS)
    _bump(tmp_path, 3)
    LexicalIndexManager(tmp_path, store).current()
    reader = LexicalIndexManager(tmp_path, store)
    assert len(reader.current()) == 4
    assert reader.builds == 0  # loaded, not rebuilt


def test_persisted_index_not_matching_the_store_is_rebuilt(tmp_path):
    store = _store(tmp_path)
    _add(store, CHUNKS[:1])
    _bump(tmp_path, 1)
    LexicalIndex.build(CHUNKS, version=1).save(tmp_path / LEXICAL_DIR / "v1")  # 4 ≠ 1 chunk
    manager = LexicalIndexManager(tmp_path, store)
    assert len(manager.current()) == 1 and manager.builds == 1
    assert len(LexicalIndex.load(tmp_path / LEXICAL_DIR / "v1")) == 1  # replaced on disk


def test_swap_is_atomic_and_leaves_no_temp_folders(tmp_path):
    """Readers polling the folder while versions are published only ever see complete
    indexes; old versions beyond the previous one are pruned."""
    store = _store(tmp_path)
    _add(store, CHUNKS)
    root = tmp_path / LEXICAL_DIR
    seen_incomplete: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            for folder in root.glob("v*"):
                try:
                    LexicalIndex.load(folder)
                except FileNotFoundError:
                    pass  # pruned between glob and load: fine, never half-written
                except ValueError as exc:
                    seen_incomplete.append(str(exc))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        manager = LexicalIndexManager(tmp_path, store)
        for version in range(1, 8):
            _bump(tmp_path, version)
            assert manager.current().version == version
    finally:
        stop.set()
        thread.join()
    assert seen_incomplete == []
    assert not list(root.glob(".tmp-*")) and not list(root.glob(".old-*"))
    assert sorted(p.name for p in root.glob("v*")) == ["v6", "v7"]


def test_concurrent_publishers_of_one_version(tmp_path):
    store = _store(tmp_path)
    _add(store, CHUNKS)
    _bump(tmp_path, 5)
    managers = [LexicalIndexManager(tmp_path, store) for _ in range(4)]
    results: list[LexicalIndex] = []
    threads = [threading.Thread(target=lambda m=m: results.append(m.current())) for m in managers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [len(r) for r in results] == [4, 4, 4, 4]
    assert len(LexicalIndex.load(tmp_path / LEXICAL_DIR / "v5")) == 4
    assert not list((tmp_path / LEXICAL_DIR).glob(".tmp-*"))


def test_garbled_version_file_keeps_the_current_index(tmp_path):
    store = _store(tmp_path)
    _add(store, CHUNKS)
    _bump(tmp_path, 1)
    manager = LexicalIndexManager(tmp_path, store)
    first = manager.current()
    (tmp_path / "index_version.json").write_text('{"vers')
    assert manager.current() is first

"""BM25 tokenizer, search-index persistence per store version, atomic swap.

The store here is a real Chroma collection filled with hand-made chunks and random unit
vectors: the search index copies texts, metadata and stored vectors, so the model is
not needed.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest

from haicap.settings import Settings
from retrieval.chroma_store import ChromaStore, chroma_client
from retrieval.lexical import Bm25Index, lexical_document, lexical_terms
from retrieval.search_index import SEARCH_DIR, SearchIndex, SearchIndexManager
from retrieval.store import Chunk


class _NoModel:
    """Vectors are passed explicitly; anything asking the model to embed is a bug."""

    def embed_documents_array(self, texts):
        raise AssertionError("the lexical index must not embed")


def _store(tmp_path: Path) -> ChromaStore:
    settings = Settings(HAICAP_DATA_DIR=str(tmp_path))
    return ChromaStore(chroma_client(settings), _NoModel(), "lexical-test")


def _add(store: ChromaStore, chunks: list[Chunk]) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(chunks), 8))
    store.add(chunks, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))


def _root(data_dir: Path, store: ChromaStore) -> Path:
    return data_dir / SEARCH_DIR / store.name


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


def test_terms_are_folded_words_and_word_pairs():
    terms = lexical_terms("Thành phố Hồ Chí Minh, Đắk Lắk")
    words = ["thanh", "pho", "ho", "chi", "minh", "dak", "lak"]
    assert terms[: len(words)] == words
    assert {"ho_chi", "chi_minh", "dak_lak"} <= set(terms[len(words) :])
    assert all(t.count("_") == 1 for t in terms[len(words) :])


def test_word_pairs_prefer_the_exact_phrase():
    chunks = [
        Chunk("p1", "xã Tân Lập và xã An Hảo thành xã Núi Cấm", {}),
        Chunk("p2", "xã An Lập và xã Tân Hảo thành xã Núi Sam", {}),
    ]
    bm25 = Bm25Index.build(chunks)
    scores = bm25.scores("xa tan lap va xa an hao")
    assert scores[0] > scores[1] > 0  # same words, only p1 has them in this order


def _best(bm25: Bm25Index, query: str) -> list[str]:
    """Chunk ids with a positive BM25 score, best first."""
    scores = bm25.scores(query)
    order = np.argsort(-scores, kind="stable")
    return [CHUNKS[i].id for i in order if scores[i] > 0]


def test_heading_is_indexed_with_the_text():
    assert "Cà Mau" in lexical_document(CHUNKS[3])
    assert _best(Bm25Index.build(CHUNKS), "ca mau hoa loi")[0] == "n4"


def test_exact_document_number_beats_shared_words():
    bm25 = Bm25Index.build(CHUNKS)
    assert _best(bm25, "nghi quyet 1681/nq-ubtvqh15")[0] == "n1"
    assert _best(bm25, "150-kl/tw") == ["n2"]


def test_no_match_and_empty_index():
    assert _best(Bm25Index.build(CHUNKS), "zzzz qqqq") == []
    empty = Bm25Index.build([])
    assert empty.scores("xã").size == 0


def _vectors(n: int, dim: int = 8) -> np.ndarray:
    return np.random.default_rng(1).normal(size=(n, dim)).astype(np.float32)


def test_dense_scores_are_exact_cosines():
    vectors = _vectors(len(CHUNKS))
    index = SearchIndex.build(CHUNKS, vectors, version=1)
    query = vectors[2] * 3.0  # length does not matter
    scores = index.dense_scores(query)
    assert int(np.argmax(scores)) == 2 and scores[2] == pytest.approx(1.0, abs=1e-5)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    np.testing.assert_allclose(scores, unit @ unit[2], rtol=1e-5)


def test_save_and_load_round_trip(tmp_path):
    index = SearchIndex.build(CHUNKS, _vectors(len(CHUNKS)), version=7)
    index.save(tmp_path / "v7")
    loaded = SearchIndex.load(tmp_path / "v7")
    assert loaded.version == 7 and loaded.ids == index.ids
    assert loaded.metadatas[3]["heading"].startswith("Điều 1")
    np.testing.assert_allclose(
        loaded.lexical_scores("tan thanh"), index.lexical_scores("tan thanh")
    )
    np.testing.assert_allclose(loaded.vectors, index.vectors)
    empty = SearchIndex.build([], None, version=0)
    empty.save(tmp_path / "v0")
    assert len(SearchIndex.load(tmp_path / "v0")) == 0


def test_incomplete_folder_is_refused(tmp_path):
    SearchIndex.build(CHUNKS, None, version=1).save(tmp_path / "v1")
    (tmp_path / "v1" / "manifest.json").unlink()
    with pytest.raises(ValueError):
        SearchIndex.load(tmp_path / "v1")


def test_manager_rebuilds_when_version_changes(tmp_path):
    store = _store(tmp_path)
    _add(store, CHUNKS[:2])
    _bump(tmp_path, 1)
    manager = SearchIndexManager(tmp_path, store)
    first = manager.current()
    assert first.version == 1 and len(first) == 2
    assert manager.current() is first  # same version: no rebuild
    assert (_root(tmp_path, store) / "v1" / "manifest.json").exists()

    _add(store, CHUNKS[2:])
    assert manager.current() is first  # the store changed but the version did not yet
    _bump(tmp_path, 2)
    second = manager.current()
    assert second.version == 2 and len(second) == 4
    scores = second.lexical_scores("tan thanh")
    assert second.ids[int(np.argmax(scores))] == "n3"
    assert second.vectors is not None and second.vectors.shape == (4, 8)
    assert manager.builds == 2


def test_other_process_loads_the_persisted_index(tmp_path):
    store = _store(tmp_path)
    _add(store, CHUNKS)
    _bump(tmp_path, 3)
    SearchIndexManager(tmp_path, store).current()
    reader = SearchIndexManager(tmp_path, store)
    assert len(reader.current()) == 4
    assert reader.builds == 0  # loaded, not rebuilt


def test_persisted_index_not_matching_the_store_is_rebuilt(tmp_path):
    store = _store(tmp_path)
    _add(store, CHUNKS[:1])
    _bump(tmp_path, 1)
    SearchIndex.build(CHUNKS, None, version=1).save(_root(tmp_path, store) / "v1")  # 4 ≠ 1
    manager = SearchIndexManager(tmp_path, store)
    assert len(manager.current()) == 1 and manager.builds == 1
    assert len(SearchIndex.load(_root(tmp_path, store) / "v1")) == 1  # replaced on disk


def test_swap_is_atomic_and_leaves_no_temp_folders(tmp_path):
    """Readers polling the folder while versions are published only ever see complete
    indexes; old versions beyond the previous one are pruned."""
    store = _store(tmp_path)
    _add(store, CHUNKS)
    root = _root(tmp_path, store)
    seen_incomplete: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            for folder in root.glob("v*"):
                try:
                    SearchIndex.load(folder)
                except FileNotFoundError:
                    pass  # pruned between glob and load: fine, never half-written
                except ValueError as exc:
                    seen_incomplete.append(str(exc))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        manager = SearchIndexManager(tmp_path, store)
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
    managers = [SearchIndexManager(tmp_path, store) for _ in range(4)]
    results: list[SearchIndex] = []
    threads = [threading.Thread(target=lambda m=m: results.append(m.current())) for m in managers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [len(r) for r in results] == [4, 4, 4, 4]
    assert len(SearchIndex.load(_root(tmp_path, store) / "v5")) == 4
    assert not list(_root(tmp_path, store).glob(".tmp-*"))


def test_garbled_version_file_keeps_the_current_index(tmp_path):
    store = _store(tmp_path)
    _add(store, CHUNKS)
    _bump(tmp_path, 1)
    manager = SearchIndexManager(tmp_path, store)
    first = manager.current()
    (tmp_path / "index_version.json").write_text('{"vers')
    assert manager.current() is first

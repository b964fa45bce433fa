"""Ingestion while serving: readers never see a half-written index.

A `chroma run` server holds the whole corpus (over 2,000 chunks, so a snapshot is read
in several pages), with one document ingested first so its chunks sit at the start of
the collection. A writer thread edits that document and re-ingests it, round after
round, through its own client; a reader thread, with its own client and its own
retrieval engine (as another worker process would have), searches in a loop and
checks every snapshot it is given:

* no exception, ever;
* the edited document and an untouched one are found in every round (never zero hits);
* every search-index snapshot is whole: chunks, vectors and BM25 agree in size, ids are
  unique, and every chunk of the untouched documents is in it;
* snapshot versions only move forward.

In `_store_source` new chunks are upserted before stale ids are deleted, so a reader
asking Chroma directly never finds the edited document missing either.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from haicap.settings import Settings
from ingestion.pipeline import ingest_paths
from retrieval.embeddings import get_embeddings
from retrieval.hybrid import RetrievalEngine
from retrieval.index_version import read_index_version
from retrieval.search_index import SearchIndex, SearchIndexManager
from retrieval.store import open_store
from tests.scale_support import ChromaServer

pytestmark = pytest.mark.slow

EDITED = "sv_son-la-announcement-ceremony.txt"
UNTOUCHED_DOC = "1681_NQ-UBTVQH15"
ROUNDS = 4


def _paragraphs(path: Path) -> list[str]:
    return [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def _edit(path: Path, original: list[str], round_no: int) -> None:
    """Change two paragraphs (new chunks, stale old ones); the others stay as they are."""
    edited = list(original)
    for index in (1, 2):
        edited[index] = f"{original[index]} (Uppdaterad version {round_no}, stycke {index}.)"
    path.write_text("\n\n".join(edited) + "\n", encoding="utf-8")


def _check_snapshot(index: SearchIndex, untouched_ids: set[str], problems: list[str]) -> None:
    n = len(index.ids)
    sizes = {
        "texts": len(index.texts),
        "metadatas": len(index.metadatas),
        "bm25": index.bm25.size,
        "vectors": n if index.vectors is None else int(index.vectors.shape[0]),
    }
    if any(size != n for size in sizes.values()):
        problems.append(f"v{index.version}: {n} ids but {sizes}")
    if len(set(index.ids)) != n:
        problems.append(f"v{index.version}: duplicate ids")
    missing = untouched_ids - set(index.ids)
    if missing:
        problems.append(f"v{index.version}: {len(missing)} untouched chunks missing")
    if index.lexical_scores("Sơn La").shape != (n,):
        problems.append(f"v{index.version}: BM25 scores do not cover the snapshot")


def test_readers_see_whole_versions_while_a_document_is_reingested(
    ingested_corpus, tmp_path: Path
) -> None:
    server = ChromaServer(tmp_path / "chroma-server").start()
    try:
        settings = Settings(
            HAICAP_DATA_DIR=str(tmp_path / "data"), CHROMA_HOST="127.0.0.1", CHROMA_PORT=server.port
        )
        source = tmp_path / "src"
        source.mkdir()
        edited_path = source / EDITED
        shutil.copy(ingested_corpus.seeds / EDITED, edited_path)
        original = _paragraphs(edited_path)
        # The edited document first (start of the collection), then the rest of the corpus
        # (vectors from the warm cache: only Chroma writes).
        t0 = time.perf_counter()
        ingest_paths(settings, [edited_path], progress=False)
        report = ingest_paths(settings, [ingested_corpus.legal], progress=False)
        print(f"\nbase ingest {time.perf_counter() - t0:.1f} s")
        assert report.total_chunks > 2000 and not report.skipped

        embeddings = get_embeddings(settings)
        reader_store = open_store(settings, embeddings)
        engine = RetrievalEngine(
            reader_store, embeddings, SearchIndexManager(settings.data_dir, reader_store)
        )
        t0 = time.perf_counter()
        first = engine.indexes.current()
        print(f"first snapshot {time.perf_counter() - t0:.1f} s")
        key = str(edited_path)
        edited_name = next(
            str(m["document"]) for m in first.metadatas if str(m.get("source_path")) == key
        )
        untouched_ids = {
            cid for cid, m in zip(first.ids, first.metadatas, strict=True)
            if str(m.get("source_path")) != str(edited_path)
        }  # fmt: skip
        # Queries: a paragraph of the edited document that never changes, and the
        # untouched resolution's subject.
        edited_query = original[4][:200]
        untouched_query = "Sắp xếp các đơn vị hành chính cấp xã của tỉnh Sơn La năm 2025"
        edited_vector = embeddings.embed_query(edited_query)
        engine.embed_query(edited_query)
        engine.embed_query(untouched_query)

        done = threading.Event()
        problems: list[str] = []
        versions: list[int] = []
        reads = {"rounds": 0, "snapshots_loaded": 0}

        def reader() -> None:
            while not done.is_set() or reads["rounds"] < 3:
                try:
                    index = engine.indexes.current()
                    if versions and index.version < versions[-1]:
                        problems.append(f"version went back: {versions[-1]} → {index.version}")
                    versions.append(index.version)
                    _check_snapshot(index, untouched_ids, problems)
                    own = engine.search(edited_query, 8, document=edited_name)
                    untouched = engine.search(untouched_query, 8, document=UNTOUCHED_DOC)
                    direct = reader_store.query(edited_vector, 5, where={"document": edited_name})
                    if not own or not direct:
                        problems.append(f"v{index.version}: the edited document has no hits")
                    if not untouched:
                        problems.append(f"v{index.version}: the untouched document has no hits")
                    # Another worker loads the persisted snapshot of the version on disk.
                    if read_index_version(settings.data_dir):
                        other = SearchIndexManager(settings.data_dir, reader_store).current()
                        _check_snapshot(other, untouched_ids, problems)
                        reads["snapshots_loaded"] += 1
                except Exception as exc:  # any exception is a failure of the rule
                    import traceback

                    problems.append(f"{type(exc).__name__}: {exc} {traceback.format_exc()}")
                reads["rounds"] += 1

        def writer() -> None:
            writer_store = open_store(settings, embeddings)
            try:
                for round_no in range(1, ROUNDS + 1):
                    _edit(edited_path, original, round_no)
                    result = ingest_paths(
                        settings, [edited_path], store=writer_store, progress=False
                    )
                    if result.ingested_files != 1 or result.removed_chunks == 0:
                        problems.append(f"round {round_no}: unexpected ingest {result}")
                    time.sleep(0.3)
            except Exception as exc:
                problems.append(f"writer: {type(exc).__name__}: {exc}")
            finally:
                done.set()

        t0 = time.perf_counter()
        threads = [threading.Thread(target=reader), threading.Thread(target=writer)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        assert not any(thread.is_alive() for thread in threads), "reader or writer hung"
        print(f"concurrent phase {time.perf_counter() - t0:.1f} s")
        final = engine.indexes.current()
    finally:
        server.stop()
    print(f"\nreader rounds {reads['rounds']}, snapshot loads {reads['snapshots_loaded']}, "
          f"versions seen {sorted(set(versions))}")  # fmt: skip
    assert not problems, "\n".join(problems[:5])
    assert len(set(versions)) >= 2  # the reader really saw the index move
    assert any(f"Uppdaterad version {ROUNDS}" in text for text in final.texts)
    assert not any("Uppdaterad version 1," in text for text in final.texts)
    assert np.isfinite(final.dense_scores(edited_vector)).all()


def test_a_reingested_legal_text_never_leaves_the_address_resolver(
    ingested_corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The resolver's legal-basis file is written atomically; every state written
    while a changed resolution is re-ingested must still hold that resolution."""
    from retrieval.address import legal_basis

    path = tmp_path / "src" / "1670_NQ-UBTVQH15.md"
    path.parent.mkdir()
    shutil.copy(ingested_corpus.legal / path.name, path)
    settings = Settings(HAICAP_DATA_DIR=str(tmp_path / "data"), CHROMA_HOST="")
    ingest_paths(settings, [path], progress=False)
    recorded = legal_basis.recorded_documents(settings.data_dir)
    assert len(recorded) == 1
    document = next(iter(recorded))
    written: list[bool] = []
    write_store = legal_basis._write_store

    def observed_write(data_dir: Path, data: dict) -> None:
        written.append(document in data["documents"])  # what a reader could read now
        write_store(data_dir, data)

    monkeypatch.setattr(legal_basis, "_write_store", observed_write)
    path.write_text(path.read_text(encoding="utf-8") + "\n\nGhi chú: bản cập nhật.\n", "utf-8")
    report = ingest_paths(settings, [path], progress=False)
    assert report.ingested_files == 1 and report.added_chunks >= 1
    assert written and all(written), written
    assert document in legal_basis.recorded_documents(settings.data_dir)

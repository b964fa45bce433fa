"""A broken data dir gives a clear error that names the path, never a traceback."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from haicap.settings import Settings
from retrieval.store import Chunk, StoreUnavailable, collection_name, open_store


class TinyEmbeddings:
    """Stand-in vectors: these tests are about the store, not the model."""

    def embed_documents_array(self, texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32)


def test_data_dir_that_is_a_file_names_the_path(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(StoreUnavailable, match="not-a-dir"):
        open_store(Settings(HAICAP_DATA_DIR=str(blocker)), TinyEmbeddings())


def test_corrupt_chroma_database_names_the_path(tmp_path: Path) -> None:
    (tmp_path / "chroma").mkdir()
    (tmp_path / "chroma" / "chroma.sqlite3").write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(StoreUnavailable) as info:
        open_store(Settings(HAICAP_DATA_DIR=str(tmp_path)), TinyEmbeddings())
    # the data dir the user has to repair or move away, named as it is on disk
    assert f"data dir {tmp_path.resolve()}" in str(info.value), str(info.value)
    assert "file is not a database" in str(info.value)  # and what is wrong with it


def test_collection_per_model_keeps_vectors_apart(tmp_path: Path) -> None:
    base = Settings(HAICAP_DATA_DIR=str(tmp_path))
    other = base.model_copy(update={"embed_dim": 256})
    assert collection_name(base.embed_model, 768, "bfloat16") != collection_name(
        other.embed_model, 256, "bfloat16"
    )
    first = open_store(base, TinyEmbeddings())
    first.add([Chunk("a", "xin chào", {"document": "d"})], np.ones((1, 4)))
    second = open_store(other, TinyEmbeddings())
    assert first.count() == 1 and second.count() == 0


def _open_together(settings, embeddings, threads: int) -> list[BaseException]:
    import threading

    from retrieval.store import open_store

    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def open_one() -> None:
        barrier.wait()
        try:
            open_store(settings, embeddings).count()
        except BaseException as exc:  # collected for the assertion
            errors.append(exc)

    workers = [threading.Thread(target=open_one) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    return errors


def test_threads_opening_a_new_store_at_once_all_succeed(tmp_path) -> None:
    """The bot's pipeline and the built-in knowledge loader open the store together on
    a new data dir; Chroma's client cache broke when two threads did that unguarded."""
    from haicap.settings import Settings
    from retrieval.embeddings import get_embeddings

    for round_no in range(5):
        settings = Settings(HAICAP_DATA_DIR=str(tmp_path / f"data-{round_no}"), CHROMA_HOST="")
        embeddings = get_embeddings(settings)  # not loaded: opening needs no model
        errors = _open_together(settings, embeddings, threads=6)
        assert errors == [], errors[:3]

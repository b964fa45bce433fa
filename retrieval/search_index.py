"""A read-only snapshot of the store for searching: chunks, BM25 index, dense vectors.

Why a snapshot: the lexical index must match the store, so it is derived from it and
keyed by `index_version.json` (bumped by every ingest that changed something). The
dense vectors are kept beside it because Chroma's HNSW search measured only 86 % recall
of the exact top-10 on this corpus (2,176 near-alike chunks; ef_search 100), while an
exact dot product over all vectors costs about a millisecond. A snapshot is written to
a temp folder and renamed into place, so no reader ever loads half of one.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.index_version import VersionWatch
from retrieval.lexical import TOKENIZER_VERSION, Bm25Index
from retrieval.store import Chunk, StoreUnavailable, VectorStore

log = logging.getLogger(__name__)

SNAPSHOT_FORMAT = 1
SEARCH_DIR = "search_index"
_MANIFEST = "manifest.json"
_CHUNKS = "chunks.jsonl"
_VECTORS = "vectors.npy"
_BM25 = "bm25"
_PAGE = 2000
# Above this many chunks the vectors stay in Chroma only (memory); search falls back
# to Chroma's approximate query.
MAX_IN_MEMORY_VECTORS = 300_000


@dataclass
class SearchIndex:
    """One version of the store, ready to score a question against every chunk."""

    version: int
    ids: list[str]
    texts: list[str]
    metadatas: list[dict[str, Any]]
    vectors: np.ndarray | None  # (n, dim) unit vectors, or None (too many: use Chroma)
    bm25: Bm25Index
    position: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.position:
            self.position = {cid: i for i, cid in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls, chunks: Sequence[Chunk], vectors: np.ndarray | None, version: int
    ) -> SearchIndex:
        if vectors is not None:
            vectors = _unit_rows(np.asarray(vectors, dtype=np.float32))
        return cls(
            version=version,
            ids=[c.id for c in chunks],
            texts=[c.text for c in chunks],
            metadatas=[dict(c.metadata) for c in chunks],
            vectors=vectors,
            bm25=Bm25Index.build(chunks),
        )

    def chunk(self, i: int) -> Chunk:
        return Chunk(self.ids[i], self.texts[i], self.metadatas[i])

    def lexical_scores(self, query: str) -> np.ndarray:
        return self.bm25.scores(query)

    def dense_scores(self, vector: Sequence[float]) -> np.ndarray:
        """Exact cosine similarity of every chunk (vectors are unit length)."""
        if self.vectors is None or not len(self.ids):
            return np.zeros(len(self.ids), dtype=np.float32)
        query = _unit_rows(np.asarray(vector, dtype=np.float32)[None, :])[0]
        with _one_blas_thread():
            return self.vectors @ query

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / _CHUNKS).open("w", encoding="utf-8") as out:
            for cid, text, meta in zip(self.ids, self.texts, self.metadatas, strict=True):
                out.write(json.dumps({"id": cid, "text": text, "metadata": meta}) + "\n")
        if self.vectors is not None:
            np.save(folder / _VECTORS, self.vectors)
        self.bm25.save(folder / _BM25)
        manifest = {
            "version": self.version,
            "count": len(self.ids),
            "format": SNAPSHOT_FORMAT,
            "tokenizer": TOKENIZER_VERSION,
            "vectors": self.vectors is not None,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        # The manifest goes last: a folder without one is incomplete by definition.
        (folder / _MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> SearchIndex:
        """Load a saved snapshot; ValueError when incomplete or of another format."""
        try:
            manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            if not folder.exists():
                raise  # pruned (renamed away) meanwhile: gone, not half-written
            raise ValueError(f"{folder}: no manifest") from None
        except (OSError, ValueError) as exc:
            raise ValueError(f"{folder}: no readable manifest") from exc
        if (manifest.get("format"), manifest.get("tokenizer")) != (
            SNAPSHOT_FORMAT,
            TOKENIZER_VERSION,
        ):
            raise ValueError(f"{folder}: built by another version of haicap")
        ids, texts, metas = [], [], []
        with (folder / _CHUNKS).open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                ids.append(row["id"])
                texts.append(row["text"])
                metas.append(row["metadata"])
        if len(ids) != manifest.get("count"):
            raise ValueError(f"{folder}: {len(ids)} chunks, manifest says {manifest['count']}")
        vectors = np.load(folder / _VECTORS) if manifest.get("vectors") else None
        if vectors is not None and len(vectors) != len(ids):
            raise ValueError(f"{folder}: {len(vectors)} vectors for {len(ids)} chunks")
        bm25 = Bm25Index.load(folder / _BM25, len(ids))
        return cls(int(manifest["version"]), ids, texts, metas, vectors, bm25)


_BLAS: Any = None


def _one_blas_thread() -> Any:
    """Run a dot product on one OpenBLAS thread.

    Why: OpenBLAS's idle workers keep spinning after a multi-threaded call and starve
    the next query embedding (torch's own thread pool) on 2 cores — measured 36 → 79 ms
    per query; single-threaded, the 2,176 × 768 product takes ~0.3 ms instead of 3 ms.
    """
    global _BLAS
    if _BLAS is None:
        try:
            from threadpoolctl import ThreadpoolController

            _BLAS = ThreadpoolController()
        except ImportError:  # comes with scikit-learn; without it, just multi-threaded
            _BLAS = False
    if _BLAS is False:
        return contextlib.nullcontext()
    return _BLAS.limit(limits=1, user_api="blas")


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


READ_ATTEMPTS = 5
_READ_PAUSE_S = 0.2


def read_store(
    store: VectorStore, with_vectors: bool = True
) -> tuple[list[Chunk], np.ndarray | None]:
    """Every chunk of the store and, unless there are too many, its stored vector, read
    as one consistent set even while an ingest writes.

    Why not offset pages: an ingest that deletes stale chunks between two pages shifts
    the offsets, so the next page skips chunks of documents that did not change, and
    Chroma may fail a page whose ids vanished meanwhile ("Error finding id"); both were
    seen in tests/test_scale_ingest_while_serving.py. So the ids are listed in one call,
    fetched by id, and the set is kept only when the listing is the same afterwards;
    otherwise (an ingest was writing) it is read again a moment later.
    """
    # (the collection's own count: store.count() may be answered by this very snapshot)
    with_vectors = with_vectors and store.stored_count() <= MAX_IN_MEMORY_VECTORS
    result: tuple[list[Chunk], np.ndarray | None] | None = None
    error: Exception | None = None
    for attempt in range(READ_ATTEMPTS):
        if attempt:
            time.sleep(_READ_PAUSE_S * attempt)
        try:
            ids = store.ids()
            result = store.get(ids, with_vectors)
            if {c.id for c in result[0]} == set(ids) and set(store.ids()) == set(ids):
                return result
        except Exception as exc:  # a page that raced a delete, or the server went away
            error = exc
    if result is None:
        raise StoreUnavailable(f"cannot read the vector store: {error}") from error
    log.warning("the store kept changing while read; using the last read until the next version")
    return result


class SearchIndexManager:
    """Hands out the search index matching the store's current version.

    Each `current()` reads `index_version.json` (a few µs; on a shared Chroma server also
    the collection's counter, at most once a second); when the number moved, the
    matching persisted snapshot is loaded, or built from the store and persisted under
    `data_dir/search_index/<collection>[@server]/v<N>` by an atomic rename.
    """

    def __init__(self, data_dir: str | Path, store: VectorStore) -> None:
        self.data_dir = Path(data_dir)
        # One folder per collection (another model or dtype is another set of vectors)
        # and per server (version numbers of two servers are unrelated).
        name = store.name
        if server := store.server:
            name += "@" + "".join(ch if ch.isalnum() or ch in "._-" else "-" for ch in server)
        self.root = self.data_dir / SEARCH_DIR / name
        self.store = store
        self.versions = VersionWatch(self.data_dir, store)
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()
        self.builds = 0  # snapshots this process built (for tests and stats)
        store.attach_snapshot(self)  # a closed store reads from this snapshot

    def current(self) -> SearchIndex:
        version = self.versions.read()
        index = self._index
        if index is not None and (version is None or index.version == version):
            return index
        with self._lock:
            if self._index is None or (version is not None and self._index.version != version):
                self._index = self._load_or_build(version or 0)
            return self._index

    def _folder(self, version: int) -> Path:
        return self.root / f"v{version}"

    def _load_or_build(self, version: int) -> SearchIndex:
        folder = self._folder(version)
        if folder.exists():
            try:
                index = SearchIndex.load(folder)
                # A store still closed is not opened to check: the snapshot was built
                # from the store at this version (opening would write, see store.py).
                if index.version == version and (
                    not self.store.is_open or len(index) == self.store.count()
                ):
                    return index
                log.info("search index %s does not match the store; rebuilding", folder)
            except (ValueError, OSError) as exc:
                log.warning("search index %s unusable (%s); rebuilding", folder, exc)
        chunks, vectors = read_store(self.store)
        index = SearchIndex.build(chunks, vectors, version)
        self.builds += 1
        # Persist only a snapshot of one version: if ingestion moved on while we read,
        # keep it in memory (still the best we have) and rebuild on the next query.
        if self.versions.read(fresh=True) == version:
            self._publish(index, folder)
        return index

    def _publish(self, index: SearchIndex, folder: Path) -> None:
        """Write to a private temp folder, then rename it into place in one step."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".tmp-v{index.version}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            index.save(tmp)
            if folder.exists():  # unusable or stale
                _remove_atomically(folder)
            try:
                os.rename(tmp, folder)
            except OSError:
                # Another process published the same version first; theirs is as good.
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            log.warning("cannot persist the search index in %s: %s", self.root, exc)
            return
        self._prune(keep=folder)

    def _prune(self, keep: Path) -> None:
        """Drop older versions, keeping the newest other one for readers still loading it.

        Temp folders older than an hour are leftovers of a process that died mid-write.
        """
        for leftover in self.root.glob(".tmp-*"):
            try:
                if time.time() - leftover.stat().st_mtime > 3600:
                    shutil.rmtree(leftover, ignore_errors=True)
            except OSError:
                pass
        versions = sorted(
            (p for p in self.root.glob("v*") if p.is_dir() and p != keep),
            key=lambda p: p.stat().st_mtime,
        )
        for old in versions[:-1]:
            _remove_atomically(old)


def _remove_atomically(folder: Path) -> None:
    """Rename out of the `v*` namespace first, so no reader finds it half-deleted."""
    trash = folder.parent / f".old-{folder.name}-{uuid.uuid4().hex[:8]}"
    try:
        os.rename(folder, trash)
    except OSError:
        return  # someone else removed or replaced it
    shutil.rmtree(trash, ignore_errors=True)


def publish_snapshot(data_dir: str | Path, store: VectorStore, version: int) -> None:
    """Build and persist the snapshot of `version` now (ingestion calls this last), so
    readers load it instead of building it: serving then never writes to the data dir.

    Never fails an ingest: without a snapshot, the first reader builds one.
    """
    try:
        manager = SearchIndexManager(data_dir, store)
        if manager.versions.read(fresh=True) == version:
            manager.current()
    except (OSError, ValueError, StoreUnavailable) as exc:
        log.warning("could not publish the search index of version %s: %s", version, exc)


def snapshot_counts(data_dir: str | Path, collection: str) -> dict[str, Any] | None:
    """Chunks, documents and chunks per kind of the current published snapshot, read
    from its files alone; None when there is none for the current version.

    Why: `haicap status` must not open the embedded store (opening it writes).
    """
    from retrieval.index_version import read_index_version

    version = read_index_version(data_dir)
    folder = Path(data_dir) / SEARCH_DIR / collection / f"v{version}"
    try:
        manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        documents: set[str] = set()
        by_kind: dict[str, int] = {}
        with (folder / _CHUNKS).open(encoding="utf-8") as lines:
            for line in lines:
                meta = json.loads(line).get("metadata") or {}
                documents.add(str(meta.get("document", "")))
                kind = str(meta.get("kind", "?"))
                by_kind[kind] = by_kind.get(kind, 0) + 1
    except (OSError, ValueError):
        return None
    if manifest.get("version") != version:
        return None
    count = int(manifest.get("count", 0))
    return {"chunks": count, "documents": len(documents), "by_kind": by_kind}

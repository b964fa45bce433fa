"""The vector store on Chroma: one collection per embedding model, always our model.

Why: Chroma's default embedding function would try to download a model, so every
collection gets ours; naming the collection after model, dimension and dtype means a
model change starts a fresh collection instead of mixing vectors. Embedded
PersistentClient under the data dir by default; a `chroma run` server when
CHROMA_HOST is set (PersistentClient is not safe across processes). The only module
that imports `chromadb`; the rest of haicap sees `store.VectorStore`.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.config import Settings as ChromaSettings

from haicap.settings import Settings
from retrieval.errors import StoreUnavailable
from retrieval.store_api import Chunk, collection_name

ADD_BATCH = 2000  # Chroma refuses more than ~5,461 items per call
# Collection metadata key holding the ingest counter, so readers on other hosts see it.
VERSION_KEY = "haicap_index_version"


class ChromaEmbeddingAdapter(EmbeddingFunction[Documents]):
    """Lets Chroma embed with our model if it ever needs to (never its default)."""

    def __init__(self, embeddings: Any) -> None:
        self._embeddings = embeddings

    def __call__(self, input: Documents) -> Any:  # Chroma's parameter name
        return self._embeddings.embed_documents_array(list(input))

    @staticmethod
    def name() -> str:
        return "haicap-gemma"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingAdapter:
        raise NotImplementedError("haicap passes its embedding function explicitly")


# Chroma's shared-system cache is not safe when two threads create the first client for
# a path at once (seen: "'RustBindingsAPI' object has no attribute 'bindings'" when the
# bot's pipeline and the built-in knowledge loader started together).
_CLIENT_LOCK = threading.RLock()  # held by open_store around the collection too


def chroma_client(settings: Settings) -> Any:
    """HttpClient for a configured server, else a PersistentClient in the data dir."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        with _CLIENT_LOCK:
            if settings.chroma_host:
                return chromadb.HttpClient(
                    host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
                )
            path = Path(settings.data_dir) / "chroma"
            path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # chromadb raises many types; name the place instead
        where = (
            f"Chroma server {settings.chroma_host}:{settings.chroma_port}"
            if settings.chroma_host
            else f"data dir {Path(settings.data_dir).resolve()}"
        )
        raise StoreUnavailable(f"cannot open the vector store at {where}: {exc}") from exc


F = TypeVar("F", bound=Callable[..., Any])


def _unavailable_on_failure(method: F) -> F:
    """Turn connection-level failures into `StoreUnavailable` so callers can say
    "temporarily unavailable" and retry later; bad input (ValueError) passes through."""

    @functools.wraps(method)
    def wrapper(self: ChromaStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (StoreUnavailable, ValueError, TypeError):
            raise
        except Exception as exc:
            raise StoreUnavailable(f"vector store {self.name} unavailable: {exc}") from exc

    return wrapper  # type: ignore[return-value]


class ChromaStore:
    """`VectorStore` on a Chroma collection; vectors are computed by us, not Chroma.

    Why lazy (`lazy=True`, what serving uses): opening an embedded Chroma writes to its
    files every time (its sqlite lock table, the HNSW files), so a reader that opened it
    could not serve a read-only data dir. A serving store first answers from the search
    snapshot the last ingest published (`attach_snapshot`), and opens Chroma only for
    what the snapshot cannot answer.
    """

    def __init__(
        self,
        client: Any,
        embeddings: Any,
        name: str,
        *,
        server: str = "",
        connect: Callable[[], Any] | None = None,
    ) -> None:
        self.embeddings = embeddings
        self.name = name
        # "host:port" of a `chroma run` server (possibly shared by several hosts), or "".
        self.server = server
        self._connect = connect
        self._client = client
        self._collection: Any = None
        self._snapshot: Any = None  # a SearchIndexManager, when serving
        self._open_lock = threading.Lock()
        if client is not None:
            self._collection = self._get_collection(client)

    def _get_collection(self, client: Any) -> Any:
        return client.get_or_create_collection(
            name=self.name,
            embedding_function=ChromaEmbeddingAdapter(self.embeddings),
            metadata={"hnsw:space": "cosine"},
        )

    @property
    def is_open(self) -> bool:
        return self._collection is not None

    @property
    def client(self) -> Any:
        self._open()
        return self._client

    @property
    def collection(self) -> Any:
        self._open()
        return self._collection

    def _open(self) -> None:
        if self._collection is not None:
            return
        with self._open_lock, _CLIENT_LOCK:
            if self._collection is None:
                assert self._connect is not None
                client = self._connect()
                try:
                    collection = self._get_collection(client)
                except Exception as exc:
                    raise StoreUnavailable(f"cannot open collection {self.name}: {exc}") from exc
                self._client, self._collection = client, collection

    def attach_snapshot(self, manager: Any) -> None:
        """Answer reads from `manager.current()` (a SearchIndex) while Chroma is closed."""
        self._snapshot = manager

    def _snapshot_index(self) -> Any:
        """The current snapshot, or None when reads must go to Chroma."""
        if self._collection is not None or self._snapshot is None:
            return None
        return self._snapshot.current()

    @_unavailable_on_failure
    def count(self) -> int:
        index = self._snapshot_index()
        return len(index) if index is not None else self.collection.count()

    @_unavailable_on_failure
    def stored_count(self) -> int:
        return self.collection.count()

    @_unavailable_on_failure
    def ids(self, where: dict | None = None) -> list[str]:
        return list(self.collection.get(where=where, include=[])["ids"])

    @_unavailable_on_failure
    def get(self, ids: list[str], with_vectors: bool = False) -> tuple[list[Chunk], Any]:
        include = ["documents", "metadatas", *(["embeddings"] if with_vectors else [])]
        found: dict[str, tuple[Chunk, Any]] = {}
        for start in range(0, len(ids), ADD_BATCH):
            page = self.collection.get(ids=ids[start : start + ADD_BATCH], include=include)
            vectors = page["embeddings"] if with_vectors else [None] * len(page["ids"])
            for cid, text, meta, vector in zip(
                page["ids"], page["documents"], page["metadatas"], vectors, strict=True
            ):
                found[cid] = (Chunk(cid, text, dict(meta or {})), vector)
        ordered = [found[cid] for cid in ids if cid in found]
        chunks = [chunk for chunk, _ in ordered]
        if not with_vectors:
            return chunks, None
        if not ordered:
            return chunks, np.zeros((0, 0), dtype=np.float32)
        return chunks, np.asarray([vector for _, vector in ordered], dtype=np.float32)

    @_unavailable_on_failure
    def published_version(self) -> int:
        """The ingest counter kept in the collection's metadata on the server (0: none).

        Why on the server: workers on other hosts do not share the ingesting host's
        data dir, yet must notice an ingest to rebuild their lexical index.
        """
        fresh = self.client.get_collection(
            self.name, embedding_function=ChromaEmbeddingAdapter(self.embeddings)
        )
        value = (fresh.metadata or {}).get(VERSION_KEY)
        return int(value) if isinstance(value, int | float) else 0

    @_unavailable_on_failure
    def publish_version(self, version: int) -> None:
        """Record the ingest counter in the collection (distance settings untouched)."""
        metadata = {
            k: v for k, v in (self.collection.metadata or {}).items() if not k.startswith("hnsw:")
        }
        metadata[VERSION_KEY] = int(version)
        self.collection.modify(metadata=metadata)

    @_unavailable_on_failure
    def add(self, chunks: list[Chunk], vectors: Any) -> None:
        for start in range(0, len(chunks), ADD_BATCH):
            part = chunks[start : start + ADD_BATCH]
            self.collection.upsert(
                ids=[c.id for c in part],
                documents=[c.text for c in part],
                metadatas=[c.metadata for c in part],
                embeddings=[list(map(float, v)) for v in vectors[start : start + ADD_BATCH]],
            )

    @_unavailable_on_failure
    def delete(self, ids: list[str]) -> None:
        for start in range(0, len(ids), ADD_BATCH):
            self.collection.delete(ids=ids[start : start + ADD_BATCH])

    @_unavailable_on_failure
    def all_chunks(self, where: dict | None = None) -> list[Chunk]:
        """Every stored chunk (text + metadata), e.g. to build the lexical index."""
        if _plain_equality(where) and (index := self._snapshot_index()) is not None:
            wanted = dict(where or {})
            return [
                index.chunk(i)
                for i, meta in enumerate(index.metadatas)
                if all(meta.get(key) == value for key, value in wanted.items())
            ]
        chunks: list[Chunk] = []
        offset = 0
        while True:
            page = self.collection.get(
                where=where, include=["documents", "metadatas"], limit=2000, offset=offset
            )
            for cid, text, meta in zip(
                page["ids"], page["documents"], page["metadatas"], strict=True
            ):
                chunks.append(Chunk(cid, text, dict(meta or {})))
            if len(page["ids"]) < 2000:
                return chunks
            offset += 2000

    @_unavailable_on_failure
    def query(
        self,
        vector: list[float],
        k: int,
        where: dict | None = None,
        ids: list[str] | None = None,
    ) -> list[tuple[Chunk, float]]:
        """Nearest chunks with cosine similarity (1 - distance), optionally among `ids`."""
        if ids is not None and not ids:
            return []
        index = self._snapshot_index() if _plain_equality(where) else None
        if index is not None and index.vectors is not None:
            return _exact_query(index, vector, k, where, ids)
        if self.collection.count() == 0:
            return []
        result = self.collection.query(
            query_embeddings=[vector],
            n_results=k,
            where=where,
            ids=ids,
            include=["documents", "metadatas", "distances"],
        )
        return [
            (Chunk(cid, text, dict(meta or {})), 1.0 - float(dist))
            for cid, text, meta, dist in zip(
                result["ids"][0],
                result["documents"][0],
                result["metadatas"][0],
                result["distances"][0],
                strict=True,
            )
        ]


def _plain_equality(where: dict | None) -> bool:
    """A filter the snapshot can apply itself: none, or {key: scalar, ...}."""
    return where is None or all(
        isinstance(value, str | int | float | bool) and not key.startswith("$")
        for key, value in where.items()
    )


def _exact_query(
    index: Any, vector: list[float], k: int, where: dict | None, ids: list[str] | None
) -> list[tuple[Chunk, float]]:
    """`query` over the snapshot's vectors: exact cosine, same result shape as Chroma."""
    scores = index.dense_scores(vector)
    keep = np.ones(len(index), dtype=bool)
    if ids is not None:
        keep[:] = False
        keep[[index.position[cid] for cid in ids if cid in index.position]] = True
    for key, value in (where or {}).items():
        keep &= np.array([meta.get(key) == value for meta in index.metadatas], dtype=bool)
    order = [int(i) for i in np.argsort(-scores, kind="stable") if keep[i]][:k]
    return [(index.chunk(i), float(scores[i])) for i in order]


def open_chroma_store(settings: Settings, embeddings: Any, *, lazy: bool = False) -> ChromaStore:
    """The Chroma collection for the configured model (see `store.open_store`)."""
    name = collection_name(settings.embed_model, settings.embed_dim, settings.embed_dtype)
    server = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else ""
    if lazy and not server:
        return ChromaStore(
            None, embeddings, name, connect=functools.partial(chroma_client, settings)
        )
    try:
        with _CLIENT_LOCK:
            return ChromaStore(chroma_client(settings), embeddings, name, server=server)
    except StoreUnavailable:
        raise
    except Exception as exc:
        raise StoreUnavailable(f"cannot open collection {name}: {exc}") from exc


def describe(settings: Settings, name: str) -> dict[str, Any]:
    """Chunks, documents and chunks per kind of collection `name` (no embedding model)."""
    client = chroma_client(settings)
    try:
        names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
        if name not in names:
            return {"chunks": 0, "documents": 0, "by_kind": {}}
        collection = client.get_collection(name)
        documents: set[str] = set()
        by_kind: dict[str, int] = {}
        offset = 0
        while True:
            page = collection.get(include=["metadatas"], limit=5000, offset=offset)
            for meta in page["metadatas"]:
                meta = meta or {}
                documents.add(str(meta.get("document", "")))
                kind = str(meta.get("kind", "?"))
                by_kind[kind] = by_kind.get(kind, 0) + 1
            if len(page["ids"]) < 5000:
                break
            offset += 5000
        return {"chunks": collection.count(), "documents": len(documents), "by_kind": by_kind}
    except Exception as exc:  # chromadb raises many types; name the collection instead
        raise StoreUnavailable(f"cannot read collection {name}: {exc}") from exc

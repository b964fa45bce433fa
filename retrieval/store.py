"""The vector store as the rest of haicap sees it: an interface and one factory.

Why an interface: ingestion writes chunks, the search index reads them all back for
exact scoring and BM25, serving asks for counts and the ingest version, `haicap status`
for a summary. All of that goes through `VectorStore`; the one implementation,
Chroma (embedded, or a `chroma run` server when CHROMA_HOST is set), lives in
`chroma_store.py`, the only module that imports `chromadb`; the types are in
`store_api.py`. Swapping the store: a new module implementing `VectorStore`, and the
two functions here pointing at it.
"""

from __future__ import annotations

from typing import Any

from haicap.settings import Settings
from retrieval.errors import StoreUnavailable
from retrieval.store_api import Chunk, VectorStore, collection_name

__all__ = [
    "Chunk",
    "StoreUnavailable",
    "VectorStore",
    "collection_name",
    "describe_store",
    "open_store",
]


def open_store(
    settings: Settings, embeddings: Any | None = None, *, lazy: bool = False
) -> VectorStore:
    """The store for the configured model; `embeddings` defaults to the shared model.

    `lazy`: open the store on first need (serving: opening an embedded Chroma writes to
    its files); errors then surface as StoreUnavailable on that first use.
    """
    if embeddings is None:
        from retrieval.embeddings import get_embeddings

        embeddings = get_embeddings(settings)
    from retrieval.chroma_store import open_chroma_store

    return open_chroma_store(settings, embeddings, lazy=lazy)


def describe_store(settings: Settings) -> dict[str, Any]:
    """Chunks, documents and chunks per kind of the configured collection, without the
    embedding model (for `haicap status`); raises StoreUnavailable."""
    from retrieval.chroma_store import describe

    name = collection_name(settings.embed_model, settings.embed_dim, settings.embed_dtype)
    return describe(settings, name)

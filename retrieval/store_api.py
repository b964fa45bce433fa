"""The vector store's interface: what haicap stores (`Chunk`) and asks (`VectorStore`).

Why apart from the factory (`store.py`): the implementation (`chroma_store.py`) imports
these types, and the factory imports the implementation; one way, no cycle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass
class Chunk:
    """One passage as stored: `id` is stable (document + position + text hash).

    Metadata keys (all scalars, as Chroma requires):
    document, title, source_path, doc_numbers (";"-joined), doc_number (the text's own),
    issue_date (ISO), issuer, language, source_url, locator, heading, kind
    ("legal" | "news" | "builtin"), province, chunk_index, file_sha, suspect (why the
    document looks like instructions to the assistant; "" when screened and clean).
    """

    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


class VectorStore(Protocol):
    """What haicap needs from a vector store. Vectors are computed by haicap, never by
    the store; connection-level failures raise `StoreUnavailable`."""

    name: str  # the collection: model, dimension and dtype (see `collection_name`)
    server: str  # "host:port" of a shared server, "" for a store in the data dir

    @property
    def is_open(self) -> bool:
        """False while a lazily opened store still answers from the search snapshot."""

    def attach_snapshot(self, manager: Any) -> None:
        """Answer reads from `manager.current()` (a SearchIndex) while still closed."""

    def add(self, chunks: list[Chunk], vectors: Any) -> None:
        """Insert or replace chunks with their vectors."""

    def delete(self, ids: list[str]) -> None: ...

    def count(self) -> int:
        """Stored chunks (may be answered by the attached snapshot); also the health
        probe: raises `StoreUnavailable` when the store cannot be reached."""

    def stored_count(self) -> int:
        """Stored chunks, asked of the store itself (opens it)."""

    def ids(self, where: dict | None = None) -> list[str]:
        """Every stored id, optionally only those whose metadata equal `where`."""

    def get(self, ids: list[str], with_vectors: bool = False) -> tuple[list[Chunk], Any]:
        """The listed chunks (and their stored vectors as rows, else None) in that
        order; ids deleted meanwhile are absent. Used for exact scoring."""

    def all_chunks(self, where: dict | None = None) -> list[Chunk]: ...

    def query(
        self, vector: list[float], k: int, where: dict | None = None, ids: list[str] | None = None
    ) -> list[tuple[Chunk, float]]:
        """Nearest chunks with cosine similarity, optionally among `ids`."""

    def published_version(self) -> int:
        """The ingest counter kept in the store, seen by workers on other hosts."""

    def publish_version(self, version: int) -> None: ...


def collection_name(model_name: str, dim: int, dtype: str) -> str:
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", model_name.rsplit("/", 1)[-1])
    return f"haicap-{slug}-{dim}-{dtype}"[:500]

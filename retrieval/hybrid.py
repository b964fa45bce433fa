"""Hybrid retrieval: dense (Chroma) + lexical (BM25), fused, with document-number and
province awareness, exposed as a LangChain retriever.

Why this shape: questions arrive in four languages over Vietnamese texts, so the dense
model carries cross-lingual recall; BM25 over folded text catches what users type
verbatim (document numbers, unaccented names). A question that names a document number
gets that document's passages first; one that names a province has other provinces'
passages pushed down, since 34 resolutions share the same wording. The retriever is a
`BaseRetriever` so the answer pipeline composes it like any runnable.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from haicap.settings import Settings
from haicap.text import fold
from retrieval.fusion import Candidate, FusionConfig, fuse
from retrieval.lexical import LexicalIndex, LexicalIndexManager
from retrieval.query_hints import HintCatalog, QueryHints, chunk_doc_keys, doc_key
from retrieval.store import Chunk

DENSE_CANDIDATES = 40
LEXICAL_CANDIDATES = 40
PRIORITY_CAP = 300  # chunks of a named document considered at most (a resolution has ~100)
QUERY_CACHE_SIZE = 512
DEFAULT_FUSION = FusionConfig()
_MATCH_TIER = {"doc_number": 0, "cites_doc_number": 1}


@dataclass
class RetrievedChunk:
    """One search result with the evidence that ranked it."""

    chunk: Chunk
    score: float
    dense_score: float
    lexical_score: float
    dense_rank: int | None
    lexical_rank: int | None
    # "doc_number": the chunk is part of a document the question names;
    # "cites_doc_number": it mentions one; "" otherwise.
    matched: str = ""

    def to_document(self) -> Document:
        metadata = dict(self.chunk.metadata)
        metadata.update(
            chunk_id=self.chunk.id,
            score=round(self.score, 6),
            dense_score=round(self.dense_score, 6),
            lexical_score=round(self.lexical_score, 6),
            dense_rank=self.dense_rank,
            lexical_rank=self.lexical_rank,
            matched=self.matched,
        )
        return Document(page_content=self.chunk.text, metadata=metadata, id=self.chunk.id)


@dataclass
class _IndexView:
    """Per-index lookups derived once per lexical index (i.e. per store version)."""

    index: LexicalIndex
    catalog: HintCatalog
    doc_keys: list[set[str]]
    provinces: list[str]

    @classmethod
    def of(cls, index: LexicalIndex) -> _IndexView:
        return cls(
            index=index,
            catalog=HintCatalog.from_metadatas(index.metadatas),
            doc_keys=[chunk_doc_keys(m) for m in index.metadatas],
            provinces=[str(m.get("province") or "") for m in index.metadatas],
        )


class RetrievalEngine:
    """Everything a search needs, loaded once per process: model, store, BM25 index."""

    def __init__(
        self,
        store: Any,
        embeddings: Any,
        lexical: LexicalIndexManager,
        fusion: FusionConfig = DEFAULT_FUSION,
    ) -> None:
        self.store = store
        self.embeddings = embeddings
        self.lexical = lexical
        self.fusion = fusion
        self._view: _IndexView | None = None
        self._view_lock = threading.Lock()
        self._query_vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._query_lock = threading.Lock()

    # -- loading -----------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the model and the lexical index now instead of on the first question."""
        self.view()
        self.embed_query("warm-up")

    def view(self) -> _IndexView:
        index = self.lexical.current()
        view = self._view
        if view is None or view.index is not index:
            with self._view_lock:
                if self._view is None or self._view.index is not index:
                    self._view = _IndexView.of(index)
                view = self._view
        return view

    def embed_query(self, query: str) -> list[float]:
        """Query vector, remembered for repeated questions (retries, eval reruns)."""
        with self._query_lock:
            vector = self._query_vectors.get(query)
            if vector is not None:
                self._query_vectors.move_to_end(query)
                return vector
        vector = self.embeddings.embed_query(query)
        with self._query_lock:
            self._query_vectors[query] = vector
            while len(self._query_vectors) > QUERY_CACHE_SIZE:
                self._query_vectors.popitem(last=False)
        return vector

    def clear_query_cache(self) -> None:
        """Forget remembered query vectors (benchmarks time cold queries with it)."""
        with self._query_lock:
            self._query_vectors.clear()

    def hints(self, query: str) -> QueryHints:
        return self.view().catalog.analyse(query)

    # -- search ------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int = 8,
        *,
        doc_number: str | None = None,
        province: str | None = None,
        kind: str | None = None,
        document: str | None = None,
        fusion: FusionConfig | None = None,
        use_hints: bool = True,
        timings: dict[str, float] | None = None,
    ) -> list[RetrievedChunk]:
        """The `k` best chunks for `query`; keyword filters are hard restrictions.

        `doc_number` / `province` / `kind` / `document` keep only chunks whose metadata
        matches (doc_number: the chunk's own number or one it cites). `use_hints=False`
        switches off the question's own document-number and province hints.
        """
        cfg = fusion or self.fusion
        started = time.perf_counter()
        view = self.view()
        index = view.index
        allowed = self._filter_mask(view, doc_number, province, kind, document)
        allowed_ids = None if allowed is None else [index.ids[i] for i in np.flatnonzero(allowed)]
        if allowed_ids is not None and not allowed_ids:
            return []
        hints = view.catalog.analyse(query) if use_hints else QueryHints()
        t_lex = time.perf_counter()
        lex_scores = index.scores(query)
        if allowed is not None and lex_scores.size:
            lex_scores = np.where(allowed, lex_scores, 0.0)
        lex_ranks = _ranks(lex_scores)
        lex_top = _top_positions(lex_scores, LEXICAL_CANDIDATES)
        priority = self._priority_positions(view, hints, allowed)
        lexical_ms = (time.perf_counter() - t_lex) * 1000

        t_embed = time.perf_counter()
        vector = self.embed_query(query)
        embed_ms = (time.perf_counter() - t_embed) * 1000
        t_dense = time.perf_counter()
        dense_hits = self.store.query(vector, k=DENSE_CANDIDATES, ids=allowed_ids)
        chunks: dict[str, Chunk] = {c.id: c for c, _ in dense_hits}
        dense_scores: dict[str, float] = {c.id: s for c, s in dense_hits}
        dense_ranks: dict[str, int] = {c.id: r for r, (c, _) in enumerate(dense_hits, 1)}
        wanted = [index.ids[i] for i in (*lex_top, *priority)]
        missing = [cid for cid in dict.fromkeys(wanted) if cid not in dense_scores]
        if missing:
            # Cosine of lexical-only candidates, so every candidate has both signals.
            extra = self.store.query(vector, k=len(missing), ids=missing)
            for rank, (chunk, score) in enumerate(extra, len(dense_hits) + 1):
                chunks[chunk.id] = chunk
                dense_scores[chunk.id] = score
                dense_ranks[chunk.id] = rank
        dense_ms = (time.perf_counter() - t_dense) * 1000

        results = self._rank(
            view, chunks, dense_scores, dense_ranks, lex_scores, lex_ranks, hints, cfg
        )
        if timings is not None:
            timings.update(
                embed_ms=embed_ms,
                dense_ms=dense_ms,
                lexical_ms=lexical_ms,
                total_ms=(time.perf_counter() - started) * 1000,
            )
        return results[:k]

    def _rank(
        self,
        view: _IndexView,
        chunks: Mapping[str, Chunk],
        dense_scores: Mapping[str, float],
        dense_ranks: Mapping[str, int],
        lex_scores: np.ndarray,
        lex_ranks: np.ndarray,
        hints: QueryHints,
        cfg: FusionConfig,
    ) -> list[RetrievedChunk]:
        index = view.index
        cands: list[Candidate] = []
        for cid in chunks:
            pos = index.position.get(cid)
            lex = float(lex_scores[pos]) if pos is not None and lex_scores.size else 0.0
            cands.append(
                Candidate(
                    chunk_id=cid,
                    dense_score=dense_scores[cid],
                    lexical_score=lex,
                    dense_rank=dense_ranks[cid],
                    lexical_rank=int(lex_ranks[pos]) if lex > 0 and pos is not None else None,
                )
            )
        fused = fuse(cands, cfg)
        wanted_keys = set(hints.doc_keys)
        wanted_provinces = set(hints.provinces)
        results: list[RetrievedChunk] = []
        for cand, score in zip(cands, fused, strict=True):
            chunk = chunks[cand.chunk_id]
            matched = ""
            if wanted_keys and chunk_doc_keys(chunk.metadata) & wanted_keys:
                own = doc_key(str(chunk.metadata.get("doc_number") or ""))
                matched = "doc_number" if own in wanted_keys else "cites_doc_number"
            province = str(chunk.metadata.get("province") or "")
            if wanted_provinces and province and province not in wanted_provinces:
                score *= cfg.other_province_factor
            results.append(
                RetrievedChunk(
                    chunk=chunk,
                    score=float(score),
                    dense_score=cand.dense_score,
                    lexical_score=cand.lexical_score,
                    dense_rank=cand.dense_rank,
                    lexical_rank=cand.lexical_rank,
                    matched=matched,
                )
            )
        # Passages of a named document first, then passages citing it; inside each
        # group, the best fused score.
        results.sort(key=lambda r: (_MATCH_TIER.get(r.matched, 2), -r.score))
        return results

    @staticmethod
    def _priority_positions(
        view: _IndexView, hints: QueryHints, allowed: np.ndarray | None
    ) -> list[int]:
        if not hints.doc_keys:
            return []
        wanted = set(hints.doc_keys)
        found = [
            i
            for i, keys in enumerate(view.doc_keys)
            if keys & wanted and (allowed is None or allowed[i])
        ]
        return found[:PRIORITY_CAP]

    @staticmethod
    def _filter_mask(
        view: _IndexView,
        doc_number: str | None,
        province: str | None,
        kind: str | None,
        document: str | None,
    ) -> np.ndarray | None:
        if not (doc_number or province or kind or document):
            return None
        metas = view.index.metadatas
        mask = np.ones(len(metas), dtype=bool)
        if doc_number:
            key = doc_key(doc_number)
            mask &= np.array([key in keys for keys in view.doc_keys], dtype=bool)
        if province:
            wanted = fold(province)
            mask &= np.array([fold(p) == wanted for p in view.provinces], dtype=bool)
        if kind:
            mask &= np.array([m.get("kind") == kind for m in metas], dtype=bool)
        if document:
            mask &= np.array([document in str(m.get("document") or "") for m in metas], dtype=bool)
        return mask


def _ranks(scores: np.ndarray) -> np.ndarray:
    """1-based rank of every position by descending score (ties share the order seen)."""
    ranks = np.empty(scores.size, dtype=np.int64)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, scores.size + 1)
    return ranks


def _top_positions(scores: np.ndarray, n: int) -> list[int]:
    if scores.size == 0:
        return []
    n = min(n, scores.size)
    best = np.argpartition(-scores, n - 1)[:n]
    best = best[np.argsort(-scores[best], kind="stable")]
    return [int(i) for i in best if scores[i] > 0]


class HybridRetriever(BaseRetriever):
    """LangChain retriever over the engine; `invoke(q, k=…, province=…)` also works.

    Each Document's metadata = the chunk's metadata + chunk_id, score, dense_score,
    lexical_score, dense_rank, lexical_rank, matched.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    engine: Any = Field(description="RetrievalEngine")
    k: int = 8

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        k = int(kwargs.pop("k", self.k))
        return [hit.to_document() for hit in self.engine.search(query, k, **kwargs)]

    def search(self, query: str, k: int | None = None, **kwargs: Any) -> list[RetrievedChunk]:
        """Like `invoke`, but keeps the typed results (scores, ranks, chunk)."""
        return self.engine.search(query, k or self.k, **kwargs)

    def warm_up(self) -> None:
        self.engine.warm_up()

    @property
    def store(self) -> Any:
        return self.engine.store


_ENGINES: dict[tuple, RetrievalEngine] = {}
_ENGINES_LOCK = threading.Lock()


def build_engine(settings: Settings) -> RetrievalEngine:
    """One engine per process and configuration: the model and indexes load once."""
    from retrieval.embeddings import get_embeddings
    from retrieval.store import open_store

    key = (
        str(Path(settings.data_dir).resolve()),
        settings.chroma_host,
        settings.chroma_port,
        settings.embed_model,
        settings.embed_dim,
        settings.embed_dtype,
        str(settings.cache_dir),
    )
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            embeddings = get_embeddings(settings)
            store = open_store(settings, embeddings)
            engine = RetrievalEngine(
                store, embeddings, LexicalIndexManager(settings.data_dir, store)
            )
            _ENGINES[key] = engine
        return engine


def build_retriever(settings: Settings, k: int = 8, *, warm: bool = False) -> HybridRetriever:
    """The shared hybrid retriever; `warm=True` loads the model now (bot start-up)."""
    retriever = HybridRetriever(engine=build_engine(settings), k=k)
    if warm:
        retriever.warm_up()
    return retriever

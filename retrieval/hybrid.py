"""Hybrid retrieval: exact dense + lexical (BM25), fused, with document-number and
province awareness, exposed as a LangChain retriever.

Why this shape: questions arrive in four languages over mostly Vietnamese texts, so
the dense model carries cross-lingual recall and BM25 over folded text only *boosts*
what users type verbatim (document numbers, unaccented names); equal-weight fusion was
measured to hurt (benchmarks/README.md). A question that names a document number gets
that document's passages first; one that names a province has passages about other
places pushed down, since 34 resolutions share the same wording. The retriever is a
`BaseRetriever` so the answer pipeline composes it like any runnable.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from haicap.languages import detect_language
from haicap.settings import Settings
from haicap.text import fold
from retrieval.fusion import Candidate, FusionConfig, fuse
from retrieval.query_hints import HintCatalog, QueryHints, chunk_doc_keys, doc_key
from retrieval.search_index import SearchIndex, SearchIndexManager
from retrieval.store import Chunk

DENSE_CANDIDATES = 40
LEXICAL_CANDIDATES = 40
PRIORITY_CAP = 300  # chunks of a named document considered at most (a resolution has ~60)
QUERY_CACHE_SIZE = 512
# Measured best on the dev set and the generated set (benchmarks/README.md): dense
# cosine + 0.3 × BM25/max for Vietnamese questions, + 0.05 × for other languages;
# chunks about another place than the province the question names × 0.5.
DEFAULT_FUSION = FusionConfig(
    "dense_boost", lexical_weight=0.3, other_province_factor=0.5, foreign_lexical_weight=0.05
)
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
    """Lookups derived once per search index (i.e. per store version)."""

    index: SearchIndex
    catalog: HintCatalog
    doc_keys: list[set[str]]
    own_keys: list[str]
    provinces: list[str]
    # Places a chunk is about: its province, or for texts without one (news, party
    # resolutions) every province its whole document names.
    places: list[frozenset[str]]

    @classmethod
    def of(cls, index: SearchIndex) -> _IndexView:
        catalog = HintCatalog.from_metadatas(index.metadatas)
        provinces = [str(m.get("province") or "") for m in index.metadatas]
        named: dict[str, set[str]] = {}
        for meta, text, province in zip(index.metadatas, index.texts, provinces, strict=True):
            if not province:
                document = str(meta.get("document") or "")
                named.setdefault(document, set()).update(catalog.provinces_in(text))
        places = [
            frozenset({p}) if p else frozenset(named.get(str(m.get("document") or ""), ()))
            for m, p in zip(index.metadatas, provinces, strict=True)
        ]
        return cls(
            index=index,
            catalog=catalog,
            doc_keys=[chunk_doc_keys(m) for m in index.metadatas],
            own_keys=[doc_key(str(m.get("doc_number") or "")) for m in index.metadatas],
            provinces=provinces,
            places=places,
        )


class RetrievalEngine:
    """Everything a search needs, loaded once per process: model, store, search index."""

    def __init__(
        self,
        store: Any,
        embeddings: Any,
        indexes: SearchIndexManager,
        fusion: FusionConfig = DEFAULT_FUSION,
    ) -> None:
        self.store = store
        self.embeddings = embeddings
        self.indexes = indexes
        self.fusion = fusion
        self._view: _IndexView | None = None
        self._view_lock = threading.Lock()
        self._query_vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._query_lock = threading.Lock()

    # -- loading -----------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the model and the search index now instead of on the first question."""
        self.view()
        self.embed_query("warm-up")

    def view(self) -> _IndexView:
        index = self.indexes.current()
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
        matches (doc_number: the chunk's own number or one it cites; document: a
        substring of the file name). `use_hints=False` switches off the question's own
        document-number and province hints.
        """
        started = time.perf_counter()
        cfg = (fusion or self.fusion).for_language(detect_language(query))
        view = self.view()
        index = view.index
        allowed = self._filter_mask(view, doc_number, province, kind, document)
        if allowed is not None and not allowed.any():
            return []
        hints = view.catalog.analyse(query) if use_hints else QueryHints()

        t_lex = time.perf_counter()
        lexical = index.lexical_scores(query)
        if allowed is not None:
            lexical = np.where(allowed, lexical, 0.0)
        priority = self._priority_positions(view, hints, allowed)
        lexical_ms = (time.perf_counter() - t_lex) * 1000

        t_embed = time.perf_counter()
        vector = self.embed_query(query)
        embed_ms = (time.perf_counter() - t_embed) * 1000
        t_dense = time.perf_counter()
        if index.vectors is not None:
            cands = self._candidates_exact(index, vector, lexical, allowed, priority)
        else:
            cands = self._candidates_chroma(index, vector, lexical, allowed, priority)
        dense_ms = (time.perf_counter() - t_dense) * 1000

        results = self._rank(view, cands, hints, cfg)[:k]
        if timings is not None:
            timings.update(
                embed_ms=embed_ms,
                dense_ms=dense_ms,
                lexical_ms=lexical_ms,
                total_ms=(time.perf_counter() - started) * 1000,
            )
        return results

    def _candidates_exact(
        self,
        index: SearchIndex,
        vector: list[float],
        lexical: np.ndarray,
        allowed: np.ndarray | None,
        priority: list[int],
    ) -> list[tuple[Chunk, Candidate]]:
        """Dense top-N ∪ lexical top-N ∪ named-document chunks, exact scores for all."""
        dense = index.dense_scores(vector)
        if allowed is not None:
            dense = np.where(allowed, dense, -np.inf)
        dense_ranks = _ranks(dense)
        lexical_ranks = _ranks(lexical)
        positions = dict.fromkeys(
            [
                *_top_positions(dense, DENSE_CANDIDATES, positive_only=False),
                *_top_positions(lexical, LEXICAL_CANDIDATES),
                *priority,
            ]
        )
        out = []
        for pos in positions:
            if not np.isfinite(dense[pos]):
                continue
            lex = float(lexical[pos])
            out.append(
                (
                    index.chunk(pos),
                    Candidate(
                        chunk_id=index.ids[pos],
                        dense_score=float(dense[pos]),
                        lexical_score=lex,
                        dense_rank=int(dense_ranks[pos]),
                        lexical_rank=int(lexical_ranks[pos]) if lex > 0 else None,
                    ),
                )
            )
        return out

    def _candidates_chroma(
        self,
        index: SearchIndex,
        vector: list[float],
        lexical: np.ndarray,
        allowed: np.ndarray | None,
        priority: list[int],
    ) -> list[tuple[Chunk, Candidate]]:
        """The same through Chroma's (approximate) search, for stores too big to hold."""
        allowed_ids = None if allowed is None else [index.ids[i] for i in np.flatnonzero(allowed)]
        hits = self.store.query(vector, k=DENSE_CANDIDATES, ids=allowed_ids)
        found = {c.id: (c, s) for c, s in hits}
        ranks = {c.id: r for r, (c, _) in enumerate(hits, 1)}
        wanted = [index.ids[i] for i in (*_top_positions(lexical, LEXICAL_CANDIDATES), *priority)]
        missing = [cid for cid in dict.fromkeys(wanted) if cid not in found]
        if missing:
            extra = self.store.query(vector, k=len(missing), ids=missing)
            for rank, (chunk, score) in enumerate(extra, len(hits) + 1):
                found[chunk.id] = (chunk, score)
                ranks[chunk.id] = rank
        lexical_ranks = _ranks(lexical)
        out = []
        for cid, (chunk, score) in found.items():
            pos = index.position.get(cid)
            lex = float(lexical[pos]) if pos is not None else 0.0
            out.append(
                (
                    chunk,
                    Candidate(
                        cid,
                        score,
                        lex,
                        ranks[cid],
                        int(lexical_ranks[pos]) if lex > 0 and pos is not None else None,
                    ),
                )
            )
        return out

    def _rank(
        self,
        view: _IndexView,
        cands: list[tuple[Chunk, Candidate]],
        hints: QueryHints,
        cfg: FusionConfig,
    ) -> list[RetrievedChunk]:
        fused = fuse([c for _, c in cands], cfg)
        wanted_keys = set(hints.doc_keys)
        wanted_places = set(hints.provinces)
        results: list[RetrievedChunk] = []
        for (chunk, cand), score in zip(cands, fused, strict=True):
            pos = view.index.position.get(chunk.id)
            matched = ""
            if wanted_keys and chunk_doc_keys(chunk.metadata) & wanted_keys:
                own = view.own_keys[pos] if pos is not None else ""
                matched = "doc_number" if own in wanted_keys else "cites_doc_number"
            if wanted_places and pos is not None and not (view.places[pos] & wanted_places):
                score *= cfg.other_province_factor  # about another place, or none named
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
    """1-based rank of every position by descending score (ties keep index order)."""
    ranks = np.empty(scores.size, dtype=np.int64)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, scores.size + 1)
    return ranks


def _top_positions(scores: np.ndarray, n: int, positive_only: bool = True) -> list[int]:
    if scores.size == 0:
        return []
    n = min(n, scores.size)
    best = np.argpartition(-scores, n - 1)[:n]
    best = best[np.argsort(-scores[best], kind="stable")]
    keep = (scores[best] > 0) if positive_only else np.isfinite(scores[best])
    return [int(i) for i in best[keep]]


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
            store = open_store(settings, embeddings, lazy=True)  # serving: see store.py
            indexes = SearchIndexManager(settings.data_dir, store)
            engine = RetrievalEngine(store, embeddings, indexes)
            _ENGINES[key] = engine
        return engine


def build_retriever(settings: Settings, k: int = 8, *, warm: bool = False) -> HybridRetriever:
    """The shared hybrid retriever; `warm=True` loads the model now (bot start-up)."""
    retriever = HybridRetriever(engine=build_engine(settings), k=k)
    if warm:
        retriever.warm_up()
    return retriever

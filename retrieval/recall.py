"""Retrieval-only scoring: recall@k of a retriever on an eval question set.

Why apart from answer accuracy: when an answer is wrong, this tells whether the
passage was never found (retrieval) or found and not used (answering).

Definitions (per answerable question, over the top-k retrieved chunks):
- **recall@k** (strict): some chunk among the top k comes from an expected source
  (its `document` contains one of `sources`) AND contains one of `expect_any`
  (NFC + casefold substring). This is "the answer is in what we retrieved".
- **source_recall@k**: some chunk among the top k comes from an expected source,
  whatever its text (facts phrased differently, e.g. a count that must be read off).
Unanswerable questions are not scored here.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from haicap.text import nfc

# A search function: question -> retrieved chunks (objects with .id, .text, .metadata).
SearchFn = Callable[[str, int], Sequence[Any]]


def fold_case(text: str) -> str:
    """The eval comparison form: NFC, then case folding."""
    return nfc(text).casefold()


def contains_fact(text: str, expect_any: Sequence[str]) -> bool:
    haystack = fold_case(text)
    return any(fold_case(fact) in haystack for fact in expect_any)


def from_source(document: str, sources: Sequence[str]) -> bool:
    return any(src in document for src in sources)


@dataclass
class RecallRow:
    id: str
    question: str
    first_source_rank: int | None  # 1-based rank of the first chunk from a source
    first_hit_rank: int | None  # 1-based rank of the first source chunk with the fact
    documents: list[str]
    latency_ms: float


@dataclass
class RecallReport:
    ks: tuple[int, ...]
    recall: dict[int, float]
    source_recall: dict[int, float]
    latency_p50_ms: float
    latency_p95_ms: float
    rows: list[RecallRow] = field(default_factory=list)

    def to_json(self) -> dict:
        data = asdict(self)
        data["recall"] = {f"@{k}": v for k, v in self.recall.items()}
        data["source_recall"] = {f"@{k}": v for k, v in self.source_recall.items()}
        return data


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return float(ordered[rank - 1])


def chunk_fields(hit: Any) -> tuple[str, str]:
    """(document name, text) of a RetrievedChunk, Chunk or LangChain Document."""
    chunk = getattr(hit, "chunk", hit)
    text = getattr(chunk, "text", None)
    if text is None:
        text = getattr(chunk, "page_content", "")
    meta = getattr(chunk, "metadata", {}) or {}
    document = str(meta.get("document") or meta.get("source") or "")
    return document, text


def score_hits(hits: Sequence[Any], expect_any: Sequence[str], sources: Sequence[str]) -> tuple:
    """(first_source_rank, first_hit_rank, documents) for one question's ranked hits."""
    first_source = first_hit = None
    documents = []
    for rank, hit in enumerate(hits, 1):
        document, text = chunk_fields(hit)
        documents.append(document)
        if from_source(document, sources):
            first_source = first_source or rank
            if first_hit is None and contains_fact(text, expect_any):
                first_hit = rank
    return first_source, first_hit, documents


def retrieval_recall(
    search: SearchFn, questions: Sequence[Any], ks: Sequence[int] = (1, 5)
) -> RecallReport:
    """Recall@k for every k over the answerable questions (see module docstring)."""
    depth = max(ks)
    rows: list[RecallRow] = []
    for q in questions:
        if not q.answerable:
            continue
        started = time.perf_counter()
        hits = list(search(q.question, depth))[:depth]
        latency = (time.perf_counter() - started) * 1000
        first_source, first_hit, documents = score_hits(hits, q.expect_any, q.sources)
        rows.append(RecallRow(q.id, q.question, first_source, first_hit, documents, latency))
    n = len(rows) or 1
    recall = {
        k: sum(r.first_hit_rank is not None and r.first_hit_rank <= k for r in rows) / n for k in ks
    }
    source_recall = {
        k: sum(r.first_source_rank is not None and r.first_source_rank <= k for r in rows) / n
        for k in ks
    }
    latencies = [r.latency_ms for r in rows]
    return RecallReport(
        tuple(ks),
        recall,
        source_recall,
        percentile(latencies, 50),
        percentile(latencies, 95),
        rows,
    )

"""Step 4: passages for the standalone question from the shared hybrid retriever.

Why lazy and guarded: building the retriever opens the store and needs the embedding
model; a missing model or an empty store must become a clear reply (address questions
keep working), never an exception, and the model must load once per process.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from answer.passages import from_documents
from answer.state import PipelineState
from answer.steps.messages import message
from answer.types import Answer
from haicap.injection import injection_reasons
from haicap.text import fold
from retrieval.errors import ModelNotInstalled, StoreUnavailable

RETRIEVE_K = 10
FETCH_K = 40  # fetched, then near-duplicates dropped, RETRIEVE_K kept
NEWS_K = 4
_EMPTY_RECHECK_S = 5.0


class RetrieverHolder:
    """Builds the retriever on first use; remembers why it could not be built."""

    def __init__(self, settings: Any, retriever: Any = None, k: int = RETRIEVE_K) -> None:
        self.settings = settings
        self.k = k
        self._retriever = retriever
        self._lock = threading.Lock()
        self._nonempty_at = 0.0

    def get(self) -> Any:
        if self._retriever is None:
            with self._lock:
                if self._retriever is None:
                    from retrieval.hybrid import build_retriever

                    self._retriever = build_retriever(self.settings, k=self.k)
        return self._retriever

    def is_empty(self, retriever: Any) -> bool:
        """Cheap emptiness check, re-done at most every few seconds once non-empty."""
        if time.monotonic() - self._nonempty_at < _EMPTY_RECHECK_S:
            return False
        store = getattr(retriever, "store", None)
        if store is None:
            return False
        empty = store.count() == 0
        if not empty:
            self._nonempty_at = time.monotonic()
        return empty


def usable(documents: list[Any]) -> list[Any]:
    """Leave out chunks of documents that address the assistant (flagged at ingestion,
    or caught here for stores ingested before the flag existed): they may be searched
    and listed, but an answer never quotes them (haicap/injection.py says why)."""
    return [doc for doc in documents if not _suspect(doc)]


def _suspect(doc: Any) -> bool:
    flag = doc.metadata.get("suspect")
    if flag is not None:  # screened at ingestion ("" = clean)
        return bool(flag)
    return bool(injection_reasons(doc.page_content))  # ~0.2 ms a chunk, old stores only


def distinct(documents: list[Any]) -> list[Any]:
    """Drop chunks whose body repeats an earlier one word for word.

    Why: the 34 provincial resolutions share whole clauses ("Chính quyền địa phương …
    tiếp tục hoạt động …"); ten copies of one clause would crowd out the clause that
    answers.
    """
    seen: set[str] = set()
    kept = []
    for doc in documents:
        body = doc.page_content.split("\n", 1)[-1]
        key = re.sub(r"\W+", " ", fold(body)).strip()
        if key in seen:
            continue
        seen.add(key)
        kept.append(doc)
    return kept


def expand_query(question: str, analysis: Any) -> str:
    """The question plus its key words in all four languages (glossary forms).

    Why: a Vietnamese question about a Swedish news item ("Chủ tịch UBND tỉnh Sơn La")
    shares no words with it; adding "ordförande folkkommittén Vorsitzender Volkskomitee"
    lets BM25 and the dense model find the passage in the second pass.
    """
    from answer.vocab.glossary import COMMON_CONCEPTS, CONCEPTS

    extra: list[str] = []
    for term in analysis.terms:
        if term.concept in CONCEPTS and term.concept not in COMMON_CONCEPTS:
            extra.extend(CONCEPTS[term.concept])
        elif term.display:
            extra.append(term.display)
    return " ".join([question, *dict.fromkeys(extra)])[:1500]


def search_more(holder: RetrieverHolder, query: str) -> list[Any]:
    """A second search without the retriever's province/document hints, plus one among
    the news (the translated articles a Vietnamese legal-text ranking buries)."""
    retriever = holder.get()
    documents = distinct(usable(retriever.invoke(query, k=FETCH_K, use_hints=False)))
    documents = documents[: holder.k]
    documents += usable(retriever.invoke(query, k=NEWS_K, use_hints=False, kind="news"))
    return documents


def failure_answer(exc: ModelNotInstalled | StoreUnavailable, lang: str) -> Answer:
    """A store/model problem worded for the user."""
    if isinstance(exc, ModelNotInstalled):
        text = message("model_missing", lang)
    else:
        text = message("store_unavailable", lang, error=str(exc)[:300])
    return Answer(status="not_found", answer=text, language=lang, route="unavailable")


def make_retrieve_step(holder: RetrieverHolder):
    def retrieve_step(state: PipelineState) -> PipelineState:
        if state.done or state.route != "documents":
            return state
        with state.timed("retrieve"):
            try:
                retriever = holder.get()
                if holder.is_empty(retriever):
                    state.answer = Answer(
                        status="not_found", answer=message("store_empty", state.lang),
                        language=state.lang,
                    )  # fmt: skip
                    return state
                documents = retriever.invoke(state.standalone, k=FETCH_K)
            except (ModelNotInstalled, StoreUnavailable) as exc:  # say so, don't crash
                state.answer = failure_answer(exc, state.lang)
                return state
            state.passages = from_documents(distinct(usable(documents))[: holder.k])
        return state

    return retrieve_step

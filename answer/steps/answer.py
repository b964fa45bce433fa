"""Step 5: answer from the passages — the LLM when configured and verified, else grounded.

Why this order: the optional LLM writes more fluent answers, but its output is only
kept when every kept sentence is supported by the passage it cites; anything else
(bad citation, injection obeyed, timeout, 5xx) falls back to the grounded answerer.
"""

from __future__ import annotations

from typing import Any

from answer.extractive import answer_from_passages
from answer.passages import build_passage
from answer.question import analyze
from answer.state import PipelineState
from answer.steps.retrieve import RetrieverHolder, expand_query, search_more


def merge_passages(first: list[Any], documents: list[Any]) -> list[Any]:
    """First-pass passages, then new ones from `documents`, renumbered 1..n."""
    from answer.passages import from_documents

    seen = {p.chunk_id for p in first}
    extra = [p for p in from_documents(documents) if p.chunk_id not in seen]
    merged = [*first, *extra]
    return [
        build_passage(i, p.chunk_id, p.text, p.metadata, p.score)
        for i, p in enumerate(merged, start=1)
    ]


def make_answer_step(llm: Any = None, holder: RetrieverHolder | None = None):
    def answer_step(state: PipelineState) -> PipelineState:
        if state.done or state.route != "documents":
            return state
        with state.timed("answer"):
            analysis = analyze(state.standalone, state.lang)
            state.analysis = analysis
            draft = None
            if llm is not None and state.passages:
                draft = llm.answer(state.standalone, state.lang, state.passages, analysis)
                if draft is not None:
                    state.answerer = "llm"
            if draft is None:
                draft = answer_from_passages(analysis, state.passages)
            if draft.status == "not_found" and analysis.domain and holder is not None:
                # Second chance: key words in all languages, without retrieval hints.
                with state.timed("retrieve_more"):
                    documents = search_more(holder, expand_query(state.standalone, analysis))
                merged = merge_passages(state.passages, documents)
                if len(merged) > len(state.passages):
                    retry = answer_from_passages(analysis, merged)
                    if retry.status == "answered" or not draft.missing:
                        state.passages, draft = merged, retry
            if draft.status == "not_found" and not analysis.domain:
                draft.status = "out_of_scope"
            state.draft = draft
        return state

    return answer_step

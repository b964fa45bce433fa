"""Step 5: answer from the passages — the LLM when configured and verified, else grounded.

Why this order: the optional LLM writes more fluent answers, but its output is only
kept when every kept sentence is supported by the passage it cites; anything else
(bad citation, injection obeyed, timeout, 5xx) falls back to the grounded answerer.
"""

from __future__ import annotations

from typing import Any

from answer import evidence
from answer.addressing import draft_addresses
from answer.extractive import answer_from_passages
from answer.passages import build_passage
from answer.question import analyze
from answer.state import PipelineState
from answer.steps.retrieve import RetrieverHolder, expand_query, search_more
from answer.vocab.attributes import states


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
            signed = False
            if evidence.asks_signer(analysis) and holder is not None:
                # The signature block of the asked text names its signer.
                draft = evidence.signer_draft(analysis, holder, state.passages)
                if draft is not None:
                    signed = True
                    block = draft.evidence[0].passage
                    known = {p.chunk_id: p for p in state.passages}
                    if block.chunk_id in known:
                        draft.evidence[0].passage = known[block.chunk_id]
                    else:
                        block.n = len(state.passages) + 1
                        state.passages = [*state.passages, block]
            if draft is None and llm is not None and state.passages:
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
                    state.passages = merged
                    if retry.status == "answered" or not draft.missing:
                        draft = retry
            if (
                draft.status == "answered"
                and analysis.kind == "doc_content"
                and evidence.mentions_only(analysis, state.passages)
            ):
                # The documents name the text but do not hold it: say so, show the mention.
                draft.status, draft.note, draft.value = "not_found", "mention_only", ""
            grounded = state.answerer != "llm" and not signed
            if grounded and draft.status == "answered" and not draft_addresses(analysis, draft):
                # The lexical answer's passages hold nothing of what is asked: look again
                # sentence by sentence, in every language.
                draft.status, draft.value = "not_found", ""
            if draft.status == "not_found" and holder is not None and state.answerer != "llm":
                with state.timed("evidence"):
                    draft = semantic_draft(analysis, state.passages, holder, draft)
            if grounded and draft.status == "answered" and not draft_addresses(analysis, draft):
                # Still nothing of the asked content: refuse and show it as the closest.
                draft.status, draft.note, draft.value = "not_found", "closest", ""
            if draft.status == "answered" and holder is not None:
                added = evidence.support_from_document(draft, holder, state.passages)
                if added is not None:
                    added.n = len(state.passages) + 1
                    state.passages = [*state.passages, added]
                if evidence.unsupported_numbers(draft):
                    draft.value = ""  # say only what the quotes say
            if draft.status == "answered" and unstated_attributes(analysis, draft):
                # "Street address of ward X?" answered with the clause forming ward X:
                # refuse, and show that clause as what the documents do say.
                draft.status, draft.note, draft.value = "not_found", "closest", ""
            if draft.status == "not_found" and not analysis.domain:
                draft.status, draft.evidence = "out_of_scope", []
            state.draft = draft
        return state

    return answer_step


def unstated_attributes(analysis: Any, draft: Any) -> list[str]:
    """The asked attributes (address, area, population, …) no quote of the draft states."""
    quotes = [ev.quote for ev in draft.evidence]
    return [a for a in analysis.attributes if not any(states(a, q) for q in quotes)]


def semantic_draft(analysis: Any, passages: list[Any], holder: RetrieverHolder, draft: Any) -> Any:
    """Sentence-level evidence with the embedding model when the lexical answerer found
    none (answer/evidence.py); refuses below the calibrated similarity, showing the
    closest sentence, and says so when the documents only mention the asked text."""
    if draft.note:
        return draft
    embedder = evidence.embedder_of(holder)
    if embedder is None or not passages:
        return draft
    hits = evidence.rank(analysis, evidence.own_passages(analysis, passages), embedder)
    mention = analysis.kind in ("doc_content", "generic") and analysis.doc_numbers
    if mention and evidence.mentions_only(analysis, passages):
        return evidence.closest_draft(analysis, evidence.naming(analysis, hits), "mention_only")
    if draft.missing:  # a hard fact (place, number, year) no passage holds
        return draft
    finding = evidence.choose(analysis, hits, embedder)
    if finding is None:
        return evidence.closest_draft(analysis, hits, "closest") if hits else draft
    return evidence.draft_from(analysis, finding)

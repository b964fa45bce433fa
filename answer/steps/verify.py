"""Step 6: every citation must quote its chunk verbatim and every [n] must exist.

Why a separate check: whichever answerer ran (grounded or LLM), nothing leaves the
pipeline with a quote that is not, character for character, in the cited chunk text
(after `haicap.text.normalize`), or with a marker pointing at no citation.
"""

from __future__ import annotations

import re

from answer.quotes import source_of, verbatim_form
from answer.state import PipelineState
from answer.types import Answer, Citation
from haicap.text import normalize

_MARKER = re.compile(r"\[(\d{1,2})\]")


def quote_is_verbatim(quote: str, chunk_text: str) -> bool:
    quote = normalize(quote)
    return bool(quote) and quote in normalize(chunk_text)


def quote_in_source(quote: str, metadata: dict | None) -> bool:
    """The quote stands as written (NFC, whitespace aside) in the cited source file."""
    source = source_of(metadata or {})
    core = verbatim_form(quote)
    return source is not None and bool(core) and core in source.text


def verify_citations(
    answer: Answer, texts_by_chunk: dict[str, str], metadata_by_chunk: dict | None = None
) -> Answer:
    """Drop citations whose quote is neither in their chunk nor in their source file
    (a quote is taken from the source, whose words the chunk may have repaired);
    refuse when none is left."""
    if answer.status != "answered" or answer.route != "documents":
        return answer
    metadata_by_chunk = metadata_by_chunk or {}
    valid: list[Citation] = [
        c
        for c in answer.citations
        if c.chunk_id in texts_by_chunk
        and (
            quote_is_verbatim(c.quote, texts_by_chunk[c.chunk_id])
            or quote_in_source(c.quote, metadata_by_chunk.get(c.chunk_id))
        )
    ]
    numbers = {c.n for c in valid}
    cited = {int(n) for n in _MARKER.findall(answer.body or answer.answer)}
    if not valid or not cited or not cited <= numbers:
        answer.status = "not_found"
        answer.citations = []
        return answer
    answer.citations = valid
    return answer


def verify_step(state: PipelineState) -> PipelineState:
    with state.timed("verify"):
        answer = state.answer
        if answer is not None and answer.status == "answered" and answer.route == "documents":
            texts = {p.chunk_id: p.text for p in state.passages}
            metadata = {p.chunk_id: p.metadata for p in state.passages}
            verify_citations(answer, texts, metadata)
            if answer.status != "answered":
                from answer.steps.format import compose_not_found

                state.answer = compose_not_found(state, state.draft)
    return state

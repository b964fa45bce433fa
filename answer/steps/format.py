"""Step 5/7: word the reply in the user's language around verbatim, numbered quotes.

Why: the reply frame (labels, refusals, notes) is in the user's language, quotes stay
in their source language and say so when it differs, and each quote becomes a
`Citation` [n] with the document, its numbers and the locator an official can check.
"""

from __future__ import annotations

import re

from answer.extractive import Draft, Evidence
from answer.render import finish
from answer.state import PipelineState
from answer.steps.messages import language_name, message
from answer.types import Answer, Citation
from haicap.settings import DATA_VERSION

MAX_CLOSEST = 3


def citation_for(n: int, evidence: Evidence) -> Citation:
    meta = evidence.passage.metadata
    numbers = [x.strip() for x in str(meta.get("doc_numbers") or "").split(";") if x.strip()]
    own = str(meta.get("doc_number") or "")
    if own and own not in numbers:
        numbers.insert(0, own)
    return Citation(
        n=n,
        document=str(meta.get("document") or ""),
        title=str(meta.get("title") or ""),
        doc_numbers=numbers,
        locator=str(meta.get("locator") or ""),
        quote=evidence.quote,
        chunk_id=evidence.passage.chunk_id,
        language=evidence.passage.language,
        source_url=str(meta.get("source_url") or ""),
        document_number=own,
    )


def display_quote(quote: str) -> str:
    """The quote on one line, without Markdown bold markers (the Citation keeps it raw)."""
    return re.sub(r"\s+", " ", quote.replace("**", "")).strip()


def quote_line(n: int, citation: Citation, lang: str) -> str:
    flag = ""
    if citation.language and citation.language != lang:
        flag = f" ({language_name(citation.language, lang)})"
    return f"[{n}] «{display_quote(citation.quote)}»{flag}"


def compose_answered(draft: Draft, lang: str) -> Answer:
    citations = [citation_for(i, ev) for i, ev in enumerate(draft.evidence, start=1)]
    markers = "".join(f"[{c.n}]" for c in citations)
    lines = []
    if draft.text:
        lines.append(draft.text)
    elif draft.value:
        lines.append(f"{message('answer_label', lang)}: {draft.value} {markers}")
    else:
        lines.append(f"{message('quote_intro', lang)} {markers}:")
    lines.append("")
    lines.extend(quote_line(c.n, c, lang) for c in citations)
    return Answer(status="answered", answer="\n".join(lines), language=lang, citations=citations)


def compose_not_found(state: PipelineState, draft: Draft | None) -> Answer:
    """Refusal that says what was searched, what no document mentions, and where we looked."""
    lang = state.lang
    parts = [message("not_found", lang)]
    analysis = state.analysis
    if draft is not None and draft.missing and analysis is not None:
        shown = [_display_term(analysis, key) for key in draft.missing]
        parts.append(message("not_found_missing", lang, terms=", ".join(shown)))
    parts.append(message("not_found_searched", lang, terms=f"«{state.standalone}»"))
    closest = []
    for passage in state.passages:
        label = str(passage.metadata.get("doc_number") or passage.document)
        if label and label not in closest:
            closest.append(label)
        if len(closest) >= MAX_CLOSEST:
            break
    if closest:
        parts.append(message("not_found_closest", lang, docs=", ".join(closest)))
    return Answer(status="not_found", answer=" ".join(parts), language=lang)


def _display_term(analysis, key: str) -> str:
    for term in analysis.terms:
        if term.key == key:
            return term.display or term.key
    return key


def out_of_scope_answer(lang: str) -> Answer:
    return Answer(status="out_of_scope", answer=message("out_of_scope", lang), language=lang)


def smalltalk_answer(kind: str, lang: str) -> Answer:
    key = "help" if kind == "help" else "greeting"
    return Answer(status="clarify", answer=message(key, lang), language=lang, route="smalltalk")


def empty_answer(lang: str) -> Answer:
    return Answer(status="clarify", answer=message("empty", lang), language=lang, route="smalltalk")


def compose_step(state: PipelineState) -> PipelineState:
    """Draft → Answer for the documents route (other routes set their answer earlier)."""
    with state.timed("compose"):
        if state.done:
            return state
        draft = state.draft
        if state.route == "out_of_scope" or (draft is not None and draft.status == "out_of_scope"):
            state.answer = out_of_scope_answer(state.lang)
        elif draft is not None and draft.status == "answered":
            state.answer = compose_answered(draft, state.lang)
        else:
            state.answer = compose_not_found(state, draft)
    return state


def finalize_step(state: PipelineState) -> PipelineState:
    """Extras every reply carries: route, standalone question, data version, notes, timings."""
    answer = state.answer or compose_not_found(state, None)
    if answer.route == "documents" and state.route in ("smalltalk", "address"):
        answer.route = state.route
    answer.language = answer.language or state.lang
    answer.standalone_question = answer.standalone_question or state.standalone or state.text
    answer.data_version = answer.data_version or DATA_VERSION
    finish(answer)
    if state.notes:
        answer.answer = "\n\n".join([answer.answer, *state.notes])
    answer.timings_ms = dict(state.timings)
    state.answer = answer
    return state


def render_text(answer: Answer) -> str:
    """The reply for a terminal: answer text, then one footnote per citation."""
    lines = [answer.answer]
    if answer.citations:
        lines.append("")
        for c in answer.citations:
            where = " — ".join(
                part
                for part in (c.label, c.title, c.locator)
                if part
            )
            lines.append(f"[{c.n}] {where}")
            if c.source_url:
                lines.append(f"    {c.source_url}")
    if answer.candidates:
        lines.append("")
        lines.extend(f"- {candidate}" for candidate in answer.candidates)
    return "\n".join(lines)

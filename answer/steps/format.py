"""Step 5/7: word the reply in the user's language around verbatim, numbered quotes.

Why: the reply frame (labels, refusals, notes) is in the user's language, quotes stay
in their source language and say so when it differs, and each quote becomes a
`Citation` [n] with the document, its numbers and the locator an official can check.
"""

from __future__ import annotations

from answer.extractive import Draft, Evidence
from answer.quotes import original_words
from answer.render import finish
from answer.state import PipelineState
from answer.steps.messages import message
from answer.types import Answer, Citation
from haicap.settings import DATA_VERSION

MAX_CLOSEST = 3


def citation_for(n: int, evidence: Evidence) -> Citation | None:
    """The citation of one evidence span, quoting the source document's own words
    (answer/quotes.py); None when the span is not the document's words (a heading path)."""
    meta = evidence.passage.metadata
    quote = original_words(evidence.quote, meta)
    if quote is None:
        return None
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
        quote=quote,
        chunk_id=evidence.passage.chunk_id,
        language=evidence.passage.language,
        source_url=str(meta.get("source_url") or ""),
        document_number=own,
    )


def citations_for(evidence: list[Evidence]) -> list[Citation]:
    """Numbered 1..n, evidence whose words are not in its source left out."""
    citations: list[Citation] = []
    for ev in evidence:
        citation = citation_for(len(citations) + 1, ev)
        if citation is not None:
            citations.append(citation)
    return citations


def compose_answered(draft: Draft, lang: str) -> Answer:
    """Body (value or a pointer to the quotes, with [n] markers) + one citation per quote;
    `answer.render.finish` builds the visible text, so no quote is written here."""
    citations = citations_for(draft.evidence)
    markers = "".join(f"[{c.n}]" for c in citations)
    if draft.text:
        body = draft.text
    elif draft.value:
        body = f"{message('answer_label', lang)}: {draft.value} {markers}"
    else:
        body = f"{message('quote_intro', lang)} {markers}:"
    answer = Answer(status="answered", answer="", language=lang, citations=citations, body=body)
    return finish(answer)


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
    citations = citations_for(draft.evidence) if draft is not None and draft.note else []
    if citations:
        markers = "".join(f"[{c.n}]" for c in citations)
        if draft.note == "mention_only":
            named = ", ".join(analysis.doc_numbers) if analysis is not None else ""
            parts = [message("mention_only", lang, docs=named, markers=markers)]
        else:
            parts.insert(1, message("closest_says", lang, markers=markers))
        body = " ".join(parts)
        answer = Answer(status="not_found", answer="", language=lang, citations=citations,
                        body=body)  # fmt: skip
        return finish(answer)
    return _direct("not_found", " ".join(parts), lang)


def _display_term(analysis, key: str) -> str:
    for term in analysis.terms:
        if term.key == key:
            return term.display or term.key
    return key


def _direct(status: str, text: str, lang: str, route: str = "documents") -> Answer:
    """A reply with no citation: the body is the whole text."""
    return finish(Answer(status=status, answer=text, language=lang, route=route, body=text))


def out_of_scope_answer(lang: str) -> Answer:
    return _direct("out_of_scope", message("out_of_scope", lang), lang)


def smalltalk_answer(kind: str, lang: str) -> Answer:
    key = "help" if kind == "help" else "greeting"
    return _direct("clarify", message(key, lang), lang, route="smalltalk")


def empty_answer(lang: str) -> Answer:
    return _direct("clarify", message("empty", lang), lang, route="smalltalk")


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
    if state.notes and answer.body:
        answer.body = "\n\n".join([answer.body, *state.notes])
    finish(answer)
    if state.notes and not answer.body:
        answer.answer = "\n\n".join([answer.answer, *state.notes])
    answer.timings_ms = dict(state.timings)
    state.answer = answer
    return state


def render_text(answer: Answer) -> str:
    """The terminal reply, built from the Answer object (answer/render.py)."""
    from answer.render import render_terminal

    return render_terminal(answer)

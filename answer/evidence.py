"""Sentence-level evidence chosen with the embedding model, across languages.

Why: the words of a Vietnamese or English question rarely appear in a Swedish or German
news sentence ("Chủ tịch UBND" vs "ordförande för den provinsiella folkkommittén"), so
lexical cues alone answer "not found" although the right article was retrieved. The
multilingual model puts a question (query prompt) and a sentence (document prompt) in
one space; the sentence nearest the question is the evidence, and the typed value the
question asks for (person, number, percent, date, period, document number) is then
read from that sentence only. Vectors are cached by text, so a sentence costs the model
once. A question whose best sentence stays below a calibrated similarity is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from answer.addressing import asked_items
from answer.extract import (
    DEADLINE_BEFORE,
    asks_deadline,
    find_dates,
    find_doc_mentions,
    find_percents,
    find_periods,
    find_persons,
    render_date,
)
from answer.extractive import MIN_ROLE_SHARE, Draft, Evidence, role_shares
from answer.lexmatch import has_concept
from answer.passages import Passage, Unit, heading_line_end
from answer.question import QuestionAnalysis, asked_content
from answer.quotes import original_words
from haicap.text import fold

# Cosine between the question and its best sentence below which nothing answers it;
# calibrated on dev_qa, dev_qa_public and tests/data/doc_questions.jsonl (0.30–0.60
# swept; the off-corpus questions that name real places score up to 0.64, so a typed
# question whose evidence holds no value of its type is refused as well, below).
MIN_SIMILARITY = 0.36
MAX_PASSAGES = 8
MAX_EMBED_CHARS = 500
MAX_UNITS = 60
# A second sentence is quoted too when this close to the best (multi-part questions).
SECOND_MARGIN = 0.04
# Kinds whose value is read from the evidence, and how far below the best sentence one
# holding such a value may rank and still be preferred.
TYPED_KINDS = frozenset({"person", "percent", "date", "period", "doc_number"})
TYPED_MARGIN = 0.08
# Added to a unit's cosine in proportion to the asked concepts it states (at most this).
# (0.05 and 0.10 scored the same on 136 questions; a same-language word bonus of
# 0–0.15 changed no outcome and was left out.)
CONCEPT_BONUS = 0.05
# Units this short are headings and signature lines ("Số 60-NQ/TW", "QUYẾT NGHỊ").
MIN_UNIT_WORDS = 4
# Kinds a quote without a value of the asked type never answers.
VALUE_KINDS = TYPED_KINDS | {"count"}
_MULTI_PART = re.compile(
    r"(,|\b)\s*(va|and|und|och|con|roi)\s+(\w+\s+){0,8}"
    r"(bao nhieu|nao|gi|what|which|how|who|when|wie|welche\w*|wann|wer|vilk\w+|hur|nar|vem)\b"
)


class Embedder(Protocol):
    def embed_query(self, text: str) -> list[float]: ...

    def embed_documents_array(self, texts: list[str]) -> np.ndarray: ...


@dataclass
class Hit:
    """One sentence or clause of a passage and how near it is to the question."""

    passage: Passage
    start: int
    end: int
    similarity: float
    score: float = 0.0  # similarity plus the share of the asked concepts it states

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


@dataclass
class Finding:
    """The chosen evidence: quotes (spans) and the typed value read from them."""

    hits: list[Hit]
    value: str = ""
    kind: str = ""


def embedder_of(holder: Any) -> Embedder | None:
    """The retriever's embedding model, when the retriever has one (tests may not)."""
    try:
        engine = getattr(holder.get(), "engine", None)
    except Exception:
        return None
    embeddings = getattr(engine, "embeddings", None)
    if embeddings is None or not hasattr(embeddings, "embed_documents_array"):
        return None
    return embeddings


def candidate_units(passages: list[Passage]) -> list[tuple[Passage, Unit]]:
    """Sentences of the best passages (the clauses of a long one too), the heading line
    left out; bounded, since each new sentence costs the model once."""
    units: list[tuple[Passage, Unit]] = []
    for passage in passages[:MAX_PASSAGES]:
        first_line = heading_line_end(passage.text, passage.metadata)
        seen: set[tuple[int, int]] = set()
        long_sentences = {
            u.sentence for u in passage.sentences if u.end - u.start > MAX_EMBED_CHARS
        }
        clauses = [c for c in passage.clauses if c.sentence in long_sentences]
        for unit in [*passage.sentences, *clauses]:
            if (unit.start, unit.end) in seen:
                continue
            seen.add((unit.start, unit.end))
            if first_line and unit.end <= first_line:
                continue  # the heading path the chunker wrote, not the document's words
            if len(passage.text[unit.start : unit.end].split()) < MIN_UNIT_WORDS:
                continue
            units.append((passage, unit))
    return units[:MAX_UNITS]


def rank(analysis: QuestionAnalysis, passages: list[Passage], embedder: Embedder) -> list[Hit]:
    """Every candidate unit with its cosine to the asked content, best first; a unit that
    states the asked concepts in any language ("investment" ~ "Investitionen") ranks
    above one the model finds as near without them."""
    units = candidate_units(passages)
    if not units:
        return []
    texts = [p.text[u.start : u.end][:MAX_EMBED_CHARS] for p, u in units]
    vectors = embedder.embed_documents_array(texts)
    query = np.asarray(embedder.embed_query(asked_content(analysis.text)), dtype=np.float32)
    sims = vectors @ query
    concepts, _ = asked_items(analysis)
    total = sum(t.weight for t in concepts)
    hits = []
    for (passage, unit), sim in zip(units, sims, strict=True):
        stated = sum(t.weight for t in concepts if has_concept(unit.view, str(t.concept)))
        bonus = CONCEPT_BONUS * stated / total if total else 0.0
        hits.append(Hit(passage, unit.start, unit.end, float(sim), float(sim) + bonus))
    hits.sort(key=lambda h: -h.score)
    return hits


def is_multi_part(analysis: QuestionAnalysis) -> bool:
    return bool(_MULTI_PART.search(fold(analysis.text)))


def choose(
    analysis: QuestionAnalysis, hits: list[Hit], embedder: Embedder | None = None
) -> Finding | None:
    """The evidence that answers, or None when the best sentence is not close enough."""
    quotable = [h for h in hits[:12] if _quotable(h)]
    if not quotable or quotable[0].similarity < MIN_SIMILARITY:
        return None
    best = quotable[0]
    if analysis.kind in TYPED_KINDS:
        # A near-best sentence that holds the asked type beats the best that does not.
        for hit in quotable:
            if hit.score < best.score - TYPED_MARGIN:
                break
            if typed_value(analysis, hit, None)[0]:
                best = hit
                break
    chosen = [best]
    wanted = 3 if is_multi_part(analysis) else 1
    for other in quotable:
        if other is best:
            continue
        if len(chosen) >= wanted and other.score < best.score - SECOND_MARGIN:
            break
        if len(chosen) >= max(wanted, 2):
            break
        if any(_overlaps(other, c) for c in chosen):
            continue
        chosen.append(other)
    finding = Finding(chosen)
    if analysis.kind in VALUE_KINDS and not any(typed_value(analysis, h, None)[0] for h in chosen):
        return None  # "how many km²", "who chairs X": a sentence without one does not answer
    for hit in chosen:
        value, span = typed_value(analysis, hit, embedder)
        if value:
            finding.value, finding.kind = value, analysis.kind
            if span is not None and hit is chosen[0] and analysis.kind == "person":
                chosen[0] = Hit(hit.passage, span[0], span[1], hit.similarity, hit.score)
            break
    return finding


def _overlaps(a: Hit, b: Hit) -> bool:
    return a.passage.chunk_id == b.passage.chunk_id and a.start < b.end and b.start < a.end


def _quotable(hit: Hit) -> bool:
    return original_words(hit.text, hit.passage.metadata) is not None


def typed_value(
    analysis: QuestionAnalysis, hit: Hit, embedder: Embedder | None
) -> tuple[str, tuple[int, int] | None]:
    """The value of the asked type inside the evidence (and, for a person, the span of
    the person with their office, which is then quoted instead of the whole list)."""
    text, start, end = hit.passage.text, hit.start, hit.end
    kind = analysis.kind
    if kind == "person":
        return _person(analysis, hit, embedder)
    if kind == "period":
        periods = find_periods(text, start, end)
        return (periods[0].value, None) if periods else ("", None)
    if kind == "date":
        dates = find_dates(text, start, end)
        if not dates:
            return "", None
        date = pick_date(analysis, text, dates)
        value = render_date(date, analysis.lang)
        verbatim = re.sub(r"\s+", " ", text[date.start : date.end])
        return (value if fold(value) == fold(verbatim) else f"{value} ({verbatim})"), None
    if kind == "doc_number":
        asked = {fold(n) for n in analysis.doc_numbers}
        wanted = set(analysis.doc_types)
        for mention in find_doc_mentions(text, start, end):
            if fold(mention.number) in asked:
                continue
            if wanted and mention.doc_type not in wanted:
                continue
            return mention.number, None
        return "", None
    if kind == "percent" or any(t.concept in ("percent", "growth") for t in analysis.terms):
        found = find_percents(text, start, end)
        return (found[0][0], None) if found else ("", None)
    return "", None


def pick_date(analysis: QuestionAnalysis, text: str, dates: list) -> Any:
    """The first date, or for "by what date" the first one written as a deadline."""
    if asks_deadline(analysis.text):
        for date in dates:
            if DEADLINE_BEFORE.search(text[max(0, date.start - 20) : date.start]):
                return date
    return dates[0]


def _person(
    analysis: QuestionAnalysis, hit: Hit, embedder: Embedder | None
) -> tuple[str, tuple[int, int] | None]:
    """Among the people a sentence names, the one whose office the question describes:
    each person's stretch of text (name + office) is compared with the question."""
    text = hit.passage.text
    persons = find_persons(text, hit.start, hit.end)
    # Only a person said to hold the asked office answers "who chairs X" (a list of
    # attendees with other offices, or a unit's name, does not).
    shares = role_shares(analysis, text, persons, hit.start, hit.end)
    spans = []
    for index, person in enumerate(persons):
        stop = persons[index + 1].start if index + 1 < len(persons) else hit.end
        spans.append((person.start, _trim_end(text, person.start, stop)))
    several = len(persons) > 1
    kept = [i for i, share in enumerate(shares) if share >= MIN_ROLE_SHARE]
    persons, spans = [persons[i] for i in kept], [spans[i] for i in kept]
    if not persons:
        return "", None
    if len(persons) == 1 or embedder is None:
        return persons[0].value, (spans[0] if several and len(persons) == 1 else None)
    vectors = embedder.embed_documents_array([text[s:e][:MAX_EMBED_CHARS] for s, e in spans])
    query = np.asarray(embedder.embed_query(analysis.text), dtype=np.float32)
    best = int(np.argmax(vectors @ query))
    return persons[best].value, spans[best]


def _trim_end(text: str, start: int, stop: int) -> int:
    """End a person's stretch before the separator that leads to the next one."""
    while stop > start and (text[stop - 1].isspace() or text[stop - 1] in ";,:"):
        stop -= 1
    return stop


def draft_from(analysis: QuestionAnalysis, finding: Finding) -> Any:
    """A grounded draft quoting the chosen evidence, with the typed value when found."""
    evidence = [Evidence(h.passage, h.start, h.end, h.similarity) for h in finding.hits]
    return Draft(
        "answered", analysis.kind, value=finding.value, evidence=evidence,
        coverage=finding.hits[0].similarity,
    )  # fmt: skip


def closest_draft(analysis: QuestionAnalysis, hits: list[Hit], note: str) -> Any:
    """A not_found draft that still shows the nearest quotable sentence."""
    for hit in hits[:12]:
        if _quotable(hit):
            evidence = [Evidence(hit.passage, hit.start, hit.end, hit.similarity)]
            return Draft("not_found", analysis.kind, evidence=evidence, note=note)
    return Draft("not_found", analysis.kind)


def own_passages(analysis: QuestionAnalysis, passages: list[Passage]) -> list[Passage]:
    """ "According to Resolution 60-NQ/TW, …": the asked document's own passages first."""
    asked = {fold(n) for n in analysis.doc_numbers}
    own = [p for p in passages if fold(str(p.metadata.get("doc_number") or "")) in asked]
    mine = {id(p) for p in own}
    return [*own, *(p for p in passages if id(p) not in mine)] if own else passages


def naming(analysis: QuestionAnalysis, hits: list[Hit]) -> list[Hit]:
    """The hits that name one of the question's document numbers (all when none does)."""
    asked = [fold(n) for n in analysis.doc_numbers]
    named = [h for h in hits if any(n in fold(h.text) for n in asked)]
    return named or hits


def mentions_only(analysis: QuestionAnalysis, passages: list[Passage]) -> bool:
    """The question names documents none of which is itself among the passages."""
    if not analysis.doc_numbers:
        return False
    own = {fold(str(p.metadata.get("doc_number") or "")) for p in passages}
    own_short = {n.split("/")[0] for n in own if n}
    return not any(
        fold(n) in own or fold(n).split("/")[0] in own_short for n in analysis.doc_numbers
    )


def _numbers(text: str) -> set[str]:
    return {n.lstrip("0") or "0" for n in re.findall(r"\d+", text)}


def unsupported_numbers(draft: Any) -> set[str]:
    """Numbers of the stated value that none of its quotes holds (an answer states
    nothing its citations do not say)."""
    if not draft.value:
        return set()
    quoted: set[str] = set()
    for ev in draft.evidence:
        quoted |= _numbers(ev.quote)
    return _numbers(draft.value) - quoted


def support_from_document(
    draft: Any, holder: Any, passages: list[Passage] | None = None
) -> Passage | None:
    """The sentence of the cited document that states the value's numbers, added as
    evidence ("có hiệu lực … từ ngày được thông qua" + "… thông qua ngày 16 tháng 6
    năm 2025"); returns its passage, or None when the document does not state them."""
    from answer.passages import build_passage

    missing = unsupported_numbers(draft)
    if not missing or not draft.evidence:
        return None
    document = draft.evidence[0].passage.document
    candidates = [p for p in passages or [] if p.document == document]
    try:
        chunks = holder.get().store.all_chunks(where={"document": document})
    except Exception:  # a store without a full listing: the retrieved passages only
        chunks = []
    seen = {p.chunk_id for p in candidates}
    candidates += [
        build_passage(0, c.id, c.text, c.metadata, 0.0) for c in chunks if c.id not in seen
    ]
    best: tuple[int, Passage, Unit] | None = None
    for passage in candidates:
        for unit in passage.sentences:
            words = passage.text[unit.start : unit.end]
            if best is not None and len(words) >= best[0]:
                continue
            if missing <= _numbers(words) and original_words(words, passage.metadata):
                best = (len(words), passage, unit)
    if best is None:
        return None
    _, passage, unit = best
    draft.evidence.append(Evidence(passage, unit.start, unit.end, 0.0))
    return passage if passage.chunk_id not in {p.chunk_id for p in passages or []} else None


# "TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI CHỦ TỊCH Trần Thanh Mẫn": a signature block opens with
# "on behalf of" (TM.), "for the head" (KT.), "by order" (TL./TUQ.) or "acting" (Q.).
_SIGNATURE = re.compile(r"(?<![\w.])(?:TM|KT|TL|TUQ|Q|T/M)\.\s")
MAX_SIGNATURE = 200


def asks_signer(analysis: QuestionAnalysis) -> bool:
    return analysis.kind == "person" and any(t.concept == "sign" for t in analysis.terms)


def signer_draft(analysis: QuestionAnalysis, holder: Any, passages: list[Passage]) -> Any:
    """ "Who signed resolution N?": the name in the asked document's signature block,
    read from every chunk of that document (the block sits at its very end, rarely in
    the retrieved passages); None when no asked document has one."""
    from answer.passages import build_passage

    asked = {fold(n) for n in analysis.doc_numbers}
    documents = list(
        dict.fromkeys(
            p.document for p in passages
            if not asked or fold(str(p.metadata.get("doc_number") or "")) in asked
        )
    )  # fmt: skip
    for document in documents[:2]:
        try:
            chunks = holder.get().store.all_chunks(where={"document": document})
        except Exception:
            continue
        for chunk in chunks:
            for block in _SIGNATURE.finditer(chunk.text):
                persons = find_persons(chunk.text, block.start(), block.start() + MAX_SIGNATURE)
                if not persons:
                    continue
                passage = build_passage(0, chunk.id, chunk.text, chunk.metadata, 0.0)
                pieces = verbatim_pieces(passage, block.start(), persons[0].end)
                if not pieces:
                    continue
                evidence = [Evidence(passage, a, b, 1.0) for a, b in pieces]
                return Draft("answered", analysis.kind, value=persons[0].value,
                             evidence=evidence, coverage=1.0)  # fmt: skip
    return None


def verbatim_pieces(passage: Passage, start: int, end: int) -> list[tuple[int, int]]:
    """`passage.text[start:end]` cut into the fewest runs of words each found verbatim in
    the source: a signature block laid out as a table ("TM. ỦY BAN …\\ | CHỦ TỊCH\\ | …
    Trần Thanh Mẫn") is the document's words only piece by piece. [] when a word is not
    in the source at all."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", passage.text[start:end])]
    words = [(start + a, start + b) for a, b in words]
    pieces: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        j = i
        while (
            j + 1 < len(words)
            and original_words(passage.text[words[i][0] : words[j + 1][1]], passage.metadata)
            is not None
        ):
            j += 1
        if original_words(passage.text[words[i][0] : words[j][1]], passage.metadata) is None:
            return []
        pieces.append((words[i][0], words[j][1]))
        i = j + 1
    return pieces

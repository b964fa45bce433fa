"""The grounded answerer: picks the sentence that answers, and the exact value in it.

Why no model: an official must be able to check every word, so the answer is built from
verbatim quotes of retrieved passages, chosen by answer type (count, date, person,
document number, arrangement, period) and refused when the question's hard facts
(province, document number, year, acronym) are not all in some passage or when no
passage covers enough of what the question is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from answer.extract import (
    DEADLINE_BEFORE,
    DateMention,
    asks_deadline,
    doc_type_of,
    find_arrangement,
    find_counts,
    find_dates,
    find_doc_mentions,
    find_percents,
    find_periods,
    find_persons,
    render_date,
    tidy_members,
)
from answer.lexmatch import TextView, has_concept, strip_zeros
from answer.passages import Passage, Unit
from answer.question import QuestionAnalysis, Term
from answer.vocab.glossary import COMMON_CONCEPTS
from answer.vocab.provinces import squash
from haicap.text import find_doc_numbers, fold

# Minimum share of the question's weighted terms a quote (with its passage) must cover.
MIN_COVERAGE = {"generic": 0.62, "person": 0.5}
DEFAULT_MIN_COVERAGE = 0.45
# ... and of its content words (not counting place and document) in the quote itself.
MIN_SOFT_GENERIC = 0.5
MIN_SOFT_TYPED = 0.25
MAX_QUOTE = 360
_FROM = re.compile(r"\b(tu|from|von|fran|truoc)\s*$")
_NEGATIVE = re.compile(r"\b(khong|chua|not|nicht|inte|ej|kein|keine)\b")
_QUOTED_NAME = re.compile(r"[„“\"«]([^„“”\"«»]{3,80})[“”\"»]")
_UNIT_KINDS = ("unit_target", "unit_members")
# Answer types whose values can contradict each other (one count, one date, one person).
_FACT_KINDS = ("count", "date", "period", "person")
# Words that make up an office ("deputy head of the Central Inspection Commission").
ROLE_CONCEPTS = frozenset(
    {"chairman", "vice", "head", "secretary", "minister", "permanent", "peoples_committee",
     "peoples_council", "party_committee", "inspection", "commission", "central", "politburo",
     "secretariat", "central_committee", "steering_committee", "national_assembly",
     "standing_committee", "fatherland_front", "health", "propaganda", "government",
     "delegation", "leader"}
)  # fmt: skip
MIN_ROLE_SHARE = 0.75


@dataclass
class Evidence:
    """A quote span in a passage that supports the answer."""

    passage: Passage
    start: int
    end: int
    score: float

    @property
    def quote(self) -> str:
        return self.passage.text[self.start : self.end]


@dataclass
class Draft:
    """What the grounded answerer concluded, before wording it for the user."""

    status: str  # "answered" | "not_found"
    kind: str
    value: str = ""  # the exact answer in the reply language ("" → the quote answers)
    evidence: list[Evidence] = field(default_factory=list)
    coverage: float = 0.0
    missing: list[str] = field(default_factory=list)  # hard facts found in no passage
    searched: list[str] = field(default_factory=list)  # what was looked for
    text: str = ""  # a written answer with [n] markers (LLM), used instead of `value`
    # Why a not_found draft still carries evidence: "mention_only" (the documents name
    # the asked text but do not hold it) or "closest" (what the nearest passage says).
    note: str = ""


@dataclass
class _Candidate:
    passage: Passage
    unit: Unit
    coverage: float
    value: str = ""
    value_key: str = ""
    bonus: float = 0.0
    span: tuple[int, int] | None = None  # value span, to centre the quote
    strong: bool = False  # the value is tied to the question's own document (issue date)

    @property
    def score(self) -> float:
        return self.coverage + self.bonus + 0.02 / self.passage.n


# ---------------------------------------------------------------- term matching


def term_in(term: Term, view: TextView) -> bool:
    """Does a folded text view contain a question term?"""
    if term.concept == "@province":
        return f" {term.key} " in view.joined or squash(term.key) in view.joined.replace(" ", "")
    if term.concept == "@doc":
        return term.key in view.joined
    if term.concept == "@number":
        return view.has_number(term.key)
    if term.concept in ("@acronym", "@name"):
        return f" {term.key} " in view.joined
    if term.concept:
        return has_concept(view, term.concept)
    return view.has_form(term.key)


def _passage_has(term: Term, passage: Passage) -> bool:
    if term.concept == "@province":
        return any(fold(p) == term.key for p in passage.provinces)
    assert passage.view is not None and passage.context_view is not None
    return term_in(term, passage.view) or term_in(term, passage.context_view)


def _doc_content_answer(
    analysis: QuestionAnalysis, passages: list[Passage], searched: list[str]
) -> Draft:
    """ "What does Conclusion 150-KL/TW require?": the clause that names the document and
    says something about it (its subject follows the number), best covered first."""
    doc_terms = [t for t in analysis.terms if t.concept == "@doc"]
    candidates: list[_Candidate] = []
    for passage in passages:
        in_passage = {t.key: _passage_has(t, passage) for t in analysis.terms}
        for unit in passage.clauses:
            if not all(term_in(t, unit.view) for t in doc_terms):
                continue
            cov = coverage(analysis.terms, unit, None, passage, in_passage)
            # A clause about the document (long, few other numbers) beats a list of them.
            others = len(find_doc_numbers(passage.text[unit.start : unit.end])) - len(doc_terms)
            bonus = min(unit.end - unit.start, 240) / 1000 - 0.1 * max(others, 0)
            candidates.append(_Candidate(passage, unit, cov, bonus=bonus))
    if not candidates:
        return Draft("not_found", analysis.kind, searched=searched)
    best = max(candidates, key=lambda c: c.score)
    return Draft(
        "answered",
        analysis.kind,
        evidence=[_evidence(best)],
        coverage=best.coverage,
        searched=searched,
    )


def _asked_document_present(analysis: QuestionAnalysis, passages: list[Passage]) -> bool:
    asked = {fold(n) for n in analysis.doc_numbers}
    return any(fold(str(p.metadata.get("doc_number") or "")) in asked for p in passages)


def missing_hard_terms(analysis: QuestionAnalysis, passage: Passage) -> list[str]:
    return [t.key for t in analysis.hard_terms if not _passage_has(t, passage)]


def coverage(
    terms: list[Term], unit: Unit, sentence: Unit | None, passage: Passage, in_passage: dict
) -> float:
    """Weighted share of terms found: in the clause, its sentence, or elsewhere in the passage.

    Hard terms (place, document, year) already gate the passage, so finding them only
    elsewhere in it costs little; content words count most where the quote is.
    """
    total = sum(t.weight for t in terms) or 1.0
    got = 0.0
    for term in terms:
        near, far = (0.9, 0.8) if term.hard else (0.75, 0.5)
        if term_in(term, unit.view):
            got += term.weight
        elif sentence is not None and sentence is not unit and term_in(term, sentence.view):
            got += near * term.weight
        elif in_passage.get(term.key):
            got += far * term.weight
    return got / total


def soft_coverage(terms: list[Term], unit: Unit, sentence: Unit | None) -> float:
    """Share of the question's content words (not its place/document) in the quote."""
    soft = [t for t in terms if not t.hard]
    if not soft:
        return 1.0
    total = sum(t.weight for t in soft)
    got = 0.0
    for term in soft:
        if term_in(term, unit.view):
            got += term.weight
        elif sentence is not None and sentence is not unit and term_in(term, sentence.view):
            got += 0.75 * term.weight
    return got / total


# ---------------------------------------------------------------- main entry


def answer_from_passages(analysis: QuestionAnalysis, passages: list[Passage]) -> Draft:
    """The best supported answer among `passages`, or a not_found draft saying why."""
    searched = [t.key for t in analysis.terms if t.weight >= 1.0][:8]
    if analysis.kind == "generic" and not analysis.soft_terms:
        return Draft("not_found", analysis.kind, searched=searched)  # "What is X?": too vague
    eligible: list[Passage] = []
    missing_everywhere: set[str] | None = None
    for passage in passages:
        missing = missing_hard_terms(analysis, passage)
        if missing:
            missing_everywhere = (
                set(missing) if missing_everywhere is None else missing_everywhere & set(missing)
            )
        else:
            eligible.append(passage)
    if not eligible:
        return Draft(
            "not_found",
            analysis.kind,
            missing=sorted(missing_everywhere or []),
            searched=searched,
        )

    if analysis.kind == "doc_content" and _asked_document_present(analysis, eligible):
        # What the asked text itself says: chosen by meaning, sentence by sentence
        # (answer/evidence.py), not by the clause that merely names the document.
        return Draft("not_found", analysis.kind, searched=searched)
    if analysis.kind == "doc_content":
        return _doc_content_answer(analysis, eligible, searched)

    candidates: list[_Candidate] = []
    for passage in eligible:
        in_passage = {t.key: _passage_has(t, passage) for t in analysis.terms}
        sentences = passage.sentences
        sentence_cov: dict[int, float] = {}
        for unit in passage.clauses:
            sentence = sentences[unit.sentence] if unit.sentence < len(sentences) else None
            cov = coverage(analysis.terms, unit, sentence, passage, in_passage)
            if analysis.kind != "generic" and sentence is not None and sentence is not unit:
                # A typed value is judged with its whole sentence ("trong đó có 31 xã …"
                # is one clause of "Sau khi sắp xếp, tỉnh X có …").
                if unit.sentence not in sentence_cov:
                    sentence_cov[unit.sentence] = coverage(
                        analysis.terms, sentence, None, passage, in_passage
                    )
                cov = max(cov, sentence_cov[unit.sentence])
            if cov < 0.2:
                continue
            candidates.extend(_typed(analysis, passage, unit, sentence, cov))
    candidates.extend(_own_document_candidates(analysis, eligible))

    if not candidates:
        return Draft("not_found", analysis.kind, searched=searched)
    candidates.sort(key=lambda c: -c.score)
    best = candidates[0]
    threshold = MIN_COVERAGE.get(analysis.kind, DEFAULT_MIN_COVERAGE)
    sentence = _sentence_of(best)
    soft = soft_coverage(analysis.terms, best.unit, sentence)
    min_soft = MIN_SOFT_GENERIC if not best.value else MIN_SOFT_TYPED
    if best.coverage < threshold or (soft < min_soft and not best.strong):
        return Draft("not_found", analysis.kind, coverage=best.coverage, searched=searched)
    best = _prefer_official(analysis, best, candidates, threshold)

    evidence = [_evidence(best)]
    # Corroborate from another document that gives the same value (e.g. news + law).
    if best.value_key:
        seen_docs = {best.passage.document}
        for other in candidates[1:]:
            if (
                other.value_key == best.value_key
                and other.passage.document not in seen_docs
                and other.coverage >= threshold
            ):
                evidence.append(_evidence(other))
                seen_docs.add(other.passage.document)
            if len(evidence) >= 2:
                break
    return Draft(
        "answered",
        analysis.kind,
        value=best.value,
        evidence=evidence,
        coverage=best.coverage,
        searched=searched,
    )


def authority(passage: Passage) -> int:
    """How far a source can be trusted on a fact: 2 an official text with its own number
    (a resolution, conclusion, decision), 1 the built-in knowledge generated from the
    official data, 0 anything else (news, notes, whatever an operator ingested)."""
    kind = passage.metadata.get("kind")
    if kind == "legal" and passage.metadata.get("doc_number"):
        return 2
    return 1 if kind == "builtin" else 0


def _prefer_official(
    analysis: QuestionAnalysis, best: _Candidate, candidates: list[_Candidate], threshold: float
) -> _Candidate:
    """When sources disagree on a value, the official text wins.

    Why: a note or article that states another number ("999 units", a planted or simply
    outdated figure) can match the question's words better than the resolution does; an
    official cannot act on it. Only a conflicting value is overruled: when the official
    text gives the same value, the best-worded quote stays and the law corroborates it.
    Document-number questions are left alone: a resolution that mentions an older
    directive does not contradict the article naming the newer one.
    """
    if not best.value_key or analysis.kind not in _FACT_KINDS:
        return best
    rank = authority(best.passage)
    for other in candidates:
        if authority(other.passage) <= rank or not other.value_key:
            continue
        if other.coverage < threshold:
            continue
        if other.value_key == best.value_key:
            return best
        soft = soft_coverage(analysis.terms, other.unit, _sentence_of(other))
        if other.strong or soft >= MIN_SOFT_TYPED:
            return other
    return best


def _sentence_of(candidate: _Candidate) -> Unit | None:
    sentences = candidate.passage.sentences
    index = candidate.unit.sentence
    return sentences[index] if index < len(sentences) else None


def _evidence(candidate: _Candidate) -> Evidence:
    """The clause, widened to its sentence when short enough; centred on the value."""
    passage, unit = candidate.passage, candidate.unit
    start, end = unit.start, unit.end
    sentence = passage.sentences[unit.sentence] if unit.sentence < len(passage.sentences) else None
    if sentence is not None and sentence.end - sentence.start <= MAX_QUOTE:
        start, end = sentence.start, sentence.end
    if end - start > MAX_QUOTE:
        start, end = _window(passage.text, start, end, candidate.span)
    return Evidence(passage, start, end, candidate.score)


def _window(text: str, start: int, end: int, focus: tuple[int, int] | None) -> tuple[int, int]:
    """A MAX_QUOTE-long slice around `focus`, cut at word boundaries."""
    centre = (focus[0] + focus[1]) // 2 if focus else start + MAX_QUOTE // 2
    lo = max(start, min(centre - MAX_QUOTE // 2, end - MAX_QUOTE))
    hi = min(end, lo + MAX_QUOTE)
    while lo > start and not text[lo - 1].isspace():
        lo += 1
    while hi < end and not text[hi].isspace() and hi > lo:
        hi -= 1
    return lo, hi


# ---------------------------------------------------------------- typed extraction


def _typed(
    analysis: QuestionAnalysis,
    passage: Passage,
    unit: Unit,
    sentence: Unit | None,
    cov: float,
) -> list[_Candidate]:
    kind = analysis.kind
    text = passage.text
    if kind == "count":
        return _count_candidates(analysis, passage, unit, sentence, cov)
    if kind == "date":
        return _date_candidates(analysis, passage, unit, cov)
    if kind == "period":
        return [
            _Candidate(passage, unit, cov, p.value, p.value, 0.1, (p.start, p.end))
            for p in find_periods(text, unit.start, unit.end)
        ]
    if kind == "person":
        return _person_candidates(analysis, passage, unit, cov)
    if kind == "doc_number":
        return _doc_candidates(analysis, passage, unit, cov)
    if kind == "percent":
        return [
            _Candidate(passage, unit, cov, value, value, 0.1, span)
            for value, span in find_percents(text, unit.start, unit.end)
        ]
    if sentence is not None and analysis.names:
        found = _arrangement_candidate(analysis, passage, unit, sentence, cov)
        if found:
            return [found]
    if kind in _UNIT_KINDS:
        return []
    quoted = _QUOTED_NAME.search(text, unit.start, unit.end)
    value = quoted.group(0) if quoted else ""
    return [_Candidate(passage, unit, cov, value, fold(value), 0.0)]


def _context_score(
    analysis: QuestionAnalysis, text: str, start: int, end: int, *, specific: bool = False
) -> float:
    """How many of the question's other words sit in `text[start:end]`.

    `specific` ignores the vocabulary every reform sentence shares ("sắp xếp").
    """
    window = TextView.of(text[max(0, start) : end])
    skip = set(analysis.asked_concepts)
    weight = 0.0
    for term in analysis.soft_terms:
        if term.concept in skip or term.concept in ("@name",):
            continue
        if specific and term.concept in COMMON_CONCEPTS:
            continue
        if term_in(term, window):
            weight += term.weight
    return weight


def _count_candidates(
    analysis: QuestionAnalysis, passage: Passage, unit: Unit, sentence: Unit | None, cov: float
) -> list[_Candidate]:
    asked = analysis.asked_concepts[0] if analysis.asked_concepts else None
    asked_word = analysis.asked_words[0] if analysis.asked_words else None
    found: list[_Candidate] = []
    text = passage.text
    counts = find_counts(text, unit.start, unit.end)
    earlier = find_counts(text, sentence.start, unit.start) if sentence is not None else []
    if not asked and not asked_word:
        # "Mức phụ cấp … là bao nhiêu?": nothing countable is named, so no count of
        # provinces or communes answers it (it was once answered "34 tỉnh").
        return []
    for count in counts:
        if asked:
            if count.concept != asked:
                continue
        elif asked_word:
            if not any(w.startswith(asked_word[:5]) for w in count.noun_words[:3]):
                continue
        elif count.concept is None:
            continue
        # Its own group: from the previous count of the same kind to the next one
        # ("… có 60 xã, 08 phường hình thành sau sắp xếp và 07 xã không …").
        same = [c for c in counts if c.concept == count.concept]
        index = same.index(count)
        group_start = same[index - 1].end if index else unit.start
        group_end = same[index + 1].start if index + 1 < len(same) else unit.end
        context = _context_score(analysis, text, group_start, group_end, specific=True)
        negative = bool(_NEGATIVE.search(fold(text[count.end : group_end])))
        # Earlier in the sentence = the total ("gồm 147 xã …; trong đó có 126 xã …").
        order = sum(c.concept == count.concept for c in earlier) + same.index(count)
        bonus = 0.05 * min(context, 3.0) - 0.02 * order
        if negative and not analysis.negated:
            bonus -= 0.3
        if _FROM.search(fold(text[max(unit.start, count.start - 12) : count.start])):
            # "minska från 200 kommuner … till 75": the count before the arrangement.
            bonus += 0.2 if analysis.asks_before else -0.2
        value = re.sub(r"\s+", " ", text[count.start : count.end])
        found.append(
            _Candidate(
                passage, unit, cov, value, strip_zeros(count.number), 0.1 + bonus,
                (count.start, count.end),
            )
        )  # fmt: skip
    return found


def _date_candidates(
    analysis: QuestionAnalysis, passage: Passage, unit: Unit, cov: float
) -> list[_Candidate]:
    text = passage.text
    anchors = [
        m.start()
        for number in analysis.doc_numbers
        for m in re.finditer(re.escape(fold(number)), fold(text[unit.start : unit.end]))
    ]
    issue_date = _asked_issue_date(analysis, passage)
    deadline = asks_deadline(analysis.text)
    found = []
    for date in find_dates(text, unit.start, unit.end):
        bonus = 0.1
        if anchors:
            distance = min(abs((date.start - unit.start) - a) for a in anchors)
            bonus += 0.2 if distance <= 40 else (0.05 if distance <= 120 else -0.1)
        strong = bool(issue_date and date.iso == issue_date)
        if strong:
            bonus += 0.3
        if deadline and _written_as_deadline(text, date):
            bonus += 0.2  # "by what date …": "trước ngày 30 tháng 9 năm 2025"
        value = render_date(date, analysis.lang)
        verbatim = re.sub(r"\s+", " ", text[date.start : date.end])
        if fold(verbatim) != fold(value):
            value = f"{value} ({verbatim})"
        found.append(
            _Candidate(passage, unit, cov, value, date.iso, bonus, (date.start, date.end), strong)
        )
    if not found:
        found.extend(_effective_on_adoption(analysis, passage, unit, cov))
    return found


def _written_as_deadline(text: str, date: DateMention) -> bool:
    return bool(DEADLINE_BEFORE.search(text[max(0, date.start - 20) : date.start]))


_ON_ADOPTION = re.compile(
    r"(?:kể\s+)?từ\s+ngày\s+(?:được\s+)?(?:thông\s+qua|ký(?:\s+ban\s+hành)?)", re.I
)


def _effective_on_adoption(
    analysis: QuestionAnalysis, passage: Passage, unit: Unit, cov: float
) -> list[_Candidate]:
    """ "Nghị quyết này có hiệu lực thi hành từ ngày được thông qua": the date is the
    document's own adoption date, which its metadata (read from its header) holds."""
    issued = str(passage.metadata.get("issue_date") or "")
    if not issued or not any(t.concept == "effective" for t in analysis.terms):
        return []
    if not has_concept(unit.view, "effective"):
        return []
    phrase = _ON_ADOPTION.search(passage.text, unit.start, unit.end)
    if not phrase:
        return []
    try:
        year, month, day = (int(x) for x in issued.split("-")[:3])
    except ValueError:
        return []
    date = DateMention(phrase.start(), phrase.end(), day, month, year)
    value = f"{render_date(date, analysis.lang)} ({phrase.group(0)})"
    return [_Candidate(passage, unit, cov, value, issued, 0.2, (phrase.start(), phrase.end()))]


_EVENT_CONCEPTS = frozenset({"effective", "operate", "announce", "conference", "election"})


def _asked_issue_date(analysis: QuestionAnalysis, passage: Passage) -> str:
    """The passage's own issue date when the question asks when *this* document was issued."""
    own = str(passage.metadata.get("doc_number") or "")
    issued = str(passage.metadata.get("issue_date") or "")
    if not own or not issued:
        return ""
    asked = {fold(n) for n in analysis.doc_numbers}
    own_number = own.split("/")[0].split("-")[0]
    if fold(own) not in asked and own_number not in analysis.numbers:
        return ""
    concepts = {t.concept for t in analysis.terms}
    if concepts & _EVENT_CONCEPTS and not concepts & {"adopt", "issue", "sign"}:
        return ""
    return issued


_ROLE_SPLIT = re.compile(r",|;|\b(?:och|und|and|và|sowie)\b")


def _role_share(role_terms: list[Term], phrases: list[str], asks_vice: bool) -> float:
    """Best share of the asked office found in one role phrase of a person.

    "biträdande sekreterare …, ordförande för den provinsiella folkkommittén": each
    comma-separated phrase is one office; a deputy's office does not answer a question
    about the office itself ("Bí thư" ≠ "stellvertretender Sekretär").
    """
    total = sum(t.weight for t in role_terms) or 1.0
    best = 0.0
    for phrase in phrases:
        view = TextView.of(phrase)
        if not asks_vice and has_concept(view, "vice"):
            continue
        best = max(best, sum(t.weight for t in role_terms if term_in(t, view)) / total)
    return best


def role_shares(
    analysis: QuestionAnalysis, text: str, persons: list, start: int, end: int
) -> list[float]:
    """For each person named in `text[start:end]`, how much of the office the question
    asks about ("deputy minister for …", "chairman of …") their own phrases state
    (1.0 for every person when the question does not ask who holds an office)."""
    role_terms = [t for t in analysis.soft_terms if t.concept in ROLE_CONCEPTS]
    if not role_terms or not analysis.asks_office:
        return [1.0] * len(persons)
    asks_vice = any(t.concept == "vice" for t in analysis.terms)
    shares = []
    for index, person in enumerate(persons):
        next_start = persons[index + 1].start if index + 1 < len(persons) else end
        after = text[person.end : min(next_start, person.end + 220)]
        before_start = persons[index - 1].end if index else start
        before = text[max(before_start, person.start - 60) : person.start]
        before = re.split(r"[;:,]", before)[-1]
        phrases = [before, *(p for p in _ROLE_SPLIT.split(after) if p.strip())]
        shares.append(_role_share(role_terms, phrases, asks_vice))
    return shares


def _person_candidates(
    analysis: QuestionAnalysis, passage: Passage, unit: Unit, cov: float
) -> list[_Candidate]:
    text = passage.text
    persons = find_persons(text, unit.start, unit.end)
    shares = role_shares(analysis, text, persons, unit.start, unit.end)
    found = []
    for person, share in zip(persons, shares, strict=True):
        if share < MIN_ROLE_SHARE:
            continue
        found.append(
            _Candidate(
                passage, unit, cov, person.value, fold(person.value), 0.4 * share,
                (person.start, person.end),
            )
        )  # fmt: skip
    return found


def _doc_candidates(
    analysis: QuestionAnalysis, passage: Passage, unit: Unit, cov: float
) -> list[_Candidate]:
    text = passage.text
    wanted = set(analysis.doc_types)
    asked = {fold(n) for n in analysis.doc_numbers}
    found = []
    for mention in find_doc_mentions(text, unit.start, unit.end):
        if fold(mention.number) in asked:
            continue
        if wanted and mention.doc_type not in wanted:
            continue
        context = _context_score(analysis, text, mention.start - 80, mention.end + 80)
        bonus = 0.1 + 0.03 * min(context, 4.0)
        found.append(
            _Candidate(
                passage, unit, cov, mention.number, fold(mention.number), bonus,
                (mention.start, mention.end),
            )
        )  # fmt: skip
    return found


def _own_document_candidates(
    analysis: QuestionAnalysis, passages: list[Passage]
) -> list[_Candidate]:
    """ "Which resolution arranges Hà Nội's communes?" — the retrieved law itself."""
    if analysis.kind != "doc_number" or analysis.doc_numbers:
        return []
    found = []
    for passage in passages:
        number = str(passage.metadata.get("doc_number") or "")
        if not number:
            continue

        if analysis.doc_types and doc_type_of(number) not in analysis.doc_types:
            continue
        title = str(passage.metadata.get("title") or "")
        title_view = TextView.of(title + " " + str(passage.metadata.get("heading") or ""))
        title_cov = sum(t.weight for t in analysis.terms if term_in(t, title_view)) / (
            sum(t.weight for t in analysis.terms) or 1.0
        )
        if not passage.clauses:
            continue
        # Quote the clause of this passage that best matches the question.
        in_passage = {t.key: _passage_has(t, passage) for t in analysis.terms}
        best_unit = max(
            passage.clauses,
            key=lambda u: coverage(analysis.terms, u, None, passage, in_passage),
        )
        unit_cov = coverage(analysis.terms, best_unit, None, passage, in_passage)
        cov = max(title_cov, unit_cov)
        value = number
        found.append(
            _Candidate(passage, best_unit, cov, value, fold(number), 0.15 + 0.1 * title_cov)
        )
    return found


def _arrangement_candidate(
    analysis: QuestionAnalysis, passage: Passage, unit: Unit, sentence: Unit, cov: float
) -> _Candidate | None:
    """Old units → new unit (or the reverse), decided by where the question's names sit."""
    text = passage.text
    arrangement = find_arrangement(text, sentence.start, sentence.end)
    if arrangement is None:
        return None
    members_view = TextView.of(arrangement.members.value)
    new_key = fold(arrangement.new_name)
    in_members = [n for n in analysis.names if f" {n} " in members_view.joined]
    is_new = [n for n in analysis.names if n == new_key]
    if not in_members and not is_new:
        return None
    wants_members = analysis.kind == "unit_members" or (is_new and not in_members)
    if wants_members and is_new:
        value = tidy_members(arrangement.members.value)
        span = (arrangement.members.start, arrangement.members.end)
        share = 1.0
    elif in_members and analysis.kind != "unit_members":
        value = arrangement.new_unit.value
        span = (arrangement.new_unit.start, arrangement.new_unit.end)
        share = len(in_members) / len(analysis.names)
    else:
        return None
    return _Candidate(passage, sentence, cov, value, fold(value), 0.3 * share, span)

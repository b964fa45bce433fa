"""Does the evidence state what the question asks about?

Why: the nearest sentence of the nearest document can be about something else ("how
high is the unemployment rate in Son La?" meets "a reduction by 62.5 %"; "when are the
exam results out?" meets the date of a government proposal). The answer then does not
address the question, which is worse than a refusal. The check is lexical and
deliberately lenient: it refuses only when *none* of the asked content is in the cited
passages. Glossary concepts are checked in every language; plain words only where the
passage is in the question's language (a German word is not expected in a Vietnamese
clause). Vietnamese words count as pairs of syllables ("thu hút", "lĩnh vực"): single
syllables occur everywhere.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from answer.lexmatch import TextView, has_concept
from answer.question import QuestionAnalysis, Term, asked_content
from answer.vocab.glossary import COMMON_CONCEPTS
from haicap.text import fold

# Fewer checkable items than this: too little to judge, the evidence is kept.
MIN_ITEMS = 2


def _content_terms(analysis: QuestionAnalysis) -> list[Term]:
    content = asked_content(analysis.text)
    words = set(re.findall(r"\w+", fold(content)))
    view = TextView.of(content)

    def asked(term: Term) -> bool:
        if term.concept:  # keyed by the concept id: look for any of its forms
            return has_concept(view, term.concept)
        return all(w in words for w in term.key.split())

    return [
        t
        for t in analysis.soft_terms
        if not (t.concept or "").startswith("@") and t.concept not in COMMON_CONCEPTS and asked(t)
    ]


def _vietnamese_pairs(analysis: QuestionAnalysis, terms: list[Term]) -> list[str]:
    """Adjacent content syllables of the asked content, as "a b" pairs."""
    plain = {t.key for t in terms if not t.concept and " " not in t.key}
    words = re.findall(r"\w+", fold(asked_content(analysis.text)))
    return [f"{a} {b}" for a, b in itertools.pairwise(words) if a in plain and b in plain]


def plain_items(analysis: QuestionAnalysis) -> list[str]:
    """The asked content's own words (Vietnamese: syllable pairs), for same-language
    passages."""
    terms = _content_terms(analysis)
    if analysis.lang.startswith("vi"):
        return _vietnamese_pairs(analysis, terms)
    return [t.key for t in terms if not t.concept]


def _same_language(question_lang: str, passage_lang: str) -> bool:
    return (question_lang or "")[:2] == (passage_lang or "")[:2] and bool(passage_lang)


def addresses(analysis: QuestionAnalysis, passages: list[Any]) -> bool:
    """True unless the question's asked content can be checked in `passages` and none
    of it is there."""
    terms = _content_terms(analysis)
    concepts = [t for t in terms if t.concept]
    views = [(TextView.of(p.text), p.language) for p in passages]
    if any(has_concept(view, str(t.concept)) for t in concepts for view, _ in views):
        return True
    items = len(concepts)
    same = [view for view, lang in views if _same_language(analysis.lang, lang)]
    if same:
        plain = plain_items(analysis)
        items += len(plain)
        if any(view.has_form(form) for form in plain for view in same):
            return True
    return items < MIN_ITEMS


def draft_addresses(analysis: QuestionAnalysis, draft: Any) -> bool:
    passages = list({id(ev.passage): ev.passage for ev in draft.evidence}.values())
    return not passages or addresses(analysis, passages)

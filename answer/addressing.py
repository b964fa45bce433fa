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


def asked_items(analysis: QuestionAnalysis) -> tuple[list[Term], list[str]]:
    """What is asked, leaving out the attribution clause and the concepts every reform
    passage is full of: (its glossary concepts, its own words — Vietnamese as pairs of
    adjacent syllables)."""
    content = asked_content(analysis.text)
    words = re.findall(r"\w+", fold(content))
    view = TextView.of(content)
    concepts: list[Term] = []
    plain: list[str] = []
    for term in analysis.soft_terms:
        if (term.concept or "").startswith("@") or term.concept in COMMON_CONCEPTS:
            continue
        if term.concept:  # keyed by the concept id: look for any of its forms
            if has_concept(view, term.concept):
                concepts.append(term)
        elif all(w in words for w in term.key.split()):
            plain.append(term.key)
    if analysis.lang.startswith("vi"):
        single = {k for k in plain if " " not in k}
        plain = [f"{a} {b}" for a, b in itertools.pairwise(words) if a in single and b in single]
    return concepts, plain


def _same_language(question_lang: str, passage_lang: str) -> bool:
    return (question_lang or "")[:2] == (passage_lang or "")[:2] and bool(passage_lang)


def addresses(analysis: QuestionAnalysis, passages: list[Any]) -> bool:
    """True unless the question's asked content can be checked in `passages` and none
    of it is there."""
    concepts, plain = asked_items(analysis)
    views = [(p.view or TextView.of(p.text), p.language) for p in passages]
    if any(has_concept(view, str(t.concept)) for t in concepts for view, _ in views):
        return True
    items = len(concepts)
    same = [view for view, lang in views if _same_language(analysis.lang, lang)]
    if same:
        items += len(plain)
        if any(view.has_form(form) for form in plain for view in same):
            return True
    return items < MIN_ITEMS


def draft_addresses(analysis: QuestionAnalysis, draft: Any) -> bool:
    passages = list({id(ev.passage): ev.passage for ev in draft.evidence}.values())
    return not passages or addresses(analysis, passages)

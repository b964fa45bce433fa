"""Folded, language-tolerant term matching between a question and a passage.

Why: the grounded answerer and the LLM citation check both ask "does this text say
that?"; they must tolerate missing diacritics, German/Swedish compounds, inflection
and the four languages, yet stay strict on numbers, document numbers and places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from answer.vocab.glossary import CONCEPTS, FORM_INDEX
from haicap import languages
from haicap.text import fold

_TOKEN = re.compile(r"\d+(?:[-/][a-z0-9]+)+|\d+(?:[.,]\d+)*|[^\W\d_]+")


def fold_tokens(text: str) -> list[str]:
    """Folded tokens; document numbers ("1681/nq-ubtvqh15") stay whole."""
    return _TOKEN.findall(fold(text))


def strip_zeros(number: str) -> str:
    """ "09" and "9" are the same count."""
    stripped = number.lstrip("0")
    return stripped or "0"


@dataclass
class TextView:
    """A text prepared for repeated term lookups: folded tokens joined by spaces."""

    tokens: list[str]
    joined: str = ""
    numbers: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, text: str) -> TextView:
        tokens = fold_tokens(text)
        numbers = frozenset(strip_zeros(part) for tok in tokens for part in re.findall(r"\d+", tok))
        return cls(tokens, " " + " ".join(tokens) + " ", numbers)

    def has_form(self, form: str) -> bool:
        """A glossary form or plain word: exact, inflected (prefix) or inside a compound."""
        if " " in form:
            if f" {form} " in self.joined:
                return True
            head, _, last = form.rpartition(" ")
            return len(last) >= 4 and f" {head} {stem(last)}" in self.joined
        if f" {form} " in self.joined:
            return True
        if len(form) >= 5 and f" {stem(form)}" in self.joined:
            return True
        return len(form) >= 7 and form in self.joined

    def has_number(self, number: str) -> bool:
        """Digits, or the Roman numeral Vietnamese political texts number terms and
        congresses with ("khóa XVI" for the 16th National Assembly); from 11 up, since
        "vi", "v", "x" are ordinary words."""
        value = strip_zeros(number)
        if value in self.numbers:
            return True
        roman = to_roman(int(value)) if value.isdigit() and 11 <= int(value) <= 39 else ""
        return bool(roman) and f" {roman} " in self.joined


def to_roman(value: int) -> str:
    """Lower-case Roman numeral of 1–39 (the range congress and term numbers use)."""
    tens, ones = divmod(value, 10)
    units = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")
    return "x" * tens + units[ones]


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude prefix stem that survives inflection in en/de/sv ("communes" → "commun")."""
    if len(word) < 5:
        return word
    return word[: max(5, len(word) - 2)]


@lru_cache(maxsize=256)
def concept_forms(concept: str) -> tuple[str, ...]:
    return CONCEPTS[concept]


def has_concept(view: TextView, concept: str) -> bool:
    return any(view.has_form(form) for form in concept_forms(concept))


def concept_at(tokens: list[str], index: int) -> tuple[str, int] | None:
    """The longest glossary form starting at `tokens[index]`: (concept, length)."""
    if index >= len(tokens):
        return None
    for words, concept in FORM_INDEX.get(tokens[index], ()):
        size = len(words)
        if tuple(tokens[index : index + size]) == words:
            return concept, size
    # Inflected single words ("gemeinden", "kommunerna") by prefix.
    word = tokens[index]
    for size in range(len(word), 4, -1):
        concept = _STEM_INDEX.get(word[:size])
        if concept:
            return concept, 1
    return None


def _stem_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for concept, forms in CONCEPTS.items():
        for form in forms:
            if " " not in form and len(form) >= 5:
                index.setdefault(stem(form), concept)
    return index


_STEM_INDEX: dict[str, str] = {}


def _rebuild() -> None:
    """Follow the glossary when a language is registered (after answer.vocab.glossary,
    which registered first)."""
    _STEM_INDEX.clear()
    _STEM_INDEX.update(_stem_index())
    concept_forms.cache_clear()


_rebuild()
languages.on_change(_rebuild)

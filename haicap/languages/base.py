"""What one language must provide: the `Language` record every language file fills in.

Why a frozen record: a language file that forgets a table fails at import, not at the
first reply in that language; tests/test_languages.py then checks the keys inside each
table match across languages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any


def words(text: str) -> frozenset[str]:
    """A set of whitespace-separated words (keeps long word lists readable)."""
    return frozenset(text.split())


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as users type it after /lang
    name: str  # its own name ("Deutsch")
    names: Mapping[str, str]  # every language's name as this one writes it
    bot: Mapping[str, str]  # the Telegram bot's strings
    bot_commands: Mapping[str, str]  # the bot's command menu
    bot_examples: tuple[str, ...]  # tappable example questions
    messages: Mapping[str, str]  # the answer pipeline's sentences
    chat: Mapping[str, str]  # the terminal chat's lines
    facts: Mapping[str, str]  # the facts lane's sentences
    unit_types: Mapping[str, tuple[str, str]]  # "Xã" -> (singular, plural)
    and_word: str  # the last joint of a list
    thousands: str  # thousands separator
    address: Mapping[str, str]  # the address answer's frames
    months: tuple[str, ...]  # month names, or () when months are numbered
    short_date: str  # {day} {month} {month_name} {year}
    long_date: str  # the same fields, for dates read from documents
    detect_words: frozenset[str]  # folded words that identify the language
    detect_cues: Callable[[str], Iterable[float]]  # score bonuses a single word earns
    short_signals: frozenset[str]  # folded words that identify a very short question
    stopwords: frozenset[str]  # folded function words, ignored when matching
    cues: Mapping[str, tuple[str, ...]]  # the router's cue phrases (folded regexes) by kind
    glossary: Mapping[str, tuple[str, ...]]  # glossary concept id -> folded forms
    # Words naming a document's type right before its number, as written (diacritics
    # kept, matched case-insensitively): type code ("NQ", "CT", …) -> regex fragments.
    doc_type_words: Mapping[str, tuple[str, ...]]
    number_words: tuple[str, ...]  # "số", "no.": between a type word and the number
    frame_words: tuple[str, ...]  # an address question's words around a name, as typed
    chars_per_token: float  # text length per embedding token (chunk sizing)

    @classmethod
    def from_tables(cls, tables: Mapping[str, Any]) -> Language:
        """The record from a language file's tables: field `x` is the file's `X` (but
        `and_word` is `AND`, `detect_cues` the function). A missing table fails here,
        when the file is imported."""
        names = {"and_word": "AND", "detect_cues": "detect_cues"}
        return cls(**{f.name: tables[names.get(f.name, f.name.upper())] for f in fields(cls)})

    def date(self, iso: str, form: str = "short") -> str:
        """ "2025-07-01" in this language's short or long form."""
        year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
        return self.format_date(day, month, year, form)

    def format_date(self, day: int, month: int, year: int, form: str = "short") -> str:
        pattern = self.short_date if form == "short" else self.long_date
        name = self.months[month - 1] if self.months else str(month)
        return pattern.format(day=day, month=month, month_name=name, year=year)

"""The language registry: which languages haicap speaks, and everything each one says.

Why one home: the supported languages, their user-facing strings (bot, answers, facts,
address frames, terminal chat), month names and date forms, and the words that detect
them used to live in seven modules. Each language is now one file (`vi.py`, `en.py`, …)
filling a `Language` record; adding a language is one new file plus its line in
`_FILES` below (and its tests). Consumers ask this module, never hold their own table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from haicap.languages import de, en, sv, vi
from haicap.languages.base import Language
from haicap.text import fold

DEFAULT = "vi"  # when nothing tells the language apart, and the bot's first language
SOURCE = "vi"  # the language of the place names and legal texts (type words follow it)
FOREIGN = "en"  # what an answer to an unknown language code is written in

_FILES = (vi, en, de, sv)
_REGISTRY: dict[str, Language] = {file.LANGUAGE.code: file.LANGUAGE for file in _FILES}
# Consumers that assemble tables from every language at import (the glossary, cue
# patterns) rebuild them when the registry changes, so a language added at run time
# takes effect everywhere (tests register a made-up one).
_LISTENERS: list[Callable[[], None]] = []


def codes() -> tuple[str, ...]:
    """The supported language codes, in menu order (the default first)."""
    return tuple(_REGISTRY)


def code_list() -> str:
    """ "vi, en, de, sv" — for messages that tell the user what they may choose."""
    return ", ".join(_REGISTRY)


def all_languages() -> tuple[Language, ...]:
    return tuple(_REGISTRY.values())


def is_supported(code: str | None) -> bool:
    return code in _REGISTRY


def get(code: str) -> Language:
    """The language `code`; KeyError when it is not supported."""
    return _REGISTRY[code]


def find(code: str | None, fallback: str) -> Language:
    """The language `code`, or the `fallback` language when it is not supported."""
    return _REGISTRY.get(code or "", _REGISTRY[fallback])


def register(language: Language) -> None:
    """Add (or replace) a language at run time; tests use it to prove a new language
    flows through every consumer without touching them."""
    _REGISTRY[language.code] = language
    _changed()


def unregister(code: str) -> None:
    if code in (DEFAULT, FOREIGN):
        raise ValueError(f"{code} is a fallback language and cannot be removed")
    _REGISTRY.pop(code, None)
    _changed()


def on_change(rebuild: Callable[[], None]) -> None:
    """Call `rebuild` whenever a language is registered or removed (after the change)."""
    _LISTENERS.append(rebuild)


def _changed() -> None:
    for rebuild in _LISTENERS:
        rebuild()


# --- consumers' lookups ------------------------------------------------------------------


def address_phrase(key: str, lang: str, **values: object) -> str:
    """The address answer's frame `key` in `lang` (the default language when unknown)."""
    return find(lang, DEFAULT).address[key].format(**values)


def cue_pattern(kind: str) -> str:
    """Every language's cue phrases of one kind as one regex alternation, in registry
    order (the reader adds anchors or word boundaries around it). A language may lack
    a kind (tests/test_languages.py: CUES_MAY_LACK says which and why)."""
    return "|".join(
        cue for language in _REGISTRY.values() for cue in language.cues.get(kind, ())
    )


def glossary() -> dict[str, tuple[str, ...]]:
    """Every language's glossary joined: concept id -> the forms of all languages, in
    registry order (the first language's concepts first, in its order)."""
    joined: dict[str, tuple[str, ...]] = {}
    for language in _REGISTRY.values():
        for concept, forms in language.glossary.items():
            joined[concept] = joined.get(concept, ()) + tuple(forms)
    return joined


def all_stopwords() -> frozenset[str]:
    """Every language's folded function words (a question's language may be mis-guessed)."""
    return frozenset().union(*(language.stopwords for language in _REGISTRY.values()))


# --- detection ---------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """Which supported language `text` is written in; the default when nothing tells.

    Why a home-made detector: a handful of languages, offline, and it must also catch
    Vietnamese typed without diacritics on a phone ("tinh ca mau co bao nhieu phuong").
    Each word earns its language's letter cues and one point per known function word;
    ingestion labels chunks with it and retrieval tunes fusion by it.
    """
    words = _WORD.findall(unicodedata.normalize("NFC", text or ""))
    if not words:
        return DEFAULT
    scores = dict.fromkeys(_REGISTRY, 0.0)
    for word in words:
        folded = fold(word)
        for code, language in _REGISTRY.items():
            for bonus in language.detect_cues(word):
                scores[code] += bonus
            if folded in language.detect_words:
                scores[code] += 1
    best = max(_REGISTRY, key=lambda code: (scores[code], code == DEFAULT))
    return best if scores[best] > 0 else DEFAULT


def detect_question_language(text: str) -> str:
    """`detect_language`, helped on very short questions ("hej", "und?") by each language's
    short-question words; on a tie those words prefer a language over the default."""
    base = detect_language(text)
    words = _WORD.findall(fold(text))
    votes = {
        code: sum(word in _REGISTRY[code].short_signals for word in words)
        for code in _by_default_last()
    }
    best = max(votes, key=lambda code: votes[code])
    if votes[best] > votes.get(base, 0):
        return best
    return base


def _by_default_last() -> Iterator[str]:
    yield from (code for code in _REGISTRY if code != DEFAULT)
    yield DEFAULT


__all__ = [
    "DEFAULT",
    "FOREIGN",
    "SOURCE",
    "Language",
    "address_phrase",
    "all_languages",
    "all_stopwords",
    "code_list",
    "codes",
    "cue_pattern",
    "detect_language",
    "detect_question_language",
    "find",
    "get",
    "glossary",
    "is_supported",
    "on_change",
    "register",
    "unregister",
]


def language_name(source: str, reply: str) -> str:
    """How a reply in `reply` names the language `source` ("German", "tiếng Đức")."""
    return find(reply, FOREIGN).names.get(source, source)

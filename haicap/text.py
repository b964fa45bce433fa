"""Vietnamese text normalisation shared by ingestion, retrieval and the address resolver.

Why one module: every comparison in haicap (chunk hashes, BM25 tokens, address
matching, quote verification) must see the same canonical text, or a quote taken
from an NFD PDF would not be found in its NFC chunk.
"""

from __future__ import annotations

import re
import unicodedata

# Combining tone marks (the five Vietnamese tones). Vowel-shape marks (circumflex,
# breve, horn) are not tones and never move.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_CLASS = f"[{_TONES}]"

# Old ("hoà", "thuỷ", "khoẻ") vs. new ("hòa", "thủy", "khỏe") placement: in an open
# syllable whose nucleus is oa / oe / uy, the tone goes on the first vowel. A syllable
# with a final consonant ("hoàng", "thuyền") is the same in both styles. "qu" + y is
# a consonant + vowel, so "quý" keeps its mark.
_OLD_PLACEMENT = re.compile(
    rf"(?<![qQ])([oOuU])([aAeEyY])({_TONE_CLASS})(?![\w\u0300-\u036f])"
)

_DEBRIS_ESCAPE = re.compile(r"\\([.\-*_#\[\]()!>+`|~\\])")
_WHITESPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")

# Document numbers: "1681/NQ-UBTVQH15", "150-KL/TW", "60-NQ/TW", "45-CT/TW",
# "1450-QĐ/TU", "203/2025/QH15", "47-KH/BCĐ". A number, then at least one
# separator-joined group that contains an upper-case letter.
DOC_NUMBER = re.compile(
    r"(?<![\w/-])(\d{1,5}(?:/\d{4})?[-/][A-ZĐ][A-ZĐ0-9]*(?:[-/][A-ZĐ0-9]+)*)(?![\w])"
)

DOC_NUMBER_LOOSE = re.compile(DOC_NUMBER.pattern, re.IGNORECASE)

# Lexical tokens: document numbers stay whole; everything else is a word.
_LEX_TOKEN = re.compile(r"\d+(?:[-/][a-z0-9]+)+|\w+")


def nfc(text: str) -> str:
    """NFC-normalise; the corpus mixes NFC and NFD."""
    return unicodedata.normalize("NFC", text)


def unify_tones(text: str) -> str:
    """Move tone marks to one placement ("hoà" → "hòa", "thuỷ" → "thủy")."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_PLACEMENT.sub(r"\1\3\2", decomposed)
    return unicodedata.normalize("NFC", moved)


def normalize(text: str) -> str:
    """Canonical form for storage and display: NFC, unified tones, tidy spaces."""
    text = unify_tones(nfc(text))
    text = _WHITESPACE.sub(" ", text)
    return text.strip()


def fold(text: str) -> str:
    """Lower-case, strip every diacritic and map đ→d, for lexical matching only."""
    decomposed = unicodedata.normalize("NFD", nfc(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "d")


def lexical_tokens(text: str) -> list[str]:
    """Folded tokens for BM25 in which "1681/nq-ubtvqh15" is one token."""
    return _LEX_TOKEN.findall(fold(text))


def find_doc_numbers(text: str, *, loose: bool = False) -> list[str]:
    """Document numbers named in a text, in first-seen order, upper-cased.

    ``loose`` also accepts lower case, for questions typed on a phone ("150-kl/tw").
    """
    pattern = DOC_NUMBER_LOOSE if loose else DOC_NUMBER
    seen: dict[str, None] = {}
    for match in pattern.finditer(nfc(text)):
        seen.setdefault(match.group(1).upper(), None)
    if loose:
        for number in _typed_doc_numbers(nfc(text)):
            seen.setdefault(number, None)
    return list(seen)


# Numbers typed without separators: "nq 60 tw", "60 nq tw", "kl150/tw", "nq 1681 ubtvqh15".
_PARTY_TYPED = re.compile(
    r"(?<![\w/-])(?:(nq|kl|ct|qd|qđ|kh)\s*[-.]?\s*(\d{1,4})|(\d{1,4})\s*[-.]?\s*(nq|kl|ct|qd|qđ|kh))"
    r"\s*[-/]?\s*tw(?![\w])",
    re.IGNORECASE,
)
_ASSEMBLY_TYPED = re.compile(
    r"(?<![\w/-])(?:nq\s*[-.]?\s*(\d{3,5})|(\d{3,5})\s*[-.]?\s*nq)\s*[-/]?\s*(ubtvqh\d{2})(?![\w])",
    re.IGNORECASE,
)


def _typed_doc_numbers(text: str) -> list[str]:
    """The canonical numbers of documents typed without their separators."""
    found = []
    for m in _PARTY_TYPED.finditer(text):
        code = (m.group(1) or m.group(4)).upper().replace("Đ", "D")
        found.append(f"{m.group(2) or m.group(3)}-{code}/TW")
    for m in _ASSEMBLY_TYPED.finditer(text):
        found.append(f"{m.group(1) or m.group(2)}/NQ-{m.group(3).upper()}")
    return found


def clean_markdown_debris(text: str) -> str:
    """Undo pandoc escapes (``1\\.``), emphasis markers and table rules."""
    text = _DEBRIS_ESCAPE.sub(r"\1", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?m)^\s*[-=+|: ]{6,}\s*$", "", text)
    return text

"""Find a parsed sentence in its source file and return the source's own words.

Why: the parsers work on cleaned text (Markdown marks dropped, tones unified, glued
words split), but a «quote» must be the document's words as they stand, after NFC and
whitespace collapsing only. Aligning word by word against the raw file and cutting the
span wherever the source has markup between two words ("là **xã Hưng Điền**") gives
verbatim parts, joined with " … " the way a trimmed quote is written.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left

_SPACES = re.compile(r"\s+")
_MARKUP = frozenset("*\\_#|`>~")
ELLIPSIS = " … "


def verbatim_form(text: str) -> str:
    """NFC + collapsed whitespace: the only changes a quote may make to its source."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _fold_char(ch: str) -> str:
    """One character folded to one character: lower case, no diacritics, đ→d."""
    base = unicodedata.normalize("NFD", ch.lower())[:1]
    return "d" if base == "đ" else base


def _skeleton(text: str) -> tuple[str, list[int]]:
    """Folded text without spaces and markup, and where each of its characters stands."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in _MARKUP:
            continue
        chars.append(_fold_char(ch))
        where.append(i)
    return "".join(chars), where


class SourceText:
    """A source file in verbatim form, indexed once for many look-ups.

    Matching ignores spaces, markup, case and diacritics, so a cleaned sentence
    ("Thới Lai và Châu Hưng", tones unified) finds its raw original ("Thới Laivà Châu
    Hưng", "hoà"); the quote is then cut from the raw text itself.
    """

    def __init__(self, raw: str) -> None:
        self.text = verbatim_form(raw)
        self.skeleton, self.where = _skeleton(self.text)

    def find(self, cleaned: str, start: int = 0) -> tuple[int, int] | None:
        """Character range [i, j) of `self.text` holding `cleaned`, searched from `start`."""
        wanted, _ = _skeleton(verbatim_form(cleaned))
        if not wanted:
            return None
        first = bisect_left(self.where, start)
        at = self.skeleton.find(wanted, first)
        if at < 0:
            return None
        return self.where[at], self.where[at + len(wanted) - 1] + 1

    def quote(self, cleaned: str, start: int = 0) -> str:
        """The source's words for `cleaned`, markup cut out as " … "; "" when not found."""
        found = self.find(cleaned, start)
        return self.quote_range(*found) if found else ""

    def quote_range(self, i: int, j: int) -> str:
        """`self.text[i:j]` split wherever markup stands, word-bearing parts only."""
        pieces = re.split(r"[*\\_#|`>~]+", self.text[i:j])
        kept = [p.strip() for p in pieces if re.search(r"[^\W_]", p)]
        return ELLIPSIS.join(kept)


def strip_number(clause_text: str) -> str:
    """ "97. Sau khi sắp xếp …" → "Sau khi sắp xếp …" (the number is cited as the locator)."""
    return re.sub(r"^\s*\d{1,3}\s*\.\s*", "", clause_text)


def is_verbatim(quote: str, source: str) -> bool:
    """Every " … "-joined part of `quote` stands in `source` as written (NFC + spaces)."""
    parts = [verbatim_form(p) for p in re.split(r"…|\.\.\.", quote)]
    parts = [p for p in parts if p]
    haystack = verbatim_form(source)
    return bool(parts) and all(p in haystack for p in parts)

"""What a unit-fact question asks: its kinds (count, list, unchanged, …), the unit type,
and whether it also asks something the structured data cannot say.

Why cue words and not embeddings: the kinds are few and marked by short fixed phrases
in each language ("bao nhiêu", "how many", "wie viele", "hur många"); the places come
from the gazetteer (see retrieval/unitfacts/places). A question that matches no kind,
or asks for a person, a percentage, an area …, is left to the documents lane.
All patterns run on folded text (lower case, no diacritics, đ→d).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from haicap.languages import cue_pattern
from haicap.text import fold, nfc


def _words(kind: str) -> re.Pattern[str]:
    """Every language's cue phrases of `kind` as whole words (haicap/languages)."""
    return re.compile(rf"\b({cue_pattern(kind)})\b")


_COUNT = _words("fact_count")
_LIST = _words("fact_list")
_UNCHANGED = _words("fact_unchanged")
_COMPOSITION = _words("fact_composition")
_OLD_TO_NEW = _words("fact_old_units")
_PROVINCE_ASK = _words("fact_province")
_CENTRE = _words("fact_centre")
_PROVINCE_LEVEL = _words("fact_province_level")
_EFFECTIVE = _words("fact_effective")
_RESOLUTION_ASK = _words("fact_resolution")
_OLD_GOVERNMENT = _words("fact_old_government")
# Things the structured data cannot say: leave the question to the documents. Percent
# signs and square kilometres are no language's words.
_BEYOND = re.compile(rf"({cue_pattern('fact_beyond')}|%|km2)")
_TYPE_WORDS = {
    "Đặc khu": _words("type_special_zone"),
    "Phường": _words("type_ward"),
    "Xã": _words("type_commune"),
}
_ALL_UNITS = _words("fact_all_units")
# What a count counts: a unit word within a few words after the cue ("bao nhiêu xã",
# "how many communes", "Anzahl der Gemeinden"); "wie viele unerledigte Aufgaben" counts
# something the unit data does not hold.
# The nouns of the units the data counts, in every language (folded). The router's
# fact cues use the same list (answer/router/signals.py).
def unit_nouns() -> str:
    """The unit nouns of every registered language as one regex group."""
    return f"(?:{cue_pattern('unit_nouns')})"


_UNIT_NOUN = re.compile(rf"\b{unit_nouns()}\b")
_NATION = _words("fact_nation")


@dataclass
class FactQuestion:
    text: str
    folded: str
    kinds: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)  # unit types named ("Xã", "Phường", …)
    beyond: bool = False  # also asks something the data cannot say
    nation: bool = False
    old_government: bool = False  # asks whether the old authorities keep working


def read_question(question: str) -> FactQuestion:
    text = nfc(question or "")[:2000]
    folded = re.sub(r"\s+", " ", fold(text)).strip()
    # "thị xã" (a former town) and "cấp xã" (commune level) name no unit type
    without_towns = re.sub(r"\b(thi xa|cap xa)\b", " ", folded)
    q = FactQuestion(text, folded)
    q.types = [t for t, pattern in _TYPE_WORDS.items() if pattern.search(without_towns)]
    q.beyond = bool(_BEYOND.search(folded))
    q.nation = bool(_NATION.search(folded))
    q.old_government = bool(_OLD_GOVERNMENT.search(folded))
    cues = {
        "count": _COUNT,
        "list": _LIST,
        "unchanged": _UNCHANGED,
        "composition": _COMPOSITION,
        "old_units": _OLD_TO_NEW,
        "province": _PROVINCE_ASK,
        "centre": _CENTRE,
        "effective_date": _EFFECTIVE,
        "resolution": _RESOLUTION_ASK,
    }
    q.kinds = [kind for kind, pattern in cues.items() if pattern.search(folded)]
    if "count" in q.kinds and not counts_units(folded):
        q.kinds.remove("count")
    return q


def counts_units(folded: str) -> bool:
    """Does a count cue count units (or stand alone, "… có bao nhiêu?")?"""
    for match in _COUNT.finditer(folded):
        after = re.findall(r"\w[\w-]*", folded[match.end() :])[:5]
        if not after or _UNIT_NOUN.search(match.group(0) + " " + " ".join(after)):
            return True
    return False


def asks_about_provinces(q: FactQuestion, unnamed: str) -> bool:
    """Province level: province words beyond the named provinces' own ("những tỉnh nào",
    "which provinces"), and no commune-level type word. `unnamed` is the folded question
    without the province names and their type words."""
    return bool(_PROVINCE_LEVEL.search(unnamed)) and not q.types


def all_units(q: FactQuestion) -> bool:
    return bool(_ALL_UNITS.search(q.folded))

"""Which provinces and former districts a question names, by the gazetteer's name keys.

Why not the address matcher: a fact question names a province in passing ("Tây Ninh
after merging Long An", "dak lak sau khi nhap phu yen") among many other words; a
longest-match scan over folded word n-grams against the name indexes finds every
province mention, old or new, in microseconds and without false "commune" hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from haicap.text import fold
from retrieval.address.names import strip_zeros
from retrieval.address.units import Gazetteer

_WORD = re.compile(r"[a-z0-9]+")
_MAX_WORDS = 5
# One-word keys that are ordinary words or abbreviations elsewhere; "hue" is a province.
_SHORT_OK = frozenset({"hue"})


@dataclass(frozen=True)
class Mention:
    kind: str  # "new_province" | "old_province" | "district"
    code: str
    start: int  # word index in the folded question
    end: int


def words(question: str) -> list[str]:
    return _WORD.findall(fold(question))


def find_mentions(gaz: Gazetteer, question: str) -> list[Mention]:
    """Province mentions (new and old) and, in a second pass, former districts."""
    tokens = words(question)
    found: list[Mention] = []
    i = 0
    while i < len(tokens):
        hit = _longest(gaz, tokens, i, ("new_province", "old_province"))
        if hit:
            city = _as_city(gaz, tokens, hit)
            found.extend(city or hit)
            i = hit[0].end
        else:
            i += 1
    taken = {k for m in found for k in range(m.start, m.end)}
    i = 0
    while i < len(tokens):
        if i in taken:
            i += 1
            continue
        hit = _longest(gaz, tokens, i, ("district",), min_words=2)
        if hit and not any(k in taken for k in range(hit[0].start, hit[0].end)):
            found.extend(hit)
            i = hit[0].end
        else:
            i += 1
    return found


_CITY_WORDS = (("thanh", "pho"), ("tp",), ("thi", "xa"), ("huyen",), ("quan",), ("city",))


def _as_city(gaz: Gazetteer, tokens: list[str], hit: list[Mention]) -> list[Mention]:
    """ "thành phố Sơn La" is the former city, not Tỉnh Sơn La: a province name after a
    district type word is that district when the province itself is not a city."""
    start, end = hit[0].start, hit[0].end
    typed = any(tuple(tokens[max(0, start - len(w)) : start]) == w for w in _CITY_WORDS)
    if not typed:
        return []
    if any(
        m.kind == "new_province" and gaz.new_provinces[m.code].name.startswith("Thành phố")
        for m in hit
    ):
        return []
    key = "".join(strip_zeros(t) for t in tokens[start:end])
    codes = [c for c, rank in gaz.district_index.get(key, ()) if rank == 0]
    provinces = {m.code for m in hit if m.kind == "old_province"}
    local = [c for c in codes if gaz.old_districts[c].province_code in provinces]
    return [Mention("district", c, start, end) for c in local[:1]]


def _longest(
    gaz: Gazetteer, tokens: list[str], i: int, kinds: tuple[str, ...], min_words: int = 1
) -> list[Mention]:
    indexes = {
        "new_province": gaz.new_province_index,
        "old_province": gaz.old_province_index,
        "district": gaz.district_index,
    }
    for n in range(min(_MAX_WORDS, len(tokens) - i), min_words - 1, -1):
        key = "".join(strip_zeros(t) for t in tokens[i : i + n])
        if n == 1 and ((len(key) < 4 and key not in _SHORT_OK) or key.isdigit()):
            continue
        hits = []
        for kind in kinds:
            for code, rank in indexes[kind].get(key, ()):
                if kind == "district" and rank > 0:
                    continue  # a district's variant keys are too loose for prose
                hits.append(Mention(kind, code, i, i + n))
        if hits:
            return hits
    return []


def new_provinces_named(gaz: Gazetteer, mentions: list[Mention]) -> list[str]:
    """The 2025 provinces the mentions point at, in order of first mention."""
    codes: dict[str, None] = {}
    for mention in mentions:
        if mention.kind == "new_province":
            codes.setdefault(mention.code, None)
        elif mention.kind == "old_province":
            codes.setdefault(gaz.old_provinces[mention.code].new_code, None)
    return list(codes)


def target_province(gaz: Gazetteer, mentions: list[Mention]) -> str | None:
    """The one 2025 province a question is about ("Tây Ninh … Long An" → Tây Ninh)."""
    spans: dict[tuple[int, int], set[str]] = {}
    for mention in mentions:
        if mention.kind == "new_province":
            spans.setdefault((mention.start, mention.end), set()).add(mention.code)
        elif mention.kind == "old_province":
            new = gaz.old_provinces[mention.code].new_code
            spans.setdefault((mention.start, mention.end), set()).add(new)
    if not spans:
        districts = {
            gaz.old_provinces[gaz.old_districts[m.code].province_code].new_code
            for m in mentions
            if m.kind == "district"
        }
        return next(iter(districts)) if len(districts) == 1 else None
    common = set.intersection(*spans.values())
    if len(common) == 1:
        return next(iter(common))
    named = new_provinces_named(gaz, mentions)
    return named[0] if len(named) == 1 else None


_PROVINCE_TYPE_WORDS = frozenset({"tinh", "province", "provinz", "provinsen", "provins", "tp"})


def without_provinces(question: str, mentions: list[Mention]) -> str:
    """The folded question minus the named provinces and their type words ("tỉnh X",
    "X province", "X-provinsen"), so what remains shows whether provinces are asked for."""
    tokens = words(question)
    drop: set[int] = set()
    for m in mentions:
        if m.kind not in ("new_province", "old_province"):
            continue
        drop.update(range(m.start, m.end))
        before = tokens[max(0, m.start - 2) : m.start]
        if before[-1:] and before[-1] in _PROVINCE_TYPE_WORDS:
            drop.add(m.start - 1)
        elif before == ["thanh", "pho"]:
            drop.update({m.start - 2, m.start - 1})
        if m.end < len(tokens) and tokens[m.end] in _PROVINCE_TYPE_WORDS:
            drop.add(m.end)
    return " ".join(t for i, t in enumerate(tokens) if i not in drop)

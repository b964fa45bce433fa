"""Score gazetteer units against a parsed address; answer found / ambiguous / not found.

Why scoring instead of a fixed "commune, district, province" order: users leave parts
out, swap them, abbreviate and misspell. Every span of the text is looked up as a
commune, district and province name; an old commune scores for its own name, then for
its district and province named elsewhere in the text (never the same words twice),
with small bonuses when a type word agrees ("phường", "Q.", "tp") and when typed
diacritics match exactly. When the best candidates are close, the answer is
"ambiguous" with all of them: we ask rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from retrieval.address import names
from retrieval.address.fuzzy import DeletionIndex
from retrieval.address.parser import COMMUNE, DISTRICT, PROVINCE, SUBCOMMUNE, ParsedQuery, parse
from retrieval.address.units import Gazetteer

MAX_SPAN = 6
TIE = 0.15  # candidates this close to the best are all offered
MIN_SCORE = 0.95
MAX_CANDIDATES = 30

# rank: 0 own name, 1 variant / former name, 2 one edit away, 3 two edits away
_NAME = (1.0, 0.8, 0.7, 0.55)
_DISTRICT = (0.8, 0.7, 0.55, 0.45)
_PROVINCE = (0.6, 0.6, 0.45, 0.35)
_VIA_NEW_PROVINCE = 0.35  # the 2025 province named with an old commune (old one preferred)
_ACCENT_PENALTY = 0.2  # typed "Văn Lăng": its twin "Văn Lang" scores this much less


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    code: str
    rank: int
    accent_exact: bool = False
    via_new: bool = False
    accent_miss: bool = False  # a folded twin matches the typed accents, this one does not

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass
class Candidate:
    code: str
    score: float
    span: tuple[int, int]
    district: bool = False
    province: bool = False
    fuzzy: bool = False


@dataclass
class MatchResult:
    status: str  # "found" | "ambiguous" | "not_found"
    candidates: list[Candidate] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)  # old province codes named
    districts: list[str] = field(default_factory=list)  # old district codes named
    new_units: list[str] = field(default_factory=list)  # 2025 units named (forward misuse)
    total: int = 0  # candidates before the cap


# --- span lookups -----------------------------------------------------------------------


_LETTER_MARKERS = frozenset({"x", "p", "f", "h", "q"})


def _spans(query: ParsedQuery):
    """Every run of up to MAX_SPAN tokens inside one comma-separated part.

    A one-letter type abbreviation never starts or ends a name: "yen than h. tien yen"
    is "Yên Than" + "h." (huyện), not "Yên Thanh".
    """
    tokens = query.tokens
    for i in range(len(tokens)):
        if tokens[i].key in _LETTER_MARKERS and i in query.marker_at:
            continue
        key = ""
        accent = ""
        for j in range(i, min(i + MAX_SPAN, len(tokens))):
            if tokens[j].segment != tokens[i].segment:
                break
            key += tokens[j].key
            accent += tokens[j].accent
            if j > i and tokens[j].key in _LETTER_MARKERS and j in query.marker_at:
                continue
            yield i, j + 1, key, accent


def _exact_hits(query: ParsedQuery, index: dict, accent_of) -> list[Hit]:
    """Units whose name key equals a span's key.

    With typed diacritics, folded twins on the same words are told apart: a unit whose
    accented name differs from what was typed ("Văn Lang" for "Văn Lăng") is marked
    `accent_exact=False` while its twin is True; only twins are compared this way.
    """
    hits = []
    for i, j, key, accent in _spans(query):
        entries = index.get(key)
        if not entries or query.inside_marker(i, j):
            continue
        exact = {code: query.has_diacritics and accent_of(code) == accent for code, _ in entries}
        twins = any(exact.values()) and not all(exact.values())
        for code, rank in entries:
            hits.append(
                Hit(
                    i,
                    j,
                    code,
                    rank,
                    accent_exact=exact[code],
                    accent_miss=twins and not exact[code],
                )
            )
    return hits


def _fuzzy_hits(
    query: ParsedQuery,
    fuzzy: DeletionIndex,
    index: dict,
    taken: set[tuple[int, int]],
    max_tokens: int = 4,
) -> list[Hit]:
    """Names one or two edits away; a span inside a longer near-miss span is dropped."""
    hits = []
    for i, j, key, _ in _spans(query):
        if j - i > max_tokens or (i, j) in taken or key.isdigit() or len(key) < 5:
            continue
        if query.starts_with_type(i):
            continue  # "phuong con" is a type word and a fragment, not a misspelt name
        limit = 2 if len(key) >= 10 else 1
        for near, distance in fuzzy.near(key, limit):
            for code, _ in index.get(near, ()):
                hits.append(Hit(i, j, code, 1 + distance))
    return [
        h
        for h in hits
        if not any(
            o.start <= h.start
            and h.end <= o.end
            and (o.start, o.end) != (h.start, h.end)
            and o.rank <= h.rank
            for o in hits
        )
    ]


def _fuzzy_for(gaz: Gazetteer, kind: str) -> DeletionIndex:
    """Built on first use (a typo), then kept on the gazetteer for the process."""
    cache = gaz.__dict__.setdefault("_fuzzy_cache", {})
    if kind not in cache:
        index = {
            "old": gaz.old_unit_index,
            "district": gaz.district_index,
            "province": gaz.old_province_index,
            "new": gaz.new_unit_index,
        }[kind]
        cache[kind] = DeletionIndex(index)
    return cache[kind]


# --- evidence ---------------------------------------------------------------------------


def _marker_bonus(
    query: ParsedQuery, start: int, end: int, unit_type: str, island: bool
) -> float | None:
    """Bonus for a type word next to a commune name; None when it says "not a commune"."""
    marker = query.before(start) or query.after(end)
    # digits only, however many tokens ("1=1" must not read as "Phường 11")
    numeric = all(t.key.isdigit() for t in query.tokens[start:end])
    if marker is None:
        return None if numeric else 0.0
    if COMMUNE in marker.levels:
        if unit_type in marker.types:
            return 0.3
        return 0.0 if island else 0.1
    if island and DISTRICT in marker.levels:
        return 0.3
    if SUBCOMMUNE in marker.levels and not numeric:
        return -0.6
    return None


def _district_score(
    query: ParsedQuery,
    hits: list[Hit],
    start: int,
    end: int,
    district_type: str,
    province_spans: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[float, tuple[int, int] | None]:
    """Best evidence that the text names this district outside the commune's own words.

    Words that also name a province ("Cao Bằng") count for the district only with a
    district-type word ("tp Cao Bằng"); a bare number needs one too ("Quận 3").
    """
    best, span = 0.0, None
    for hit in hits:
        if hit.overlaps(start, end):
            continue
        marker = query.before(hit.start) or query.after(hit.end)
        numeric = all(t.key.isdigit() for t in query.tokens[hit.start : hit.end])
        score = _DISTRICT[hit.rank]
        if marker is None:
            if numeric or (hit.start, hit.end) in province_spans:
                continue
        elif DISTRICT in marker.levels:
            score += 0.2 if district_type in marker.types else 0.1
        else:
            continue  # "tỉnh X", "xã X", "thôn X": not this district
        if hit.accent_miss:
            score -= 0.1
        if score > best:
            best, span = score, (hit.start, hit.end)
    return best, span


# The same words naming both the district and the province ("tp Sơn La") count once
# in full and once at this weight, so "Tân An, Tây Ninh" is not beaten by "Tây Ninh" alone.
_SHARED_PROVINCE = 0.3


def _province_score(
    query: ParsedQuery,
    hits: list[Hit],
    start: int,
    end: int,
    district_span: tuple[int, int] | None = None,
) -> float:
    best = 0.0
    for hit in hits:
        if hit.overlaps(start, end):
            continue
        marker = query.before(hit.start) or query.after(hit.end)
        score = _VIA_NEW_PROVINCE if hit.via_new else _PROVINCE[hit.rank]
        if marker is not None:
            if PROVINCE in marker.levels:
                score += 0.1
            elif COMMUNE in marker.levels or SUBCOMMUNE in marker.levels:
                continue
            elif DISTRICT in marker.levels:
                score -= 0.1  # "huyện X" where X is also a province: weak
        if district_span is not None and hit.overlaps(*district_span):
            score = min(score, _SHARED_PROVINCE)
        best = max(best, score)
    return best


# --- forward: old address -> old commune --------------------------------------------


def _outside(hits: list[Hit], covering: list[Hit]) -> list[Hit]:
    """Drop hits strictly inside a longer name ("Lắk" inside "Đắk Lắk", "Vinh" in "Trà Vinh")."""
    spans = {(h.start, h.end) for h in covering if h.rank <= 1}
    return [
        h
        for h in hits
        if not any(s <= h.start and h.end <= e and (s, e) != (h.start, h.end) for s, e in spans)
    ]


def match_old(gaz: Gazetteer, text: str, query: ParsedQuery | None = None) -> MatchResult:
    """The old commune-level unit(s) an address names."""
    query = query or parse(text)
    if not query.tokens:
        return MatchResult("not_found")
    unit_hits = _exact_hits(
        query, gaz.old_unit_index, lambda c: names.accent_key(gaz.old_units[c].short)
    )
    district_hits = _exact_hits(
        query, gaz.district_index, lambda c: names.accent_key(gaz.old_districts[c].short)
    )
    province_hits = _province_hits(gaz, query)
    district_hits = _outside(district_hits, province_hits)
    unit_hits = _outside(unit_hits, province_hits + district_hits)
    result = _score_old(gaz, query, unit_hits, district_hits, province_hits)
    if result.status == "found" and _well_supported(result):
        return result
    candidates = result.candidates
    if result.status == "ambiguous" and all(_well_supported_one(result, c) for c in candidates):
        return result  # namesakes that all fit the text: a typo reading cannot win
    # Second pass: tolerate typos in names that did not match exactly.
    taken = {(h.start, h.end) for h in (*district_hits, *province_hits)}
    fuzzy_units = _fuzzy_hits(query, _fuzzy_for(gaz, "old"), gaz.old_unit_index, taken)
    fuzzy_districts = _fuzzy_hits(query, _fuzzy_for(gaz, "district"), gaz.district_index, taken, 3)
    fuzzy_provinces = _fuzzy_hits(
        query, _fuzzy_for(gaz, "province"), gaz.old_province_index, taken, 3
    )
    if not (fuzzy_units or fuzzy_districts or fuzzy_provinces):
        return result
    fuzzy_result = _score_old(
        gaz,
        query,
        unit_hits + fuzzy_units,
        district_hits + fuzzy_districts,
        province_hits + fuzzy_provinces,
    )
    if result.status == "found" and fuzzy_result.status != "found":
        return result
    return fuzzy_result


# Penalties when the text names a district / province that does not fit the candidate.
_OTHER_DISTRICT = 0.3
_NOTHING_AROUND = 0.5

# "Dịch Vọng" inside "Dịch Vọng Hậu": the text names the longer unit.
_INNER_PENALTY = 0.3


def _contained(hits: list[Hit]) -> set[tuple[int, int]]:
    """Spans strictly inside another span that is itself a name of the same kind."""
    spans = {(h.start, h.end) for h in hits}
    return {
        (s, e)
        for s, e in spans
        if any(o_s <= s and e <= o_e and (o_s, o_e) != (s, e) for o_s, o_e in spans)
    }


def _well_supported(result: MatchResult) -> bool:
    """A found unit that accounts for the district or province the text names."""
    return _well_supported_one(result, result.candidates[0])


def _well_supported_one(result: MatchResult, candidate: Candidate) -> bool:
    if candidate.fuzzy:
        return False
    if result.districts and not candidate.district:
        return False
    if candidate.district or candidate.province:
        return True
    return not (result.districts or result.provinces) and candidate.score >= 1.2


def _province_hits(gaz: Gazetteer, query: ParsedQuery) -> list[Hit]:
    hits = _exact_hits(
        query, gaz.old_province_index, lambda c: names.accent_key(gaz.old_provinces[c].short)
    )
    old_of_new: dict[str, list[str]] = {}
    for province in gaz.old_provinces.values():
        old_of_new.setdefault(province.new_code, []).append(province.code)
    for hit in _exact_hits(query, gaz.new_province_index, lambda c: ""):
        for old_code in old_of_new.get(hit.code, ()):
            hits.append(Hit(hit.start, hit.end, old_code, hit.rank, via_new=True))
    return hits


def _score_old(
    gaz: Gazetteer,
    query: ParsedQuery,
    unit_hits: list[Hit],
    district_hits: list[Hit],
    province_hits: list[Hit],
) -> MatchResult:
    by_district: dict[str, list[Hit]] = {}
    for hit in district_hits:
        by_district.setdefault(hit.code, []).append(hit)
    by_province: dict[str, list[Hit]] = {}
    for hit in province_hits:
        by_province.setdefault(hit.code, []).append(hit)

    best: dict[str, Candidate] = {}
    inner = _contained(unit_hits)
    province_spans = frozenset((h.start, h.end) for h in province_hits)
    named_provinces = sorted({h.code for h in province_hits if h.rank <= 1})
    named_districts = _named_districts(gaz, query, district_hits, province_hits, named_provinces)
    for hit in unit_hits:
        unit = gaz.old_units[hit.code]
        island = unit.type == "Huyện"
        bonus = _marker_bonus(query, hit.start, hit.end, unit.type, island)
        if bonus is None:
            continue
        score = _NAME[hit.rank] + bonus - (_ACCENT_PENALTY if hit.accent_miss else 0.0)
        if (hit.start, hit.end) in inner:
            score -= _INNER_PENALTY
        district = gaz.old_districts[unit.district_code]
        d_score, d_span = (
            (0.0, None)
            if island
            else _district_score(
                query,
                by_district.get(unit.district_code, ()),
                hit.start,
                hit.end,
                district.type,
                province_spans,
            )
        )
        p_score = _province_score(
            query, by_province.get(unit.province_code, ()), hit.start, hit.end, d_span
        )
        score += d_score + p_score
        if named_districts and unit.district_code not in named_districts and not island:
            score -= _OTHER_DISTRICT  # the text names another district
        if (named_districts or named_provinces) and not (d_score or p_score):
            score -= _NOTHING_AROUND  # … and nothing around this name fits it
        fuzzy = hit.rank >= 2
        if fuzzy and not (bonus > 0 and (d_score or p_score)) and not (d_score and p_score):
            continue  # a near-miss name needs its type word and a district or province
        if bonus <= 0 and not (d_score or p_score) and hit.end - hit.start == 1:
            continue  # one bare word ("thanh") is not an address
        candidate = Candidate(
            unit.code, round(score, 4), (hit.start, hit.end), d_score > 0, p_score > 0, fuzzy
        )
        if unit.code not in best or best[unit.code].score < candidate.score:
            best[unit.code] = candidate

    result = MatchResult("not_found")
    result.provinces = sorted({h.code for h in province_hits if h.rank <= 1 and not h.via_new})
    result.districts = named_districts
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.code))
    ranked = [c for c in ranked if c.score >= MIN_SCORE]
    if not ranked:
        return result
    top = ranked[0].score
    tied = [c for c in ranked if c.score >= top - TIE]
    result.total = len(tied)
    result.candidates = tied[:MAX_CANDIDATES]
    result.status = "found" if len(tied) == 1 else "ambiguous"
    return result


def _named_districts(
    gaz: Gazetteer,
    query: ParsedQuery,
    hits: list[Hit],
    province_hits: list[Hit],
    provinces: list[str],
) -> list[str]:
    """Districts the text really names: a bare number needs "Quận"/"District" before it,
    and words that also name a province ("Sơn La") name the province unless typed."""
    province_spans = {(h.start, h.end) for h in province_hits}
    named = set()
    for hit in hits:
        if hit.rank > 1:
            continue
        marker = query.before(hit.start) or query.after(hit.end)
        if (hit.start, hit.end) in province_spans and (
            marker is None or DISTRICT not in marker.levels
        ):
            continue
        district = gaz.old_districts[hit.code]
        score, _ = _district_score(query, [hit], -1, -1, district.type)
        if score > 0:
            named.add(hit.code)
    if provinces:
        inside = {d for d in named if gaz.old_districts[d].province_code in provinces}
        named = inside or named
    return sorted(named)


# --- reverse: 2025 unit -> the old units it was formed from ---------------------------


def match_new(gaz: Gazetteer, text: str, query: ParsedQuery | None = None) -> MatchResult:
    """The 2025 commune-level unit(s) a text names."""
    query = query or parse(text)
    if not query.tokens:
        return MatchResult("not_found")
    unit_hits = _exact_hits(
        query, gaz.new_unit_index, lambda c: names.accent_key(gaz.new_units[c].short)
    )
    province_hits = _new_province_hits(gaz, query)
    result = _score_new(gaz, query, unit_hits, province_hits)
    if result.status == "found":
        return result
    taken = {(h.start, h.end) for h in province_hits}
    fuzzy_units = _fuzzy_hits(query, _fuzzy_for(gaz, "new"), gaz.new_unit_index, taken)
    if not fuzzy_units:
        return result
    fuzzy_result = _score_new(gaz, query, unit_hits + fuzzy_units, province_hits)
    return fuzzy_result if fuzzy_result.candidates else result


def _new_province_hits(gaz: Gazetteer, query: ParsedQuery) -> list[Hit]:
    hits = _exact_hits(
        query, gaz.new_province_index, lambda c: names.accent_key(gaz.new_provinces[c].short)
    )
    for hit in _exact_hits(query, gaz.old_province_index, lambda c: ""):
        new_code = gaz.old_provinces[hit.code].new_code
        hits.append(Hit(hit.start, hit.end, new_code, hit.rank, via_new=True))
    return hits


def _score_new(
    gaz: Gazetteer, query: ParsedQuery, unit_hits: list[Hit], province_hits: list[Hit]
) -> MatchResult:
    by_province: dict[str, list[Hit]] = {}
    for hit in province_hits:
        by_province.setdefault(hit.code, []).append(hit)
    best: dict[str, Candidate] = {}
    inner = _contained(unit_hits)
    for hit in unit_hits:
        unit = gaz.new_units[hit.code]
        bonus = _marker_bonus(query, hit.start, hit.end, unit.type, island=False)
        if bonus is None:
            continue
        score = _NAME[hit.rank] + bonus - (_ACCENT_PENALTY if hit.accent_miss else 0.0)
        if (hit.start, hit.end) in inner:
            score -= _INNER_PENALTY
        p_score = _province_score(
            query, by_province.get(unit.province_code, ()), hit.start, hit.end
        )
        fuzzy = hit.rank >= 2
        if fuzzy and not (p_score or bonus > 0):
            continue
        candidate = Candidate(
            unit.code, round(score + p_score, 4), (hit.start, hit.end), False, p_score > 0, fuzzy
        )
        if unit.code not in best or best[unit.code].score < candidate.score:
            best[unit.code] = candidate
    result = MatchResult("not_found")
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.code))
    ranked = [c for c in ranked if c.score >= MIN_SCORE]
    if not ranked:
        return result
    tied = [c for c in ranked if c.score >= ranked[0].score - TIE]
    result.total = len(tied)
    result.candidates = tied[:MAX_CANDIDATES]
    result.status = "found" if len(tied) == 1 else "ambiguous"
    return result

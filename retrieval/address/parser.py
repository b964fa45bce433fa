"""Free-text address → tokens and unit-type markers, in any order and spelling.

Why tokens and soft markers rather than a grammar: users write "p. chieng le tp son la",
"Ward 1, District 3, Ho Chi Minh City", "Phường 01 Q.3 TP.HCM" or paste a whole
street address. We fold every token (no diacritics, đ→d, "01"→"1"), remember where a
type word such as "xã", "p.", "huyện", "district" or "city" stands, and let the matcher
try every span as a possible unit name. A marker is only a hint: "Phương" is also part
of names, so a marker token may still be a name token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from haicap.text import fold, normalize
from retrieval.address.names import strip_zeros

MAX_CHARS = 2000  # an address never needs more; bounds the work on pasted garbage
MAX_TOKENS = 120

# Levels a marker can introduce.
COMMUNE, DISTRICT, PROVINCE, SUBCOMMUNE = "C", "D", "P", "S"


@dataclass(frozen=True, slots=True)
class Marker:
    length: int  # tokens it spans
    levels: frozenset[str]
    types: frozenset[str]  # unit types it names ("Xã", "Quận" …); empty = any of the level
    postfix: bool = False  # English style "Ben Nghe Ward": may follow the name


def _m(levels: str, types: tuple[str, ...] = (), postfix: bool = False) -> tuple:
    return (frozenset(levels), frozenset(types), postfix)


# folded marker words -> (levels, types, postfix)
_MARKERS: dict[tuple[str, ...], tuple] = {
    ("xa",): _m("C", ("Xã",)),
    ("x",): _m("C", ("Xã",)),
    ("phuong",): _m("C", ("Phường",)),
    ("p",): _m("C", ("Phường",)),
    ("f",): _m("C", ("Phường",)),
    ("thi", "tran"): _m("C", ("Thị trấn",)),
    ("tt",): _m("C", ("Thị trấn",)),
    ("ttr",): _m("C", ("Thị trấn",)),
    ("dac", "khu"): _m("C", ("Đặc khu",)),
    ("ward",): _m("C", ("Phường",), True),
    ("commune",): _m("C", ("Xã",), True),
    ("township",): _m("C", ("Thị trấn",), True),
    ("town",): _m("CD", ("Thị trấn", "Thị xã"), True),
    ("special", "zone"): _m("C", ("Đặc khu",), True),
    ("quan",): _m("D", ("Quận",)),
    ("q",): _m("D", ("Quận",)),
    ("huyen",): _m("D", ("Huyện",)),
    ("h",): _m("D", ("Huyện",)),
    ("thi", "xa"): _m("D", ("Thị xã",)),
    ("tx",): _m("D", ("Thị xã",)),
    ("district",): _m("D", ("Quận", "Huyện"), True),
    ("dist",): _m("D", ("Quận", "Huyện"), True),
    ("county",): _m("D", ("Huyện",), True),
    ("thanh", "pho"): _m("DP", ("Thành phố",)),
    ("tp",): _m("DP", ("Thành phố",)),
    ("city",): _m("DP", ("Thành phố",), True),
    ("tinh",): _m("P", ("Tỉnh",)),
    ("province",): _m("P", ("Tỉnh",), True),
    # below the commune: a name after these is a village or a street, not a unit
    ("ap",): _m("S"),
    ("thon",): _m("S"),
    ("xom",): _m("S"),
    ("khu", "pho"): _m("S"),
    ("kp",): _m("S"),
    ("to",): _m("S"),
    ("to", "dan", "pho"): _m("S"),
    ("duong",): _m("S"),
    ("pho",): _m("S"),
    ("ngo",): _m("S"),
    ("ngach",): _m("S"),
    ("hem",): _m("S"),
    ("kiet",): _m("S"),
    ("so",): _m("S"),
    ("so", "nha"): _m("S"),
    ("khom",): _m("S"),
    ("buon",): _m("S"),
    ("street",): _m("S", (), True),
    ("st",): _m("S", (), True),
    ("road",): _m("S", (), True),
    ("alley",): _m("S", (), True),
    ("lane",): _m("S", (), True),
    ("hamlet",): _m("S", (), True),
    ("village",): _m("S", (), True),
}
_MAX_MARKER = max(len(k) for k in _MARKERS)
# "q3", "p12", "f1", "quan3", "phuong12": a marker glued to a number
_GLUED_NUMBER = re.compile(r"^(q|p|f|x|h|quan|phuong|ward|district|dist)(\d{1,3})$")
_WORD = re.compile(r"[^\W_]+")
_SEGMENT_BREAK = re.compile(r"[,;|\n\r\t]+")


@dataclass(frozen=True, slots=True)
class Token:
    key: str  # folded, zeros stripped: compared with name keys
    accent: str  # lower case with diacritics: tells "Văn Lăng" from "Văn Lang"
    segment: int  # comma-separated part of the text it came from


@dataclass
class ParsedQuery:
    text: str
    tokens: list[Token]
    marker_at: dict[int, Marker] = field(default_factory=dict)  # starts at token i
    marker_ending_at: dict[int, Marker] = field(default_factory=dict)  # ends before token i
    has_diacritics: bool = False

    postfix_at: set[int] = field(default_factory=set)  # markers used English-style here

    def inside_marker(self, start: int, end: int) -> bool:
        """True when the span is only (part of) a type word, e.g. "thanh" of "thành phố"."""
        for m_start, marker in self.marker_at.items():
            if (
                m_start <= start
                and end <= m_start + marker.length
                and SUBCOMMUNE not in marker.levels
            ):
                return True
        return False

    def starts_with_type(self, start: int) -> bool:
        """A unit-type word (not "đường", "thôn" …) begins at token `start`."""
        marker = self.marker_at.get(start)
        return marker is not None and SUBCOMMUNE not in marker.levels

    def before(self, i: int) -> Marker | None:
        """The marker that ends right before token i (Vietnamese order: type, name)."""
        marker = self.marker_ending_at.get(i)
        if marker is not None and (i - marker.length) in self.postfix_at:
            return None  # "Ben Nghe Ward, Long Bien …": "Ward" belongs to Ben Nghe
        return marker

    def after(self, j: int) -> Marker | None:
        """A postfix marker right after a span ending at j ("Ben Nghe Ward")."""
        return self.marker_at.get(j) if j in self.postfix_at else None


def parse(text: str) -> ParsedQuery:
    """Tokens and markers of a free-text address; never raises on odd input."""
    clean = normalize(text[:MAX_CHARS]) if text else ""
    tokens: list[Token] = []
    for segment, part in enumerate(_SEGMENT_BREAK.split(clean)):
        for word in _WORD.findall(part.lower()):
            key = fold(word)
            glued = _GLUED_NUMBER.match(key)
            if glued and not word[0].isdigit():
                tokens.append(Token(glued.group(1), glued.group(1), segment))
                number = strip_zeros(glued.group(2))
                tokens.append(Token(number, number, segment))
                continue
            if not key.isascii():
                continue  # scripts no Vietnamese name uses (emoji, Arabic …)
            tokens.append(Token(strip_zeros(key), word, segment))
            if len(tokens) >= MAX_TOKENS:
                break
        if len(tokens) >= MAX_TOKENS:
            break
    query = ParsedQuery(text=text, tokens=tokens, has_diacritics=fold(clean) != clean.lower())
    _find_markers(query)
    return query


def _find_markers(query: ParsedQuery) -> None:
    tokens = query.tokens
    i = 0
    while i < len(tokens):
        found = None
        for length in range(min(_MAX_MARKER, len(tokens) - i), 0, -1):
            window = tokens[i : i + length]
            if any(t.segment != window[0].segment for t in window):
                continue
            spec = _MARKERS.get(tuple(t.key for t in window))
            if spec is not None:
                found = Marker(length, *spec)
                break
        if found is None:
            i += 1
            continue
        query.marker_at[i] = found
        query.marker_ending_at[i + found.length] = found
        if found.postfix and _used_as_postfix(query, i, found):
            query.postfix_at.add(i)
        i += found.length


def _used_as_postfix(query: ParsedQuery, i: int, marker: Marker) -> bool:
    """English words follow the name ("Son La City") except before a number ("Ward 1")."""
    tokens = query.tokens
    end = i + marker.length
    if end < len(tokens) and tokens[end].segment == tokens[i].segment and tokens[end].key.isdigit():
        return False
    return i > 0 and tokens[i - 1].segment == tokens[i].segment

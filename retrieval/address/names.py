"""Unit-name helpers shared by the gazetteer, the matcher and the legal-text parser.

Why: one definition of "the same name" (folded, no spaces, "01" == "1") keeps the index,
the query side and the resolution parser in agreement.
"""

from __future__ import annotations

import re

from haicap.text import fold, normalize

# Administrative types, longest first so "Thành phố" wins over a bare prefix.
UNIT_TYPES: tuple[str, ...] = (
    "Thành phố",
    "Thị trấn",
    "Thị xã",
    "Đặc khu",
    "Phường",
    "Quận",
    "Huyện",
    "Tỉnh",
    "Xã",
)
COMMUNE_TYPES = frozenset({"Xã", "Phường", "Thị trấn", "Đặc khu"})
DISTRICT_TYPES = frozenset({"Quận", "Huyện", "Thị xã", "Thành phố"})

_KEY_TOKEN = re.compile(r"[a-z0-9]+")
_TYPE_PREFIX = re.compile(
    r"^(" + "|".join(re.escape(t) for t in UNIT_TYPES) + r")\s+(.+)$", re.IGNORECASE
)


def strip_zeros(token: str) -> str:
    """ "01" → "1" so "Phường 01" and "Phường 1" meet; other tokens unchanged."""
    return str(int(token)) if token.isdigit() and len(token) < 12 else token


def name_key(text: str) -> str:
    """Comparison key: folded, punctuation and spaces dropped, numbers without zeros.

    "Ea H'Leo", "Ea Hleo" and "EaHLeo" share the key "eahleo".
    """
    if text.isascii() and text.isalpha():
        return text.lower()  # already a key (the source's keyword lists): the fast path
    return "".join(strip_zeros(t) for t in _KEY_TOKEN.findall(fold(text)))


def split_type(full_name: str) -> tuple[str, str]:
    """("Thị trấn", "Mường Giàng") from "Thị trấn Mường Giàng"; ("", name) if untyped.

    A bare number after the type ("Phường 1") stays the name.
    """
    name = normalize(full_name)
    match = _TYPE_PREFIX.match(name)
    if not match:
        return "", name
    raw_type = match.group(1)
    canonical = next(t for t in UNIT_TYPES if t.lower() == raw_type.lower())
    return canonical, match.group(2).strip()


def accent_key(text: str) -> str:
    """Lower-case, tone-unified, letters and digits only: tells "Văn Lăng" from "Văn Lang"."""
    lowered = normalize(text).lower()
    return "".join(strip_zeros(t) for t in re.findall(r"\w+", lowered))

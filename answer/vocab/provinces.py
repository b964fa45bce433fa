"""The 63 pre-2025 provinces (the 34 new ones keep old names) and everyday aliases.

Why a fixed list: a follow-up ("còn Lai Châu thì sao?") or an entity check must know
that "Lai Châu", "lai chau" and "Laichau" name a province even before any document is
retrieved; the list is stable public knowledge, not corpus data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from haicap.text import fold

PROVINCES: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh",
    "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ",
    "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng",
    "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Huế", "Tiền Giang", "Hồ Chí Minh", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip

# Everyday names → official name.
_ALIASES: dict[str, str] = {
    "Thừa Thiên Huế": "Huế",
    "Thừa Thiên - Huế": "Huế",
    "TP HCM": "Hồ Chí Minh",
    "TPHCM": "Hồ Chí Minh",
    "HCM": "Hồ Chí Minh",
    "HCMC": "Hồ Chí Minh",
    "Ho Chi Minh City": "Hồ Chí Minh",
    "Sài Gòn": "Hồ Chí Minh",
    "Saigon": "Hồ Chí Minh",
    "Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Bà Rịa": "Bà Rịa - Vũng Tàu",
    "Đăk Lăk": "Đắk Lắk",
    "Daklak": "Đắk Lắk",
    "Đắc Lắc": "Đắk Lắk",
    "Đăk Nông": "Đắk Nông",
    "Kontum": "Kon Tum",
}


def squash(text: str) -> str:
    """Folded with no spaces or hyphens: "Hà Nội", "ha noi", "Hanoi" → "hanoi"."""
    return re.sub(r"[\s\-_.]+", "", fold(text))


_BY_SQUASHED: dict[str, str] = {squash(name): name for name in PROVINCES}
_BY_SQUASHED.update({squash(alias): name for alias, name in _ALIASES.items()})
_MAX_WORDS = 5


@dataclass(frozen=True)
class ProvinceMention:
    """A province named in a text: the official name and the character span."""

    name: str
    start: int
    end: int


_WORD = re.compile(r"\w+")
_FIRST_WORDS = frozenset(
    [_WORD.findall(fold(name))[0] for name in (*PROVINCES, *_ALIASES)] + list(_BY_SQUASHED)
)


def find_provinces(text: str) -> list[ProvinceMention]:
    """Provinces named in `text` (any accents/case/spacing), longest match first."""
    folded = fold(text)
    if len(folded) != len(text):  # fold keeps NFC length; be safe with odd input
        text = folded
    words = list(_WORD.finditer(folded))
    found: list[ProvinceMention] = []
    i = 0
    while i < len(words):
        if words[i].group(0) not in _FIRST_WORDS:
            i += 1
            continue
        hit = None
        for size in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            span = words[i : i + size]
            key = "".join(w.group(0) for w in span)
            if key in _BY_SQUASHED:
                hit = (size, ProvinceMention(_BY_SQUASHED[key], span[0].start(), span[-1].end()))
                break
        if hit is None:
            i += 1
            continue
        found.append(hit[1])
        i += hit[0]
    return found


def province_names(text: str) -> list[str]:
    """Official names of the provinces in `text`, first-seen order, no repeats."""
    return list(dict.fromkeys(m.name for m in find_provinces(text)))

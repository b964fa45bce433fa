"""What a parsed document is, between loading and chunking.

Why a separate module: the legal and news parsers produce the same shape, and the
chunker, the registry and the address hook only ever see this shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Unit:
    """The smallest citable piece: a khoản, an điểm, a paragraph.

    `locator` is the citation path ("Điều 1", "khoản 23"); `heading` is the context
    line put on top of the chunk ("Điều 1. Sắp xếp …"); units are packed together
    only when they share `group` (never across two Điều).
    """

    text: str
    locator: tuple[str, ...]
    heading: str = ""
    group: tuple[str, ...] = ()


@dataclass
class ParsedDocument:
    """A normalised document with its metadata and citable units."""

    name: str
    kind: str  # "legal" | "news" | "builtin"
    text: str  # normalised full text, paragraphs separated by blank lines
    units: list[Unit] = field(default_factory=list)
    title: str = ""
    doc_number: str = ""
    issue_date: str = ""
    issuer: str = ""
    language: str = "vi"
    source_url: str = ""
    province: str = ""
    province_phrase: str = ""  # "tỉnh Sơn La", for chunk context lines
    label: str = ""  # "Nghị quyết 1681/NQ-UBTVQH15": first words of every legal chunk
    extra: dict[str, str | int | float | bool] = field(default_factory=dict)

"""What a question says about where its answer is: document numbers and provinces.

Why: "Nghị quyết 1656 …" or "tinh ca mau co bao nhieu phuong" name the document or
the province outright; 34 resolutions share the same wording, so dense similarity alone
cannot tell Cà Mau's from Cà Mau's neighbour's. The catalogue is built from the
metadata actually in the store, so a new province or document needs no code change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from haicap.text import find_doc_numbers, fold

# Administrative prefixes that the metadata may carry but users often leave out.
_PROVINCE_PREFIXES = re.compile(r"^(?:tinh|thanh pho|tp\.?)\s+")
# Everyday names that are not the official one, folded (official folded → aliases).
_PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "ho chi minh": ("hcm", "tphcm", "tp hcm", "hcmc", "sai gon", "saigon"),
    "thua thien hue": ("hue",),
}
# Words that make a bare number ("nghị quyết 1656") a document reference, folded.
_DOC_WORDS = re.compile(
    r"\b(?:nghi quyet|nq|ket luan|kl|chi thi|quyet dinh|ke hoach|so|resolution|"
    r"conclusion|directive|decision|plan|no|beschluss|resolution|schlussfolgerung|"
    r"richtlinie|nr|beslut|resolutionen|slutsats|direktiv)\b"
)
_BARE_NUMBER = re.compile(r"(?<![\w/-])(\d{2,5})(?![\w/-])")
_LEADING_NUMBER = re.compile(r"^(\d+)")


def doc_key(number: str) -> str:
    """Comparable form of a document number ("47-KH/BCĐ" → "47-kh/bcd")."""
    return fold(number).strip()


def split_doc_numbers(value: Any) -> list[str]:
    """The `doc_numbers` metadata is ";"-joined; tolerate lists and blanks."""
    if not value:
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(";")
    return [str(item).strip() for item in items if str(item).strip()]


def chunk_doc_keys(metadata: Mapping[str, Any]) -> set[str]:
    """Every document number a chunk belongs to or cites, in comparable form."""
    keys = {doc_key(n) for n in split_doc_numbers(metadata.get("doc_numbers"))}
    if metadata.get("doc_number"):
        keys.add(doc_key(str(metadata["doc_number"])))
    return keys


def _province_pattern(folded_name: str) -> re.Pattern[str]:
    words = re.findall(r"\w+", folded_name)
    # "ha noi", "hanoi" and "ha-noi" are all the same place.
    return re.compile(r"(?<!\w)" + r"[\s\-]*".join(map(re.escape, words)) + r"(?!\w)")


@dataclass(frozen=True)
class QueryHints:
    """Document numbers (comparable keys) and province metadata values a question names."""

    doc_keys: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()


@dataclass
class HintCatalog:
    """Province names and document numbers present in the store, for matching questions."""

    province_patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    number_to_keys: dict[str, set[str]] = field(default_factory=dict)
    doc_keys: set[str] = field(default_factory=set)

    @classmethod
    def from_metadatas(cls, metadatas: Iterable[Mapping[str, Any]]) -> HintCatalog:
        provinces: set[str] = set()
        keys: set[str] = set()
        for meta in metadatas:
            if meta.get("province"):
                provinces.add(str(meta["province"]))
            keys |= chunk_doc_keys(meta)
        patterns: list[tuple[re.Pattern[str], str]] = []
        for value in provinces:
            folded = _PROVINCE_PREFIXES.sub("", fold(value).strip())
            if not folded:
                continue
            patterns.append((_province_pattern(folded), value))
            for alias in _PROVINCE_ALIASES.get(folded, ()):
                patterns.append((_province_pattern(alias), value))
        # Longest names first, so "thua thien hue" wins over a bare "hue".
        patterns.sort(key=lambda item: -len(item[0].pattern))
        by_number: dict[str, set[str]] = {}
        for key in keys:
            match = _LEADING_NUMBER.match(key)
            if match:
                by_number.setdefault(match.group(1), set()).add(key)
        return cls(patterns, by_number, keys)

    def analyse(self, question: str) -> QueryHints:
        folded = fold(question)
        provinces: list[str] = []
        taken: list[tuple[int, int]] = []
        for pattern, value in self.province_patterns:
            for match in pattern.finditer(folded):
                span = match.span()
                if any(s < span[1] and span[0] < e for s, e in taken):
                    continue
                taken.append(span)
                if value not in provinces:
                    provinces.append(value)
        return QueryHints(tuple(self._doc_keys(question, folded)), tuple(provinces))

    def provinces_in(self, text: str) -> set[str]:
        """Province metadata values whose name occurs in a (news) text."""
        folded = fold(text)
        return {value for pattern, value in self.province_patterns if pattern.search(folded)}

    def _doc_keys(self, question: str, folded: str) -> list[str]:
        keys = [doc_key(n) for n in find_doc_numbers(question, loose=True)]
        # A bare number counts only next to a document word and when it is the leading
        # number of exactly one document number in the store.
        if _DOC_WORDS.search(folded):
            for match in _BARE_NUMBER.finditer(folded):
                found = self.number_to_keys.get(match.group(1), set())
                if len(found) == 1 and not any(k.startswith(match.group(1)) for k in keys):
                    keys.extend(found)
        return list(dict.fromkeys(keys))

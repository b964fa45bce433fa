"""Vietnamese legal texts: header metadata and the Điều / khoản / điểm structure.

Why: an official needs "Nghị quyết 1681/NQ-UBTVQH15, Điều 1, khoản 23" and the exact
clause, so a chunk must follow the document's own structure: a merge clause is never
cut, its locator is known, and the header gives number, date and issuer for every
chunk. Party documents (60-NQ/TW) use "1.", "I-" sections instead of Điều.
"""

from __future__ import annotations

import datetime as dt
import re

from haicap.text import find_doc_numbers
from ingestion.model import ParsedDocument, Unit

DOC_TYPES = {
    "NGHỊ QUYẾT": "Nghị quyết",
    "KẾT LUẬN": "Kết luận",
    "CHỈ THỊ": "Chỉ thị",
    "QUYẾT ĐỊNH": "Quyết định",
    "NGHỊ ĐỊNH": "Nghị định",
    "THÔNG TƯ": "Thông tư",
    "LUẬT": "Luật",
    "PHÁP LỆNH": "Pháp lệnh",
    "QUY ĐỊNH": "Quy định",
    "HƯỚNG DẪN": "Hướng dẫn",
    "KẾ HOẠCH": "Kế hoạch",
    "THÔNG BÁO": "Thông báo",
    "CÔNG ĐIỆN": "Công điện",
    "THÔNG TRI": "Thông tri",
}
KNOWN_ISSUERS = {
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội",
    "UỶ BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội",
    "QUỐC HỘI": "Quốc hội",
    "BAN CHẤP HÀNH TRUNG ƯƠNG": "Ban Chấp hành Trung ương",
    "BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG": "Ban Chấp hành Trung ương",
    "BỘ CHÍNH TRỊ": "Bộ Chính trị",
    "BAN BÍ THƯ": "Ban Bí thư",
    "CHÍNH PHỦ": "Chính phủ",
    "THỦ TƯỚNG CHÍNH PHỦ": "Thủ tướng Chính phủ",
    "CHỦ TỊCH NƯỚC": "Chủ tịch nước",
}
_NATIONAL_MOTTOS = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM", "Độc lập")

DIEU = re.compile(r"^Điều\s+(\d+[a-z]?)\s*[.:]\s*(.*)$", re.DOTALL)
CHAPTER = re.compile(r"^(Chương|CHƯƠNG|Phần|PHẦN|Mục|MỤC)\s+([IVXLC]+|\d+|thứ\s+\w+)\b\.?\s*(.*)$")
ROMAN = re.compile(r"^([IVX]{1,5})\s*[-.–)]\s+(.+)$", re.DOTALL)
NUMBERED = re.compile(r"^(\d{1,3})\s*\.(?!\d)\s*(?=\S)")
LETTERED = re.compile(r"^([a-zđ])\)\s*")
_VALID_ROMAN = re.compile(r"^(?=[IVX])(X{0,3})(IX|IV|V?I{0,3})$")
_BODY_MARKER = re.compile(
    r"^(QUYẾT NGHỊ|QUYẾT ĐỊNH|KẾT LUẬN|CHỈ THỊ|NGHỊ QUYẾT)\s*:\s*$|^QUYẾT NGHỊ\s*$"
)
_CLOSING_SENTENCE = re.compile(
    r"^(Nghị quyết|Nghị định|Luật|Pháp lệnh|Quyết định|Kết luận|Chỉ thị|Thông tư)\s+này\s+"
    r"(đã\s+)?được\b.*\bthông qua\b"
)
_SIGNATURE = re.compile(r"^(Nơi nhận|TM\.|T/M|KT\.|TL\.|TUQ\.|Q\.\s)")
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_PLACE_DATE = re.compile(
    r"^[^\W\d_][^,\n]{0,40},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
)
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*(.+)$")
_PROVINCE_IN_TITLE = re.compile(r"CỦA\s+(TỈNH|THÀNH PHỐ)\s+(.+?)(?:\s+NĂM\s+\d{4})?\s*$")
_SENTENCE_START = re.compile(r"(?:^|[.:;!?]\s+|\n\s*)$")


def _upper_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(ch.isupper() for ch in letters) / len(letters)


def is_all_caps(text: str, min_letters: int = 4) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= min_letters and _upper_share(text) >= 0.85


def _doc_type(paragraph: str) -> str | None:
    return (
        DOC_TYPES.get(re.sub(r"\s+", " ", paragraph.strip().rstrip(":")).upper())
        if is_all_caps(paragraph)
        else None
    )


def looks_legal(paragraphs: list[str]) -> bool:
    """A document type heading and a number near the top, or several Điều headings."""
    head = paragraphs[:25]
    has_type = any(_doc_type(p) for p in head)
    has_number = any(_NUMBER_LINE.match(p) and find_doc_numbers(p) for p in head)
    dieu = sum(bool(DIEU.match(p)) for p in paragraphs)
    return (has_type and (has_number or dieu > 0)) or dieu >= 2


def iso_date(day: str, month: str, year: str) -> str:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def _phrase_pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE
    )


def recase(upper: str, body: str) -> str:
    """An ALL-CAPS heading in the case the body uses ("TỈNH SƠN LA" → "tỉnh Sơn La").

    Greedy: the longest run of words that the body writes in mixed case, preferring an
    occurrence that is not at a sentence start; unknown words are lower-cased.
    """
    words = upper.split()
    out: list[str] = []
    index = 0
    while index < len(words):
        found = None
        for end in range(len(words), index, -1):
            pattern = _phrase_pattern(words[index:end])
            initial_only = None
            for match in pattern.finditer(body):
                cased = match.group(0)
                if not any(ch.islower() for ch in cased):
                    continue
                initial = bool(
                    _SENTENCE_START.search(body[max(0, match.start() - 3) : match.start()])
                )
                if not initial:
                    found = (end, cased)
                    break
                initial_only = initial_only or cased
            if found:
                break
            if initial_only:
                first = initial_only[0].lower() + initial_only[1:]
                found = (end, first)
                break
        if found:
            end, cased = found
            out.append(re.sub(r"\s+", " ", cased))
            index = end
        else:
            word = words[index]
            keep = _VALID_ROMAN.match(word) or any(ch.isdigit() for ch in word)
            out.append(word if keep else word.lower())
            index += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _title_case(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


class _StructureParser:
    """Walks the body paragraphs, keeping the current chapter / section / Điều."""

    def __init__(self, annex: bool = False) -> None:
        self.units: list[Unit] = []
        self.annex_heading = ""
        self.annex = annex
        self.chapter = ""
        self.roman: tuple[str, str] | None = None
        self.dieu: tuple[str, str] | None = None
        self.numbered = ""
        self.lettered = ""
        self.current: list[str] = []
        self.current_locator: tuple[str, ...] = ()

    # -- context --------------------------------------------------------------------
    def _heading(self) -> str:
        parts = [self.annex_heading, self.chapter]
        if self.roman:
            parts.append(f"{self.roman[0]}- {self.roman[1]}")
        if self.dieu:
            parts.append(self.dieu[1])
        return " — ".join(p for p in parts if p)

    def _group(self) -> tuple[str, ...]:
        return (
            "annex" if self.annex else "body",
            self.chapter,
            self.roman[0] if self.roman else "",
            self.dieu[0] if self.dieu else "",
        )

    def _base_locator(self) -> list[str]:
        parts = ["Phụ lục"] if self.annex else []
        if self.roman:
            parts.append(f"mục {self.roman[0]}")
        if self.dieu:
            parts.append(f"Điều {self.dieu[0]}")
        return parts

    def _numbered_label(self, number: str) -> str:
        if self.dieu:
            return f"khoản {number}"
        return f"điểm {number}" if self.roman else f"mục {number}"

    # -- building -------------------------------------------------------------------
    def flush(self) -> None:
        text = "\n".join(self.current).strip()
        if text:
            locator = self.current_locator or tuple(self._base_locator()) or ("phần nội dung",)
            self.units.append(Unit(text, locator, self._heading(), self._group()))
        self.current = []

    def _start(self, locator: list[str], first: str) -> None:
        self.flush()
        self.current_locator = tuple(locator)
        self.current = [first]

    def feed(self, paragraph: str) -> None:
        if match := DIEU.match(paragraph):
            self.flush()
            number, title = match.group(1), re.sub(r"\s+", " ", match.group(2)).strip()
            self.dieu = (
                number,
                f"Điều {number}. {title}".rstrip(". ") if title else f"Điều {number}",
            )
            self.numbered = self.lettered = ""
            self.current_locator = tuple(self._base_locator())
            return
        if (match := CHAPTER.match(paragraph)) and len(paragraph) < 200:
            self.flush()
            self.chapter = re.sub(r"\s+", " ", paragraph).strip()
            self.roman = self.dieu = None
            self.numbered = self.lettered = ""
            self.current_locator = tuple(self._base_locator())
            return
        if (
            (match := ROMAN.match(paragraph))
            and _VALID_ROMAN.match(match.group(1))
            and len(paragraph) < 300
        ):
            self.flush()
            self.roman = (match.group(1), re.sub(r"\s+", " ", match.group(2)).strip())
            self.dieu = None
            self.numbered = self.lettered = ""
            self.current_locator = tuple(self._base_locator())
            return
        if match := NUMBERED.match(paragraph):
            self.numbered, self.lettered = match.group(1), ""
            self._start([*self._base_locator(), self._numbered_label(self.numbered)], paragraph)
            return
        if match := LETTERED.match(paragraph):
            self.lettered = match.group(1)
            locator = self._base_locator()
            if self.numbered:
                locator.append(self._numbered_label(self.numbered))
            self._start([*locator, f"điểm {self.lettered}"], paragraph)
            return
        if not self.current and not self.current_locator:
            self.current_locator = tuple(self._base_locator())
        self.current.append(paragraph)


def _find_zones(paragraphs: list[str]) -> tuple[int, int, int]:
    """Indexes where the body, the closing (signature) and an annex start."""
    body = None
    for index, paragraph in enumerate(paragraphs[:80]):
        if _BODY_MARKER.match(paragraph.strip()):
            body = index + 1
            break
    if body is None:
        for index, paragraph in enumerate(paragraphs):
            if DIEU.match(paragraph) or CHAPTER.match(paragraph) or NUMBERED.match(paragraph):
                body = index
                break
        else:
            body = min(len(paragraphs), 4)
    closing = len(paragraphs)
    for index in range(body, len(paragraphs)):
        paragraph = paragraphs[index]
        if _CLOSING_SENTENCE.match(paragraph) or _SIGNATURE.match(paragraph):
            closing = index
            break
    annex = len(paragraphs)
    for index in range(closing, len(paragraphs)):
        paragraph = paragraphs[index]
        if (
            is_all_caps(paragraph, min_letters=12)
            and not _SIGNATURE.match(paragraph)
            and len(paragraph.split()) >= 3
        ):
            annex = index
            break
    return body, closing, annex


def _header_metadata(header: list[str], body_text: str) -> dict[str, str]:
    meta = {"doc_number": "", "issue_date": "", "issuer": "", "title": "", "doc_type": ""}
    type_index = None
    for index, paragraph in enumerate(header):
        if not meta["doc_number"] and (match := _NUMBER_LINE.match(paragraph)):
            numbers = find_doc_numbers(match.group(1))
            meta["doc_number"] = numbers[0] if numbers else ""
        if not meta["issue_date"] and (match := _PLACE_DATE.match(paragraph)):
            meta["issue_date"] = iso_date(*match.groups())
        if type_index is None and (kind := _doc_type(paragraph)):
            type_index = index
            meta["doc_type"] = kind
    if not meta["issue_date"]:
        for paragraph in header:
            if match := _DATE.search(paragraph):
                meta["issue_date"] = iso_date(*match.groups())
                break
    for paragraph in header[: type_index if type_index is not None else 4]:
        if (
            is_all_caps(paragraph)
            and not paragraph.startswith(_NATIONAL_MOTTOS)
            and not _NUMBER_LINE.match(paragraph)
        ):
            key = re.sub(r"\s+", " ", paragraph).strip()
            meta["issuer"] = KNOWN_ISSUERS.get(key) or recase(key, body_text)
            break
    if type_index is not None:
        subject = ""
        following = header[type_index + 1] if type_index + 1 < len(header) else ""
        if following and is_all_caps(following):
            subject = recase(re.sub(r"\s+", " ", following), body_text)
            subject = subject[:1].lower() + subject[1:] if subject.startswith("Về") else subject
            meta["subject_upper"] = following
        meta["title"] = f"{meta['doc_type']} {subject}".strip()
    return meta


def parse_legal(name: str, paragraphs: list[str], language: str = "vi") -> ParsedDocument:
    """Metadata from the header and units from the Điều / khoản / điểm structure."""
    body_at, closing_at, annex_at = _find_zones(paragraphs)
    full_text = "\n\n".join(paragraphs)
    meta = _header_metadata(paragraphs[:body_at], full_text)
    if not meta["issue_date"]:
        for paragraph in paragraphs[closing_at:annex_at]:
            if match := _DATE.search(paragraph):
                meta["issue_date"] = iso_date(*match.groups())
                break

    province = province_phrase = ""
    if match := _PROVINCE_IN_TITLE.search(re.sub(r"\s+", " ", meta.get("subject_upper", ""))):
        level, name_upper = match.groups()
        phrase = _phrase_pattern(f"{level} {name_upper}".split())
        cased = next(
            (
                m.group(0)
                for m in phrase.finditer(full_text)
                if any(c.islower() for c in m.group(0))
            ),
            "",
        )
        province_phrase = re.sub(r"\s+", " ", cased) or f"{level.lower()} {_title_case(name_upper)}"
        province = province_phrase.split(" ", 2 if level == "THÀNH PHỐ" else 1)[-1]

    units: list[Unit] = []
    preamble = [p for p in paragraphs[:body_at] if p.strip()]
    units.extend(Unit(p, ("phần mở đầu",), "", ("preamble",)) for p in preamble)
    parser = _StructureParser()
    for paragraph in paragraphs[body_at:closing_at]:
        parser.feed(paragraph)
    parser.flush()
    units.extend(parser.units)
    units.extend(Unit(p, ("phần kết",), "", ("closing",)) for p in paragraphs[closing_at:annex_at])
    if annex_at < len(paragraphs):
        annex = _StructureParser(annex=True)
        annex.annex_heading = "Phụ lục: " + recase(
            re.sub(r"\s+", " ", paragraphs[annex_at]), full_text
        )
        for paragraph in paragraphs[annex_at + 1 :]:
            annex.feed(paragraph)
        annex.flush()
        units.extend(annex.units)

    doc_type = meta["doc_type"] or "Văn bản"
    label = (
        f"{doc_type} {meta['doc_number']}".strip() if meta["doc_number"] else meta["title"] or name
    )
    return ParsedDocument(
        name=name,
        kind="legal",
        text=full_text,
        units=units,
        title=meta["title"] or name,
        doc_number=meta["doc_number"],
        issue_date=meta["issue_date"],
        issuer=meta["issuer"],
        language=language,
        province=province,
        province_phrase=province_phrase,
        label=label,
    )

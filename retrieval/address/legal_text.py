"""Parse a commune-arrangement resolution (…/NQ-UBTVQH15) into its numbered clauses.

Why a parser: an official asking "on what basis?" needs the clause itself ("Điều 1,
khoản 23" and its words), not only the resolution number. The 34 resolutions of
16 June 2025 share one pattern: Article 1 lists numbered clauses "N. Sắp xếp toàn bộ
diện tích tự nhiên, quy mô dân số của … thành xã mới có tên gọi là xã Y." (with
"một phần …" / "phần còn lại …" for split units), and a closing clause lists the
units left unchanged. The parser copes with raw Markdown debris, NFD text and
line-wrapped clauses.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from haicap.text import clean_markdown_debris, find_doc_numbers, normalize

_NEW_TYPES = r"xã|phường|đặc khu"
_SOURCE_TYPES = ("thị trấn", "phường", "huyện", "xã")  # longest first where it matters
_SPACES = re.compile(r"\s+")

_NUMBER = re.compile(r"Số\s*:?\s*(\d{1,5}/NQ-UBTVQH\d+)", re.IGNORECASE)
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_PROVINCE = re.compile(r"CẤP XÃ CỦA\s+((?:TỈNH|THÀNH PHỐ)\s+.+?)\s+NĂM\s+\d{4}", re.IGNORECASE)
_ARTICLE = re.compile(r"Điều\s+(\d+)\s*\.")
_CLAUSE_START = re.compile(r"(?:(?<=\s)|^)(\d{1,3})\s*\.\s*(?=[A-ZĐÂĂÊÔƠƯ])")
_FORMED_NAMED = re.compile(
    rf"thành\s*(?:{_NEW_TYPES})\s*(?:mới\s*)?có\s*tên\s*gọi\s*là\s*({_NEW_TYPES})\s*(.+?)\s*[.;]?\s*$",
    re.IGNORECASE,
)
_FORMED_PLAIN = re.compile(rf"\sthành\s+({_NEW_TYPES})\s+(.+?)\s*[.;]?\s*$", re.IGNORECASE)
_UNCHANGED = re.compile(r"không\s+thực\s+hiện\s+sắp\s+xếp\s+là\s+(.+?)\s*\.?\s*$", re.IGNORECASE)
_COUNTS = re.compile(
    r"có\s*(\d+)\s*đơn\s*vị\s*hành\s*chính\s*cấp\s*xã\s*,?\s*gồm\s*(.+?)(?:;|\.|$)", re.IGNORECASE
)
_COUNT_ITEM = re.compile(r"(\d+)\s+(xã|phường|đặc khu)", re.IGNORECASE)

# Fixed phrases that carry the full/partial meaning (their commas must not split items).
_AREA = r"(?:diện\s*tích\s*(?:tự\s*nhiên)?)"
_PEOPLE = r"(?:quy\s*mô\s*dân\s*(?:số|cư)?)"
_MODE_PHRASES = (
    (re.compile(rf"một\s*phần\s*{_AREA}\s*,?\s*toàn\s*bộ\s*{_PEOPLE}\s*(?:của)?", re.I), " ⟦P⟧ "),
    (re.compile(rf"một\s*phần\s*{_AREA}\s*(?:,|và)?\s*{_PEOPLE}\s*(?:của)?", re.I), " ⟦P⟧ "),
    (re.compile(rf"một\s*phần\s*{_AREA}\s*(?:của)?", re.I), " ⟦P⟧ "),
    (re.compile(rf"(?:toàn\s*)?bộ\s*{_AREA}\s*(?:,|và)?\s*{_PEOPLE}\s*(?:của)?", re.I), " ⟦F⟧ "),
    (re.compile(rf"toàn\s*bộ\s*{_AREA}\s*(?:của)?", re.I), " ⟦F⟧ "),
    (re.compile(rf"một\s*phần\s*{_PEOPLE}\s*(?:của)?", re.I), " ⟦P⟧ "),
    (re.compile(rf"phần\s*{_PEOPLE}\s*còn\s*lại\s*(?:của\s*)*", re.I), " ⟦R⟧ "),
    (re.compile(r"phần\s*còn\s*lại\s*(?:của\s*)+", re.I), " ⟦R⟧ "),
    (re.compile(r"^\s*toàn\s*bộ\s+(?=xã|phường|thị trấn|huyện)", re.I), " ⟦F⟧ "),
)
_AFTER_REST = re.compile(
    r"sau\s*khi\s*(?:thực\s*hiện\s*)?sắp\s*xếp\s*theo\s*quy\s*định\s*tại\s*(?:các\s*)?khoản\s*\d+"
    r"(?:\s*(?:,|và)\s*(?:khoản\s*)?\d+)*\s*(?:của\s*)?(?:Điều\s*này)?",
    re.I,
)
_ROMAN = {
    "I": "1",
    "II": "2",
    "III": "3",
    "IV": "4",
    "V": "5",
    "VI": "6",
    "VII": "7",
    "VIII": "8",
    "IX": "9",
    "X": "10",
}


@dataclass
class SourceUnit:
    """An old unit named in a clause, and whether only part of it went in."""

    type: str  # "xã", "phường", "thị trấn", "huyện"
    name: str
    partial: bool
    district_hint: str = ""  # "(thị xã Mộc Châu)" → "thị xã Mộc Châu"


@dataclass
class Clause:
    n: int
    text: str  # the clause as written (whitespace collapsed), number included
    kind: str  # "formed" | "summary" | "other"
    new_type: str = ""  # "xã" | "phường" | "đặc khu"
    new_name: str = ""
    sources: list[SourceUnit] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)  # (type, name)

    @property
    def locator(self) -> str:
        return f"Điều 1, khoản {self.n}"

    def to_json(self) -> dict:
        data = asdict(self)
        data["unchanged"] = [list(item) for item in self.unchanged]
        return data

    @classmethod
    def from_json(cls, data: dict) -> Clause:
        return cls(
            n=int(data["n"]),
            text=str(data["text"]),
            kind=str(data.get("kind", "other")),
            new_type=str(data.get("new_type", "")),
            new_name=str(data.get("new_name", "")),
            sources=[SourceUnit(**s) for s in data.get("sources", ())],
            unchanged=[(str(t), str(n)) for t, n in data.get("unchanged", ())],
        )


@dataclass
class ResolutionText:
    number: str
    date: str  # ISO
    province: str  # "Tỉnh Sơn La" as written in the title (title-cased)
    clauses: list[Clause]
    counts: dict[str, int] = field(default_factory=dict)


def clean(text: str) -> str:
    """Canonical single-line text: NFC, unified tones, no Markdown debris."""
    text = clean_markdown_debris(text)
    text = text.replace("*", " ").replace("\\", " ")
    return _SPACES.sub(" ", normalize(text)).strip()


def parse_resolution(text: str) -> ResolutionText | None:
    """The clauses of a commune-arrangement resolution; None for any other text."""
    flat = clean(text)
    province_match = _PROVINCE.search(flat)
    article1 = _article_body(flat, 1)
    if not province_match or not article1:
        return None
    number_match = _NUMBER.search(flat)
    if number_match:
        number = number_match.group(1).upper()
    else:
        numbers = [n for n in find_doc_numbers(flat) if "/NQ-UBTVQH" in n]
        if not numbers:
            return None
        number = numbers[0]
    date_match = _DATE.search(flat, number_match.end() if number_match else 0)
    date = ""
    if date_match:
        day, month, year = (int(g) for g in date_match.groups())
        date = f"{year:04d}-{month:02d}-{day:02d}"
    clauses = [_classify(n, body) for n, body in _split_clauses(article1)]
    clauses = [c for c in clauses if c.text]
    if not any(c.kind == "formed" for c in clauses):
        return None
    counts: dict[str, int] = {}
    for clause in clauses:
        if clause.kind == "summary":
            counts = _counts(clause.text)
    return ResolutionText(
        number=number,
        date=date,
        province=_title_case(province_match.group(1)),
        clauses=clauses,
        counts=counts,
    )


def _article_body(flat: str, number: int) -> str:
    starts = [(int(m.group(1)), m.start(), m.end()) for m in _ARTICLE.finditer(flat)]
    for i, (n, _, end) in enumerate(starts):
        if n == number:
            stop = next((s for m, s, _ in starts[i + 1 :] if m == number + 1), len(flat))
            body = flat[end:stop]
            intro = body.find("như sau:")
            return body[intro + len("như sau:") :] if 0 <= intro < 1500 else body
    return ""


def _split_clauses(body: str) -> list[tuple[int, str]]:
    """Numbered clauses 1, 2, 3 … in order; stray "N. " inside a clause is skipped."""
    starts: list[tuple[int, int, int]] = []
    expected = 1
    for match in _CLAUSE_START.finditer(body):
        n = int(match.group(1))
        if n == expected:
            starts.append((n, match.start(), match.end()))
            expected += 1
    clauses = []
    for i, (n, start, _) in enumerate(starts):
        stop = starts[i + 1][1] if i + 1 < len(starts) else len(body)
        clauses.append((n, body[start:stop].strip()))
    return clauses


def _classify(n: int, text: str) -> Clause:
    head = re.sub(r"^\d{1,3}\s*\.\s*", "", text)
    if head.lower().startswith("sau khi sắp xếp"):
        clause = Clause(n=n, text=text, kind="summary")
        match = _UNCHANGED.search(deglue(head))
        if match:
            clause.unchanged = _typed_list(match.group(1), default_type="xã")
        return clause
    deglued = deglue(head)
    match = _FORMED_NAMED.search(deglued)
    if not match:
        plain = [m for m in _FORMED_PLAIN.finditer(deglued)]
        match = plain[-1] if plain else None
    if not match:
        return Clause(n=n, text=text, kind="other")
    new_type = match.group(1).lower()
    new_name = match.group(2).strip().rstrip(".;").strip()
    sources_text = deglued[: match.start()]
    return Clause(
        n=n,
        text=text,
        kind="formed",
        new_type=new_type,
        new_name=new_name,
        sources=_sources(sources_text),
    )


_GLUE_BEFORE = re.compile(
    r"(?<=[^\W\d_])(?:(và|của|các|thành|sau khi|phần còn lại|một phần)(?=[^\W\d_]|\s|,|\.|$)"
    r"|(xã|phường|thị trấn)(?=\s+[A-ZĐ0-9]))"
)
_GLUE_AFTER = re.compile(
    r"(?<![^\W\d_])(và|của|các|thành|xã|phường|thị trấn|là|gọi|lại|này)"
    r"(?=xã|phường|thị trấn|các|của|một|phần|thành|là|[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])"
)


def deglue(text: str) -> str:
    """Put back spaces lost in conversion ("Yên Thổthành xã", "cácxãNậm Xe", "gọilàxã")."""
    out = []
    for i, ch in enumerate(text):
        if i and ch.isupper() and (text[i - 1].islower() or text[i - 1] == ")"):
            out.append(" ")
        out.append(ch)
    text = re.sub(r"\)(?=[^\W\d_])", ") ", "".join(out))
    for _ in range(3):
        text = _GLUE_BEFORE.sub(lambda m: " " + m.group(0), text)
        text = _GLUE_AFTER.sub(r"\1 ", text)
    return _SPACES.sub(" ", text)


def _sources(text: str) -> list[SourceUnit]:
    """The old units before "thành …", each with its full/partial mode."""
    lowered = re.sub(r"^(?:Sắp xếp|Nhập|Đổi tên)\s*", "", text.strip(), flags=re.I)
    for pattern, token in _MODE_PHRASES:
        lowered = pattern.sub(token, lowered)
    lowered = _AFTER_REST.sub(" ⟦E⟧ ", lowered)
    hints: list[str] = []

    def _protect(match: re.Match) -> str:
        hints.append(match.group(1).strip())
        return f" ⟨{len(hints) - 1}⟩"

    lowered = re.sub(r"\(([^)]*)\)", _protect, lowered)
    items = re.split(
        r"\s*,\s*|\s+và\s+|(?<!các)(?<!của)(?<!⟧)\s+(?=(?:xã|phường|thị trấn|huyện)\s+[A-ZĐ0-9])",
        lowered,
    )
    mode, current_type = "F", ""
    result: list[SourceUnit] = []
    for raw in items:
        item = raw.strip()
        closing = "⟦E⟧" in item  # "… sau khi sắp xếp theo … Điều này" ends a remainder phrase
        item = item.replace("⟦E⟧", " ").strip()
        while item.startswith("⟦"):
            mode = item[1]
            item = item[3:].strip()
        if not item:
            if closing and mode == "R":
                mode = "F"
            continue
        item = re.sub(r"^(?:(?:các|của|và)\s+)+", "", item, flags=re.I)
        while item.startswith("⟦"):
            mode = item[1]
            item = re.sub(r"^(?:(?:các|của|và)\s+)+", "", item[3:].strip(), flags=re.I)
        hint = ""
        for ref in re.findall(r"⟨(\d+)⟩", item):
            inner = hints[int(ref)]
            if re.match(r"(?:huyện|quận|thị xã|thành phố)\s", inner, re.I):
                hint = inner.split(",")[0].strip()
        item = re.sub(r"\s*⟨\d+⟩", "", item).strip()
        for unit_type in _SOURCE_TYPES:
            while item.lower().startswith(unit_type + " "):  # "xã xã Đông Hưng" happens
                current_type = unit_type
                item = item[len(unit_type) :].strip()
        item = item.rstrip(".;").strip()
        item = _ROMAN.get(item, item)
        if item.lower() in _SOURCE_TYPES:
            current_type = item.lower()
            continue
        if not item or not current_type:
            continue
        result.append(SourceUnit(current_type, item, partial=mode in "PR", district_hint=hint))
        if closing and mode == "R":
            mode = "F"
    return result


def _typed_list(text: str, default_type: str) -> list[tuple[str, str]]:
    items = re.split(r"\s*,\s*|\s+và\s+", text)
    current = default_type
    result = []
    for raw in items:
        item = re.sub(r"^(?:các)\s+", "", raw.strip(), flags=re.I)
        for unit_type in ("đặc khu", "phường", "xã", "thị trấn"):
            if item.lower().startswith(unit_type + " "):
                current = unit_type
                item = item[len(unit_type) :].strip()
                break
        item = re.sub(r"\(.*?\)", "", item).strip().rstrip(".;").strip()
        if item:
            result.append((current, item))
    return result


def _counts(text: str) -> dict[str, int]:
    match = _COUNTS.search(text)
    if not match:
        return {}
    counts = {"total": int(match.group(1))}
    for number, unit_type in _COUNT_ITEM.findall(match.group(2)):
        counts.setdefault(unit_type.lower(), int(number))
    return counts


def _title_case(upper: str) -> str:
    """ "TỈNH SƠN LA" → "Tỉnh Sơn La"; "THÀNH PHỐ HỒ CHÍ MINH" → "Thành phố Hồ Chí Minh"."""
    words = upper.strip().lower().split()
    if words[:2] == ["thành", "phố"]:
        return "Thành phố " + " ".join(w.capitalize() for w in words[2:])
    return words[0].capitalize() + " " + " ".join(w.capitalize() for w in words[1:])

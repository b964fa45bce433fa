"""The stored record of a commune-arrangement resolution, with verbatim quotes.

Why at ingest time: the parser reads cleaned text, but answers must quote the file as
it stands. Cutting each clause's quote from the source once, when it is ingested, keeps
answering instant and lets the facts lane cite the header line (adoption date) and the
article on entry into force, which the commune clauses do not contain.
"""

from __future__ import annotations

import re

from haicap.verbatim import SourceText, strip_number
from retrieval.address.legal_text import ResolutionText, _article_body, _split_clauses, clean

_HEADER_DATE = re.compile(
    r"(?:[A-ZĐ][^\W\d_]*(?: [A-ZĐ][^\W\d_]*)*,\s*)?ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
)
_NUMBER_LINE = re.compile(r"Số\s*:?\s*\d{1,5}/NQ-UBTVQH\d+")
_TITLE = re.compile(r"VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ CỦA .{3,40}? NĂM \d{4}", re.I)
_OPERATES_FROM = re.compile(r"hoạt động từ ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def quoted_record(parsed: ResolutionText, text: str, source: str, source_path: str | None) -> dict:
    """The legal_basis.json record of one resolution (fields only ever added)."""
    src = SourceText(source)
    clauses = []
    for clause in parsed.clauses:
        data = clause.to_json()
        data["quote"] = src.quote(strip_number(clause.text))
        clauses.append(data)
    flat = clean(text)
    record: dict = {
        "number": parsed.number,
        "date": parsed.date,
        "province": parsed.province,
        "counts": parsed.counts,
        "clauses": clauses,
        "source_path": source_path or "",
        "header": _header(flat, src),
        "effective": _effective(flat, src),
    }
    return record


def _header(flat: str, src: SourceText) -> dict:
    """The number, the place-and-date line ("Hà Nội, ngày 16 tháng 6 năm 2025") and the
    title, each as the source writes them: the adoption date is cited from here."""
    number = _NUMBER_LINE.search(flat)
    number_at = number.start() if number else max(flat.find("Số"), 0)
    match = _HEADER_DATE.search(flat, number_at)
    title = _TITLE.search(flat)
    return {
        "text": match.group(0) if match else "",
        "quote": src.quote(match.group(0)) if match else "",
        "number_quote": src.quote(number.group(0)) if number else "",
        "title_quote": src.quote(title.group(0)) if title else "",
    }


def _effective(flat: str, src: SourceText) -> list[dict]:
    """Article 2's clauses (entry into force; from when the new units operate)."""
    body = _article_body(flat, 2)
    body = re.sub(r"^\s*Hiệu lực thi hành\s*", "", body)
    out = []
    for n, clause_text in _split_clauses(body)[:4]:
        operates = _OPERATES_FROM.search(clause_text)
        iso = ""
        if operates:
            day, month, year = (int(g) for g in operates.groups())
            iso = f"{year:04d}-{month:02d}-{day:02d}"
        out.append(
            {
                "n": n,
                "text": clause_text,
                "quote": src.quote(strip_number(clause_text)),
                "operates_from": iso,
                "in_force_on_adoption": "có hiệu lực thi hành từ ngày được thông qua"
                in clause_text,
            }
        )
    return out

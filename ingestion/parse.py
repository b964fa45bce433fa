"""Loaded text → ParsedDocument: cleaned paragraphs, then the legal or news parser.

Why one entry point: files, PDFs, HTML and built-in documents all go through the same
normalisation, so the same sentence gets the same chunk text and the same hash.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from haicap.languages import detect_language
from haicap.text import nfc
from ingestion.legal import looks_legal, parse_legal
from ingestion.markdown import markdown_to_text
from ingestion.model import ParsedDocument, Unit
from ingestion.paragraphs import clean_paragraph, split_paragraphs

_SOURCE_LINE = re.compile(
    r"^(?:Nguồn|Quelle|Källa|Källa|Source|Kilde)\s*:\s*(\S.*)$", re.IGNORECASE
)
_URL = re.compile(r"https?://\S+")
_TITLE_CHARS = 160


def clean_paragraphs(raw: str, fmt: str) -> tuple[list[str], str]:
    """Normalised paragraphs and the detected language."""
    text = nfc(raw).replace("\x00", "")
    if fmt in ("markdown", "text"):
        text = markdown_to_text(text)
    raw_paragraphs = split_paragraphs(text, wrapped=True if fmt == "pdf" else None)
    language = detect_language(" ".join(raw_paragraphs[:60])[:20000])
    vietnamese = language == "vi"
    paragraphs = [clean_paragraph(p, vietnamese=vietnamese) for p in raw_paragraphs]
    return [p for p in paragraphs if p], language


def short_title(text: str, limit: int = _TITLE_CHARS) -> str:
    """The first line of a text, cut at a word boundary."""
    first = text.strip().split("\n", 1)[0]
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def parse_news(
    name: str, paragraphs: list[str], language: str, *, title_hint: str = "", kind: str = "news"
) -> ParsedDocument:
    """Paragraph units ("đoạn N"); a trailing "Quelle: URL" line becomes metadata."""
    paragraphs = list(paragraphs)
    source_url = ""
    for index in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 5), -1):
        match = _SOURCE_LINE.match(paragraphs[index])
        if match and (url := _URL.search(match.group(1))):
            source_url = url.group(0).rstrip(".,;)")
            del paragraphs[index]
            break
    issuer = urlparse(source_url).netloc.removeprefix("www.") if source_url else ""
    units = [Unit(p, (f"đoạn {n}",), "", ("body",)) for n, p in enumerate(paragraphs, 1)]
    return ParsedDocument(
        name=name,
        kind=kind,
        text="\n\n".join(paragraphs),
        units=units,
        title=short_title(title_hint or (paragraphs[0] if paragraphs else name)),
        language=language,
        source_url=source_url,
        issuer=issuer,
    )


def parse_document(
    name: str, raw: str, fmt: str, *, title_hint: str = "", kind: str | None = None
) -> ParsedDocument:
    """Clean and structure one document; `kind` forces "builtin" paragraph chunking."""
    paragraphs, language = clean_paragraphs(raw, fmt)
    if kind is None and looks_legal(paragraphs):
        return parse_legal(name, paragraphs, language)
    return parse_news(name, paragraphs, language, title_hint=title_hint, kind=kind or "news")

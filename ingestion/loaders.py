"""Bytes of a .txt / .md / .html / .pdf file → text, or a clear reason to skip it.

Why strict: a wrongly guessed encoding (cp1252 read as UTF-8) or a binary file renamed
.txt would put garbage into the store and into citations. Such files are skipped with
a reason the user can act on, and the rest of the batch still lands.
"""

from __future__ import annotations

import codecs
import io
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from ingestion.html_text import html_to_text

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 2_000
MAX_EXTRACTED_CHARS = 5_000_000
MAX_PDF_SECONDS = 120.0
_CONTROL_RATIO = 0.05
_PLACEHOLDER_TITLES = {"untitled", "(anonymous)", "anonymous", "microsoft word", "document"}
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v", "\x1b"}

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


class SkipFile(Exception):
    """The file cannot be ingested; `str(exc)` is the reason shown to the user."""


@dataclass
class LoadedText:
    text: str
    fmt: str  # "text" | "markdown" | "html" | "pdf"
    title: str = ""


def file_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    return controls / len(text)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is refused."""
    if not data:
        raise SkipFile("empty file")
    if data.startswith(codecs.BOM_UTF8):
        encoding, payload = "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, payload = "utf-16", data
    else:
        if b"\x00" in data:
            raise SkipFile("binary content (NUL bytes), not text")
        encoding, payload = "utf-8", data
    try:
        text = payload.decode(encoding)
    except UnicodeDecodeError as exc:
        raw_controls = sum(1 for b in data[:65536] if b < 32 and b not in (9, 10, 12, 13))
        if raw_controls / max(1, min(len(data), 65536)) > _CONTROL_RATIO:
            raise SkipFile("binary content, not text") from exc
        raise SkipFile(
            f"not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8"
        ) from exc
    text = text.lstrip("\ufeff")
    if "\x00" in text or _control_share(text) > _CONTROL_RATIO:
        raise SkipFile("binary content (control characters), not text")
    if not text.strip():
        raise SkipFile("no text (only whitespace)")
    return text


def _pdf_error(exc: Exception) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return message[:160]


def load_pdf(data: bytes) -> LoadedText:
    """Text of every page; encrypted, truncated, broken and oversized PDFs are skipped."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data:
        raise SkipFile("empty file")
    if b"%PDF-" not in data[:1024]:
        raise SkipFile("not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise SkipFile("truncated PDF (no %%EOF end marker)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                raise SkipFile("encrypted PDF (needs a password)")
        pages = len(reader.pages)
    except SkipFile:
        raise
    except Exception as exc:
        raise SkipFile(f"broken PDF ({_pdf_error(exc)})") from exc
    if pages > MAX_PDF_PAGES:
        raise SkipFile(f"PDF has {pages:,} pages, more than the limit of {MAX_PDF_PAGES:,}")
    started = time.monotonic()
    texts: list[str] = []
    total = 0
    for number, page in enumerate(reader.pages, 1):
        try:
            text = page.extract_text() or ""
        except LimitReachedError as exc:
            raise SkipFile(f"PDF page {number} exceeds decompression limits") from exc
        except Exception as exc:
            raise SkipFile(f"broken PDF (page {number}: {_pdf_error(exc)})") from exc
        total += len(text)
        if total > MAX_EXTRACTED_CHARS:
            raise SkipFile(f"PDF text exceeds {MAX_EXTRACTED_CHARS:,} characters")
        if time.monotonic() - started > MAX_PDF_SECONDS:
            raise SkipFile(f"PDF text extraction took longer than {MAX_PDF_SECONDS:.0f} s")
        texts.append(text)
    joined = "\n\n".join(texts)
    if not joined.strip():
        raise SkipFile("no extractable text in PDF (scanned images?)")
    title = ""
    try:
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except Exception:
        title = ""
    if title.lower() in _PLACEHOLDER_TITLES:
        title = ""
    return LoadedText(joined, "pdf", title)


def load_bytes(data: bytes, fmt: str) -> LoadedText:
    """Dispatch on the format; raises SkipFile with the reason."""
    if len(data) > MAX_FILE_BYTES:
        raise SkipFile(
            f"file too large ({len(data) / 1e6:.0f} MB, limit {MAX_FILE_BYTES // 2**20} MB)"
        )
    if fmt == "pdf":
        return load_pdf(data)
    text = decode_text(data)
    if fmt == "html":
        title, body = html_to_text(text)
        if not body.strip():
            raise SkipFile("no text in HTML")
        return LoadedText(body, "html", title)
    return LoadedText(text, fmt)


def load_file(path: Path) -> tuple[LoadedText, bytes]:
    """Read and decode one file; the bytes are returned for hashing."""
    fmt = file_format(path)
    if fmt is None:
        raise SkipFile(f"unsupported file type {path.suffix or '(none)'}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SkipFile(f"file too large ({size / 1e6:.0f} MB, limit {MAX_FILE_BYTES // 2**20} MB)")
    data = path.read_bytes()
    return load_bytes(data, fmt), data

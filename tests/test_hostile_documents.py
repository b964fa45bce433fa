"""Hostile files through the real `haicap ingest`: each is refused with a reason the
user can act on, quickly, and the good file beside them still lands.

What tests/test_ingest_loaders.py does not cover already (there the limits are
monkeypatched down): a PDF with thousands of real pages against the real page limit,
a decompression bomb (200 MB from a 0.6 MB file), a page tree that loops back on
itself, a file over the real 50 MB size limit (sparse, so the disk is not filled),
binary files renamed .txt / .md (PNG, ZIP, a real PDF), and deeply nested HTML. A
single word of a megabyte is checked at the chunking level: chunks stay bounded.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from ingestion import loaders
from ingestion.chunking import build_chunks
from ingestion.parse import parse_document

pytestmark = pytest.mark.slow

GOOD_TEXT = (
    "# Thông báo của xã Đoàn Kết\n\n"
    "Xã Đoàn Kết mới được thành lập từ xã Chiềng Chung và xã Đoàn Kết cũ.\n\n"
    "Trụ sở Ủy ban nhân dân xã đặt tại bản Mới, điện thoại tiếp dân 0212 999 888.\n"
)


def raw_pdf(objects: list[bytes]) -> bytes:
    """A minimal but valid PDF: object i+1 is objects[i], with a correct xref table."""
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return out


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_TEXT_OP = b"BT /F1 12 Tf 10 10 Td (Xa Son La) Tj ET\n"


def _page(contents: int) -> bytes:
    return (
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents {contents} 0 R"
        " /Resources << /Font << /F1 3 0 R >> >> >>"
    ).encode()


def _stream(data: bytes, flate: bool = False) -> bytes:
    head = f"<< /Length {len(data)}{' /Filter /FlateDecode' if flate else ''} >>\nstream\n"
    return head.encode() + data + b"\nendstream"


def many_pages_pdf(pages: int) -> bytes:
    """`pages` real pages sharing one small content stream (about 100 bytes a page)."""
    first_page = 5
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        _FONT,
        _stream(_TEXT_OP),
    ]
    objects += [_page(4) for _ in range(pages)]
    return raw_pdf(objects)


def bomb_pdf(megabytes: int) -> bytes:
    """One page whose Flate content stream inflates to `megabytes` MB of text operators."""
    compressor = zlib.compressobj(9)
    block = _TEXT_OP * (2**20 // len(_TEXT_OP))
    data = b"".join(compressor.compress(block) for _ in range(megabytes)) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _FONT,
        _page(5),
        _stream(data, flate=True),
    ]
    return raw_pdf(objects)


def looping_pdf() -> bytes:
    """A page tree whose only kid is the tree itself."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
    ]
    return raw_pdf(objects)


def _png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:t>Xã Đoàn Kết</w:t>" * 200)
    return buffer.getvalue()


def write_hostile_folder(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path, words the skip reason must contain)."""
    folder.mkdir(parents=True)
    cases: dict[str, tuple[Path, str]] = {}

    def put(name: str, data: bytes, reason: str) -> None:
        path = folder / name
        path.write_bytes(data)
        cases[name] = (path, reason)

    put("many-pages.pdf", many_pages_pdf(loaders.MAX_PDF_PAGES + 500), "pages")
    put("bomb.pdf", bomb_pdf(200), "decompression limits")
    put("loop.pdf", looping_pdf(), "PDF")
    put("image.txt", _png_bytes(), "binary")
    put("archive.md", _zip_bytes(), "binary")
    put("real-pdf.txt", many_pages_pdf(3), "not UTF-8")
    put("nested.html", b"<div>" * 200_000 + b"</div>" * 200_000, "no text")
    huge = folder / "huge.txt"
    with huge.open("wb") as handle:  # sparse: size on paper, no data on disk
        handle.truncate(loaders.MAX_FILE_BYTES + 1024 * 1024)
    cases["huge.txt"] = (huge, "too large")
    return cases


def test_hostile_files_are_refused_and_the_good_one_lands(tmp_path: Path) -> None:
    cases = write_hostile_folder(tmp_path / "in")
    good = tmp_path / "in" / "good.md"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    env = {**os.environ, "HAICAP_DATA_DIR": str(tmp_path / "data"), "CHROMA_HOST": ""}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "haicap.cli", "ingest", str(tmp_path / "in"), "--json"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    reasons = {Path(item["path"]).name: item["reason"] for item in summary["skipped"]}
    print(f"\nhostile files: {len(cases)} refused in {seconds:.1f} s (with model start)")
    for name, (_, words) in cases.items():
        assert name in reasons, f"{name} was not refused: {summary}"
        assert words.lower() in reasons[name].lower(), (name, reasons[name])
    assert summary["ingested_files"] == 1 and summary["total_chunks"] >= 1  # good.md landed
    assert "good.md" not in reasons


def test_a_megabyte_word_is_chunked_into_bounded_chunks() -> None:
    text = "Điều 1. Quy định chung\n\n" + "x" * 1_000_000 + "\n\nXã Đoàn Kết được giữ nguyên."
    doc = parse_document("one-word.md", text, "markdown")
    chunks = build_chunks(doc, source_path="one-word.md", file_sha="0" * 64)
    assert chunks, "the text must not vanish"
    longest = max(len(chunk.text) for chunk in chunks)
    assert longest <= 20_000, f"a chunk of {longest:,} characters"
    assert any("Đoàn Kết" in chunk.text for chunk in chunks)

"""Quotes are the source's own words: found in the file through the repaired chunk text.

The chunker repairs text for search ("gồm67" → "gồm 67", "uỷ" → "ủy", emphasis marks
dropped) and writes a heading path on a chunk's first line; a «quote» must still be the
document as it stands (NFC and whitespace aside), and a heading is never a quote.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.quotes import LooseText, original_words, verbatim_form
from tests.conftest import require_shared


def test_repaired_spacing_maps_back_to_the_source() -> None:
    source = LooseText(
        verbatim_form("Sau khi sắp xếp, thành phố Hải Phòng có 114 đơn vị, gồm67 xã, 45 phường.")
    )
    span = source.find("thành phố Hải Phòng có 114 đơn vị, gồm 67 xã, 45 phường.")
    assert span is not None
    assert (
        source.text[span[0] : span[1]] == "thành phố Hải Phòng có 114 đơn vị, gồm67 xã, 45 phường."
    )


def test_old_tone_placement_and_emphasis_stay_as_written() -> None:
    source = LooseText("Đảng uỷ Quốc hội lãnh đạo **Quốc hội** thực hiện; giảm 62,5 %.")
    span = source.find("Đảng ủy Quốc hội lãnh đạo Quốc hội thực hiện; giảm 62,5 %")
    assert span is not None
    quote = source.text[span[0] : span[1]]
    assert quote == "Đảng uỷ Quốc hội lãnh đạo **Quốc hội** thực hiện; giảm 62,5 %"


def test_words_not_in_the_source_are_not_a_quote(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("Điều 1. Sắp xếp các đơn vị hành chính.\n\nNội dung thật của văn bản.\n")
    meta = {"source_path": str(path), "file_sha": "a"}
    assert original_words("Nội dung thật của văn bản.", meta) == "Nội dung thật của văn bản."
    # A heading path the tool built ("Nghị quyết … — Điều 1. …") is not the document's words.
    assert original_words("Nghị quyết 1681/NQ-UBTVQH15 — Điều 1. Sắp xếp", meta) is None


def test_real_resolution_quote_keeps_the_missing_space() -> None:
    legal = require_shared("corpus", "legal")
    path = legal / "1669_NQ-UBTVQH15.md"
    if not path.is_file():
        pytest.fail(f"missing {path}")
    meta = {"source_path": str(path), "file_sha": "t"}
    quote = original_words(
        "có 114 đơn vị hành chính cấp xã, gồm 67 xã, 45 phường và 02 đặc khu", meta
    )
    assert quote is not None and "gồm67 xã" in quote
    assert quote in verbatim_form(path.read_text(encoding="utf-8"))

"""Text clean-up units: pandoc tables, escapes, wrapped lines, glued words, language."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from haicap.languages import detect_language
from ingestion.chunking import build_chunks
from ingestion.markdown import markdown_to_text
from ingestion.paragraphs import fix_glued_words, split_paragraphs
from ingestion.parse import clean_paragraphs, parse_document

HEADER = """\
  ----------------------- -----------------------------------------------
    **ỦY BAN THƯỜNG VỤ\\        **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\
         QUỐC HỘI\\                 Độc lập - Tự do - Hạnh phúc\\
     \\-\\-\\-\\-\\-\\-\\--**            \\-\\-\\-\\-\\-\\-\\-\\-\\--**

   Số: 1681/NQ-UBTVQH15         *Hà Nội, ngày 16 tháng 6 năm 2025*
  ----------------------- -----------------------------------------------

1\\. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của xã Chiềng
Chung (thị xã Mộc Châu) và xã Đoàn Kết thành xã mới có tên gọi là **xã
Đoàn Kết**.
"""

GRID = """\
+-------------------------------+:------------------------------------:+
| ***Nơi nhận:\\***              | **TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI\\     |
| - Chính phủ;\\                 | CHỦ TỊCH\\                            |
| - Lưu: HC, PLTP.              | Trần Thanh Mẫn**                     |
+-------------------------------+--------------------------------------+
"""


def test_simple_table_read_by_column() -> None:
    paragraphs, language = clean_paragraphs(HEADER, "markdown")
    assert language == "vi"
    assert paragraphs[:4] == [
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
        "Số: 1681/NQ-UBTVQH15",
        "Hà Nội, ngày 16 tháng 6 năm 2025",
    ]
    assert paragraphs[4] == (
        "1. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của xã Chiềng Chung "
        "(thị xã Mộc Châu) và xã Đoàn Kết thành xã mới có tên gọi là xã Đoàn Kết."
    )


def test_grid_table_read_by_column() -> None:
    text = markdown_to_text(GRID)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    assert [p.strip() for p in paragraphs] == [
        "Nơi nhận: - Chính phủ; - Lưu: HC, PLTP.",
        "TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI CHỦ TỊCH Trần Thanh Mẫn",
    ]


def test_escapes_and_emphasis_removed_but_literal_kept() -> None:
    text = markdown_to_text(
        "**Điều 1.** Giá \\*đặc biệt\\* là 10\\% và a\\_b; ![ảnh](x.png) [Luật](u)"
    )
    assert text == "Điều 1. Giá *đặc biệt* là 10% và a_b; ảnh Luật"


def test_wrapped_lines_joined_and_one_line_paragraphs_kept() -> None:
    wrapped = "Dòng một của đoạn văn khá dài ở đây\nvà tiếp tục ở dòng hai.\n\nĐoạn hai ngắn.\n"
    assert split_paragraphs("\n".join([wrapped] * 3))[:2] == [
        "Dòng một của đoạn văn khá dài ở đây và tiếp tục ở dòng hai.",
        "Đoạn hai ngắn.",
    ]
    long_lines = ("Ein langer Absatz " * 12 + ".\n") * 3
    assert len(split_paragraphs(long_lines)) == 3


@pytest.mark.parametrize(
    ("glued", "fixed"),
    [
        ("quy định tại khoản 1 Điều nàythành phường", "quy định tại khoản 1 Điều này thành phường"),
        ("Tân Uyênvàcácxã Trung Đồng", "Tân Uyên và các xã Trung Đồng"),
        ("có tên gọi là phườngNgô Quyền", "có tên gọi là phường Ngô Quyền"),
        ("khóa XVthông qua", "khóa XV thông qua"),
        ("gồm67 xã", "gồm 67 xã"),
        ("Nam Sơn(quận Kiến An)thành", "Nam Sơn (quận Kiến An) thành"),
        ("An Lư,Thủy Hà", "An Lư, Thủy Hà"),
        ("xã Pa Ủthành xã", "xã Pa Ủ thành xã"),
        # names written in one piece and units stay as they are
        ("xã Đakrông, xã Ayun, phường ĐamBri, 62,5 km2, Đăk Blà", None),
    ],
)
def test_glued_vietnamese_words(glued: str, fixed: str | None) -> None:
    assert fix_glued_words(glued, vietnamese=True) == (fixed or glued)


def test_glued_german_words_only_lower_to_upper() -> None:
    text = "die Direktive Nr. 45-CT/TW desPolitbüros auf YouTube und iPhone"
    assert fix_glued_words(text, vietnamese=False) == (
        "die Direktive Nr. 45-CT/TW des Politbüros auf YouTube und iPhone"
    )
    assert fix_glued_words("nàythành", vietnamese=False) == "nàythành"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Sau khi sắp xếp, tỉnh Cà Mau có bao nhiêu đơn vị hành chính cấp xã?", "vi"),
        ("tinh ca mau co bao nhieu phuong sau sap xep", "vi"),
        ("Welche Richtlinie des Politbüros betrifft die Parteitage?", "de"),
        ("Hur många kommuner bildades efter arrangemanget i Son La?", "sv"),
        ("Vilken kommun tillhör Chiềng Xôm nu?", "sv"),
        ("Which commune is Chieng Xom in now?", "en"),
        ("", "vi"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
def test_any_text_parses_to_clean_nfc_chunks(text: str) -> None:
    for fmt in ("markdown", "text", "html", "pdf"):
        doc = parse_document("x.txt", text, fmt)
        chunks = build_chunks(doc, source_path="x", file_sha="0")
        for chunk in chunks:
            assert unicodedata.is_normalized("NFC", chunk.text)
            assert chunk.text.strip()

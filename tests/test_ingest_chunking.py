"""Chunking of the real corpus files (no model, no store): structure, metadata, sizes."""

from __future__ import annotations

import re
import statistics
import unicodedata
from pathlib import Path

import pytest

from haicap.text import fold
from ingestion.chunking import build_chunks
from ingestion.model import ParsedDocument
from ingestion.parse import parse_document
from retrieval.store import Chunk
from tests.conftest import require_shared

Parsed = dict[str, tuple[ParsedDocument, list[Chunk], str]]


def _parse(path: Path) -> tuple[ParsedDocument, list[Chunk], str]:
    raw = path.read_text(encoding="utf-8")
    fmt = "markdown" if path.suffix == ".md" else "text"
    doc = parse_document(path.name, raw, fmt)
    return doc, build_chunks(doc, source_path=str(path), file_sha="test"), raw


@pytest.fixture(scope="module")
def legal() -> Parsed:
    folder = require_shared("corpus", "legal")
    return {p.name: _parse(p) for p in sorted(folder.glob("*.md"))}


@pytest.fixture(scope="module")
def seeds() -> Parsed:
    folder = require_shared("seeds")
    return {p.name: _parse(p) for p in sorted(folder.glob("*.txt"))}


def _key(text: str) -> str:
    """Comparison form that ignores diacritics, tone placement, spaces and markup."""
    return re.sub(r"[\s*\\]+", "", fold(text))


def _raw_blocks(raw: str) -> list[str]:
    """Blank-line separated blocks of the raw Markdown, NFC, one line each."""
    text = unicodedata.normalize("NFC", raw)
    return [re.sub(r"\s+", " ", b).strip() for b in re.split(r"\n\s*\n", text) if b.strip()]


def _resolutions(legal: Parsed) -> Parsed:
    return {name: item for name, item in legal.items() if name.startswith("16")}


def test_all_legal_texts_are_legal_and_have_header_metadata(legal: Parsed) -> None:
    assert len(legal) == 35
    for name, (doc, chunks, _) in _resolutions(legal).items():
        number = name.split("_")[0]
        assert doc.kind == "legal", name
        assert doc.doc_number == f"{number}/NQ-UBTVQH15", name
        assert doc.issue_date == "2025-06-16", name
        assert doc.issuer == "Ủy ban Thường vụ Quốc hội", name
        assert doc.province and doc.province in doc.title, (name, doc.title)
        assert doc.title.startswith("Nghị quyết về việc sắp xếp các đơn vị hành chính cấp xã")
        for chunk in chunks:
            assert chunk.metadata["doc_number"] == doc.doc_number
            assert doc.doc_number in chunk.metadata["doc_numbers"].split(";")
            assert chunk.metadata["province"] == doc.province
            assert chunk.text.startswith(f"Nghị quyết {doc.doc_number}")


def test_sonla_resolution_metadata(legal: Parsed) -> None:
    doc, chunks, _ = legal["1681_NQ-UBTVQH15.md"]
    assert doc.title == (
        "Nghị quyết về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Sơn La năm 2025"
    )
    assert doc.province == "Sơn La"
    meta = chunks[0].metadata
    assert meta["doc_number"] == "1681/NQ-UBTVQH15"
    assert meta["issue_date"] == "2025-06-16"
    assert meta["kind"] == "legal" and meta["language"] == "vi"
    header = next(c for c in chunks if "Số: 1681/NQ-UBTVQH15" in c.text)
    assert "Hà Nội, ngày 16 tháng 6 năm 2025" in header.text
    assert header.metadata["locator"] == "phần mở đầu"


def test_party_resolution_metadata_and_sections(legal: Parsed) -> None:
    doc, chunks, _ = legal["60-NQ_TW.md"]
    assert (doc.doc_number, doc.issue_date) == ("60-NQ/TW", "2025-04-12")
    assert doc.issuer == "Ban Chấp hành Trung ương"
    assert "Hội nghị lần thứ 11" in doc.title
    locators = {c.metadata["locator"] for c in chunks}
    assert {"mục 1", "mục 5", "mục 12"} <= locators
    merge = next(c for c in chunks if "Hợp nhất tỉnh Bắc Ninh và tỉnh Bắc Giang" in c.text)
    assert merge.metadata["locator"].startswith("Phụ lục, mục II, điểm")
    assert "34 đơn vị hành chính cấp tỉnh" in merge.text  # the annex heading as context


def test_every_merge_clause_is_whole_in_one_chunk(legal: Parsed) -> None:
    clause_start = re.compile(r"^(\d+)\s*\\?\.")
    checked = 0
    for name, (_, chunks, raw) in _resolutions(legal).items():
        lines = [line for chunk in chunks for line in chunk.text.split("\n")]
        line_keys = [_key(line) for line in lines]
        for block in _raw_blocks(raw):
            start = clause_start.match(block)
            if not start or not re.search(r"tên\s*gọi\s*là", block.replace("*", "")):
                continue
            # the clause from "N. Sắp xếp …" to its new name, whole, in one chunk line
            key = _key(block)
            assert any(key == lk for lk in line_keys), (name, block[:120])
            checked += 1
        plain = unicodedata.normalize("NFC", raw).replace("*", "")
        raw_count = len(re.findall(r"tên\s*gọi\s*là", plain))
        chunk_count = sum(len(re.findall(r"tên gọi là", c.text)) for c in chunks)
        assert chunk_count == raw_count, name
    assert checked > 3000


def test_locators_follow_dieu_and_khoan(legal: Parsed) -> None:
    locator = re.compile(r"^Điều (\d+)(?:, khoản (\d+)(?:–(\d+))?)?$")
    for name, (_, chunks, _) in _resolutions(legal).items():
        for chunk in chunks:
            numbers = [int(m.group(1)) for m in re.finditer(r"(?m)^(\d+)\. ", chunk.text)]
            if not numbers:
                continue
            match = locator.match(chunk.metadata["locator"])
            assert match, (name, chunk.metadata["locator"])
            low = int(match.group(2))
            high = int(match.group(3) or low)
            assert low == numbers[0] and high == numbers[-1], (name, chunk.metadata["locator"])
            heading = chunk.metadata["heading"]
            assert heading.startswith(f"Điều {match.group(1)}.")
    _, chunks, _ = legal["1681_NQ-UBTVQH15.md"]
    first = next(c for c in chunks if re.search(r"(?m)^1\. Sắp xếp toàn bộ", c.text))
    assert re.match(r"^Điều 1, khoản 1(–\d+)?$", first.metadata["locator"])
    assert first.text.startswith(
        "Nghị quyết 1681/NQ-UBTVQH15 — Điều 1. Sắp xếp các đơn vị hành chính cấp xã của tỉnh Sơn La"
    )
    effect = next(c for c in chunks if "có hiệu lực thi hành" in c.text)
    assert effect.metadata["locator"].startswith("Điều 2")
    assert "(tỉnh Sơn La)" in effect.text.split("\n")[0]  # the province is named in context


def test_count_sentence_is_whole(legal: Parsed) -> None:
    for name, (_, chunks, raw) in _resolutions(legal).items():
        blocks = [b for b in _raw_blocks(raw) if re.match(r"^\d+\\?\.\s*Sau khi sắp xếp", b)]
        assert blocks, name
        keys = [_key(line) for c in chunks for line in c.text.split("\n")]
        for block in blocks:
            assert _key(block) in keys, (name, block[:100])
    _, chunks, _ = legal["1681_NQ-UBTVQH15.md"]
    sentence = (
        "Sau khi sắp xếp, tỉnh Sơn La có 75 đơn vị hành chính cấp xã, gồm 67 xã và 08 phường; "
        "trong đó có 60 xã, 08 phường hình thành sau sắp xếp"
    )
    assert sum(sentence in c.text for c in chunks) == 1


def test_chunk_text_is_clean_nfc(legal: Parsed, seeds: Parsed) -> None:
    for name, (_, chunks, _) in {**legal, **seeds}.items():
        for chunk in chunks:
            text = chunk.text
            assert unicodedata.is_normalized("NFC", text), name
            for debris in ("\\.", "\\-", "**", "---", "Kommentar (0)", "![]"):
                assert debris not in text, (name, debris, text[:80])
            assert not re.search(r"\b(hoà|thuỷ|khoẻ)\b", text, re.IGNORECASE)  # new tone placement


def test_glued_words_are_split(legal: Parsed, seeds: Parsed) -> None:
    all_text = "\n".join(c.text for _, chunks, _ in legal.values() for c in chunks)
    for glued in ("Điều nàythành", "phườngNgô", "cácxã", "làxã", "XVthông", "gồm67"):
        assert glued not in all_text
    assert "phường Ngô Quyền" in all_text and "Điều này thành" in all_text
    de = "\n".join(c.text for c in seeds["de_lai-chau-son-la-working-session.txt"][1])
    assert "des Politbüros" in de and "desPolitbüros" not in de
    for name in ("Đakrông", "Ayun", "ĐamBri"):  # names written in one piece stay whole
        assert name in all_text


def test_seeds_language_source_and_paragraph_locators(seeds: Parsed) -> None:
    expected = {
        "de_lai-chau-son-la-working-session.txt": ("de", "https://nhandan.vn/"),
        "sv_son-la-announcement-ceremony.txt": ("sv", "https://www.sggp.org.vn/"),
    }
    for name, (language, url) in expected.items():
        doc, chunks, _ = seeds[name]
        assert doc.kind == "news" and doc.doc_number == ""
        for chunk in chunks:
            assert chunk.metadata["language"] == language
            assert chunk.metadata["source_url"].startswith(url)
            assert re.match(r"^đoạn \d+(–\d+)?$", chunk.metadata["locator"])
            assert "Quelle:" not in chunk.text and "Källa:" not in chunk.text
    sv_doc, sv_chunks, _ = seeds["sv_son-la-announcement-ceremony.txt"]
    resolution = next(c for c in sv_chunks if "1681/NQ-UBTVQH15" in c.text)
    assert "1681/NQ-UBTVQH15" in resolution.metadata["doc_numbers"].split(";")
    assert re.match(r"^đoạn (\d+–)?5$", resolution.metadata["locator"])
    assert not sv_doc.title.startswith("Kommentar")


def test_chunk_ids_are_stable_and_unique(legal: Parsed) -> None:
    doc, chunks, _ = legal["1681_NQ-UBTVQH15.md"]
    again = build_chunks(doc, source_path="elsewhere", file_sha="other")
    assert [c.id for c in chunks] == [c.id for c in again]
    ids = [c.id for _, cs, _ in legal.values() for c in cs]
    assert len(ids) == len(set(ids))
    assert all(re.match(r"^[a-z0-9-]+-[0-9a-f]{16}$", i) for i in ids)
    for _, cs, _ in legal.values():
        assert [c.metadata["chunk_index"] for c in cs] == list(range(len(cs)))
        for chunk in cs:
            assert all(isinstance(v, str | int | float | bool) for v in chunk.metadata.values())


def test_chunk_sizes_in_gemma_tokens(legal: Parsed, seeds: Parsed) -> None:
    from transformers import AutoTokenizer

    from haicap.model_fetch import model_path
    from haicap.settings import Settings

    settings = Settings()
    folder = settings.model_dir or model_path(settings.models_dir, settings.embed_model)
    if not (Path(folder) / "tokenizer.json").exists():
        pytest.fail(f"the embedding model's tokenizer is missing in {folder}")
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    texts = [c.text for _, cs, _ in {**legal, **seeds}.values() for c in cs]
    counts = [len(ids) for ids in tokenizer(texts, add_special_tokens=False)["input_ids"]]
    assert max(counts) <= 300
    assert min(counts) >= 30
    assert 100 <= statistics.median(counts) <= 300

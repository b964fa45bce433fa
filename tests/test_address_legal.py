"""Legal basis: parsing the commune-arrangement resolutions, keeping their clauses,
and checking the gazetteer against what the clauses say."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from haicap.text import clean_markdown_debris, normalize
from retrieval.address.fuzzy import edit_distance
from retrieval.address.gazetteer import get_gazetteer
from retrieval.address.legal_basis import (
    basis_for,
    build_index,
    forget_document,
    legal_index,
    record_document,
    recorded_documents,
    store_path,
)
from retrieval.address.legal_facts import PROVINCE_RESOLUTIONS, fact_line
from retrieval.address.legal_text import parse_resolution
from retrieval.address.names import name_key
from retrieval.address.units import Gazetteer
from tests.conftest import require_shared

# A made-up resolution in the official pattern (test input only, never shipped).
SAMPLE = """
**ỦY BAN THƯỜNG VỤ QUỐC HỘI**
Số: 9999/NQ-UBTVQH15 *Hà Nội, ngày 16 tháng 6 năm 2025*
**NGHỊ QUYẾT**
VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ CỦA TỈNH MẪU
NĂM 2025
**Điều 1. Sắp xếp các đơn vị hành chính cấp xã của tỉnh Mẫu**
Trên cơ sở Đề án số 1/ĐA-CP ngày 09 tháng 5 năm 2025 của Chính phủ, Ủy ban Thường vụ Quốc hội
quyết định sắp xếp để thành lập các đơn vị hành chính cấp xã của tỉnh Mẫu như sau:

1\\. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của xã An Một (huyện Đông) và
xã Bình Hai thành xã mới có tên gọi là **xã Bình Hai**.

2\\. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các phường Cầu, Đá, một phần
diện tích tự nhiên, quy mô dân số của xã Gò thành phường mới có tên gọi là phường Đá Cầu.

3\\. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của xã Hồ và phần còn lại của xã Gò
sau khi sắp xếp theo quy định tại khoản 2 Điều này thành xã mới có tên gọi là xã Hồ Gò.

4\\. Sau khi sắp xếp, tỉnh Mẫu có 04 đơn vị hành chính cấp xã, gồm 03 xã và 01 phường;
trong đó có 02 xã, 01 phường hình thành sau sắp xếp quy định tại Điều này và 01 xã không
thực hiện sắp xếp là xã Kim.

**Điều 2. Hiệu lực thi hành**

1\\. Nghị quyết này có hiệu lực thi hành từ ngày được thông qua.
"""


def test_parse_sample_resolution() -> None:
    parsed = parse_resolution(SAMPLE)
    assert parsed is not None
    assert (parsed.number, parsed.date, parsed.province) == (
        "9999/NQ-UBTVQH15",
        "2025-06-16",
        "Tỉnh Mẫu",
    )
    kinds = [c.kind for c in parsed.clauses]
    assert kinds == ["formed", "formed", "formed", "summary"]  # Điều 2's clauses are not Điều 1's
    first, second, third, summary = parsed.clauses
    assert (first.new_type, first.new_name) == ("xã", "Bình Hai")
    assert [(s.type, s.name, s.partial, s.district_hint) for s in first.sources] == [
        ("xã", "An Một", False, "huyện Đông"),
        ("xã", "Bình Hai", False, ""),
    ]
    assert [(s.type, s.name, s.partial) for s in second.sources] == [
        ("phường", "Cầu", False),
        ("phường", "Đá", False),
        ("xã", "Gò", True),
    ]
    assert [(s.name, s.partial) for s in third.sources] == [("Hồ", False), ("Gò", True)]
    assert summary.unchanged == [("xã", "Kim")]
    assert parsed.counts == {"total": 4, "xã": 3, "phường": 1}
    assert first.locator == "Điều 1, khoản 1"
    assert first.text.startswith("1. Sắp xếp toàn bộ") and first.text.endswith("xã Bình Hai.")


def test_raw_nfd_and_cleaned_text_give_the_same_clauses() -> None:
    raw = parse_resolution(unicodedata.normalize("NFD", SAMPLE))
    cleaned = parse_resolution(normalize(clean_markdown_debris(SAMPLE)))
    assert raw is not None and cleaned is not None
    assert [c.to_json() for c in raw.clauses] == [c.to_json() for c in cleaned.clauses]


def test_other_texts_are_not_resolutions() -> None:
    assert parse_resolution("") is None
    assert parse_resolution("Nghị quyết số 60-NQ/TW về tổ chức bộ máy.") is None
    assert parse_resolution("x" * 10_000) is None


def test_record_and_forget_document(tmp_path: Path) -> None:
    assert record_document(tmp_path, "sample.md", SAMPLE) == 4
    stored = json.loads(store_path(tmp_path).read_text(encoding="utf-8"))
    assert stored["documents"]["sample.md"]["number"] == "9999/NQ-UBTVQH15"
    assert [p.name for p in tmp_path.iterdir()] == ["legal_basis.json"]  # no temp file left
    assert record_document(tmp_path, "other.md", "Một văn bản không phải nghị quyết.") == 0
    assert set(recorded_documents(tmp_path)) == {"sample.md"}
    # re-recording a document that stopped being a resolution drops its clauses
    assert record_document(tmp_path, "sample.md", "đã thay nội dung") == 0
    assert recorded_documents(tmp_path) == {}
    record_document(tmp_path, "sample.md", SAMPLE)
    assert forget_document(tmp_path, "sample.md") is True
    assert forget_document(tmp_path, "sample.md") is False
    assert recorded_documents(tmp_path) == {}


def test_corrupt_store_is_replaced_not_fatal(tmp_path: Path) -> None:
    store_path(tmp_path).write_text("{not json", encoding="utf-8")
    assert recorded_documents(tmp_path) == {}
    assert record_document(tmp_path, "sample.md", SAMPLE) == 4


def test_facts_fallback_without_texts(tmp_path: Path) -> None:
    gaz = get_gazetteer(None, None)
    index = legal_index(tmp_path, gaz)
    code = next(iter(gaz.new_units_by_province["14"]))
    ref = basis_for(code, gaz, index)
    assert ref is not None and not ref.verbatim
    assert ref.number == "1681/NQ-UBTVQH15" and ref.document == ref.number and ref.locator == ""
    assert ref.text == fact_line(PROVINCE_RESOLUTIONS["14"])
    assert "16 tháng 6 năm 2025" in ref.text and "tỉnh Sơn La" in ref.text


# --- the 34 real resolutions -------------------------------------------------------------


def _legal_files() -> list[Path]:
    folder = require_shared("corpus", "legal")
    files = sorted(folder.glob("16*_NQ-UBTVQH15.md"))
    assert len(files) == 34
    return files


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("legal")
    for path in _legal_files():
        assert record_document(data_dir, path.name, path.read_text(encoding="utf-8")) > 30
    folder = require_shared("corpus", "legal")
    assert (
        record_document(
            data_dir, "60-NQ_TW.md", (folder / "60-NQ_TW.md").read_text(encoding="utf-8")
        )
        == 0
    )
    return data_dir


def test_facts_table_matches_resolution_headers() -> None:
    for path in _legal_files():
        parsed = parse_resolution(path.read_text(encoding="utf-8"))
        assert parsed is not None
        fact = next(f for f in PROVINCE_RESOLUTIONS.values() if f.number == parsed.number)
        assert fact.date == parsed.date
        assert name_key(fact.province) == name_key(parsed.province)
        assert path.name.startswith(parsed.number.split("/")[0])


def test_every_resolution_accounts_for_all_its_units(recorded: Path) -> None:
    for document, record in recorded_documents(recorded).items():
        formed = sum(1 for c in record["clauses"] if c["kind"] == "formed")
        unchanged = sum(len(c["unchanged"]) for c in record["clauses"])
        assert record["counts"]["total"] == formed + unchanged, document
        assert all(c["kind"] != "other" for c in record["clauses"]), document


def test_every_new_unit_gets_its_clause(recorded: Path) -> None:
    gaz = get_gazetteer(None, None)
    index = legal_index(recorded, gaz)
    assert index.unmatched == []
    assert set(index.by_new_code) == set(gaz.new_units)
    for code, ref in index.by_new_code.items():
        unit = gaz.new_units[code]
        assert ref.verbatim and re.fullmatch(r"Điều 1, khoản \d+", ref.locator)
        assert ref.number == PROVINCE_RESOLUTIONS[unit.province_code].number
        assert ref.document.startswith(ref.number.split("/")[0])
        assert name_key(unit.short) in name_key(ref.text) or "khôngthựchiện" in ref.text.replace(
            " ", ""
        )


def _law_names(clause: dict, gaz: Gazetteer, old_code: str) -> bool:
    """Does the clause name this old unit (type and name; one spelling edit in long names)?"""
    unit = gaz.old_units[old_code]
    district_key = name_key(gaz.old_districts[unit.district_code].short)
    for source in clause.get("sources", ()):
        key = name_key(source["name"])
        if source["type"] == "huyện" and key == district_key:
            return True
        if source["type"] != unit.type.lower():
            continue
        if key in unit.keys or any(
            min(len(key), len(k)) >= 6 and edit_distance(key, k, 1) <= 1 for k in unit.keys
        ):
            return True
    return any(name_key(name) in unit.keys for _, name in clause.get("unchanged", ()))


def test_reference_disagreements_are_decided_by_the_law(recorded: Path) -> None:
    """Where our edges differ from the reference, the resolution text supports ours."""
    gaz = get_gazetteer(None, None)
    documents = recorded_documents(recorded)
    index = build_index(documents, gaz)
    clause_of = {
        code: next(
            c for c in documents[ref.document]["clauses"] if ref.locator.endswith(f" {c['n']}")
        )
        for code, ref in index.by_new_code.items()
    }
    path = require_shared("reference", "dvhcvn-20250701", "splits.json")
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    reference = {
        u["level3_id"]: {s["new_id"] for s in u["splits"]} for p in data for u in p["level3s"]
    }
    checked = 0
    for old_code, ref_codes in reference.items():
        if old_code not in gaz.old_units:
            continue
        ours = {e.new_code for e in gaz.new_of(old_code)}
        if ours == ref_codes:
            continue
        checked += 1
        unit = gaz.old_units[old_code]
        for new_code in ours - ref_codes:  # our extra edge: its clause names the unit
            assert _law_names(clause_of[new_code], gaz, old_code), (old_code, new_code)
        for new_code in ref_codes - ours:  # the reference's extra edge
            if new_code not in gaz.new_units:
                continue  # a code we do not have (documented: Ia Mơ)
            if not _law_names(clause_of[new_code], gaz, old_code):
                continue  # the clause does not name it at all
            namesakes = [
                o
                for o in gaz.old_units.values()
                if o.code != old_code
                and o.type == unit.type
                and set(o.keys) & set(unit.keys)
                and any(e.new_code == new_code for e in gaz.new_of(o.code))
            ]
            assert namesakes, (old_code, new_code)  # the clause means a same-named unit
    assert 10 <= checked <= 40

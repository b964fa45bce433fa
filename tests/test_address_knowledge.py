"""Built-in knowledge documents and the status summary of the address data."""

from __future__ import annotations

import unicodedata

import pytest

from retrieval.address.gazetteer import get_gazetteer
from retrieval.address.knowledge import builtin_documents, status_info


@pytest.fixture(scope="module")
def docs() -> list[tuple[str, str, dict]]:
    return builtin_documents(get_gazetteer(None, None))


def test_one_document_per_unit_and_province_plus_overview(docs) -> None:
    names = [name for name, _, _ in docs]
    assert len(names) == len(set(names)) == 3321 + 34 + 1
    assert sum(n.startswith("builtin/commune/") for n in names) == 3321
    assert sum(n.startswith("builtin/province/") for n in names) == 34
    assert "builtin/overview.md" in names


def test_metadata_and_text(docs) -> None:
    for name, text, meta in docs:
        assert meta["kind"] == "builtin" and meta["language"] == "vi"
        assert meta["title"] and isinstance(meta["doc_numbers"], list) and meta["doc_numbers"]
        assert unicodedata.is_normalized("NFC", text)
        assert "01/07/2025" in text
        if name.startswith("builtin/commune/"):
            number = meta["doc_numbers"][0]
            assert number in text and meta["province"] in text.replace("tỉnh", "Tỉnh").replace(
                "thành phố", "Thành phố"
            )


def test_commune_document_lists_its_old_units(docs) -> None:
    by_name = {name: text for name, text, _ in docs}
    gaz = get_gazetteer(None, None)
    code = next(c for c, u in gaz.new_units.items() if u.name == "Xã Ô Diên")
    text = by_name[f"builtin/commune/{code}.md"]
    assert "một phần xã Văn Khê" in text and "1656/NQ-UBTVQH15" in text


def test_overview_states_the_key_facts(docs) -> None:
    overview = next(text for name, text, _ in docs if name == "builtin/overview.md")
    for fact in (
        "63 xuống 34",
        "3.321",
        "60-NQ/TW",
        "150-KL/TW",
        "45-CT/TW",
        "76/2025/UBTVQH15",
        "202/2025/QH15",
        "12/06/2025",
        "16/06/2025",
        "01/07/2025",
    ):
        assert fact in overview, fact


def test_province_document_counts(docs) -> None:
    son_la = next(text for name, text, _ in docs if name == "builtin/province/14.md")
    assert "75 đơn vị hành chính cấp xã" in son_la and "67 xã, 8 phường" in son_la


def test_status_info(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from haicap import settings as settings_module

    monkeypatch.setenv("HAICAP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("HAICAP_CACHE_DIR", str(tmp_path / "cache"))
    settings_module.get_settings.cache_clear()
    try:
        info = status_info()
    finally:
        settings_module.get_settings.cache_clear()
    assert info["data_version"] == "2025-07-01"
    assert info["counts"]["new_communes"] == 3321 and info["counts"]["old_provinces"] == 63
    assert info["overlays"] == [] and info["resolutions_with_clauses"] == 0
    assert "vietnamadminunits" in info["source"]

"""The status summary of the address data (`haicap status`)."""

from __future__ import annotations

import pytest

import retrieval.address.knowledge as knowledge
from retrieval.address.knowledge import status_info


def test_generated_pages_are_retired() -> None:
    """Unit facts come from structured data now; nothing may generate pages to embed
    (they quoted project-written sentences under resolution numbers)."""
    assert not hasattr(knowledge, "builtin_documents")


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

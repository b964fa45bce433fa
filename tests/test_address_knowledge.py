"""The status summary of the address data (`haicap status`)."""

from __future__ import annotations

import retrieval.address.knowledge as knowledge
from haicap.settings import Settings
from retrieval.address.knowledge import status_info


def test_generated_pages_are_retired() -> None:
    """Unit facts come from structured data now; nothing may generate pages to embed
    (they quoted project-written sentences under resolution numbers)."""
    assert not hasattr(knowledge, "builtin_documents")


def test_status_info(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path, cache_dir=tmp_path / "cache")
    info = status_info(settings)
    assert info["data_version"] == "2025-07-01"
    assert info["counts"]["new_communes"] == 3321 and info["counts"]["old_provinces"] == 63
    assert info["overlays"] == [] and info["resolutions_with_clauses"] == 0
    assert "vietnamadminunits" in info["source"]

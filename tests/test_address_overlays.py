"""Dated overlays layered on the 1 July 2025 base (test data only; none ship)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.address.gazetteer import get_gazetteer
from retrieval.address.overlays import OVERLAY_DIR_NAME, OverlayError, apply_overlays, overlay_files
from retrieval.address.resolver import Resolver


def _write(folder: Path, name: str, data: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_overlay_applies_from_its_date_without_touching_the_base(tmp_path: Path) -> None:
    base = get_gazetteer(None, None)
    code = next(c for c, u in base.new_units.items() if u.name == "Phường Tô Hiệu")
    old_code = next(c for c, u in base.old_units.items() if u.name == "Phường Chiềng Lề")
    other = next(c for c in base.new_units_by_province["14"] if c != code)
    folder = tmp_path / OVERLAY_DIR_NAME
    _write(
        folder,
        "2026-test.json",
        {
            "effective": "2026-03-01",
            "source": "test overlay",
            "changes": [
                {"op": "rename_new_unit", "code": code, "name": "Phường Thử Nghiệm"},
                {"op": "set_edges", "old": old_code, "new": [code, other]},
            ],
        },
    )
    before = apply_overlays(base, overlay_files(tmp_path), as_of="2026-02-28")
    assert before is base
    after = apply_overlays(base, overlay_files(tmp_path), as_of="2026-03-01")
    assert after.data_version == "2026-03-01" and after.overlays == ("2026-test",)
    assert after.new_units[code].name == "Phường Thử Nghiệm"
    assert base.new_units[code].name == "Phường Tô Hiệu"  # the base is never rewritten
    assert base.data_version == "2025-07-01"
    result = Resolver(after).where("Phường Chiềng Lề, Sơn La")
    assert result["data_version"] == "2026-03-01"
    assert {n["code"] for n in result["matches"][0]["new"]} == {code, other}
    assert result["matches"][0]["split"] is True
    assert Resolver(after).reverse("Phường Thử Nghiệm, Sơn La")["status"] == "found"
    via_dirs = get_gazetteer(None, tmp_path, as_of="2026-12-31")
    assert via_dirs.new_units[code].name == "Phường Thử Nghiệm"


@pytest.mark.parametrize(
    "data",
    [
        {"effective": "not a date", "changes": []},
        {"effective": "2026-01-01", "changes": "nope"},
        {"effective": "2026-01-01", "changes": [{"op": "explode"}]},
        {
            "effective": "2026-01-01",
            "changes": [{"op": "rename_new_unit", "code": "99999", "name": "X"}],
        },
    ],
)
def test_bad_overlays_are_refused_clearly(tmp_path: Path, data: dict) -> None:
    path = _write(tmp_path / OVERLAY_DIR_NAME, "bad.json", data)
    with pytest.raises(OverlayError, match="bad"):
        apply_overlays(get_gazetteer(None, None), [path], as_of="2030-01-01")


def test_no_overlays_shipped() -> None:
    assert overlay_files(None) == []
    assert get_gazetteer(None, None).overlays == ()


@pytest.mark.parametrize("lang", ["vi", "en", "de", "sv"])
def test_an_answer_names_the_date_of_the_data_it_used(tmp_path: Path, lang: str) -> None:
    """After a dated overlay the reply says its date, not "as of 1 July 2025"."""
    from answer.lanes.address import answer_address
    from haicap.dates import short_date
    from haicap.settings import Settings

    base = get_gazetteer(None, None)
    code = next(c for c, u in base.new_units.items() if u.name == "Phường Tô Hiệu")
    question = "Phường Chiềng Lề, Thành phố Sơn La giờ thuộc phường nào?"
    plain = answer_address(question, lang, Settings(data_dir=tmp_path / "none"))
    change = {"op": "rename_new_unit", "code": code, "name": "Phường Thử Nghiệm"}
    _write(tmp_path / "dated" / OVERLAY_DIR_NAME, "rename.json",
           {"effective": "2025-09-15", "source": "test", "changes": [change]})  # fmt: skip
    dated = answer_address(question, lang, Settings(data_dir=tmp_path / "dated"))

    assert plain is not None and dated is not None
    assert plain.data_version == "2025-07-01" and dated.data_version == "2025-09-15"
    assert short_date("2025-09-15", lang) in dated.answer and "Thử Nghiệm" in dated.answer
    assert short_date("2025-07-01", lang) in plain.answer
    assert short_date("2025-09-15", lang) not in plain.answer

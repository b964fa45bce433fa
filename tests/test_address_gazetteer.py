"""The gazetteer: counts, codes and old→new edges, cross-checked with the independent
dvhcvn-20250701 reference and the official code lists (see retrieval/address/DATA_NOTES.md)."""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.address.gazetteer import get_gazetteer, load_base
from retrieval.address.legal_facts import PROVINCE_RESOLUTIONS
from retrieval.address.names import name_key, split_type
from retrieval.address.units import Gazetteer
from tests.conftest import ROOT, require_shared

# Disagreements with the official code list 1027/CTK-CSCL, documented in DATA_NOTES.md.
DOCUMENTED_CODE_DIFFERENCES = {"23938": "23737"}  # Xã Ia Mơ (Gia Lai)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer(None, None)


def test_counts_match_the_reform(gaz: Gazetteer) -> None:
    counts = gaz.counts()
    assert counts["old_provinces"] == 63
    assert counts["new_provinces"] == 34
    assert counts["new_communes"] == 3321
    assert (counts["new_xa"], counts["new_phuong"], counts["new_dac_khu"]) == (2621, 687, 13)
    assert 690 <= counts["old_districts"] <= 710
    assert 10_000 <= counts["old_communes"] <= 10_100


def test_every_old_unit_has_a_new_unit_and_every_new_unit_an_old_one(gaz: Gazetteer) -> None:
    assert all(gaz.new_of(code) for code in gaz.old_units)
    assert all(gaz.old_of(code) for code in gaz.new_units)
    # the new unit lies in the province the old province became part of
    for code, unit in gaz.old_units.items():
        new_province = gaz.old_provinces[unit.province_code].new_code
        assert {gaz.new_units[e.new_code].province_code for e in gaz.new_of(code)} == {new_province}


def test_partial_flag_means_split(gaz: Gazetteer) -> None:
    for edges in gaz.edges_by_old.values():
        assert all(e.partial == (len(edges) > 1) for e in edges)


def test_every_new_province_has_its_resolution_fact(gaz: Gazetteer) -> None:
    assert set(PROVINCE_RESOLUTIONS) == set(gaz.new_provinces)
    numbers = sorted(int(f.number.split("/")[0]) for f in PROVINCE_RESOLUTIONS.values())
    assert numbers == list(range(1654, 1688))


def test_pickle_cache_round_trip(tmp_path: Path) -> None:
    first = load_base(tmp_path)
    cached = list((tmp_path / "address").glob("gazetteer-*.pickle"))
    assert len(cached) == 1
    second = load_base(tmp_path)
    assert second.counts() == first.counts()
    assert second.edges_by_old == first.edges_by_old
    cached[0].write_bytes(b"not a pickle")  # a corrupt cache is rebuilt, not fatal
    assert load_base(tmp_path).counts() == first.counts()
    assert isinstance(pickle.loads(cached[0].read_bytes()), Gazetteer)


def test_building_imports_no_heavy_or_network_libraries(tmp_path: Path) -> None:
    code = (
        "import sys; from retrieval.address.gazetteer import build_gazetteer; build_gazetteer();"
        "heavy = ('pandas', 'shapely', 'geopy', 'torch', 'vietnamadminunits', 'numpy');"
        "bad = [m for m in heavy if m in sys.modules];"
        "print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# --- against the reference ---------------------------------------------------------------


def _reference_splits() -> dict[str, set[str]]:
    path = require_shared("reference", "dvhcvn-20250701", "splits.json")
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    return {u["level3_id"]: {s["new_id"] for s in u["splits"]} for p in data for u in p["level3s"]}


def test_new_commune_codes_and_names_match_official_list(gaz: Gazetteer) -> None:
    path = require_shared("reference", "dvhcvn-20250701", "1027_CTK-CSCL.md")
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.fullmatch(r"\d{5}", cells[1]):
            rows[cells[1]] = (cells[2].replace("<br>", " "), cells[3].replace("<br>", " "))
    assert len(rows) == 3321
    ours = {DOCUMENTED_CODE_DIFFERENCES.get(c, c): u for c, u in gaz.new_units.items()}
    assert set(rows) == set(ours)
    for code, (name, province) in rows.items():
        unit = ours[code]
        assert name_key(name) == name_key(unit.name), code
        assert split_type(name)[0] == unit.type, code
        _, short = split_type(province.replace("Tp ", "Thành phố "))
        assert name_key(short) in gaz.new_provinces[unit.province_code].keys, code


def test_province_codes_match_official_list(gaz: Gazetteer) -> None:
    path = require_shared("reference", "dvhcvn-20250701", "915_CTK-CSCL.csv")
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    official = {}
    for line in lines:
        _, code, name = line.split(",", 2)
        official[code] = name.strip()
    assert set(official) == set(gaz.new_provinces)
    for code, name in official.items():
        assert name_key(split_type(name)[1]) == name_key(gaz.new_provinces[code].short)


def test_old_to_new_edges_agree_with_reference(gaz: Gazetteer) -> None:
    reference = _reference_splits()
    shared = set(reference) & set(gaz.old_units)
    assert len(shared) >= 10_030
    differ = [c for c in shared if {e.new_code for e in gaz.new_of(c)} != reference[c]]
    agreement = 1 - len(differ) / len(shared)
    # 26 differences, each decided by the resolution text in our favour (test_address_legal)
    assert agreement >= 0.997, sorted(differ)


def test_partial_flags_agree_with_reference_merges(gaz: Gazetteer) -> None:
    path = require_shared("reference", "dvhcvn-20250701", "merges.json")
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    ours = {(e.new_code, e.old_code): e.partial for es in gaz.edges_by_old.values() for e in es}
    same = total = 0
    for province in data:
        for unit in province["level2s"]:
            for source in unit["merges"]:
                key = (unit["level2_id"], source["old_id"])
                if key in ours:
                    total += 1
                    same += ours[key] == (source["type"] == "partial")
    assert total >= 10_500
    assert same / total >= 0.997

"""Accuracy over every old unit of the reference, written several ways.

The full, folded and district-less sweeps cover all ~10,040 units (≈0.4 ms each); the
abbreviated, English and typo sweeps take every 3rd / 5th unit (deterministic) to keep
the file under ~30 s. `benchmarks/address_accuracy.py` prints the same figures.

"Found ok" means the right old unit was found; "new = ref" compares our new units with
the reference's. Where the two data sets disagree the resolutions decide, in our favour
every time (tests/test_address_legal.py). Without a district, 4–6 % of addresses name
two units with the same name in one province: those must come back "ambiguous" with
the right unit among the candidates, never as a wrong "found".
"""

from __future__ import annotations

import pytest

from benchmarks.address_sweep import RefUnit, VariantScore, load_reference, score_variant
from retrieval.address.gazetteer import get_gazetteer
from retrieval.address.resolver import Resolver
from tests.conftest import require_shared


@pytest.fixture(scope="module")
def setup() -> tuple[Resolver, list[RefUnit]]:
    require_shared("reference", "dvhcvn-20250701", "splits.json")
    resolver = Resolver(get_gazetteer(None, None))
    units, unplaced = load_reference(resolver.gazetteer)
    assert len(units) >= 10_030
    assert len(unplaced) <= 10  # former names the source data does not list
    return resolver, units


def _common(score: VariantScore) -> None:
    assert score.wrong_found == 0, score.examples.get("wrong_found")
    assert score.ambiguous_without_target == 0, score.examples.get("ambiguous_without")
    assert score.not_found == 0, score.examples.get("not_found")
    assert score.legal_basis == score.found_right_unit  # legal basis on every answer


def test_full_addresses(setup) -> None:
    resolver, units = setup
    score = score_variant(resolver, "full", units)
    _common(score)
    assert score.rate(score.found_right_unit) >= 0.995
    assert score.rate(score.found_right_new) >= 0.995, score.examples.get("new_differs")
    assert score.rate(score.found_right_province) >= 0.995


@pytest.mark.parametrize(("variant", "step"), [("folded", 1), ("abbreviated", 3), ("english", 3)])
def test_spelling_variants(setup, variant: str, step: int) -> None:
    resolver, units = setup
    score = score_variant(resolver, variant, units, step=step)
    _common(score)
    assert score.rate(score.found_right_unit) >= 0.99
    assert score.rate(score.unique_found_right, score.unique_total) >= 0.995


@pytest.mark.parametrize("variant", ["no_district", "no_district_folded"])
def test_without_district(setup, variant: str) -> None:
    resolver, units = setup
    score = score_variant(resolver, variant, units)
    _common(score)  # never a wrong "found"; the rest is "ambiguous" with the right unit
    assert score.rate(score.unique_found_right, score.unique_total) >= 0.99
    assert score.rate(score.found_right_unit) >= 0.93
    assert score.found_right_unit + score.ambiguous_with_target == score.total


def test_typos(setup) -> None:
    resolver, units = setup
    score = score_variant(resolver, "typo", units, step=5)
    assert score.rate(score.found_right_unit) >= 0.85
    # a dropped letter sometimes spells another real unit ("Phú Lãm" → "Phú La")
    assert score.rate(score.wrong_found) <= 0.03


def test_splits_list_every_part(setup) -> None:
    """Every split unit lists all its parts (not a default one), as the reference does."""
    resolver, units = setup
    gaz = resolver.gazetteer
    agreed = [
        r
        for r in units
        if len(r.new_codes) > 1 and {e.new_code for e in gaz.new_of(r.target)} == r.new_codes
    ]
    assert len(agreed) >= 400
    for ref in agreed:
        match = resolver.old_match(ref.target)
        assert {n["code"] for n in match["new"]} == ref.new_codes
        assert match["split"] and all(n["partial"] for n in match["new"])

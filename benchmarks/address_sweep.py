"""The address resolver measured against the independent dvhcvn-20250701 mapping.

Shared by `benchmarks/address_accuracy.py` (prints the table) and
`tests/test_address_accuracy.py` (asserts the thresholds). Reads ../shared, which
only tests and benchmarks may do; the product never imports this module.

For every old unit of the reference (`splits.json`) we write the address several
ways (full, folded, abbreviated, without district, English, with a typo) from our
gazetteer's district and province names, resolve it, and compare the answer with
the reference's new units.
"""

from __future__ import annotations

import json
import os
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from haicap.text import fold  # noqa: E402
from retrieval.address.names import name_key, split_type  # noqa: E402
from retrieval.address.resolver import Resolver  # noqa: E402
from retrieval.address.units import Gazetteer, OldUnit  # noqa: E402

SHARED = Path(os.environ.get("HAICAP_SHARED_DIR", ROOT.parent / "shared"))
REFERENCE = SHARED / "reference" / "dvhcvn-20250701"


@dataclass(frozen=True)
class RefUnit:
    code: str  # the reference's old code
    name: str
    province: str
    new_codes: frozenset[str]
    target: str  # our old unit code the address should resolve to


def load_reference(gaz: Gazetteer, path: Path = REFERENCE) -> tuple[list[RefUnit], list[str]]:
    """Reference old units, each tied to our old unit (by code, else by former name)."""
    data = json.loads((path / "splits.json").read_text(encoding="utf-8"))["data"]
    units: list[RefUnit] = []
    unplaced: list[str] = []
    for province in data:
        for level3 in province["level3s"]:
            code = level3["level3_id"]
            new_codes = frozenset(s["new_id"] for s in level3["splits"])
            target = (
                code
                if code in gaz.old_units
                else _by_former_name(gaz, level3["name"], province["name"])
            )
            if target is None:
                unplaced.append(f"{code} {level3['name']} ({province['name']})")
                continue
            units.append(RefUnit(code, level3["name"], province["name"], new_codes, target))
    return units, unplaced


def _by_former_name(gaz: Gazetteer, name: str, province_name: str) -> str | None:
    """A reference unit merged before 2025 into one of ours: ours lists its former name."""
    _, short = split_type(name)
    key = name_key(short)
    _, pshort = split_type(province_name)
    pkey = name_key(pshort)
    hits = [
        u.code
        for u in gaz.old_units.values()
        if key in u.keys[1:] and pkey in gaz.old_provinces[u.province_code].keys
    ]
    return hits[0] if len(hits) == 1 else None


# --- address variants ---------------------------------------------------------------------

_ABBREV = {
    "Xã": "x.",
    "Phường": "p.",
    "Thị trấn": "tt.",
    "Quận": "q.",
    "Huyện": "h.",
    "Thị xã": "tx.",
    "Thành phố": "tp.",
    "Tỉnh": "",
    "Huyện ": "h.",
}
_PROVINCE_ABBREV = {"79": "tp.hcm", "01": "hn"}
_ENGLISH = {
    "Xã": "Commune",
    "Phường": "Ward",
    "Thị trấn": "Town",
    "Quận": "District",
    "Huyện": "District",
    "Thị xã": "Town",
    "Thành phố": "City",
    "Tỉnh": "Province",
}


def _parts(gaz: Gazetteer, unit: OldUnit) -> tuple[str, str, str]:
    district = gaz.old_districts[unit.district_code]
    province = gaz.old_provinces[unit.province_code]
    return unit.name, district.name, province.name


def full(gaz: Gazetteer, unit: OldUnit, ref: RefUnit) -> str:
    name = ref.name if ref.target != ref.code else unit.name  # a former name stays as written
    _, district, province = _parts(gaz, unit)
    return f"{name}, {district}, {province}"


def folded(gaz: Gazetteer, unit: OldUnit, ref: RefUnit) -> str:
    return fold(full(gaz, unit, ref))


def abbreviated(gaz: Gazetteer, unit: OldUnit, ref: RefUnit) -> str:
    """ "p. chieng le tp. son la son la": short types, no diacritics, no commas."""
    name = ref.name if ref.target != ref.code else unit.name
    pieces = []
    for full_name in (name, gaz.old_districts[unit.district_code].name):
        unit_type, short = split_type(full_name)
        pieces.append(f"{_ABBREV.get(unit_type, '')} {short}".strip())
    province = gaz.old_provinces[unit.province_code]
    pieces.append(_PROVINCE_ABBREV.get(province.code, province.short))
    return fold(" ".join(pieces))


def no_district(gaz: Gazetteer, unit: OldUnit, ref: RefUnit) -> str:
    name = ref.name if ref.target != ref.code else unit.name
    return f"{name}, {gaz.old_provinces[unit.province_code].name}"


def no_district_folded(gaz: Gazetteer, unit: OldUnit, ref: RefUnit) -> str:
    return fold(no_district(gaz, unit, ref))


def english(gaz: Gazetteer, unit: OldUnit, ref: RefUnit) -> str:
    """ "Ward 1, District 3, Ho Chi Minh City" / "Chieng Le Ward, Son La City, Son La Province"."""
    name = ref.name if ref.target != ref.code else unit.name
    pieces = []
    for full_name in (
        name,
        gaz.old_districts[unit.district_code].name,
        gaz.old_provinces[unit.province_code].name,
    ):
        unit_type, short = split_type(full_name)
        label = _ENGLISH.get(unit_type, "")
        pieces.append(f"{label} {short}" if short.isdigit() else f"{short} {label}".strip())
    return fold(", ".join(pieces)).title()


def with_typo(gaz: Gazetteer, unit: OldUnit, ref: RefUnit) -> str:
    """One letter of the commune name dropped (deterministic), rest folded and full."""
    name = ref.name if ref.target != ref.code else unit.name
    unit_type, short = split_type(name)
    letters = [i for i, ch in enumerate(short) if ch.isalpha()]
    if len(letters) >= 6:
        drop = letters[len(letters) // 2]
        short = short[:drop] + short[drop + 1 :]
    _, district, province = _parts(gaz, unit)
    return fold(f"{unit_type} {short}, {district}, {province}")


VARIANTS: dict[str, Callable[[Gazetteer, OldUnit, RefUnit], str]] = {
    "full": full,
    "folded": folded,
    "abbreviated": abbreviated,
    "english": english,
    "typo": with_typo,
    "no_district": no_district,
    "no_district_folded": no_district_folded,
}


# --- scoring --------------------------------------------------------------------------------


@dataclass
class VariantScore:
    variant: str
    total: int = 0
    found_right_unit: int = 0  # found the right old unit
    found_right_new: int = 0  # found, and our new units equal the reference's
    found_right_province: int = 0
    ambiguous_with_target: int = 0
    ambiguous_without_target: int = 0
    wrong_found: int = 0  # found a different old unit
    not_found: int = 0
    legal_basis: int = 0  # found answers with a legal basis
    split_total: int = 0  # reference splits among the found-right ones
    split_all_listed: int = 0  # … where every reference part is listed
    unique_total: int = 0  # queries naming a unit unique by its address text
    unique_found_right: int = 0
    seconds: float = 0.0
    examples: dict[str, list[str]] = field(default_factory=dict)

    def rate(self, count: int, of: int | None = None) -> float:
        base = self.total if of is None else of
        return count / base if base else 1.0

    def note(self, kind: str, text: str) -> None:
        bucket = self.examples.setdefault(kind, [])
        if len(bucket) < 5:
            bucket.append(text)


def text_twins(gaz: Gazetteer, variant: str, units: list[RefUnit]) -> Counter:
    """How many reference units share each address text (inherently ambiguous when > 1)."""
    maker = VARIANTS[variant]
    return Counter(_normal(maker(gaz, gaz.old_units[r.target], r)) for r in units)


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def score_variant(
    resolver: Resolver, variant: str, units: list[RefUnit], step: int = 1
) -> VariantScore:
    gaz = resolver.gazetteer
    maker = VARIANTS[variant]
    twins = text_twins(gaz, variant, units)
    score = VariantScore(variant)
    start = time.perf_counter()
    for ref in units[::step]:
        unit = gaz.old_units[ref.target]
        query = maker(gaz, unit, ref)
        unique = twins[_normal(query)] == 1
        result = resolver.where(query)
        score.total += 1
        score.unique_total += unique
        if result["status"] == "found":
            match = result["matches"][0]
            if match["old"]["code"] != ref.target:
                score.wrong_found += 1
                score.note(
                    "wrong_found", f"{query} -> {match['old']['name']}, {match['old']['district']}"
                )
                continue
            score.found_right_unit += 1
            score.unique_found_right += unique
            new_codes = {n["code"] for n in match["new"]}
            if new_codes == ref.new_codes:
                score.found_right_new += 1
            else:
                score.note(
                    "new_differs", f"{query}: ours {sorted(new_codes)} ref {sorted(ref.new_codes)}"
                )
            ref_provinces = {
                gaz.new_units[c].province_code for c in ref.new_codes if c in gaz.new_units
            }
            our_provinces = {gaz.new_units[c].province_code for c in new_codes}
            score.found_right_province += bool(ref_provinces) and our_provinces == ref_provinces
            score.legal_basis += bool(match["legal_basis"])
            if len(ref.new_codes) > 1:
                score.split_total += 1
                score.split_all_listed += ref.new_codes <= new_codes
        elif result["status"] == "ambiguous":
            if any(m["old"]["code"] == ref.target for m in result["matches"]):
                score.ambiguous_with_target += 1
                if unique:
                    score.note("ambiguous_unique", query)
            else:
                score.ambiguous_without_target += 1
                score.note("ambiguous_without", query)
        else:
            score.not_found += 1
            score.note("not_found", query)
    score.seconds = time.perf_counter() - start
    return score


def table(scores: list[VariantScore]) -> str:
    head = (
        f"{'variant':<20}{'n':>7}{'found ok':>10}{'new=ref':>9}{'prov ok':>9}{'ambig+':>8}"
        f"{'ambig-':>8}{'wrong':>7}{'none':>6}{'uniq ok':>9}{'basis':>7}{'split':>8}{'ms/q':>7}"
    )
    lines = [head, "-" * len(head)]
    for s in scores:
        found = s.found_right_unit
        lines.append(
            f"{s.variant:<20}{s.total:>7}{s.rate(found):>10.2%}{s.rate(s.found_right_new):>9.2%}"
            f"{s.rate(s.found_right_province):>9.2%}{s.rate(s.ambiguous_with_target):>8.2%}"
            f"{s.rate(s.ambiguous_without_target):>8.2%}{s.wrong_found:>7}{s.not_found:>6}"
            f"{s.rate(s.unique_found_right, s.unique_total):>9.2%}"
            f"{s.rate(s.legal_basis, found):>7.1%}"
            f"{s.rate(s.split_all_listed, s.split_total):>8.1%}"
            f"{1000 * s.seconds / max(s.total, 1):>7.2f}"
        )
    return "\n".join(lines)

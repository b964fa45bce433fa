"""The address data model: old and new units, the old→new edges and their indexes.

Why its own module: the base build (gazetteer), the corrections and the dated overlays
all produce or change a `Gazetteer`; with the model here, each of those steps imports
this module and none imports another (base → corrections → overlays, one way).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

BASE_DATA_VERSION = "2025-07-01"


@dataclass(frozen=True, slots=True)
class OldProvince:
    code: str
    name: str  # "Tỉnh Sơn La"
    short: str  # "Sơn La"
    new_code: str  # the 2025 province it became part of
    keys: tuple[str, ...]  # name keys incl. spelling variants ("hcm", "baria")


@dataclass(frozen=True, slots=True)
class OldDistrict:
    code: str
    name: str  # "Thành phố Sơn La"
    type: str
    short: str
    province_code: str
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OldUnit:
    """An old commune-level unit; an island district without communes is its own unit."""

    code: str  # 5-digit commune code; 3-digit district code for Lý Sơn, Côn Đảo …
    name: str  # "Phường Chiềng Lề"
    type: str  # "Xã" | "Phường" | "Thị trấn" | "Huyện" (island districts)
    short: str
    district_code: str
    province_code: str
    keys: tuple[str, ...]  # the name key first, then former names / spelling variants


@dataclass(frozen=True, slots=True)
class NewProvince:
    code: str
    name: str
    short: str
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NewUnit:
    code: str
    name: str  # "Phường Tô Hiệu"
    type: str  # "Xã" | "Phường" | "Đặc khu"
    short: str
    province_code: str
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Edge:
    """Part or all of an old unit went into a new unit."""

    old_code: str
    new_code: str
    partial: bool  # the old unit was split over several new units


@dataclass
class Gazetteer:
    old_provinces: dict[str, OldProvince]
    old_districts: dict[str, OldDistrict]
    old_units: dict[str, OldUnit]
    new_provinces: dict[str, NewProvince]
    new_units: dict[str, NewUnit]
    edges_by_old: dict[str, tuple[Edge, ...]]
    data_version: str = BASE_DATA_VERSION
    overlays: tuple[str, ...] = ()  # ids of the dated overlays applied, oldest first
    # Indexes (rebuilt by `reindex`): key -> codes
    old_unit_index: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    district_index: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    old_province_index: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    new_province_index: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    new_unit_index: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    edges_by_new: dict[str, tuple[Edge, ...]] = field(default_factory=dict)
    units_by_district: dict[str, tuple[str, ...]] = field(default_factory=dict)
    new_units_by_province: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def reindex(self) -> None:
        """Rebuild every lookup table from the unit dicts (after a build or an overlay)."""
        self.old_unit_index = _index((u.code, u.keys) for u in self.old_units.values())
        self.district_index = _index((d.code, d.keys) for d in self.old_districts.values())
        self.old_province_index = _index((p.code, p.keys) for p in self.old_provinces.values())
        self.new_province_index = _index((p.code, p.keys) for p in self.new_provinces.values())
        self.new_unit_index = _index((u.code, u.keys) for u in self.new_units.values())
        by_new: dict[str, list[Edge]] = defaultdict(list)
        for edges in self.edges_by_old.values():
            for edge in edges:
                by_new[edge.new_code].append(edge)
        self.edges_by_new = {
            k: tuple(sorted(v, key=lambda e: e.old_code)) for k, v in by_new.items()
        }
        by_district: dict[str, list[str]] = defaultdict(list)
        for unit in self.old_units.values():
            by_district[unit.district_code].append(unit.code)
        self.units_by_district = {k: tuple(sorted(v)) for k, v in by_district.items()}
        by_province: dict[str, list[str]] = defaultdict(list)
        for unit in self.new_units.values():
            by_province[unit.province_code].append(unit.code)
        self.new_units_by_province = {k: tuple(sorted(v)) for k, v in by_province.items()}

    # --- convenience -------------------------------------------------------------
    def new_of(self, old_code: str) -> tuple[Edge, ...]:
        return self.edges_by_old.get(old_code, ())

    def old_of(self, new_code: str) -> tuple[Edge, ...]:
        return self.edges_by_new.get(new_code, ())

    def counts(self) -> dict[str, int]:
        by_type: dict[str, int] = defaultdict(int)
        for unit in self.new_units.values():
            by_type[unit.type] += 1
        return {
            "old_provinces": len(self.old_provinces),
            "old_districts": len(self.old_districts),
            "old_communes": sum(1 for u in self.old_units.values() if u.type != "Huyện"),
            "new_provinces": len(self.new_provinces),
            "new_communes": len(self.new_units),
            "new_xa": by_type["Xã"],
            "new_phuong": by_type["Phường"],
            "new_dac_khu": by_type["Đặc khu"],
            "edges": sum(len(v) for v in self.edges_by_old.values()),
        }


def _index(items) -> dict[str, tuple[tuple[str, int], ...]]:
    """key -> ((code, rank), …); rank 0 = the unit's own name, 1 = variant/former name."""
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for code, keys in items:
        for rank, key in enumerate(keys):
            level = 0 if rank == 0 else 1
            if key and table[key].get(code, 9) > level:
                table[key][code] = level
    return {k: tuple(sorted(v.items())) for k, v in table.items()}


def make_edges(old_code: str, new_codes) -> tuple[Edge, ...]:
    unique = sorted(set(new_codes))
    return tuple(Edge(old_code, code, partial=len(unique) > 1) for code in unique)

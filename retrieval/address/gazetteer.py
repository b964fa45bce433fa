"""The gazetteer: old units (63 provinces, ~700 districts, ~10,000 communes), new units
(34 provinces, 3,321 communes) and the old→new edges, in plain dataclasses and dicts.

Why our own index: the resolver must answer in about a millisecond and start in well
under a second without pandas, shapely or geopy, and it must be able to layer later,
dated changes on top of the 1 July 2025 base. The base is built once from the
`vietnamadminunits` data files (see `source_data`), corrected where that data
conflates same-named units (see DATA_NOTES.md), and cached as a pickle.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import tempfile
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from retrieval.address import names
from retrieval.address.source_data import locate_source, read_converter, read_units

BASE_DATA_VERSION = "2025-07-01"
# Bump when the build logic changes so stale caches are rebuilt.
BUILD_VERSION = "8"

_TYPE_KEYS = ("thitran", "thixa", "thanhpho", "phuong", "huyen", "quan", "tinh", "dackhu", "xa")


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


_ROMAN = {
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
}


def _keys(
    full_name: str,
    keywords: tuple[str, ...] = (),
    extra: tuple[str, ...] = (),
    split: tuple[str, str] | None = None,
) -> tuple[str, ...]:
    """The unit's own name key first, then its untyped keyword variants."""
    unit_type, short = split or names.split_type(full_name)
    own = names.name_key(short)
    own_type = names.name_key(unit_type)
    variants = set(keywords) | set(extra)
    if short.isupper() and own in _ROMAN:  # "Phường VII" is also written "Phường 7"
        variants.add(_ROMAN[own])
    untyped = []
    for keyword in sorted(variants):
        key = names.name_key(keyword)
        if not key or key == own:
            continue
        if any(key.startswith(t) and key[len(t) :] in variants for t in _TYPE_KEYS):
            continue  # "phuongsaidong" when "saidong" is there too
        untyped.append(key)
        former_type = next(
            (t for t in _TYPE_KEYS if key.startswith(t) and len(key) > len(t) + 2), None
        )
        if former_type and former_type != own_type:
            untyped.append(key[len(former_type) :])  # "xadamri": the former xã Đạ M'ri
    return (own, *untyped)


# Spelling variants users type that the package lacks (facts about names, not data).
_PROVINCE_EXTRA_KEYS: dict[str, tuple[str, ...]] = {
    "79": ("hcm", "hcmc", "tphcm", "saigon", "sg", "hochiminhcity"),
    "01": ("hn", "hanoi"),
    "46": ("thuathienhue", "tthue", "tth"),
    "48": ("dn", "dng"),
    "75": ("dn",),
    "67": ("dn",),
    "77": ("brvt", "vungtau", "baria"),
    "31": ("hp",),
    "92": ("ct",),
}
_NEW_PROVINCE_EXTRA_KEYS: dict[str, tuple[str, ...]] = {
    "79": ("hcm", "hcmc", "tphcm", "saigon", "sg", "hochiminhcity"),
    "01": ("hn", "hanoi"),
    "48": ("dn", "dng"),
    "75": ("dn",),
    "46": ("thuathienhue", "tthue", "tth"),
    "31": ("hp",),
    "92": ("ct",),
}


def build_gazetteer() -> Gazetteer:
    """Build the base (1 July 2025) gazetteer from the package's raw data files."""
    files = locate_source()
    old_rows, new_rows = read_units(files.dataset_db)
    converter = read_converter(files.converter_json)

    new_provinces: dict[str, NewProvince] = {}
    new_units: dict[str, NewUnit] = {}
    new_by_key: dict[tuple[str, str], str] = {}
    new_coords: dict[str, tuple[float, float]] = {}
    province_key_to_new: dict[str, str] = {}
    for row in new_rows:
        pcode = row["provinceCode"]
        if pcode not in new_provinces:
            _, pshort = names.split_type(row["province"])
            new_provinces[pcode] = NewProvince(
                code=pcode,
                name=names.normalize(row["province"]),
                short=pshort,
                keys=_keys(
                    row["province"],
                    row["provinceKeywords"],
                    _NEW_PROVINCE_EXTRA_KEYS.get(pcode, ()),
                ),
            )
            province_key_to_new[row["provinceKey"]] = pcode
        utype, ushort = names.split_type(row["ward"])
        new_units[row["wardCode"]] = NewUnit(
            code=row["wardCode"],
            name=f"{utype} {ushort}",
            type=utype,
            short=ushort,
            province_code=pcode,
            keys=_keys(row["ward"], row["wardKeywords"], split=(utype, ushort)),
        )
        new_by_key[(row["provinceKey"], row["wardKey"])] = row["wardCode"]
        new_coords[row["wardCode"]] = (row["wardLat"] or 0.0, row["wardLon"] or 0.0)

    # Old province key -> new province code, from the converter's province table.
    old_province_to_new: dict[str, str] = {}
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            old_province_to_new[old_key] = province_key_to_new[new_key]

    old_provinces: dict[str, OldProvince] = {}
    old_districts: dict[str, OldDistrict] = {}
    old_units: dict[str, OldUnit] = {}
    old_by_key: dict[str, str] = {}
    old_coords: dict[str, tuple[float, float]] = {}
    for row in old_rows:
        pcode, dcode = row["provinceCode"], row["districtCode"]
        if pcode not in old_provinces:
            _, pshort = names.split_type(row["province"])
            old_provinces[pcode] = OldProvince(
                code=pcode,
                name=names.normalize(row["province"]),
                short=pshort,
                new_code=old_province_to_new[row["provinceKey"]],
                keys=_keys(
                    row["province"], row["provinceKeywords"], _PROVINCE_EXTRA_KEYS.get(pcode, ())
                ),
            )
        if dcode not in old_districts:
            dtype, dshort = names.split_type(row["district"])
            old_districts[dcode] = OldDistrict(
                code=dcode,
                name=names.normalize(row["district"]),
                type=dtype,
                short=dshort,
                province_code=pcode,
                keys=_keys(row["district"], row["districtKeywords"]),
            )
        key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        if row["ward"]:
            utype, ushort = names.split_type(row["ward"])
            unit = OldUnit(
                code=row["wardCode"],
                name=f"{utype} {ushort}",
                type=utype,
                short=ushort,
                district_code=dcode,
                province_code=pcode,
                keys=_keys(row["ward"], row["wardKeywords"], split=(utype, ushort)),
            )
            old_coords[unit.code] = (row["wardLat"] or 0.0, row["wardLon"] or 0.0)
        else:  # island district without communes: the district is the unit
            district = old_districts[dcode]
            unit = OldUnit(
                code=dcode,
                name=district.name,
                type=district.type,
                short=district.short,
                district_code=dcode,
                province_code=pcode,
                keys=district.keys,
            )
        old_units[unit.code] = unit
        old_by_key[key] = unit.code

    edges_by_old = _edges_from_converter(converter, old_by_key, new_by_key)
    new_province_key_of = {o: n for n, olds in converter["DICT_PROVINCE"].items() for o in olds}
    edges_by_old = _deconflate_divided(
        converter, old_by_key, new_by_key, new_province_key_of, old_coords, new_coords, edges_by_old
    )
    gazetteer = Gazetteer(
        old_provinces=old_provinces,
        old_districts=old_districts,
        old_units=old_units,
        new_provinces=new_provinces,
        new_units=new_units,
        edges_by_old=edges_by_old,
    )
    from retrieval.address.corrections import apply_corrections

    apply_corrections(gazetteer)
    gazetteer.reindex()
    return gazetteer


def _edges_from_converter(converter, old_by_key, new_by_key):
    targets: dict[str, list[str]] = defaultdict(list)
    for new_pkey, table in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in table.items():
            for old_key in old_keys:
                targets[old_by_key[old_key]].append(new_by_key[(new_pkey, new_wkey)])
    for new_pkey, table in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in table.items():
            for part in parts:
                targets[old_by_key[old_key]].append(new_by_key[(new_pkey, part["newWardKey"])])
    return {old: _make_edges(old, news) for old, news in targets.items()}


def _make_edges(old_code: str, new_codes) -> tuple[Edge, ...]:
    unique = sorted(set(new_codes))
    return tuple(Edge(old_code, code, partial=len(unique) > 1) for code in unique)


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance in km; enough to tell which of two namesakes is nearer."""
    lat = math.radians((a[0] + b[0]) / 2)
    dx = math.radians(b[1] - a[1]) * math.cos(lat)
    dy = math.radians(b[0] - a[0])
    return 6371.0 * math.hypot(dx, dy)


def _deconflate_divided(
    converter, old_by_key, new_by_key, new_province_key_of, old_coords, new_coords, edges_by_old
):
    """Take back parts the source data gave to the wrong one of two same-named wards.

    The converter lists a divided old ward by name inside its new province; when two
    old wards of that province share a name ("Phường 4" of Tân An and of Tây Ninh),
    one ward's parts leak into the other's list. A listed part that is not the ward's
    own default is dropped when a namesake in the same new province also reaches that
    part and lies nearer to it (the source's own coordinates).
    """
    namesakes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for old_key, old_code in old_by_key.items():
        province_key, _, ward_key = old_key.split("_", 2)
        namesakes[(province_key, ward_key)].append(old_code)
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (province_key, ward_key), codes in namesakes.items():
        by_name[(new_province_key_of.get(province_key, province_key), ward_key)].extend(codes)
    result = dict(edges_by_old)
    for new_pkey, table in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in table.items():
            old_code = old_by_key[old_key]
            ward_key = old_key.split("_", 2)[2]
            others = [c for c in by_name.get((new_pkey, ward_key), ()) if c != old_code]
            if not others or old_code not in old_coords:
                continue
            keep = {e.new_code for e in result[old_code]}
            for part in parts:
                if part.get("isDefaultNewWard"):
                    continue
                new_code = new_by_key[(new_pkey, part["newWardKey"])]
                mine = _distance(old_coords[old_code], new_coords[new_code])
                for other in others:
                    reaches = any(e.new_code == new_code for e in edges_by_old.get(other, ()))
                    if (
                        reaches
                        and other in old_coords
                        and _distance(old_coords[other], new_coords[new_code]) < mine
                    ):
                        keep.discard(new_code)
                        break
            if keep and keep != {e.new_code for e in result[old_code]}:
                result[old_code] = _make_edges(old_code, keep)
    return result


# --- loading, caching, overlays ---------------------------------------------------------

_LOCK = threading.Lock()
_CACHE: dict[tuple, Gazetteer] = {}


@lru_cache(maxsize=1)
def _source_digest() -> str:
    """Identifies the base: source package version and files, build logic, corrections."""
    from retrieval.address.corrections import corrections_fingerprint

    files = locate_source()
    sizes = f"{files.dataset_db.stat().st_size}:{files.converter_json.stat().st_size}"
    stamp = f"{files.version}:{BUILD_VERSION}:{sizes}:{corrections_fingerprint()}"
    return hashlib.sha256(stamp.encode()).hexdigest()[:16]


def _cache_file(cache_dir: Path) -> Path:
    return cache_dir / "address" / f"gazetteer-{_source_digest()}.pickle"


def load_base(cache_dir: Path | None = None) -> Gazetteer:
    """The base gazetteer from the pickle cache, building (and caching) it if needed."""
    path = _cache_file(cache_dir) if cache_dir else None
    if path is not None and path.is_file():
        try:
            with path.open("rb") as handle:
                cached = pickle.load(handle)
            if isinstance(cached, Gazetteer):
                return cached
        except Exception:  # a corrupt or foreign cache is rebuilt, never fatal
            pass
    gazetteer = build_gazetteer()
    if path is not None:
        _write_cache(path, gazetteer)
    return gazetteer


def _write_cache(path: Path, gazetteer: Gazetteer) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)  # read-only cache dir: build every start


_BASE: dict[str, Gazetteer] = {}


def get_gazetteer(
    cache_dir: Path | None = None, data_dir: Path | None = None, as_of: str | None = None
) -> Gazetteer:
    """The process-wide gazetteer with the dated overlays of `data_dir` applied.

    One base per process whatever the cache dir; a copy per set of overlays.
    """
    from retrieval.address.overlays import apply_overlays, overlay_files

    overlay_paths = overlay_files(data_dir)
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in overlay_paths)
    digest = _source_digest()
    with _LOCK:
        base = _BASE.get(digest)
        if base is None:
            base = _BASE[digest] = load_base(cache_dir)
        if not overlay_paths:
            return base
        key = (digest, stamp, as_of)
        cached = _CACHE.get(key)
        if cached is None:
            cached = _CACHE[key] = apply_overlays(base, overlay_paths, as_of=as_of)
        return cached

"""The gazetteer: old units (63 provinces, ~700 districts, ~10,000 communes), new units
(34 provinces, 3,321 communes) and the old→new edges (the model is in `units`).

Why our own index: the resolver must answer in about a millisecond and start in well
under a second without pandas, shapely or geopy, and it must be able to layer later,
dated changes on top of the 1 July 2025 base. The base is built once from the
`vietnamadminunits` data files (see `source_data`), corrected where that data
conflates same-named units (see DATA_NOTES.md), and cached as a pickle. The steps run
one way: source data → base (here) → `corrections` → dated `overlays`.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import tempfile
import threading
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from retrieval.address import names
from retrieval.address.corrections import apply_corrections, corrections_fingerprint
from retrieval.address.overlays import apply_overlays, overlay_files
from retrieval.address.source_data import locate_source, read_converter, read_units
from retrieval.address.units import (
    Gazetteer,
    NewProvince,
    NewUnit,
    OldDistrict,
    OldProvince,
    OldUnit,
    make_edges,
)

# Bump when the build logic changes so stale caches are rebuilt.
BUILD_VERSION = "9"

_TYPE_KEYS = ("thitran", "thixa", "thanhpho", "phuong", "huyen", "quan", "tinh", "dackhu", "xa")

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
    return {old: make_edges(old, news) for old, news in targets.items()}


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
                result[old_code] = make_edges(old_code, keep)
    return result


# --- loading, caching, overlays ---------------------------------------------------------

_LOCK = threading.Lock()
_CACHE: dict[tuple, Gazetteer] = {}


@lru_cache(maxsize=1)
def _source_digest() -> str:
    """Identifies the base: source package version and files, build logic, corrections."""
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

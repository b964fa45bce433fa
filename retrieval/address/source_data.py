"""Raw administrative-unit records read straight from the `vietnamadminunits` data files.

Why not its API: importing the package loads its parser and geocoding helpers (geopy,
shapely) and its street path calls an online geocoder. We only need its data: the
SQLite table of old and new units and the converter's old→new key table, read here
with the standard library and never the network.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path


class SourceDataMissing(RuntimeError):
    """The `vietnamadminunits` data files cannot be found (package not installed)."""


@dataclass(frozen=True)
class SourceFiles:
    dataset_db: Path
    converter_json: Path
    version: str


def locate_source() -> SourceFiles:
    """Find the package's data folder without executing the package."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise SourceDataMissing("the vietnamadminunits package is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    data = root / "data"
    files = SourceFiles(
        dataset_db=data / "dataset.db",
        converter_json=data / "converter_2025.json",
        version=_package_version(),
    )
    for path in (files.dataset_db, files.converter_json):
        if not path.is_file():
            raise SourceDataMissing(f"missing data file {path}")
    return files


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vietnamadminunits")
    except PackageNotFoundError:
        return "unknown"


_LEGACY_COLUMNS = (
    "province, provinceCode, provinceKey, provinceKeywords, "
    "district, districtType, districtCode, districtKey, districtKeywords, "
    "ward, wardType, wardCode, wardKey, wardKeywords, wardLat, wardLon"
)
_NEW_COLUMNS = (
    "province, provinceCode, provinceKey, provinceKeywords, "
    "ward, wardType, wardCode, wardKey, wardKeywords, wardLat, wardLon"
)


def read_units(dataset_db: Path) -> tuple[list[dict], list[dict]]:
    """(old rows, new rows) as plain dicts; keyword columns decoded from JSON."""
    uri = f"file:{dataset_db}?mode=ro&immutable=1"
    with sqlite3.connect(uri, uri=True) as conn:
        conn.row_factory = sqlite3.Row
        old = [dict(r) for r in conn.execute(f"SELECT {_LEGACY_COLUMNS} FROM admin_units_legacy")]
        new = [dict(r) for r in conn.execute(f"SELECT {_NEW_COLUMNS} FROM admin_units")]
    for row in (*old, *new):
        for column in ("provinceKeywords", "districtKeywords", "wardKeywords"):
            if column in row:
                row[column] = tuple(json.loads(row[column])) if row[column] else ()
    return old, new


def read_converter(converter_json: Path) -> dict:
    """The converter's three tables: provinces, undivided and divided old wards."""
    with converter_json.open(encoding="utf-8") as handle:
        return json.load(handle)

"""Dated overlays: later changes layered on the 1 July 2025 base without rewriting it.

Why: provinces and communes keep changing (renamings, new wards, boundary fixes). An
overlay is a JSON file with an `effective` date, a `source` (the deciding document)
and a list of changes; every overlay dated on or before `as_of` is applied in date
order to a copy of the base, and the gazetteer's `data_version` becomes the latest
applied date. Overlays live in `<data dir>/address_overlays/*.json`; none ship with
the project because none have been verified yet.

Change operations (all keys are strings):
- {"op": "rename_new_unit", "code", "name"}           e.g. a ward renamed
- {"op": "rename_new_province", "code", "name"}
- {"op": "add_new_unit", "code", "name", "province_code"}
- {"op": "move_new_unit", "code", "province_code"}
- {"op": "set_edges", "old", "new": [codes]}          where an old unit now lies
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from retrieval.address import names
from retrieval.address.units import Gazetteer, NewProvince, NewUnit, make_edges

OVERLAY_DIR_NAME = "address_overlays"


class OverlayError(ValueError):
    """An overlay file is malformed; the message names the file and the change."""


def overlay_files(data_dir: Path | None) -> list[Path]:
    if data_dir is None:
        return []
    folder = Path(data_dir) / OVERLAY_DIR_NAME
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.json"))


def read_overlay(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        effective = dt.date.fromisoformat(str(data["effective"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OverlayError(f"{path.name}: not a valid overlay ({exc})") from exc
    if not isinstance(data.get("changes"), list):
        raise OverlayError(f"{path.name}: 'changes' must be a list")
    data["effective"] = effective.isoformat()
    data.setdefault("id", path.stem)
    return data


def apply_overlays(base: Gazetteer, paths: list[Path], as_of: str | None = None) -> Gazetteer:
    """A new gazetteer: `base` plus every overlay effective on or before `as_of`."""
    limit = as_of or dt.date.today().isoformat()
    overlays = sorted((read_overlay(p) for p in paths), key=lambda o: (o["effective"], o["id"]))
    overlays = [o for o in overlays if o["effective"] <= limit]
    if not overlays:
        return base
    result = copy.copy(base)
    result.__dict__.pop("_fuzzy_cache", None)  # built from the base's names: not ours
    result.new_units = dict(base.new_units)
    result.new_provinces = dict(base.new_provinces)
    result.edges_by_old = dict(base.edges_by_old)
    for overlay in overlays:
        for change in overlay["changes"]:
            _apply_change(result, change, overlay["id"])
        result.data_version = overlay["effective"]
    result.overlays = (*base.overlays, *(o["id"] for o in overlays))
    result.reindex()
    return result


def _apply_change(gaz: Gazetteer, change: dict, overlay_id: str) -> None:
    op = change.get("op")
    try:
        if op == "rename_new_unit":
            unit = gaz.new_units[change["code"]]
            utype, short = names.split_type(change["name"])
            gaz.new_units[unit.code] = replace(
                unit,
                name=names.normalize(change["name"]),
                type=utype or unit.type,
                short=short,
                keys=(names.name_key(short), *unit.keys),
            )
        elif op == "rename_new_province":
            province = gaz.new_provinces[change["code"]]
            _, short = names.split_type(change["name"])
            gaz.new_provinces[province.code] = NewProvince(
                code=province.code,
                name=names.normalize(change["name"]),
                short=short,
                keys=(names.name_key(short), *province.keys),
            )
        elif op == "add_new_unit":
            utype, short = names.split_type(change["name"])
            if change["province_code"] not in gaz.new_provinces:
                raise KeyError(change["province_code"])
            gaz.new_units[change["code"]] = NewUnit(
                code=change["code"],
                name=names.normalize(change["name"]),
                type=utype,
                short=short,
                province_code=change["province_code"],
                keys=(names.name_key(short),),
            )
        elif op == "move_new_unit":
            unit = gaz.new_units[change["code"]]
            if change["province_code"] not in gaz.new_provinces:
                raise KeyError(change["province_code"])
            gaz.new_units[unit.code] = replace(unit, province_code=change["province_code"])
        elif op == "set_edges":
            if change["old"] not in gaz.old_units or any(
                c not in gaz.new_units for c in change["new"]
            ):
                raise KeyError(change["old"])
            gaz.edges_by_old[change["old"]] = make_edges(change["old"], change["new"])
        else:
            raise OverlayError(f"{overlay_id}: unknown op {op!r}")
    except KeyError as exc:
        raise OverlayError(f"{overlay_id}: {op} refers to unknown code {exc}") from exc

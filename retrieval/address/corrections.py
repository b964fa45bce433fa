"""Corrections to the source data, each backed by the resolution clause that shows it.

Why: the `vietnamadminunits` tables contain a few wrong old→new edges (see DATA_NOTES.md).
The fixes are facts read from the National Assembly Standing Committee resolutions,
kept in `corrections.json` beside this file with the clause that proves each one.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from retrieval.address.units import Gazetteer, make_edges

CORRECTIONS_FILE = Path(__file__).with_name("corrections.json")


@lru_cache(maxsize=1)
def load_corrections() -> tuple[dict, ...]:
    if not CORRECTIONS_FILE.is_file():
        return ()
    with CORRECTIONS_FILE.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return tuple(data.get("edges", ()))


def corrections_fingerprint() -> str:
    if not CORRECTIONS_FILE.is_file():
        return "none"
    return hashlib.sha256(CORRECTIONS_FILE.read_bytes()).hexdigest()[:12]


def apply_corrections(gazetteer: Gazetteer) -> int:
    """Replace the edges of each corrected old unit; returns how many were applied."""
    applied = 0
    for item in load_corrections():
        old_code = item["old"]
        new_codes = [code for code in item["new"] if code in gazetteer.new_units]
        if old_code not in gazetteer.old_units or len(new_codes) != len(item["new"]):
            continue  # a correction that no longer fits the source is skipped, not guessed
        gazetteer.edges_by_old[old_code] = make_edges(old_code, new_codes)
        applied += 1
    return applied

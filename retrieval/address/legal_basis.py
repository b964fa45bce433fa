"""Legal basis of each new unit: the resolution, and the clause once its text is ingested.

Why two layers: the facts table (`legal_facts`) always names the resolution and its
date; when the ingestion hands us a resolution's text we keep its clauses in
`<data dir>/legal_basis.json`, so an answer can cite "Điều 1, khoản 23" and quote the
clause. The ingestion calls `record_document` for every legal document it ingests and
`forget_document` when one is removed; anything that is not a commune-arrangement
resolution is simply not recorded.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from haicap.jsonfile import write_json_atomic
from retrieval.address import names
from retrieval.address.fuzzy import edit_distance
from retrieval.address.legal_facts import PROVINCE_RESOLUTIONS, ResolutionFact, fact_line
from retrieval.address.legal_text import Clause, parse_resolution
from retrieval.address.resolution_quotes import quoted_record
from retrieval.address.units import Gazetteer

LEGAL_BASIS_FILE = "legal_basis.json"
STORE_VERSION = 1
_LOCK = threading.Lock()


@dataclass(frozen=True)
class ClauseRef:
    """Where a new unit was formed: a clause of an ingested resolution, or only the facts."""

    number: str  # "1681/NQ-UBTVQH15"
    date: str
    document: str  # the ingested document name, or the number when not ingested
    locator: str  # "Điều 1, khoản 23", or "" without the text
    text: str  # the clause as parsed (cleaned), or the facts-table line
    verbatim: bool  # True when `text` is the clause itself
    quote: str = ""  # the clause's own words cut from the source file ("" without it)

    def to_json(self) -> dict:
        return {
            "document": self.document,
            "number": self.number,
            "date": self.date,
            "locator": self.locator,
            "text": self.text,
            "verbatim": self.verbatim,
            "quote": self.quote,
        }


# --- the store ----------------------------------------------------------------------


def store_path(data_dir: Path) -> Path:
    return Path(data_dir) / LEGAL_BASIS_FILE


def _read_store(data_dir: Path) -> dict:
    path = store_path(data_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("documents"), dict):
            return data
    except (OSError, ValueError):
        pass
    return {"version": STORE_VERSION, "documents": {}}


def _write_store(data_dir: Path, data: dict) -> None:
    write_json_atomic(store_path(data_dir), data)


def record_document(
    data_dir: Path,
    document: str,
    text: str,
    source_path: str | None = None,
    source_text: str | None = None,
) -> int:
    """Parse `text`; keep its clauses under `document`. Returns the number of clauses.

    `source_text` is the file as ingested (read by the ingestion, named by
    `source_path`): each clause also keeps its verbatim quote cut from it (the parsed
    text is cleaned and may not be quoted; without it, from `text`). A text that
    is not a commune-arrangement resolution returns 0 and drops any clauses an earlier
    version of the same document left behind.
    """
    parsed = parse_resolution(text or "")
    record = None
    if parsed is not None:
        record = quoted_record(parsed, text, source_text or text, source_path)
    with _LOCK:
        data = _read_store(Path(data_dir))
        if record is None:
            if document in data["documents"]:
                del data["documents"][document]
                _write_store(Path(data_dir), data)
            return 0
        data["documents"][document] = record
        _write_store(Path(data_dir), data)
    _INDEX_CACHE.clear()
    return len(parsed.clauses)


def forget_document(data_dir: Path, document: str) -> bool:
    """Drop a document's clauses; True if it was there."""
    with _LOCK:
        data = _read_store(Path(data_dir))
        if document not in data["documents"]:
            return False
        del data["documents"][document]
        _write_store(Path(data_dir), data)
    _INDEX_CACHE.clear()
    return True


def recorded_documents(data_dir: Path) -> dict[str, dict]:
    return _read_store(Path(data_dir))["documents"]


# --- lookup -----------------------------------------------------------------------------


@dataclass
class LegalIndex:
    """new unit code -> the clause that formed it (or lists it as unchanged)."""

    by_new_code: dict[str, ClauseRef]
    documents: dict[str, dict]  # document -> {"number", "date", "province", "counts"}
    unmatched: list[tuple[str, int, str]]  # (document, clause n, new name) not placed

    def clause_for(self, new_code: str) -> ClauseRef | None:
        return self.by_new_code.get(new_code)


_INDEX_CACHE: dict[tuple, LegalIndex] = {}


def legal_index(data_dir: Path | None, gazetteer: Gazetteer) -> LegalIndex:
    """The clause index for the data dir (cached until legal_basis.json changes)."""
    if data_dir is None:
        return LegalIndex({}, {}, [])
    path = store_path(Path(data_dir))
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return LegalIndex({}, {}, [])
    key = (str(path), stamp, id(gazetteer))
    cached = _INDEX_CACHE.get(key)
    if cached is None:
        cached = build_index(_read_store(Path(data_dir))["documents"], gazetteer)
        _INDEX_CACHE.clear()
        _INDEX_CACHE[key] = cached
    return cached


def build_index(documents: dict[str, dict], gazetteer: Gazetteer) -> LegalIndex:
    by_new_code: dict[str, ClauseRef] = {}
    unmatched: list[tuple[str, int, str]] = []
    summaries: dict[str, dict] = {}
    for document, record in sorted(documents.items()):
        province_code = _province_of(record, gazetteer)
        summaries[document] = {k: record.get(k) for k in ("number", "date", "province", "counts")}
        if province_code is None:
            continue
        candidates = {
            code: gazetteer.new_units[code]
            for code in gazetteer.new_units_by_province.get(province_code, ())
        }
        taken: set[str] = set()
        quotes = {int(c["n"]): str(c.get("quote", "")) for c in record.get("clauses", ())}
        pending: list[tuple[Clause, str, str]] = []
        for raw in record.get("clauses", ()):
            clause = Clause.from_json(raw)
            if clause.kind == "formed":
                pending.append((clause, clause.new_type, clause.new_name))
            elif clause.kind == "summary":
                pending.extend((clause, t, n) for t, n in clause.unchanged)
        for exact_only in (True, False):
            rest = []
            for clause, unit_type, unit_name in pending:
                code = _place(unit_type, unit_name, candidates, taken, exact_only)
                if code is None:
                    rest.append((clause, unit_type, unit_name))
                    continue
                taken.add(code)
                by_new_code[code] = ClauseRef(
                    number=record["number"],
                    date=record.get("date", ""),
                    document=document,
                    locator=clause.locator,
                    text=clause.text,
                    verbatim=True,
                    quote=quotes.get(clause.n, ""),
                )
            pending = rest
        unmatched.extend((document, c.n, n) for c, _, n in pending)
    return LegalIndex(by_new_code, summaries, unmatched)


def _province_of(record: dict, gazetteer: Gazetteer) -> str | None:
    _, short = names.split_type(record.get("province", ""))
    wanted = names.name_key(short)
    for code, province in gazetteer.new_provinces.items():
        if wanted in province.keys:
            return code
    number = record.get("number", "")
    return next((c for c, f in PROVINCE_RESOLUTIONS.items() if f.number == number), None)


def _place(
    unit_type: str, unit_name: str, candidates: dict, taken: set[str], exact_only: bool
) -> str | None:
    """The new unit a clause names: same type and name key; else the one nearest typo."""
    key = names.name_key(unit_name)
    wanted_type = unit_type.strip().lower()
    free = [u for c, u in candidates.items() if c not in taken]
    exact = [u for u in free if key in u.keys and u.type.lower() == wanted_type]
    if len(exact) > 1:  # folding collides ("Văn Lang" / "Văn Lăng"): the accents decide
        accent = names.accent_key(unit_name)
        exact = [u for u in exact if names.accent_key(u.short) == accent]
    if len(exact) == 1:
        return exact[0].code
    if exact_only:
        return None
    loose = [u for u in free if key in u.keys]
    if len(loose) == 1:
        return loose[0].code
    scored = sorted(
        (edit_distance(key, u.keys[0], 2), u.code) for u in free if u.type.lower() == wanted_type
    )
    if scored and scored[0][0] <= 2 and (len(scored) == 1 or scored[1][0] > scored[0][0]):
        return scored[0][1]
    return None


def basis_for(
    new_code: str, gazetteer: Gazetteer, index: LegalIndex | None = None
) -> ClauseRef | None:
    """The clause if ingested, else the facts-table reference for the unit's province."""
    if index is not None:
        ref = index.clause_for(new_code)
        if ref is not None:
            return ref
    unit = gazetteer.new_units.get(new_code)
    if unit is None:
        return None
    fact = PROVINCE_RESOLUTIONS.get(unit.province_code)
    if fact is None:
        return None
    return fact_ref(fact)


def fact_ref(fact: ResolutionFact) -> ClauseRef:
    return ClauseRef(
        number=fact.number,
        date=fact.date,
        document=fact.number,
        locator="",
        text=fact_line(fact),
        verbatim=False,
    )

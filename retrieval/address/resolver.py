"""The `where` contract: free-text address → JSON-ready dict (forward or reverse).

Why one builder: `haicap where --json`, `--batch`, the chat answer and the benchmarks
must print exactly the same shape, which tools outside the project read:
{"status", "query", "matches": [{"old": {...}, "new": [...], "legal_basis": [...]}]}.
Keys may be added (clauses, data_version, message, split, type); none renamed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from retrieval.address.gazetteer import get_gazetteer
from retrieval.address.legal_basis import LegalIndex, basis_for, legal_index
from retrieval.address.matcher import MatchResult, match_new, match_old
from retrieval.address.parser import parse
from retrieval.address.units import Gazetteer

EXAMPLE = "Phường Chiềng Lề, Thành phố Sơn La, Tỉnh Sơn La"
MAX_DISTRICT_LIST = 40


@dataclass
class Resolver:
    """A gazetteer plus the clause index of one data dir; cheap to call many times."""

    gazetteer: Gazetteer
    legal: LegalIndex | None = None

    @classmethod
    def for_dirs(cls, cache_dir: Path | None, data_dir: Path | None) -> Resolver:
        gazetteer = get_gazetteer(cache_dir, data_dir)
        return cls(gazetteer, legal_index(data_dir, gazetteer) if data_dir else None)

    # --- forward -----------------------------------------------------------------------
    def where(self, address: str) -> dict:
        """Old address → the new unit(s); never raises on odd input."""
        text = address if isinstance(address, str) else ""
        if not text.strip():
            return self._empty(text)
        query = parse(text)
        result = match_old(self.gazetteer, text, query)
        if result.status == "not_found" and len(result.districts) == 1:
            result = self._district_only(result)
        matches = [self.old_match(c.code) for c in result.candidates]
        return {
            "status": result.status,
            "query": text,
            "matches": matches,
            "data_version": self.gazetteer.data_version,
            "message": self._message(result, query_text=text),
            "total_candidates": max(result.total, len(matches)),
        }

    def old_match(self, old_code: str) -> dict:
        gaz = self.gazetteer
        unit = gaz.old_units[old_code]
        edges = gaz.new_of(old_code)
        new = []
        numbers: list[str] = []
        clauses = []
        for edge in edges:
            target = gaz.new_units[edge.new_code]
            new.append(
                {
                    "name": target.name,
                    "province": gaz.new_provinces[target.province_code].name,
                    "code": target.code,
                    "partial": edge.partial,
                    "type": target.type,
                }
            )
            ref = basis_for(edge.new_code, gaz, self.legal)
            if ref is not None:
                if ref.number not in numbers:
                    numbers.append(ref.number)
                if ref.verbatim:
                    clauses.append({**ref.to_json(), "new_code": target.code})
        return {
            "old": {
                "name": unit.name,
                "district": gaz.old_districts[unit.district_code].name,
                "province": gaz.old_provinces[unit.province_code].name,
                "code": unit.code,
                "type": unit.type,
            },
            "new": new,
            "legal_basis": numbers,
            "clauses": clauses,
            "split": len(new) > 1,
        }

    def _district_only(self, result: MatchResult) -> MatchResult:
        """Only a district was named: every commune of it is a candidate."""
        from retrieval.address.matcher import Candidate

        codes = [c for d in result.districts for c in self.gazetteer.units_by_district.get(d, ())]
        if not codes:
            return result
        result.status = "ambiguous" if len(codes) > 1 else "found"
        result.total = len(codes)
        result.candidates = [Candidate(c, 0.0, (0, 0)) for c in codes[:MAX_DISTRICT_LIST]]
        return result

    # --- reverse -----------------------------------------------------------------------
    def reverse(self, name: str) -> dict:
        """2025 unit → the old units it was formed from."""
        text = name if isinstance(name, str) else ""
        if not text.strip():
            return self._empty(text)
        result = match_new(self.gazetteer, text)
        matches = [self.new_match(c.code) for c in result.candidates]
        message = ""
        if result.status == "ambiguous":
            message = f"{result.total} units of 2025 match; add the province to choose."
        elif result.status == "not_found":
            message = (
                "No 2025 commune, ward or special zone recognised. Give its name and "
                'province, e.g. "Phường Tô Hiệu, Sơn La".'
            )
        return {
            "status": result.status,
            "query": text,
            "matches": matches,
            "data_version": self.gazetteer.data_version,
            "message": message,
            "total_candidates": max(result.total, len(matches)),
        }

    def new_match(self, new_code: str) -> dict:
        gaz = self.gazetteer
        unit = gaz.new_units[new_code]
        ref = basis_for(new_code, gaz, self.legal)
        old = []
        for edge in gaz.old_of(new_code):
            source = gaz.old_units[edge.old_code]
            old.append(
                {
                    "name": source.name,
                    "district": gaz.old_districts[source.district_code].name,
                    "province": gaz.old_provinces[source.province_code].name,
                    "code": source.code,
                    "partial": edge.partial,
                    "type": source.type,
                }
            )
        return {
            "new": {
                "name": unit.name,
                "province": gaz.new_provinces[unit.province_code].name,
                "code": unit.code,
                "type": unit.type,
            },
            "old": old,
            "legal_basis": [ref.number] if ref else [],
            "clauses": [{**ref.to_json(), "new_code": unit.code}] if ref and ref.verbatim else [],
        }

    # --- messages ----------------------------------------------------------------------
    def _empty(self, text: str) -> dict:
        return {
            "status": "not_found",
            "query": text,
            "matches": [],
            "data_version": self.gazetteer.data_version,
            "message": f'Empty address. Give at least the old commune or ward, e.g. "{EXAMPLE}".',
            "total_candidates": 0,
        }

    def _message(self, result: MatchResult, query_text: str) -> str:
        gaz = self.gazetteer
        if result.status == "found":
            return ""
        if result.status == "ambiguous":
            if result.districts and all(c.score == 0.0 for c in result.candidates):
                district = gaz.old_districts[result.districts[0]]
                return (
                    f"Only a district was recognised ({district.name}); these are its "
                    f"{result.total} former communes/wards. Add the commune or ward to choose."
                )
            return (
                f"{result.total} former units match. Add the district or province "
                "(or the type: xã / phường / thị trấn) to choose."
            )
        if result.provinces:
            province = gaz.old_provinces[result.provinces[0]]
            new_name = gaz.new_provinces[province.new_code].name
            return (
                f"Recognised the province {province.name} (part of {new_name} since 1 July 2025) "
                "but no commune or ward in it. Add the old commune or ward name."
            )
        reverse = match_new(gaz, query_text)
        if reverse.candidates and reverse.candidates[0].score >= 1.0:
            unit = gaz.new_units[reverse.candidates[0].code]
            return (
                f'"{unit.name}" ({gaz.new_provinces[unit.province_code].name}) is a unit of '
                "the 2025 system, not a former one. Use --reverse to see what it was formed from."
            )
        return (
            "No former Vietnamese commune, ward or township recognised. Write the old address "
            f'as "commune/ward, district, province", e.g. "{EXAMPLE}".'
        )

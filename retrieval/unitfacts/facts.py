"""Unit facts computed from structured data: counts, lists, unchanged units, compositions,
provincial mergers, effective dates — each with the source that states it.

Why computed: a count or a composition read from retrieved prose can be stale or
generated; the gazetteer (old→new edges) and the clauses parsed from the resolutions
at ingest time are exact. Every fact carries a `Source`: the ingested document and the
clause's verbatim quote when the deciding text is ingested, else only the resolution's
number (and an empty quote), so the wording layer never has to invent a citation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from haicap.jsonfile import read_json_cached
from retrieval.address import names
from retrieval.address.gazetteer import get_gazetteer
from retrieval.address.legal_basis import LegalIndex, _province_of, legal_index, store_path
from retrieval.address.legal_facts import EFFECTIVE_DATE, PROVINCE_RESOLUTIONS
from retrieval.address.units import Gazetteer, NewUnit, OldUnit
from retrieval.unitfacts.province_plan import recorded_plans

NEW_TYPES = ("Xã", "Phường", "Đặc khu")
PLAN_NUMBER = "60-NQ/TW"
PLAN_DATE = "2025-04-12"


@dataclass(frozen=True)
class Source:
    """Where a fact is stated: a clause of an ingested document, or only its number."""

    number: str
    date: str
    document: str = ""  # the ingested document's name ("" when not ingested)
    locator: str = ""
    quote: str = ""  # verbatim from the source file ("" when not ingested)
    province: str = ""  # the resolution's province ("Tỉnh Tây Ninh"), for titles

    @property
    def ingested(self) -> bool:
        return bool(self.document)


@dataclass
class ProvinceCount:
    province: str  # new province code
    by_type: dict[str, int]  # "Xã" / "Phường" / "Đặc khu" → count (from the gazetteer)
    total: int
    source: Source
    stated: dict[str, int] = field(default_factory=dict)  # the resolution's own figures


@dataclass
class FormedUnit:
    """A new unit and the former units it was formed from."""

    unit: NewUnit
    parts: list[tuple[OldUnit, bool]]  # (old unit, only part of it)
    source: Source | None


@dataclass
class ProvinceMerger:
    new_code: str
    olds: list[str]  # old province codes
    centre: str = ""  # "tỉnh Long An" as written in 60-NQ/TW ("" when not ingested)
    centre_is_current_seat: bool = False
    source: Source | None = None


class FactBook:
    """Facts of one data dir; cheap to build (the gazetteer and indexes are cached)."""

    def __init__(self, cache_dir: Path | None, data_dir: Path | None) -> None:
        self.gaz: Gazetteer = get_gazetteer(cache_dir, data_dir)
        self.legal: LegalIndex = legal_index(data_dir, self.gaz)
        self.records = _records(data_dir)
        self.plans = recorded_plans(data_dir)
        self._record_by_province: dict[str, tuple[str, dict]] = {}
        for document, record in sorted(self.records.items()):
            code = _province_of(record, self.gaz)
            if code is not None:
                self._record_by_province.setdefault(code, (document, record))

    # --- sources ---------------------------------------------------------------------
    def resolution_source(self, province_code: str, clause: dict | None = None) -> Source:
        fact = PROVINCE_RESOLUTIONS[province_code]
        found = self._record_by_province.get(province_code)
        if found is None:
            return Source(fact.number, fact.date, province=fact.province)
        document, record = found
        if clause is None:
            return Source(fact.number, fact.date, document, province=fact.province)
        return Source(
            record.get("number", fact.number),
            record.get("date", fact.date),
            document,
            f"Điều 1, khoản {clause['n']}",
            clause.get("quote", ""),
            fact.province,
        )

    def _clauses(self, province_code: str) -> list[dict]:
        found = self._record_by_province.get(province_code)
        return list(found[1].get("clauses", ())) if found else []

    def _summary_clause(self, province_code: str) -> dict | None:
        return next((c for c in self._clauses(province_code) if c["kind"] == "summary"), None)

    # --- counts and lists ----------------------------------------------------------------
    def count(self, province_code: str) -> ProvinceCount:
        by_type = dict.fromkeys(NEW_TYPES, 0)
        for code in self.gaz.new_units_by_province.get(province_code, ()):
            by_type[self.gaz.new_units[code].type] += 1
        summary = self._summary_clause(province_code)
        found = self._record_by_province.get(province_code)
        stated = dict(found[1].get("counts") or {}) if found else {}
        return ProvinceCount(
            province_code,
            by_type,
            sum(by_type.values()),
            self.resolution_source(province_code, summary),
            stated,
        )

    def country(self) -> dict[str, int]:
        counts = self.gaz.counts()
        return {
            "provinces": counts["new_provinces"],
            "total": counts["new_communes"],
            "Xã": counts["new_xa"],
            "Phường": counts["new_phuong"],
            "Đặc khu": counts["new_dac_khu"],
            "old_provinces": counts["old_provinces"],
            "old_communes": counts["old_communes"],
        }

    def units(self, province_code: str, unit_type: str | None = None) -> list[NewUnit]:
        units = [
            self.gaz.new_units[c] for c in self.gaz.new_units_by_province.get(province_code, ())
        ]
        if unit_type:
            units = [u for u in units if u.type == unit_type]
        return sorted(units, key=lambda u: (NEW_TYPES.index(u.type), names.accent_key(u.short)))

    # --- units left as they were ---------------------------------------------------------
    def unchanged(
        self, province_code: str, district_codes: set[str] | None = None
    ) -> tuple[list[NewUnit], Source, bool]:
        """New units that are one former unit, whole and alone (not rearranged), their
        source, and whether they come from the resolution's list (else computed).

        The resolution's closing clause lists them; when it is ingested that list (placed
        on the gazetteer by the clause index) is used and cited, else they are computed.
        """
        summary = self._summary_clause(province_code)
        source = self.resolution_source(province_code, summary)
        codes: list[str] = []
        if summary is not None:
            locator = f"Điều 1, khoản {summary['n']}"
            codes = [
                code
                for code, ref in self.legal.by_new_code.items()
                if ref.locator == locator
                and ref.document == source.document
                and self.gaz.new_units[code].province_code == province_code
            ]
        else:
            codes = [
                code
                for code in self.gaz.new_units_by_province.get(province_code, ())
                if self._is_unchanged(code)
            ]
        units = [self.gaz.new_units[c] for c in codes]
        if district_codes:
            units = [u for u in units if self._former_districts(u.code) & district_codes]
        units.sort(key=lambda u: (NEW_TYPES.index(u.type), names.accent_key(u.short)))
        return units, source, summary is not None

    def _is_unchanged(self, new_code: str) -> bool:
        edges = self.gaz.old_of(new_code)
        if len(edges) != 1 or edges[0].partial:
            return False
        old = self.gaz.old_units[edges[0].old_code]
        new = self.gaz.new_units[new_code]
        return names.name_key(old.short) == names.name_key(new.short)

    def _former_districts(self, new_code: str) -> set[str]:
        return {self.gaz.old_units[e.old_code].district_code for e in self.gaz.old_of(new_code)}

    # --- compositions ------------------------------------------------------------------
    def formed(self, new_code: str) -> FormedUnit:
        unit = self.gaz.new_units[new_code]
        parts = [(self.gaz.old_units[e.old_code], e.partial) for e in self.gaz.old_of(new_code)]
        ref = self.legal.clause_for(new_code)
        source = None
        if ref is not None:
            source = Source(
                ref.number, ref.date, ref.document, ref.locator, ref.quote, self._province(unit)
            )
        else:
            source = self.resolution_source(unit.province_code)
        return FormedUnit(unit, parts, source)

    def _province(self, unit: NewUnit) -> str:
        fact = PROVINCE_RESOLUTIONS.get(unit.province_code)
        return fact.province if fact else ""

    # --- provinces ------------------------------------------------------------------------
    def merger(self, new_code: str) -> ProvinceMerger:
        olds = sorted(c for c, p in self.gaz.old_provinces.items() if p.new_code == new_code)
        merger = ProvinceMerger(new_code, olds)
        for document, plan in sorted(self.plans.items()):
            for item in plan.get("merged", ()):
                if self._plan_province(item["new"]) == new_code:
                    merger.centre = item["centre"]
                    merger.centre_is_current_seat = bool(item.get("centre_is_current_seat"))
                    merger.source = self._plan_source(document, plan, item, "II")
                    return merger
            for item in plan.get("unmerged", ()):
                if self._plan_province(item["name"]) == new_code:
                    merger.source = self._plan_source(document, plan, item, "I")
                    return merger
        return merger

    def province_count_source(self) -> tuple[int, Source] | None:
        """The sentence of 60-NQ/TW that decided the number of provinces, when ingested."""
        for document, plan in sorted(self.plans.items()):
            decided = plan.get("province_count") or {}
            if decided.get("quote"):
                source = Source(
                    plan.get("number", PLAN_NUMBER),
                    plan.get("date", PLAN_DATE),
                    document,
                    decided.get("locator", ""),
                    decided["quote"],
                )
                return int(decided["value"]), source
        return None

    def unmerged(self) -> tuple[list[str], Source | None]:
        """2025 provinces that took in no other province (new codes), with the plan item."""
        codes = [
            code
            for code in sorted(self.gaz.new_provinces)
            if sum(1 for p in self.gaz.old_provinces.values() if p.new_code == code) == 1
        ]
        for document, plan in sorted(self.plans.items()):
            if plan.get("unmerged"):
                first = plan["unmerged"][0]
                return codes, self._plan_source(document, plan, first, "I")
        return codes, None

    def unmerged_sources(self) -> list[Source]:
        """One source per unmerged item of the plan (each item quotes its own line)."""
        out = []
        for document, plan in sorted(self.plans.items()):
            for item in plan.get("unmerged", ()):
                out.append(self._plan_source(document, plan, item, "I"))
            if out:
                break
        return out

    def _plan_source(self, document: str, plan: dict, item: dict, part: str) -> Source:
        return Source(
            plan.get("number", PLAN_NUMBER),
            plan.get("date", PLAN_DATE),
            document,
            f"Phụ lục, mục {part}, khoản {item['n']}",
            item.get("quote", ""),
        )

    def _plan_province(self, name: str) -> str | None:
        _, short = names.split_type(name)
        key = names.name_key(short)
        hits = self.gaz.new_province_index.get(key, ())
        return hits[0][0] if hits else None

    @property
    def plan_ingested(self) -> bool:
        return bool(self.plans)

    # --- dates ----------------------------------------------------------------------------
    def effective(self, province_code: str | None) -> tuple[str, Source | None, Source | None]:
        """(ISO date the new units operate from, its clause, the adoption header line)."""
        code = province_code
        if code is None or code not in self._record_by_province:
            code = next(iter(sorted(self._record_by_province)), province_code)
        if code is None:
            return EFFECTIVE_DATE, None, None
        found = self._record_by_province.get(code)
        fact = PROVINCE_RESOLUTIONS[code]
        if found is None:
            return EFFECTIVE_DATE, Source(fact.number, fact.date, province=fact.province), None
        document, record = found
        operates = next((e for e in record.get("effective", ()) if e.get("operates_from")), None)
        clause = None
        if operates is not None:
            clause = Source(
                record["number"],
                record.get("date", ""),
                document,
                f"Điều 2, khoản {operates['n']}",
                operates.get("quote", ""),
                fact.province,
            )
        header = record.get("header") or {}
        adopted = None
        if header.get("quote"):  # number … place and date … title, as the header has them
            parts = [header.get("number_quote", ""), header["quote"], header.get("title_quote", "")]
            adopted = Source(
                record["number"],
                record.get("date", ""),
                document,
                "",
                " … ".join(p for p in parts if p),
                fact.province,
            )
        date = operates["operates_from"] if operates else EFFECTIVE_DATE
        return date, clause, adopted


def _records(data_dir: Path | None) -> dict[str, dict]:
    """legal_basis.json's documents (parsed again only when the file changes)."""
    if data_dir is None:
        return {}
    data = read_json_cached(store_path(Path(data_dir)))
    documents = data.get("documents") if isinstance(data, dict) else None
    return documents if isinstance(documents, dict) else {}

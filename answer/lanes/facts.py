"""The unit-facts lane: counts, lists, unchanged units, compositions, mergers, dates.

Why a lane of its own: these questions have exact answers in structured data (the
gazetteer and the clauses parsed from the resolutions at ingest time), so they are
answered instantly and without the embedding model, in the user's language, citing
the deciding clause verbatim when it is ingested. A question that is not of these
kinds — or also asks what the data cannot say — returns None for the documents lane.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from answer.lanes.fact_question import (
    FactQuestion,
    all_units,
    asks_about_provinces,
    read_question,
)
from answer.lanes.facts_words import (
    join,
    say,
    type_count,
    type_plural,
)
from answer.render import finish
from answer.types import Answer, Citation
from haicap import languages
from haicap.dates import short_date
from haicap.settings import Settings
from haicap.text import find_doc_numbers, fold, nfc
from retrieval.address.legal_facts import PROVINCE_RESOLUTIONS
from retrieval.address.names import name_key, split_type
from retrieval.unitfacts.facts import NEW_TYPES, FactBook, Source
from retrieval.unitfacts.places import (
    Mention,
    find_mentions,
    target_province,
    without_provinces,
)

# Every language's words for units (cue kind "unit_words"; found or not, so their order
# is free); rebuilt when a language is registered.
_UNIT_WORDS: re.Pattern[str]


def _recompile() -> None:
    global _UNIT_WORDS
    _UNIT_WORDS = re.compile(rf"\b({languages.cue_pattern('unit_words')})\b")


_recompile()
languages.on_change(_recompile)
_UNMERGED = re.compile(
    r"(unmerged|not merged|khong (thuc hien )?sap nhap|khong bi sap nhap|giu nguyen|"
    r"nicht (zusammengelegt|fusioniert)|inte (slogs samman|sammanslagna))"
)
_COMMUNE_RESOLUTION = re.compile(r"\b(16[5-8]\d)\b")


@dataclass
class _Plan:
    """What to answer, decided once from cues and the gazetteer."""

    q: FactQuestion
    parts: list[str]
    province: str | None = None
    districts: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    old_items: list[str] = field(default_factory=list)
    reverse: dict | None = None
    resolution_code: str | None = None


def fact_intent(question: str, settings: Settings) -> str | None:
    """The first fact kind the question asks for, or None (a cheap structural signal)."""
    try:
        plan = _plan(question, FactBook(Path(settings.cache_dir), Path(settings.data_dir)))
    except Exception:  # a broken data dir must never break routing
        return None
    if plan is None:
        return None
    kind = plan.parts[0]
    return {
        "nation": "count",
        "unmerged": "province",
        "centre": "province",
        "merger": "province",
        "resolution": "effective_date",
        "operates": "effective_date",
        "in_force": "effective_date",
    }.get(kind, kind)


def answer_facts(question: str, lang: str, settings: Settings) -> Answer | None:
    """An `Answer` (route "facts") for a unit-fact question, or None to fall through."""
    if not question or not question.strip():
        return None
    lang = lang if languages.is_supported(lang) else languages.DEFAULT
    book = FactBook(Path(settings.cache_dir), Path(settings.data_dir))
    plan = _plan(question, book)
    if plan is None:
        return None
    return _render(plan, book, lang, question)


def answer_old_units(question: str, lang: str, settings: Settings) -> Answer | None:
    """Several old units named in one question → their new unit(s), said once when they
    agree ("A và B được nhập thành xã nào?"); None unless at least two are recognised."""
    items, outside = _enumeration(question or "")
    if len(items) < 2:
        return None
    book = FactBook(Path(settings.cache_dir), Path(settings.data_dir))
    plan = _Plan(read_question(question), ["old_units"], old_items=items)
    plan.mentions = find_mentions(book.gaz, outside)
    lang = lang if languages.is_supported(lang) else languages.DEFAULT
    return _render(plan, book, lang, question)


def _render(plan: _Plan, book: FactBook, lang: str, question: str) -> Answer | None:
    writer = _Writer(book, lang)
    status = "answered"
    for part in plan.parts:
        result = getattr(writer, f"_{part}")(plan)
        if result == "clarify":
            status = "clarify"
    if not writer.lines:
        return None
    answer = Answer(
        status=status,  # type: ignore[arg-type]
        answer="",
        language=lang,
        citations=writer.citations,
        route="facts",
        standalone_question=question,
        data_version=book.gaz.data_version,
        candidates=writer.candidates,
        body="\n".join(dict.fromkeys(writer.lines)),
    )
    return finish(answer)


# --- deciding what to answer -------------------------------------------------------------


def _plan(question: str, book: FactBook) -> _Plan | None:
    q = read_question(question)
    if not q.kinds or q.beyond:
        return None
    mentions = find_mentions(book.gaz, q.text)
    plan = _Plan(q, [], target_province(book.gaz, mentions), mentions=mentions)
    kinds = set(q.kinds)
    other_numbers = [n for n in find_doc_numbers(q.text, loose=True) if "UBTVQH" not in n]

    items, outside = _enumeration(q.text)
    if len(items) >= 2 and "old_units" in kinds:
        plan.old_items = items
        plan.mentions = find_mentions(book.gaz, outside)
        plan.parts = ["old_units"]
        return plan

    province_words = asks_about_provinces(q, without_provinces(q.text, mentions))
    province_level = province_words or "province" in kinds
    if "composition" in kinds and not province_words:
        from answer.lanes.address_question import strip_frame
        from retrieval.address.resolver import Resolver

        resolver = Resolver(book.gaz, book.legal)
        result = resolver.reverse(strip_frame(q.text))
        if result["status"] in ("found", "ambiguous"):
            plan.reverse = result
            plan.parts = ["composition"]
            return plan

    if province_level and kinds & {"province", "centre", "unchanged", "composition", "list"}:
        if _UNMERGED.search(q.folded) and plan.province is None:
            plan.parts.append("unmerged")
        elif plan.province is not None:
            plan.parts.append("merger")
            if "centre" in kinds:
                plan.parts.append("centre")
    elif "centre" in kinds and plan.province is not None:
        plan.parts.extend(["merger", "centre"])

    if "count" in kinds:
        if plan.province is not None and not (province_words and plan.parts):
            plan.parts.append("count")
        elif q.nation or (plan.province is None and all_units(q)):
            plan.parts.append("nation")
    if plan.province is not None and not province_words:
        if "unchanged" in kinds:
            plan.parts.append("unchanged")
            plan.districts = _districts(book, plan)
        elif "list" in kinds and (q.types or "count" not in kinds):
            plan.parts.append("list")
        if "resolution" in kinds:
            plan.parts.append("resolution")
    if "effective_date" in kinds and not other_numbers:
        numbers = _COMMUNE_RESOLUTION.findall(q.folded)
        code = next(
            (c for c, f in PROVINCE_RESOLUTIONS.items() if numbers and f.number[:4] == numbers[0]),
            None,
        )
        if code is not None:
            plan.resolution_code = code
            plan.parts.append("in_force")
        elif _UNIT_WORDS.search(q.folded):
            plan.parts.append("operates")
    if not plan.parts:
        return None
    return plan


def _districts(book: FactBook, plan: _Plan) -> set[str]:
    """Former districts of the target province the question names ("former Biên Hòa")."""
    wanted = {
        m.code
        for m in plan.mentions
        if m.kind == "district"
        and book.gaz.old_provinces[book.gaz.old_districts[m.code].province_code].new_code
        == plan.province
    }
    return wanted


_TYPE_WORD = r"(?:xã|xa|phường|phuong|thị trấn|thi tran|ward|commune)"
_STOP = re.compile(
    r"\s+(?:được|duoc|đã|gộp|gop|nhập|nhap|sáp|sắp|sap|giờ|gio|nay|thuộc|thuoc|sau|của|cua|"
    r"ở|o|in|of|im|were|was|became|merged|wurden|wurde|zusammengelegt|gebildet|slogs|blev|"
    r"now|jetzt|nu)\b|\s*[?(→]|\s+thành\s|"
    r"\s+thanh\s+(?:xa|phuong|dac khu|mot)\b",
    re.IGNORECASE,
)


def enumerated_units(question: str) -> list[str]:
    """ "các xã A, B và C …", "xã A và xã B …", "phuong 1, phuong 2 … cua da lat" → typed
    names, each with the type that precedes it."""
    return _enumeration(question)[0]


def _enumeration(question: str) -> tuple[list[str], str]:
    """The typed names, and the question without them (where the context is named)."""
    text = nfc(question)
    first = re.search(rf"(?i)(?:^|\s)(?:các\s+|cac\s+)?{_TYPE_WORD}\s+", text)
    if not first:
        return [], text
    rest = text[first.start() :]
    stop = _STOP.search(rest, 1)
    if stop:
        rest = rest[: stop.start()]
    outside = text[: first.start()] + " " + text[first.start() + len(rest) :]
    items: list[str] = []
    current = ""
    # An untyped name continues a list only in "các xã A, B" or "xã A, B và C"; in
    # "xã Văn Khê, Mê Linh" the bare name is the district of an address.
    inherit = bool(re.match(r"(?i)\s*(?:các|cac)\s", rest)) or bool(
        re.search(r"(?i)\s(?:và|va|and|und|och|&)\s", rest)
    )
    for raw in re.split(r"\s*[,;]\s*|\s+(?:và|va|and|und|och|&)\s+", rest):
        part = re.sub(r"(?i)^(?:các|cac)\s+", "", raw.strip())
        typed = re.match(rf"(?i){_TYPE_WORD}\s+(.+)$", part)
        if typed:
            current = part[: typed.start(1)].strip()
            name = typed.group(1)
        elif current and inherit:
            name = part
        else:
            continue
        name = name.strip(" ?.!\"'")
        if name and len(name.split()) <= 5 and not _NOT_A_NAME.search(fold(name)):
            items.append(f"{current} {name}")
    return (items, outside) if len(items) >= 2 else ([], text)


# A list item of type words only ("xa phuong") or with a question word is not a name.
_NOT_A_NAME = re.compile(
    r"^(?:(?:xa|phuong|thi tran|dac khu)\s*)+$|\b(?:nao|gi|nhung|cac|don vi)\b"
)


# --- writing the answer -----------------------------------------------------------------


class _Writer:
    """Collects body lines and numbered citations; one method per part of a plan."""

    def __init__(self, book: FactBook, lang: str) -> None:
        self.book = book
        self.lang = lang
        self.lines: list[str] = []
        self.citations: list[Citation] = []
        self.candidates: list[str] = []
        self._not_ingested: dict[str, None] = {}

    # citations
    def mark(self, source: Source | None) -> str:
        if source is None:
            return ""
        if not source.ingested:  # (ingested without a stored quote: cited, not quoted)
            self._not_ingested.setdefault(source.number, None)
        for citation in self.citations:
            if (
                citation.document == (source.document or source.number)
                and citation.locator == source.locator
                and citation.quote == source.quote
            ):
                return f" [{citation.n}]"
        citation = Citation(
            n=len(self.citations) + 1,
            document=source.document or source.number,
            title=_title(source),
            doc_numbers=[source.number],
            locator=source.locator,
            quote=source.quote if source.ingested else "",
            language="vi",
            document_number=source.number,
        )
        self.citations.append(citation)
        return f" [{citation.n}]"

    def add(self, line: str) -> None:
        self.lines.append(line[:1].upper() + line[1:])

    def note_sources(self, key: str = "basis_not_ingested") -> None:
        if self._not_ingested:
            self.add(say(key, self.lang, numbers=", ".join(self._not_ingested)))
            self._not_ingested.clear()

    def province_name(self, code: str) -> str:
        """ "tỉnh Sơn La" inside a Vietnamese sentence, "Tỉnh Sơn La" elsewhere."""
        name = self.book.gaz.new_provinces[code].name
        return name[:1].lower() + name[1:] if self.lang == "vi" else name

    # parts
    def _count(self, plan: _Plan) -> None:
        count = self.book.count(plan.province)
        parts = [type_count(count.by_type[t], t, self.lang) for t in NEW_TYPES if count.by_type[t]]
        self.add(
            say(
                "count",
                self.lang,
                province=self.province_name(plan.province),
                total=count.total,
                parts=join(parts, self.lang),
                mark=self.mark(count.source),
            )
        )
        self.note_sources()

    def _nation(self, plan: _Plan) -> None:
        n = self.book.country()
        parts = [type_count(n[t], t, self.lang) for t in NEW_TYPES]
        self.add(
            say(
                "nation",
                self.lang,
                provinces=n["provinces"],
                total=f"{n['total']:,}".replace(",", languages.get(self.lang).thousands),
                parts=join(parts, self.lang),
                old_provinces=n["old_provinces"],
            )
        )
        decided = self.book.province_count_source()
        if decided and decided[0] == n["provinces"]:
            # The province count is a decision of 60-NQ/TW: cite its sentence.
            number, source = decided[1].number, decided[1]
            self.add(say("nation_plan", self.lang, number=number, mark=self.mark(source)))
        self.add(say("nation_source", self.lang))

    def _list(self, plan: _Plan) -> None:
        types = plan.q.types or list(NEW_TYPES)
        count = self.book.count(plan.province)
        for unit_type in types:
            units = self.book.units(plan.province, unit_type)
            values = {
                "province": self.province_name(plan.province),
                "type": type_plural(unit_type, self.lang, len(units) or 2),
                "mark": self.mark(count.source),
            }
            if not units:
                self.add(say("list_none", self.lang, **values))
                continue
            names = join([u.short for u in units], self.lang)
            n = len(units)
            self.add(say("list", self.lang, count=n, names=names, **values))
        self.note_sources()

    def _unchanged(self, plan: _Plan) -> None:
        units, source, from_clause = self.book.unchanged(plan.province, plan.districts or None)
        if len(plan.q.types) == 1:
            units = [u for u in units if u.type == plan.q.types[0]]
        province = self.province_name(plan.province)
        district = ", ".join(self.book.gaz.old_districts[c].name for c in sorted(plan.districts))
        if district:
            where = say("where_district", self.lang, district=district)
        else:
            where = say("in_province", self.lang, province=province)
        mark = self.mark(source)
        if units:
            names = join([u.name for u in units], self.lang)
            self.add(
                say(
                    "unchanged",
                    self.lang,
                    count=len(units),
                    where=where,
                    names=names,
                    mark=mark,
                )
            )
        else:
            extra = f" ({say('former_district', self.lang, d=district)})" if district else ""
            self.add(
                say(
                    "unchanged_none",
                    self.lang,
                    province=province,
                    where=extra,
                    mark=mark,
                )
            )
        if not from_clause:
            self.add(say("computed_unchanged", self.lang))
        self.note_sources()

    def _composition(self, plan: _Plan) -> str | None:
        result = plan.reverse or {}
        if result.get("status") == "ambiguous":
            labels = [f"{m['new']['name']}, {m['new']['province']}" for m in result["matches"]]
            self.add(say("clarify_new", self.lang, count=len(labels)))
            self.lines.extend(f"- {label}" for label in labels)
            self.candidates = labels
            return "clarify"
        code = result["matches"][0]["new"]["code"]
        formed = self.book.formed(code)
        gaz = self.book.gaz
        province = self.province_name(formed.unit.province_code)
        mark = self.mark(formed.source)
        if (
            len(formed.parts) == 1
            and not formed.parts[0][1]
            and fold(formed.parts[0][0].short) == fold(formed.unit.short)
        ):
            self.add(
                say("formed_same", self.lang, new=formed.unit.name, province=province, mark=mark)
            )
        else:
            groups: dict[str, list[str]] = {}
            for old, partial in formed.parts:
                label = f"{say('part_of', self.lang)} {old.name}" if partial else old.name
                groups.setdefault(old.district_code, []).append(label)
            pieces = [
                f"{', '.join(labels)} ({gaz.old_districts[code].name})"
                for code, labels in groups.items()
            ]
            self.add(
                say(
                    "formed",
                    self.lang,
                    new=formed.unit.name,
                    province=province,
                    count=len(formed.parts),
                    old="; ".join(pieces),
                    mark=mark,
                )
            )
        self.note_sources()
        return None

    def _old_units(self, plan: _Plan) -> str | None:
        from retrieval.address.resolver import Resolver

        resolver = Resolver(self.book.gaz, self.book.legal)
        context = _context(self.book, plan)
        matches = _resolve_items(resolver, plan.old_items, context)
        if not matches:
            return None
        gaz = self.book.gaz
        targets: dict[str, list[str]] = {}
        for old_code in matches:
            for edge in gaz.new_of(old_code):
                targets.setdefault(edge.new_code, []).append(old_code)
        olds = [gaz.old_units[c] for c in matches]
        labels = [f"{u.name} ({gaz.old_districts[u.district_code].name})" for u in olds]
        districts = {u.district_code for u in olds}
        together = labels
        if len(districts) == 1:  # "Phường Bửu Long, Quang Vinh … (Thành phố Biên Hòa)"
            district = gaz.old_districts[olds[0].district_code].name
            short = [olds[0].name] + [
                u.short if u.type == olds[0].type and not u.short.isdigit() else u.name
                for u in olds[1:]
            ]
            together = [f"{join(short, self.lang)} ({district})"]
        if len(targets) == 1:
            new_code = next(iter(targets))
            unit = gaz.new_units[new_code]
            mark = self.mark(self.book.formed(new_code).source)
            self.add(
                say(
                    "olds_same",
                    self.lang,
                    olds=join(together, self.lang),
                    new=unit.name,
                    province=self.province_name(unit.province_code),
                    mark=mark,
                )
            )
        else:
            self.add(say("olds_differ", self.lang))
            for old, label in zip(olds, labels, strict=True):
                news = []
                for edge in gaz.new_of(old.code):
                    unit = gaz.new_units[edge.new_code]
                    mark = self.mark(self.book.formed(edge.new_code).source)
                    part = f" ({say('part_of', self.lang)})" if edge.partial else ""
                    news.append(f"{unit.name}{part}{mark}")
                province = self.province_name(gaz.old_provinces[old.province_code].new_code)
                self.add(f"- {label} → {'; '.join(news)} ({province})")
        self.note_sources()
        return None

    def _merger(self, plan: _Plan) -> None:
        gaz = self.book.gaz
        merger = self.book.merger(plan.province)
        new_name = self.province_name(plan.province)
        mark = self.mark(merger.source) if merger.source else ""
        named_old = [
            m.code
            for m in plan.mentions
            if m.kind == "old_province"
            and gaz.old_provinces[m.code].new_code == plan.province
            and gaz.old_provinces[m.code].short != gaz.new_provinces[plan.province].short
        ]
        if len(merger.olds) == 1:
            self.add(say("not_merged", self.lang, new=new_name, mark=mark))
        elif named_old:
            first = self._old_province_name(named_old[0])
            others = [self._old_province_name(c) for c in merger.olds if c != named_old[0]]
            self.add(
                say(
                    "merged_into",
                    self.lang,
                    old=_capital(first),
                    new=new_name,
                    others=join(others, self.lang),
                    mark=mark,
                )
            )
        else:
            olds = [self._old_province_name(c) for c in merger.olds]
            self.add(
                say(
                    "merged_from",
                    self.lang,
                    new=_capital(new_name),
                    count=len(olds),
                    olds=join(olds, self.lang),
                    mark=mark,
                )
            )
        if merger.source is None:
            self.add(say("plan_not_ingested", self.lang))

    def _old_province_name(self, code: str) -> str:
        name = self.book.gaz.old_provinces[code].name
        return name[:1].lower() + name[1:] if self.lang == "vi" else name

    def _centre(self, plan: _Plan) -> None:
        merger = self.book.merger(plan.province)
        new_name = self.province_name(plan.province)
        if not merger.centre:
            if len(merger.olds) > 1 or not self.book.plan_ingested:
                self.add(say("centre_unknown", self.lang))
            return
        now = say("centre_now", self.lang) if merger.centre_is_current_seat else ""
        self.add(
            say(
                "centre",
                self.lang,
                new=new_name,
                centre=merger.centre,
                now=now,
                mark=self.mark(merger.source),
            )
        )

    def _unmerged(self, plan: _Plan) -> None:
        codes, _ = self.book.unmerged()
        sources = self.book.unmerged_sources()
        names = [self.province_name(c) for c in codes]
        mark = ""
        if sources:  # one citation: the appendix's part I, its item lines joined by " … "
            first = sources[0]
            quote = " … ".join(s.quote for s in sources if s.quote)
            mark = self.mark(
                Source(first.number, first.date, first.document, "Phụ lục, mục I", quote)
            )
        self.add(
            say("unmerged", self.lang, count=len(names), names=join(names, self.lang), mark=mark)
        )
        if not sources:
            self.add(say("plan_not_ingested", self.lang))

    def _operates(self, plan: _Plan) -> None:
        date, clause, _ = self.book.effective(plan.province)
        self.add(
            say("operates", self.lang, date=short_date(date, self.lang), mark=self.mark(clause))
        )
        if plan.q.old_government:
            source = self._article2_clause(plan.province, 3)
            self.add(say("old_continue", self.lang, mark=self.mark(source)))
        self.note_sources()

    def _article2_clause(self, province: str | None, n: int) -> Source | None:
        _, clause, _ = self.book.effective(province)
        if clause is None or not clause.document:
            return clause
        record = self.book.records.get(clause.document, {})
        item = next((e for e in record.get("effective", ()) if e.get("n") == n), None)
        if item is None:
            return None
        return Source(
            clause.number,
            clause.date,
            clause.document,
            f"Điều 2, khoản {n}",
            item.get("quote", ""),
            clause.province,
        )

    def _in_force(self, plan: _Plan) -> None:
        code = plan.resolution_code
        fact = PROVINCE_RESOLUTIONS[code]
        _, _, adopted = self.book.effective(code)
        in_force = self._article2_clause(code, 1)
        marks = self.mark(adopted) if adopted else ""
        if in_force is not None and in_force.quote:
            marks += self.mark(in_force)
        if not marks:
            marks = self.mark(self.book.resolution_source(code))
        self.add(
            say(
                "in_force",
                self.lang,
                number=fact.number,
                date=short_date(fact.date, self.lang),
                mark=marks,
            )
        )
        self.note_sources()

    def _resolution(self, plan: _Plan) -> None:
        fact = PROVINCE_RESOLUTIONS[plan.province]
        _, _, adopted = self.book.effective(plan.province)
        source = (
            adopted if adopted and adopted.document else self.book.resolution_source(plan.province)
        )
        self.add(
            say(
                "resolution",
                self.lang,
                province=self.province_name(plan.province),
                number=fact.number,
                date=short_date(fact.date, self.lang),
                mark=self.mark(source),
            )
        )
        self.note_sources()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title(source: Source) -> str:
    if source.number.endswith("NQ/TW"):
        return f"Nghị quyết {source.number}"
    province = source.province[:1].lower() + source.province[1:]
    return (
        f"Nghị quyết {source.number} về việc sắp xếp các đơn vị hành chính cấp xã"
        f"{' của ' + province if province else ''} năm 2025"
    )


def _context(book: FactBook, plan: _Plan) -> str:
    """A district or province named beside the list ("… của Đà Lạt", "Ở Biên Hòa, …")."""
    gaz = book.gaz
    districts = [m.code for m in plan.mentions if m.kind == "district"]
    if len(districts) == 1:
        district = gaz.old_districts[districts[0]]
        return f"{district.name}, {gaz.old_provinces[district.province_code].name}"
    olds = [m.code for m in plan.mentions if m.kind == "old_province"]
    if len(olds) == 1:
        return gaz.old_provinces[olds[0]].name
    return ""


def _same_name(gaz, item: str) -> list[str]:
    """Old units whose own name (and type, when given) is exactly the item's."""
    unit_type, short = split_type(item)
    hits = gaz.old_unit_index.get(name_key(short), ())
    return [
        code
        for code, rank in hits
        if rank == 0 and (not unit_type or gaz.old_units[code].type == unit_type)
    ]


def _resolve_items(resolver, items: list[str], context: str) -> list[str]:
    """Old unit codes for the named items; namesakes settled by a shared district."""
    options: list[list[str]] = []
    gaz = resolver.gazetteer
    for item in items:
        result = resolver.where(f"{item}, {context}" if context else item)
        if result["status"] == "not_found" and context:
            result = resolver.where(item)
        codes = [m["old"]["code"] for m in result["matches"]]
        named = _same_name(gaz, item)
        if named and not set(codes) & set(named):
            codes = named  # the matcher read the name as something else ("Tam Gia")
        if not codes:
            continue
        options.append(codes)
    if len(options) < 2:
        return []
    for level in ("district_code", "province_code"):
        shared = set.intersection(
            *({getattr(gaz.old_units[c], level) for c in codes} for codes in options)
        )
        if len(shared) == 1:
            place = next(iter(shared))
            picked = []
            for codes in options:
                local = [c for c in codes if getattr(gaz.old_units[c], level) == place]
                if len(local) != 1:
                    break
                picked.append(local[0])
            else:
                return picked
    if all(len(codes) == 1 for codes in options):
        return [codes[0] for codes in options]
    return []

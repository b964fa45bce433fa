"""Address questions in the conversation: "which commune am I in now?" in vi/en/de/sv.

Why here and not in the answer pipeline: the address route needs no embedding model
and no vector store; it answers from the gazetteer and cites the resolution clause
(or, before the resolutions are ingested, the resolution number and date). The frame
of the answer follows the user's language; place names stay Vietnamese.
"""

from __future__ import annotations

from pathlib import Path

from answer.lanes.address_question import (
    asks_something_else,
    enumerated_names,
    is_address_question,
    is_reverse,
    names_a_unit,
    strip_frame,
)
from answer.lanes.facts import answer_old_units
from answer.lanes.facts_words import say
from answer.render import finish
from answer.types import Answer, Citation
from haicap import languages
from haicap.dates import short_date
from haicap.settings import Settings
from retrieval.address.legal_basis import ClauseRef, basis_for
from retrieval.address.legal_facts import PROVINCE_RESOLUTIONS
from retrieval.address.resolver import Resolver
from retrieval.address.units import BASE_DATA_VERSION

# --- the answer frames -----------------------------------------------------------------

_t = languages.address_phrase  # the frames live per language in haicap/languages


# --- answering ---------------------------------------------------------------------------


def answer_address(
    question: str, lang: str, settings: Settings, *, force: bool = False
) -> Answer | None:
    """An `Answer` for an address question, or None when it is not one.

    `force` (the bot's `/where`) treats any text as an address, so a bare
    "Sông Hiến Cao Bằng" with no unit word is still looked up.
    """
    if not question.strip():
        return None
    if not force and (
        not is_address_question(question, Path(settings.cache_dir))
        or asks_something_else(question)
    ):
        return None
    lang = lang if languages.is_supported(lang) else languages.DEFAULT
    resolver = Resolver.for_dirs(Path(settings.cache_dir), Path(settings.data_dir))
    if is_reverse(question):
        result = resolver.reverse(strip_frame(question))
        if result["status"] != "not_found":
            return _reverse_answer(question, lang, resolver, result)
    if not force:
        many = answer_old_units(question, lang, settings)
        if many is not None:  # several old units, said once when they agree
            many.route = "address"
            return many
    items = enumerated_names(question)
    if len(items) > 1:
        return _many_answer(question, lang, resolver, items)
    result = resolver.where(strip_frame(question))
    if result["status"] == "not_found" and not force and not names_a_unit(question):
        return None  # places named, but no old unit: let the next lane answer
    return _forward_answer(question, lang, resolver, result)


# Fact kinds the address lane does not answer (the facts or documents lane does).
def _unit_label(name: str, district: str, province: str) -> str:
    return f"{name} ({district}, {province})"


class _Citations:
    """Numbered, de-duplicated citations of resolution clauses."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def add(self, ref: ClauseRef) -> int:
        locator = ref.locator or "Điều 1"
        for citation in self.items:
            if citation.document == ref.document and citation.locator == locator:
                return citation.n
        fact = next((f for f in PROVINCE_RESOLUTIONS.values() if f.number == ref.number), None)
        title = f"Nghị quyết {ref.number}"
        if fact is not None:
            province = fact.province[0].lower() + fact.province[1:]
            title += f" về việc sắp xếp các đơn vị hành chính cấp xã của {province} năm 2025"
        citation = Citation(
            n=len(self.items) + 1,
            document=ref.document,
            title=title,
            doc_numbers=[ref.number],
            locator=locator,
            quote=ref.quote if ref.verbatim else "",  # never the facts line: not its words
            language="vi",
            document_number=ref.number,
        )
        self.items.append(citation)
        return citation.n


def _basis_sentence(ref: ClauseRef, lang: str, n: int) -> str:
    if ref.locator:
        clause = ref.locator.rsplit(" ", 1)[-1]
        where = _t("where", lang, locator=ref.locator, n=clause)
    else:
        where = _t("where_article", lang)
    sentence = _t("basis", lang, number=ref.number, date=short_date(ref.date, lang), where=where)
    return sentence[:-1] + f" [{n}]."


def _explain_match(match: dict, lang: str, resolver: Resolver, citations: _Citations) -> list[str]:
    old = match["old"]
    old_label = _unit_label(old["name"], old["district"], old["province"])
    refs: list[tuple[str, ClauseRef]] = []
    for new in match["new"]:
        ref = basis_for(new["code"], resolver.gazetteer, resolver.legal)
        if ref is not None:
            refs.append((new["code"], ref))
    marks = {code: citations.add(ref) for code, ref in refs}
    new_labels = []
    for new in match["new"]:
        mark = f" [{marks[new['code']]}]" if new["code"] in marks else ""
        part = f" ({_t('part', lang)})" if new["partial"] and len(match["new"]) > 1 else ""
        new_labels.append(f"{new['name']}, {new['province']}{part}{mark}")
    if len(match["new"]) > 1:
        lines = [
            _t("split", lang, old=old_label, count=len(match["new"]), new="; ".join(new_labels))
        ]
    else:
        lines = [_t("now", lang, old=old_label, new=new_labels[0] if new_labels else "?")]
    seen = set()
    for _, ref in refs:
        key = (ref.number, ref.locator)
        if key in seen:
            continue
        seen.add(key)
        lines.append(_basis_sentence(ref, lang, citations.add(ref)))
    return lines


def _version_line(data_version: str, lang: str) -> str:
    """The data date the answer rests on: 1 July 2025, or the latest dated overlay."""
    if data_version == BASE_DATA_VERSION:
        return _t("version", lang)
    return _t("version_overlay", lang, date=short_date(data_version, lang))


def _forward_answer(question: str, lang: str, resolver: Resolver, result: dict) -> Answer:
    version = resolver.gazetteer.data_version
    if result["status"] == "found":
        citations = _Citations()
        lines = _explain_match(result["matches"][0], lang, resolver, citations)
        lines.append(_version_line(version, lang))
        return _answer("answered", "\n".join(lines), lang, question, version, citations.items)
    if result["status"] == "ambiguous":
        candidates = [
            f"{m['old']['name']}, {m['old']['district']}, {m['old']['province']}"
            for m in result["matches"]
        ]
        lines = [_t("clarify", lang, count=result.get("total_candidates", len(candidates)))]
        for match, label in zip(result["matches"], candidates, strict=True):
            news = ", ".join(n["name"] for n in match["new"])
            lines.append(f"- {label} → {news}")
        answer = _answer("clarify", "\n".join(lines), lang, question, version, [])
        answer.candidates = candidates
        return answer
    return _answer("not_found", _t("not_found", lang), lang, question, version, [])


def _many_answer(question: str, lang: str, resolver: Resolver, items: list[str]) -> Answer:
    """Several old units named at once: answer each, clarify any that are ambiguous."""
    context = _province_context(question, resolver)
    citations = _Citations()
    lines: list[str] = []
    candidates: list[str] = []
    found = 0
    for item in items:
        result = resolver.where(f"{item}, {context}" if context else item)
        if result["status"] == "found":
            found += 1
            lines.extend(_explain_match(result["matches"][0], lang, resolver, citations))
        elif result["status"] == "ambiguous":
            candidates.extend(
                f"{m['old']['name']}, {m['old']['district']}, {m['old']['province']}"
                for m in result["matches"]
            )
    if not found:
        return _forward_answer(question, lang, resolver, resolver.where(strip_frame(question)))
    unique_lines = list(dict.fromkeys(lines))
    unique_lines.append(_version_line(resolver.gazetteer.data_version, lang))
    answer = _answer(
        "answered",
        "\n".join(unique_lines),
        lang,
        question,
        resolver.gazetteer.data_version,
        citations.items,
    )
    answer.candidates = candidates
    return answer


def _province_context(question: str, resolver: Resolver) -> str:
    result = resolver.where(strip_frame(question))
    names = {m["old"]["province"] for m in result["matches"]}
    return next(iter(names)) if len(names) == 1 else ""


def _reverse_answer(question: str, lang: str, resolver: Resolver, result: dict) -> Answer:
    version = resolver.gazetteer.data_version
    if result["status"] == "ambiguous":
        candidates = [f"{m['new']['name']}, {m['new']['province']}" for m in result["matches"]]
        lines = [_t("clarify", lang, count=len(candidates)), *(f"- {c}" for c in candidates)]
        answer = _answer("clarify", "\n".join(lines), lang, question, version, [])
        answer.candidates = candidates
        return answer
    match = result["matches"][0]
    new = match["new"]
    citations = _Citations()
    ref = basis_for(new["code"], resolver.gazetteer, resolver.legal)
    mark = f" [{citations.add(ref)}]" if ref else ""
    olds = match["old"]
    new_label = f"{new['name']} ({new['province']})"
    if len(olds) == 1 and olds[0]["name"] == new["name"] and not olds[0]["partial"]:
        lines = [_t("unchanged", lang, new=new_label) + mark]
    else:
        pieces = [
            f"{say('part_of' if o['partial'] else 'whole', lang)} {o['name']} "
            f"({o['district']}, {o['province']})"
            for o in olds
        ]
        lines = [_t("formed", lang, new=new_label, old="; ".join(pieces)) + mark]
    if ref is not None:
        lines.append(_basis_sentence(ref, lang, citations.add(ref)))
    lines.append(_version_line(version, lang))
    return _answer("answered", "\n".join(lines), lang, question, version, citations.items)


def _answer(
    status: str, text: str, lang: str, question: str, version: str, citations: list[Citation]
) -> Answer:
    if citations and not any(c.quote for c in citations):
        numbers = ", ".join(dict.fromkeys(c.document_number for c in citations))
        text += "\n" + _t("source_not_ingested", lang, numbers=numbers)
    answer = Answer(
        status=status,  # type: ignore[arg-type]
        answer=text,
        language=lang,
        citations=citations,
        route="address",
        standalone_question=question,
        data_version=version,
        body=text,
    )
    return finish(answer)

"""Address questions in the conversation: "which commune am I in now?" in vi/en/de/sv.

Why here and not in the answer pipeline: the address route needs no embedding model
and no vector store; it answers from the gazetteer and cites the resolution clause
(or, before the resolutions are ingested, the resolution number and date). The frame
of the answer follows the user's language; place names stay Vietnamese.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from answer.render import finish
from answer.types import Answer, Citation
from haicap.dates import short_date
from haicap.settings import Settings
from haicap.text import find_doc_numbers, fold, nfc
from retrieval.address.legal_basis import ClauseRef, basis_for
from retrieval.address.legal_facts import PROVINCE_RESOLUTIONS
from retrieval.address.resolver import Resolver

LANGS = ("vi", "en", "de", "sv")

# --- recognising an address question (cheap: regular expressions on folded text) ----

_UNIT_WORD = (
    r"(?:xa|phuong|thi tran|thi xa|huyen|quan|tinh|dac khu|p\.|x\.|tt\.|q\.|ward|commune|"
    r"township|district|province|gemeinde|bezirk|kommun|kommunen|distrikt|stadsdel)"
)
_FORWARD_CUES = re.compile(
    r"(thuoc (?:xa|phuong|dac khu|tinh|thanh pho|don vi) nao|(?:xa|phuong|tinh) nao|"
    r"gio (?:la|thuoc|o)|bay gio|hien nay|hien gio|nay (?:la|thuoc)|sau (?:sap nhap|sap xep)|"
    r"dia chi (?:moi|cu)|(?:xa|phuong|thi tran) .{1,40} cu\b|thanh (?:xa|phuong|dac khu) nao|"
    r"sap nhap vao|doi ten thanh|"
    r"which (?:commune|ward|province|unit)|what (?:commune|ward|province) |new address|"
    r"(?:old|former) (?:commune|ward|address|district)|\bnow\b|belong to|part of which|"
    r"wo bin ich|welche[rs]? (?:gemeinde|bezirk|provinz)|\bjetzt\b|neue adresse|"
    r"gehort .{0,30}heute|"
    r"vilken (?:kommun|provins|stadsdel)|vilket (?:distrikt|lan)|\bnu\b|ny adress|tillhor)"
)
_REVERSE_CUES = re.compile(
    r"(gom (?:nhung|cac) (?:xa|phuong|don vi)(?: cu)?(?: nao)?|hinh thanh tu|"
    r"duoc (?:hop|sap xep) tu|"
    r"tu (?:nhung|cac) (?:xa|phuong) (?:cu )?nao|"
    r"formed from|made up of|(?:which|what) (?:former|old) (?:communes|wards|units)|"
    r"gebildet aus|bestand aus|aus welchen|bildades av|bestod av|vilka (?:gamla|tidigare))"
)
_NOT_ADDRESS = re.compile(
    r"(bao nhieu|how many|wie viele|hur manga|so luong|dieu \d|khoan \d|article \d|"
    r"hieu luc|effective|co hieu luc|tham quyen|nhiem vu|trach nhiem)"
)
_HAS_UNIT_WORD = re.compile(rf"(?:^|\W){_UNIT_WORD}(?:$|\W)")
_TYPED_NAME = re.compile(
    r"(?:^|\W)(?:(?:xa|phuong|thi tran|ward|commune)\s+\w|(?:p|x|tt|f|q)\.?\s*\d"
    r"|(?:p|x|tt)\.\s*[a-z])"
)


def is_address_question(text: str) -> bool:
    """True for "where is my old commune now?" questions and for bare old addresses.

    Cheap: folded-text patterns first; only a short message with a unit type word and
    no question cue is checked against the gazetteer (loaded once per process).
    """
    if not text or not text.strip():
        return False
    folded = fold(nfc(text[:1000])).strip()
    if _NOT_ADDRESS.search(folded):
        return False
    has_unit = bool(_HAS_UNIT_WORD.search(folded))
    if _REVERSE_CUES.search(folded) and has_unit:
        return True
    if _FORWARD_CUES.search(folded) and (has_unit or _mentions_place(folded)):
        return not _legal_question(text)
    words = folded.split()
    if (
        1 < len(words) <= 14
        and "?" not in folded
        and _TYPED_NAME.search(folded)
        and not _legal_question(text)
    ):
        return _resolves(text)  # a pasted address: "p. chieng le tp son la"
    return False


def _resolves(text: str) -> bool:
    """Confirm a bare address against the gazetteer (≈1 ms once it is loaded)."""
    from haicap.settings import get_settings
    from retrieval.address.gazetteer import get_gazetteer
    from retrieval.address.matcher import match_old

    settings = get_settings()
    return match_old(get_gazetteer(Path(settings.cache_dir), None), text).status != "not_found"


def _legal_question(text: str) -> bool:
    return bool(find_doc_numbers(text, loose=True)) or bool(
        re.search(r"nghi quyet|resolution|beschluss|resolutionen|ket luan|chi thi", fold(text))
    )


def _mentions_place(folded: str) -> bool:
    """A capitalised or comma-separated place in a "now"-question without unit words."""
    return "," in folded or " - " in folded or "–" in folded


def _is_reverse(text: str) -> bool:
    return bool(_REVERSE_CUES.search(fold(nfc(text))))


# --- the answer frames -----------------------------------------------------------------

_PHRASES = json.loads(Path(__file__).with_name("phrases.json").read_text(encoding="utf-8"))
_T: dict[str, dict[str, str]] = _PHRASES["phrases"]
def _t(key: str, lang: str, **values) -> str:
    return _T[key][lang].format(**values)


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
    if not force and (not is_address_question(question) or asks_something_else(question)):
        return None
    lang = lang if lang in LANGS else "vi"
    resolver = Resolver.for_dirs(Path(settings.cache_dir), Path(settings.data_dir))
    if _is_reverse(question):
        result = resolver.reverse(_strip_frame(question))
        if result["status"] != "not_found":
            return _reverse_answer(question, lang, resolver, result)
    if not force:
        from answer.lanes.facts import answer_old_units

        many = answer_old_units(question, lang, settings)
        if many is not None:  # several old units, said once when they agree
            many.route = "address"
            return many
    items = _enumerated_names(question)
    if len(items) > 1:
        return _many_answer(question, lang, resolver, items)
    result = resolver.where(_strip_frame(question))
    if result["status"] == "not_found" and not force and not _names_a_unit(question):
        return None  # places named, but no old unit: let the next lane answer
    return _forward_answer(question, lang, resolver, result)


# Fact kinds the address lane does not answer (the facts or documents lane does).
_OTHER_KINDS = frozenset({"count", "unchanged", "centre", "effective_date", "resolution"})


def asks_something_else(question: str) -> bool:
    """Names places but asks a fact ("Những xã nào ở Điện Biên giữ nguyên?", "Hà Giang
    nhập với tỉnh nào?", "Xã phường mới hoạt động từ ngày nào?"), not "where is it now"."""
    from answer.lanes.fact_question import read_question

    q = read_question(question)
    if q.beyond or _OTHER_KINDS & set(q.kinds):
        return True
    return "province" in q.kinds and not _names_a_unit(question)


def _names_a_unit(question: str) -> bool:
    """A typed commune-level name ("xã Mường Bú", "p. 1"), not just a province."""
    return bool(_TYPED_NAME.search(fold(nfc(question[:1000]))))


# Non-Vietnamese frame words that never occur in Vietnamese names; dropping them keeps
# them from pairing with a name ("which ward" would make "ward" a postfix marker).
_FRAME_WORDS = re.compile(
    r"\b(?:which|what|is|old|former|in|now|lived|live|living|where|does|part|of|currently|"
    r"new|called|was|did|belong|belongs|wohnte|wohne|ich|bin|jetzt|welche|welcher|gemeinde|"
    r"heute|früher|jag|bodde|bor|vilken|kommun|nu|tidigare|idag)\b",
    re.IGNORECASE,
)


def _strip_frame(question: str) -> str:
    text = _FRAME_WORDS.sub(" ", nfc(question))
    return re.sub(r"[?!¿]+", " ", text)


_ENUMERATION = re.compile(
    r"(?:các|cac)\s+(xã|xa|phường|phuong|thị trấn|thi tran)\s+(.+?)"
    r"(?=\s+(?:được|duoc|đã|da|nay|giờ|gio|thành|thanh\s+(?:xa|phuong)|thuộc|thuoc|sau)\b|[?.]|$)",
    re.IGNORECASE,
)


def _enumerated_names(question: str) -> list[str]:
    """ "các xã Thạch Trị, Thạch Hội và Thạch Văn …" → three typed names."""
    match = _ENUMERATION.search(nfc(question))
    if not match:
        return []
    unit_type, names = match.group(1), match.group(2)
    parts = [p.strip() for p in re.split(r",|\s+(?:và|va|and|und|och)\s+", names) if p.strip()]
    return [f"{unit_type} {p}" for p in parts] if len(parts) > 1 else []


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
        where = _T["where_article"][lang]
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
        part = f" ({_T['part'][lang]})" if new["partial"] and len(match["new"]) > 1 else ""
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


def _forward_answer(question: str, lang: str, resolver: Resolver, result: dict) -> Answer:
    version = resolver.gazetteer.data_version
    if result["status"] == "found":
        citations = _Citations()
        lines = _explain_match(result["matches"][0], lang, resolver, citations)
        lines.append(_t("version", lang))
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
        return _forward_answer(question, lang, resolver, resolver.where(_strip_frame(question)))
    unique_lines = list(dict.fromkeys(lines))
    unique_lines.append(_t("version", lang))
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
    result = resolver.where(_strip_frame(question))
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
            f"{_T['part_of' if o['partial'] else 'whole'][lang]} {o['name']} "
            f"({o['district']}, {o['province']})"
            for o in olds
        ]
        lines = [_t("formed", lang, new=new_label, old="; ".join(pieces)) + mark]
    if ref is not None:
        lines.append(_basis_sentence(ref, lang, citations.add(ref)))
    lines.append(_t("version", lang))
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

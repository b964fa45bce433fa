"""What a unit-fact question asks: its kinds (count, list, unchanged, …), the unit type,
and whether it also asks something the structured data cannot say.

Why cue words and not embeddings: the kinds are few and marked by short fixed phrases
in each language ("bao nhiêu", "how many", "wie viele", "hur många"); the places come
from the gazetteer (see retrieval/unitfacts/places). A question that matches no kind,
or asks for a person, a percentage, an area …, is left to the documents lane.
All patterns run on folded text (lower case, no diacritics, đ→d).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from haicap.text import fold, nfc

_COUNT = re.compile(
    r"\b(bao nhieu|may (xa|phuong|dac khu|don vi)|so luong|tong so|how many|number of|"
    r"wie ?viele|anzahl|hur manga|antalet|antal)\b"
)
_LIST = re.compile(
    r"\b(ten (la )?gi|la gi|nhung (xa|phuong|dac khu|don vi)[\w ]{0,25} nao|"
    r"(xa|phuong|dac khu) nao|ke ten|liet ke|danh sach|do la nhung|"
    r"(which|what) (communes|wards|special zones|units)|what are (they|their names|the names)|"
    r"what (are|is) (they|it|its|their) called|names? of|list\b|"
    r"welche (gemeinden|stadtbezirke|bezirke|sonderzonen)|wie hei(ss|ß)en|namen|"
    r"vilka (kommuner|stadsdelar|specialzoner)|vad heter)\b"
)
_UNCHANGED = re.compile(
    r"\b(giu nguyen|khong (thuc hien |phai |bi )?(sap xep|sap nhap)|khong phai sap nhap|"
    r"khong bi (sap xep|sap nhap|nhap)|unchanged|not (been )?(merged|rearranged|reorgani[sz]ed|"
    r"arranged)|left as (it|they) (was|were)|kept as (it|they)|unverandert|"
    r"nicht (zusammengelegt|neu geordnet|umgeordnet|fusioniert)|oforandrad\w*|"
    r"inte (sammanslagna|slagits ihop|omorganiserade|slogs ihop))\b"
)
_COMPOSITION = re.compile(
    r"\b(gom (nhung|cac)|hinh thanh tu|(hop|ghep|sap xep|thanh lap|nhap) tu|ghep tu|"
    r"tu (nhung|cac) (xa|phuong|don vi)|(xa|phuong|don vi) cu nao|formed from|made up|"
    r"make (it|them) up|combined to (create|form)|merged to form|which former|what former|"
    r"which old|consist|aus welchen|gebildet|zusammengesetzt|bildades|"
    r"slogs (ihop|samman) till|bestar av|vilka (tidigare|gamla)|vilka kommuner slogs)\b"
)
_OLD_TO_NEW = re.compile(
    r"\b(thanh (xa|phuong|dac khu) (nao|ten gi|gi)|(gop|nhap|sap xep)( lai)? thanh|ten gi|"
    r"(gio|nay) thuoc (xa|phuong)|thuoc (xa|phuong) nao|became|merged into|now (in|part of)|"
    r"which (new )?(commune|ward)|wurden zu|gehoren jetzt|zu welche[rm] (gemeinde|bezirk)|"
    r"zusammengelegt|blev|tillhor nu)\b"
)
_PROVINCE_ASK = re.compile(
    r"\b(tinh nao|thanh pho nao|tinh moi ten|tinh gi|nhung tinh|cac tinh|"
    r"which provinces?|what province|which city|which cities|provinces and cities|"
    r"welche[rn]? provinz\w*|mit welcher|welche[rn]? stadt|vilken provins|vilka provinser|"
    r"vilken stad|unmerged|no longer exists|con khong|still (exist|a province)|"
    r"con la (mot )?tinh|noch eine provinz|gibt es .{0,20}noch|fortfarande en provins|"
    r"finns .{0,20}kvar)\b"
)
_CENTRE = re.compile(
    r"\b(trung tam (chinh tri|hanh chinh)|tinh ly|thu phu|dau nao|dat tai dau|dong (tai|tren)|"
    r"capital|administrative cent\w*|political-administrative|seat|verwaltungszentrum|"
    r"hauptstadt|verwaltungssitz|residensstad|administrativa centr\w*|huvudort)\b"
)
_PROVINCE_LEVEL = re.compile(
    r"\b(tinh|thanh pho|provinces?|city|cities|provinz\w*|stadt|provins\w*|stad)\b"
)
_EFFECTIVE = re.compile(
    r"\b(tu ngay nao|ngay nao|khi nao|tu bao gio|bao gio|hieu luc|bat dau hoat dong|"
    r"chinh thuc hoat dong|when\b|what date|which date|effective|take effect|in force|"
    r"start(ed)? operating|ab wann|seit wann|wann\b|in kraft|fran och med|nar\b|vilket datum|"
    r"trader i kraft|borja)\b"
)
_RESOLUTION_ASK = re.compile(
    r"\b(nghi quyet nao|nghi quyet so may|van ban nao|which resolution|what resolution|"
    r"welche[rs]? (beschluss|resolution)|vilken resolution|vilket beslut)\b"
)
_OLD_GOVERNMENT = re.compile(
    r"\b((xa|chinh quyen|phuong) cu .{0,40}(con|tiep tuc)|tiep tuc hoat dong|con lam viec|"
    r"continue|old (communes|authorities|governments)|weiter|fortsatt|fortsatter)\b"
)
# Things the structured data cannot say: leave the question to the documents.
_BEYOND = re.compile(
    r"(phan tram|percent|prozent|procent|%|\bai\b|chu tich|bi thu|giam doc|\bwho\b|\bwer\b|"
    r"\bvem\b|dan so|population|bevolkerung|befolkning|invanare|dien tich|km2|\barea\b|"
    r"flache|areal|tru so|headquarter|\bsitz\b|(tien|muc|bang|he so) luong|luong (huu|co so)|"
    r"salary|gehalt|\blon\b|bien che|staff|"
    r"ma buu chinh|postal|postleitzahl|postnummer|dien thoai|phone|telefon|riktnummer|"
    r"tai sao|vi sao|\bwhy\b|warum|varfor|truoc khi (sap xep|sap nhap)|before the|vor der|"
    r"fore (sammanslagningen|omorganisationen)|du kien|se (bi )?sap nhap|again|erneut|igen|"
    r"cong bo|made public|published|veroffentlicht|offentliggor|thu tuc|procedure|"
    r"bao hiem|insurance|giay to|documents? (must|need)|hoa don|invoice|bang lai)"
)
_TYPE_WORDS = {
    "Đặc khu": re.compile(
        r"\b(dac khu|special (administrative )?zones?|sonder\w*zonen?|specialzon\w*|"
        r"sarskilda? \w*zon\w*)\b"
    ),
    "Phường": re.compile(r"\b(phuong|wards?|stadtbezirk\w*|stadtteil\w*|stadsdel\w*)\b"),
    "Xã": re.compile(r"\b(xa|communes?|gemeinden?|landgemeinde\w*|kommun(er)?)\b"),
}
_ALL_UNITS = re.compile(
    r"\b(don vi hanh chinh|don vi cap xa|commune-level|commune level|units|einheiten|enheter|"
    r"tong cong|tat ca|insgesamt|totalt|in total|overall)\b"
)
# What a count counts: a unit word within a few words after the cue ("bao nhiêu xã",
# "how many communes", "Anzahl der Gemeinden"); "wie viele unerledigte Aufgaben" counts
# something the unit data does not hold.
# The nouns of the units the data counts, in the four languages (folded). The router's
# fact cues use the same list (answer/router/signals.py).
UNIT_NOUNS = (
    r"(?:xa|phuong|dac khu|don vi|thi tran|tinh|thanh pho|communes?|wards?|special zones?|"
    r"units?|commune-level|towns?|provinces?|cit(?:y|ies)|gemeinde\w*|stadtbezirk\w*|"
    r"stadtteil\w*|bezirk\w*|sonder\w*|\w*einheit\w*|provinz\w*|stadte?|kommun\w*|"
    r"stadsdel\w*|specialzon\w*|\w*enhet\w*|provins\w*|stad\w*|valdistrikt\w*)"
)
_UNIT_NOUN = re.compile(rf"\b{UNIT_NOUNS}\b")
_NATION = re.compile(
    r"\b(ca nuoc|toan quoc|viet nam|vietnam|the country|nationwide|landesweit|ganz vietnam|"
    r"hela landet|i landet)\b"
)


@dataclass
class FactQuestion:
    text: str
    folded: str
    kinds: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)  # unit types named ("Xã", "Phường", …)
    beyond: bool = False  # also asks something the data cannot say
    nation: bool = False
    old_government: bool = False  # asks whether the old authorities keep working


def read_question(question: str) -> FactQuestion:
    text = nfc(question or "")[:2000]
    folded = re.sub(r"\s+", " ", fold(text)).strip()
    # "thị xã" (a former town) and "cấp xã" (commune level) name no unit type
    without_towns = re.sub(r"\b(thi xa|cap xa)\b", " ", folded)
    q = FactQuestion(text, folded)
    q.types = [t for t, pattern in _TYPE_WORDS.items() if pattern.search(without_towns)]
    q.beyond = bool(_BEYOND.search(folded))
    q.nation = bool(_NATION.search(folded))
    q.old_government = bool(_OLD_GOVERNMENT.search(folded))
    cues = {
        "count": _COUNT,
        "list": _LIST,
        "unchanged": _UNCHANGED,
        "composition": _COMPOSITION,
        "old_units": _OLD_TO_NEW,
        "province": _PROVINCE_ASK,
        "centre": _CENTRE,
        "effective_date": _EFFECTIVE,
        "resolution": _RESOLUTION_ASK,
    }
    q.kinds = [kind for kind, pattern in cues.items() if pattern.search(folded)]
    if "count" in q.kinds and not counts_units(folded):
        q.kinds.remove("count")
    return q


def counts_units(folded: str) -> bool:
    """Does a count cue count units (or stand alone, "… có bao nhiêu?")?"""
    for match in _COUNT.finditer(folded):
        after = re.findall(r"\w[\w-]*", folded[match.end() :])[:5]
        if not after or _UNIT_NOUN.search(match.group(0) + " " + " ".join(after)):
            return True
    return False


def asks_about_provinces(q: FactQuestion, unnamed: str) -> bool:
    """Province level: province words beyond the named provinces' own ("những tỉnh nào",
    "which provinces"), and no commune-level type word. `unnamed` is the folded question
    without the province names and their type words."""
    return bool(_PROVINCE_LEVEL.search(unnamed)) and not q.types


def all_units(q: FactQuestion) -> bool:
    return bool(_ALL_UNITS.search(q.folded))

"""Attributes a question can ask about a unit or an office, and how a text states them.

Why: the documents name every new commune and ward, so a question about a unit's street
address, area, population or postal code retrieves the clause that forms the unit — which
does not say any of that. An answer must state the asked attribute; when the chosen
evidence holds no value of that kind, the honest reply is "not found" plus what the
documents do say. Questions are matched on folded text (any spelling, four languages);
evidence on its own lower-cased words, so "đường" (street) is not "Dương" (a name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from haicap.text import fold

_NUM = r"\d[\d.,]*\s*"


@dataclass(frozen=True)
class Attribute:
    """One kind of fact: the question's cue (folded) and a value of it in evidence."""

    name: str
    asked: re.Pattern[str]
    stated: re.Pattern[str]


ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute(
        "address",
        re.compile(
            r"\b(dia chi|so nha|(duong|pho) nao|tru so .{0,60}(o dau|dat (o|tai)|nam (o|tai))|"
            r"(street|postal|office|mailing) address|address of|adresse|anschrift|"
            r"in welcher strasse|gatuadress|besoksadress|adress)\b"
        ),
        re.compile(
            r"(số nhà|số \d+|\d+\s*(đường|phố)|đường\s+\w|địa chỉ|street|road|avenue|"
            r"straße|strasse|gatan|vägen|adress|address|anschrift)",
            re.I,
        ),
    ),
    Attribute(
        "postal_code",
        re.compile(
            r"\b(ma buu (chinh|dien)|postal code|post ?code|zip( code)?|postleitzahl|"
            r"plz|postnummer)\b"
        ),
        re.compile(r"(mã bưu|postal|postcode|zip|postleitzahl|postnummer)", re.I),
    ),
    Attribute(
        "phone_code",
        re.compile(
            r"\b(ma vung|dau so|area code|dialling code|dialing code|vorwahl|"
            r"riktnummer|so dien thoai|phone number|telephone|telefonnummer)\b"
        ),
        re.compile(
            r"(mã vùng|đầu số|điện thoại|area code|dialling|dialing|vorwahl|telefon|"
            r"riktnummer|phone)",
            re.I,
        ),
    ),
    Attribute(
        "area",
        re.compile(
            r"\b(km2|km²|kvadratkilometer|quadratkilometer|square (km|kilomet\w*)|"
            r"rong bao nhieu|(dien tich|area|flache|areal|yta)\b.{0,30}"
            r"\b(bao nhieu|la bao|how|what|wie|welche|hur|vilken)|"
            r"(bao nhieu|how (large|big)|what|wie gross|welche|hur stor)\b.{0,20}"
            r"\b(dien tich|area|flache|areal|yta))\b"
        ),
        re.compile(rf"{_NUM}(km2|km²|km 2|ha\b|héc|hecta|hektar|square|kvadrat|quadrat)", re.I),
    ),
    Attribute(
        "population",
        re.compile(
            r"\b(dan so|bao nhieu (nguoi )?dan|population|inhabitants|residents|"
            r"einwohner|bevolkerung|invanare|befolkning)\b"
        ),
        re.compile(
            rf"{_NUM}(người|nhân khẩu|dân|people|persons|inhabitants|residents|"
            r"einwohner|menschen|invånare|personer|människor)",
            re.I,
        ),
    ),
    Attribute(
        "salary",
        re.compile(
            r"\b(luong|he so luong|phu cap|salary|salaries|wages?|allowances?|"
            r"pension|gehalt|gehalter|lohn|zulage|rente|manadslon|lonen|pension)\b"
        ),
        re.compile(
            r"(lương|phụ cấp|hệ số|salary|wage|allowance|pension|gehalt|lohn|zulage|"
            r"rente|lön)",
            re.I,
        ),
    ),
    Attribute(
        "fee",
        re.compile(
            r"\b(le phi|mat phi|phi bao nhieu|bao nhieu tien|fees?|"
            r"how much does .{0,30} cost|gebuhr\w*|kosten|avgift\w*|kostar)\b"
        ),
        re.compile(r"(phí|đồng|vnd|fee|charge|gebühr|kosten|avgift|kostnad|kronor)", re.I),
    ),
    Attribute(
        # An amount of money: "how large a budget", "kinh phí bao nhiêu", "wie hoch ist
        # das Budget" (not "how is the budget managed").
        "budget",
        re.compile(
            r"\b((bao nhieu|how (much|large|big)|what|wie (viel|hoch|gross)|welche\w*|"
            r"hur (stor|mycket)|vilken)\b.{0,20}\b(kinh phi|ngan sach|von|budget\w*|"
            r"funding|funds?|haushalt\w*|mittel|finanzierung|anslag\w*|finansiering)|"
            r"(kinh phi|ngan sach|von dau tu|budget\w*|funding|haushalt\w*|anslag\w*)\b"
            r".{0,30}\b(bao nhieu|la bao nhieu|how much|wie (viel|hoch)|hur (stor|mycket)))\b"
        ),
        re.compile(
            rf"({_NUM}(nghìn |ngàn )?(tỷ|triệu)|{_NUM}(đồng|vnd|usd|dollar|euro|€|kronor)|"
            rf"{_NUM}(billion|million|milliarden|millionen|miljarder|miljoner) "
            r"(vnd|dong|đồng|usd|dollar|euro|kronor))",
            re.I,
        ),
    ),
    Attribute(
        "staff_quota",
        re.compile(r"\b(bien che|staffing (quota|level)|headcount|planstellen|stellenplan)\b"),
        re.compile(
            rf"(biên chế|{_NUM}(cán bộ|công chức|người|staff|posts|stellen|tjänster))", re.I
        ),
    ),
)


def asked_attributes(question: str, kind: str) -> list[str]:
    """The attributes a question asks for. Area and population only as quantities:
    "by what date must the natural area be determined" asks for a date."""
    folded = fold(question)
    found = []
    for attribute in ATTRIBUTES:
        if not attribute.asked.search(folded):
            continue
        if attribute.name in ("area", "population") and kind not in ("count", "generic"):
            continue
        found.append(attribute.name)
    return found


def states(name: str, text: str) -> bool:
    """Does `text` state a value of attribute `name`?"""
    attribute = next(a for a in ATTRIBUTES if a.name == name)
    return bool(attribute.stated.search(text))

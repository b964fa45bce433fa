"""Typed answer candidates found in a passage: counts, dates, periods, people, document
numbers and "A, B and C become commune X" arrangements.

Why: an exact answer ("09 phường", "8. April 2025", "45-CT/TW") is what an official
checks first; every candidate keeps its character span so the quote around it can be
cut verbatim from the passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from answer.lexmatch import concept_at
from answer.vocab import words
from answer.vocab.provinces import find_provinces
from answer.vocab.stopwords import ALL as ALL_STOPWORDS
from haicap import languages
from haicap.text import DOC_NUMBER, fold

# ---------------------------------------------------------------- tokens with spans

_WORD = re.compile(r"\d+(?:[-/][\wĐđ]+)+|\d+(?:[.,]\d+)*|[^\W\d_]+")


@dataclass(frozen=True)
class Tok:
    text: str
    folded: str
    start: int
    end: int


def spanned_tokens(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    end = len(text) if end is None else end
    return [
        Tok(m.group(0), fold(m.group(0)), m.start(), m.end())
        for m in _WORD.finditer(text, start, end)
    ]


# ---------------------------------------------------------------- counts


@dataclass(frozen=True)
class CountMention:
    start: int
    end: int  # end of the noun phrase
    number: str
    concept: str | None  # glossary concept of the noun right after the number
    noun_words: tuple[str, ...]  # folded words after the number (up to 4)


def find_counts(text: str, start: int = 0, end: int | None = None) -> list[CountMention]:
    """Numbers followed by what they count ("55 xã", "60 kommuner", "22 Aufgaben")."""
    tokens = spanned_tokens(text, start, end)
    folded = [t.folded for t in tokens]
    found: list[CountMention] = []
    for i, tok in enumerate(tokens):
        if not re.fullmatch(r"\d+(?:[.,]\d+)*", tok.text):
            continue
        if _is_date_or_year(text, tok):
            continue
        before = concept_at(folded, i - 1) if i else None
        if (
            before
            and before[0] in _UNIT_CONCEPTS
            and not text[tokens[i - 1].end : tok.start].strip()
        ):
            continue  # "Phường 1", "Ward 2", "Quận 3": a unit's name, not a count
        hit = concept_at(folded, i + 1)
        # "75 administrative units at commune level": skip an adjective-like word.
        if hit is None and i + 2 < len(tokens) and folded[i + 1] not in ALL_STOPWORDS:
            later = concept_at(folded, i + 2)
            if later and later[0] in _UNIT_CONCEPTS:
                hit = (later[0], later[1] + 1)
        if hit is None and re.match(r"\s?%", text[tok.end : tok.end + 2]):
            found.append(CountMention(tok.start, tok.end + text[tok.end:].index("%") + 1,
                                      tok.text, "percent", ("%",)))  # fmt: skip
            continue
        concept, size = hit if hit else (None, 1)
        if concept not in _UNIT_CONCEPTS and i + size + 1 < len(tokens):
            following = tokens[i + size + 1]
            if following.folded.isalpha() and following.folded not in ALL_STOPWORDS:
                size += 1  # "22 unerledigten Aufgaben"
        last = min(i + size, len(tokens) - 1)
        if last <= i:
            continue
        noun = tuple(folded[i + 1 : i + 5])
        found.append(CountMention(tok.start, tokens[last].end, tok.text, concept, noun))
    return found


_UNIT_CONCEPTS = frozenset(
    {"commune_level_unit", "commune", "ward", "special_zone", "town", "district", "province",
     "city", "administrative_unit", "village"}
)  # fmt: skip


def _is_date_or_year(text: str, tok: Tok) -> bool:
    after = text[tok.end : tok.end + 12]
    if re.match(r"\\?\.\s", after):  # "14. Nationalen", "64. Sau khi": ordinal or list marker
        return True
    before = text[max(0, tok.start - 8) : tok.start]
    if re.match(r"\s*[/.]\s*\d", after) or re.search(r"\d\s*[/]\s*$", before):
        return True
    if re.match(
        r"\.?\s*(tháng|th\.|januar|februar|märz|april|mai|juni|juli|august|"
        r"september|oktober|november|dezember|januari|februari|mars|maj|augusti)",
        after,
        re.IGNORECASE,
    ):
        return True
    if re.search(
        r"(ngày|tháng|năm|khóa|khoá|lần thứ|số|Nr\.?|nr|No\.?)\s*$", before, re.IGNORECASE
    ):
        return True
    return bool(re.fullmatch(r"(19|20)\d\d", tok.text))


# ---------------------------------------------------------------- dates

# Every language's month names, as written and folded ("märz", "marz").
_MONTHS = {
    form: number
    for language in languages.all_languages()
    for number, name in enumerate(language.months, start=1)
    for form in (name.lower(), fold(name))
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))

_DATE_PATTERNS = [
    re.compile(r"(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.I),
    re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)"),
    re.compile(rf"(\d{{1,2}})\.?\s+({_MONTH_ALT})\.?,?\s+(\d{{4}})", re.I),
    re.compile(rf"({_MONTH_ALT})\s+(\d{{1,2}}),?\s+(\d{{4}})", re.I),
    re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"),
]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: int
    month: int
    year: int

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    end = len(text) if end is None else end
    found: dict[int, DateMention] = {}
    for index, pattern in enumerate(_DATE_PATTERNS):
        for m in pattern.finditer(text, start, end):
            groups = m.groups()
            try:
                if index in (0, 1):
                    d, mo, y = int(groups[0]), int(groups[1]), int(groups[2])
                elif index == 2:
                    d, mo, y = int(groups[0]), _MONTHS[groups[1].lower()], int(groups[2])
                elif index == 3:
                    d, mo, y = int(groups[1]), _MONTHS[groups[0].lower()], int(groups[2])
                else:
                    y, mo, d = int(groups[0]), int(groups[1]), int(groups[2])
            except (KeyError, ValueError):
                continue
            if 1 <= d <= 31 and 1 <= mo <= 12 and m.start() not in found:
                if any(f.start <= m.start() < f.end for f in found.values()):
                    continue
                found[m.start()] = DateMention(m.start(), m.end(), d, mo, y)
    return sorted(found.values(), key=lambda f: f.start)


def render_date(date: DateMention, lang: str) -> str:
    """A date written the way the reply language writes dates."""
    language = languages.find(lang, languages.FOREIGN)
    return language.format_date(date.day, date.month, date.year, "long")


# ---------------------------------------------------------------- periods

_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:[-–—]|bis|till|đến|to)\s*((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    value: str


def find_periods(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    end = len(text) if end is None else end
    return [Span(m.start(), m.end(), m.group(0)) for m in _PERIOD.finditer(text, start, end)]


# ---------------------------------------------------------------- people

_SURNAMES = words(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dao dinh lo "
    "ha mai to truong luong lam trinh cao doan quach kieu thai chu giap lu luu tong khuat "
    "nong hua y thach tao dieu ton vuong lai luc mac"
)
_LETTERS = [chr(c) for c in range(0x41, 0x1EFA) if chr(c).isalpha()]
_UPPER = "".join(ch for ch in _LETTERS if ch.isupper())
_LOWER = "".join(ch for ch in _LETTERS if ch.islower())
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+"
# "Y Thông": Ê Đê and other Central Highlands names open with a one-letter word.
_PERSON = re.compile(rf"(?<![\w])((?:{_NAME_WORD}|Y)(?:[ \t]+{_NAME_WORD}){{1,3}})(?![\w])")


_UNIT_BEFORE = re.compile(
    r"\b(xa|phuong|thi tran|dac khu|quan|huyen|tinh|thanh pho|duong|pho|thon|ban|to|cac xa|"
    r"cac phuong|commune|ward|district|province|gemeinde|kommun)\s*$"
)


# A unit word right after the name: "To Hieus valkrets", "To Hieu-valdistriktet",
# "Chieng Le ward", "Gemeinde"; the name is a place's.
_UNIT_AFTER = re.compile(
    r"^[\s-]*(valkrets|valdistrikt|kommun|stadsdel|specialzon|ward|commune|special zone|"
    r"district|province|gemeinde|stadtbezirk|bezirk|sonderzone|provinz|provins)"
)


def find_persons(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Vietnamese personal names (2–4 capitalised words starting with a surname)."""
    end = len(text) if end is None else end
    found: list[Span] = []
    for m in _PERSON.finditer(text, start, end):
        words = [(w.group(0), m.start(1) + w.start()) for w in re.finditer(r"\S+", m.group(1))]
        # Drop leading words until a surname ("Genosse Vu Manh Ha" → "Vu Manh Ha").
        while words and fold(words[0][0]) not in _SURNAMES:
            words = words[1:]
        if len(words) < 2 or not _looks_like_given_names([w for w, _ in words]):
            continue
        name_start, name_end = words[0][1], words[-1][1] + len(words[-1][0])
        name = text[name_start:name_end]
        if (
            find_provinces(name)
            or _UNIT_BEFORE.search(fold(text[max(0, name_start - 12) : name_start]))
            or _UNIT_AFTER.match(fold(text[name_end : name_end + 24]))
        ):
            continue  # a place ("xã Hồ Thị Kỷ", "To Hieus valkrets"), not a person
        found.append(Span(name_start, name_end, name))
    return found


def _looks_like_given_names(words: list[str]) -> bool:
    """Vietnamese syllables are short; a long capitalised word is a noun, not a name."""
    return all(len(fold(w)) <= 6 for w in words) and len(words) <= 4


# ---------------------------------------------------------------- document numbers

_DOC_CODES = {"NQ", "CT", "KL", "KH", "QD", "DA", "BC", "TB", "HD", "TTR", "ND", "TT", "QH"}
# The type codes a word before a number may name, tried in this order (first match wins);
# each language's words for them live in its file (haicap/languages: doc_type_words).
_TYPE_ORDER = ("NQ", "CT", "KL", "KH", "QD", "DA", "TTR")


def _type_word_patterns() -> list[tuple[re.Pattern[str], str]]:
    every = languages.all_languages()
    number = "|".join(word for language in every for word in language.number_words)
    patterns = []
    for code in _TYPE_ORDER:
        names = "|".join(
            word for language in every for word in language.doc_type_words.get(code, ())
        )
        if names:
            patterns.append((re.compile(rf"({names})\w*\s*({number})?\s*$", re.I), code))
    return patterns


_TYPE_WORDS = _type_word_patterns()


def _recompile() -> None:
    """A language registered at run time brings its document type words."""
    _TYPE_WORDS[:] = _type_word_patterns()


languages.on_change(_recompile)


@dataclass(frozen=True)
class DocMention:
    start: int
    end: int
    number: str
    doc_type: str  # "NQ", "CT", … or "" when unknown


def doc_type_of(number: str) -> str:
    """The type code inside a number ("45-CT/TW" → "CT", "1450-QĐ/TU" → "QD")."""
    for part in re.split(r"[-/]", fold(number).upper())[1:]:
        letters = re.sub(r"\d+$", "", part)
        if letters in _DOC_CODES and letters != "QH":
            return letters
    return ""


def find_doc_mentions(text: str, start: int = 0, end: int | None = None) -> list[DocMention]:
    end = len(text) if end is None else end
    found: list[DocMention] = []
    for m in DOC_NUMBER.finditer(text, start, end):
        number = m.group(1)
        doc_type = doc_type_of(number)
        if not doc_type:
            before = text[max(0, m.start() - 30) : m.start()]
            for pattern, code in _TYPE_WORDS:
                if pattern.search(before):
                    doc_type = code
                    break
        found.append(DocMention(m.start(1), m.end(1), number, doc_type))
    return found


# ---------------------------------------------------------------- arrangements

_UNIT_TYPE = r"(?:xã|phường|đặc\s+khu|thị\s+trấn)"
_NEW_UNIT = re.compile(
    rf"thành\s+(?:{_UNIT_TYPE}\s+mới|{_UNIT_TYPE})\s+(?:có\s+)?tên\s+gọi\s+là\s+\**\s*"
    rf"({_UNIT_TYPE}\s+[^.;,*()\[\]]+?)\s*(?:\*\*|[.;,]|$)",
    re.I,
)
_MEMBERS_START = re.compile(r"quy\s+mô\s+dân\s+số\s+của\s+", re.I)


@dataclass(frozen=True)
class Arrangement:
    """ "Sắp xếp … của A, B và C thành xã mới có tên gọi là xã X" in one sentence."""

    new_unit: Span  # "xã Đồng Tiến"
    members: Span  # "các xã Thạch Trị, Thạch Hội và Thạch Văn" (verbatim)

    @property
    def new_name(self) -> str:
        return re.sub(rf"^{_UNIT_TYPE}\s+", "", self.new_unit.value, flags=re.I)


def find_arrangement(text: str, start: int = 0, end: int | None = None) -> Arrangement | None:
    end = len(text) if end is None else end
    target = _NEW_UNIT.search(text, start, end)
    if not target:
        return None
    first = _MEMBERS_START.search(text, start, target.start())
    members_start = first.end() if first else start
    members_end = target.start()
    members = text[members_start:members_end].strip()
    value = re.sub(r"\s+", " ", target.group(1)).strip()
    return Arrangement(
        new_unit=Span(target.start(1), target.end(1), value),
        members=Span(members_start, members_start + len(members), members),
    )


_MEMBER_NOISE = [
    (
        re.compile(r"toàn\s+bộ\s+diện\s+tích\s+tự\s+nhiên,?\s+quy\s+mô\s+dân\s+số\s+của\s+", re.I),
        "",
    ),
    (
        re.compile(r"một\s+phần\s+diện\s+tích\s+tự\s+nhiên,?\s+quy\s+mô\s+dân\s+số\s+của\s+", re.I),
        "một phần của ",
    ),
]


def tidy_members(members: str) -> str:
    """The member list without the repeated legal formula, for the short answer line."""
    for pattern, replacement in _MEMBER_NOISE:
        members = pattern.sub(replacement, members)
    members = members.replace("**", "")
    return re.sub(r"\s+", " ", members).strip(" ,")


_PERCENT = re.compile(
    r"(?<![\w,.])\d+(?:[.,]\d+)?(?:\s?[-–]\s?\d+(?:[.,]\d+)?)?\s?"
    r"(?:%|phần\s+trăm|percent|prozent|procent)",
    re.I,
)


def find_percents(
    text: str, start: int = 0, end: int | None = None
) -> list[tuple[str, tuple[int, int]]]:
    """Shares as written ("62,5 %", "60 - 70%", "8 phần trăm") with their spans."""
    stop = len(text) if end is None else end
    return [
        (re.sub(r"\s+", " ", m.group(0)), (m.start(), m.end()))
        for m in _PERCENT.finditer(text, start, stop)
    ]


# A date asked as a deadline ("by when …") and a date written as one ("trước ngày …").
_DEADLINE_ASKED = re.compile(
    r"\b(by what date|by when|deadline|no later than|bis wann|bis zu welchem|frist|"
    r"truoc ngay nao|han chot|thoi han|senast|till vilket datum|fore vilket datum)\b"
)
DEADLINE_BEFORE = re.compile(
    r"(trước|chậm nhất|before|by|no later than|bis|spätestens|senast|före)\s*(ngày|den|dem)?\s*$",
    re.I,
)


def asks_deadline(question: str) -> bool:
    """The question asks by when something must happen."""
    return bool(_DEADLINE_ASKED.search(fold(question)))

"""What a question asks for: its answer type, its entities and its weighted terms.

Why: the grounded answerer picks sentences by answer type ("bao nhiêu" wants a count,
"wann" a date, "which directive" a document number) and refuses when the hard facts of
the question (province, document number, year, acronym) are absent from every passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from answer.lexmatch import concept_at, fold_tokens
from answer.vocab import words
from answer.vocab.attributes import asked_attributes
from answer.vocab.glossary import COMMON_CONCEPTS, DOMAIN_CONCEPTS
from answer.vocab.provinces import find_provinces
from answer.vocab.stopwords import ALL as ALL_STOPWORDS
from haicap.languages import cue_pattern, on_change
from haicap.text import find_doc_numbers, fold

# Answer-type cues on folded text, most specific first. Each language's cues of a kind
# (haicap/languages: "question_<kind>") are joined; a match anywhere decides, so the
# order of the languages inside a kind does not matter.
_KINDS = (
    # "giảm bao nhiêu phần trăm", "by what percentage", "um wie viel Prozent": a share,
    # not a count of units (read from the evidence sentence, answer/evidence.py).
    "percent",
    "period",
    "count",
    "person",
    "doc_number",
    "unit_members",
    "unit_target",
    "date",
)


def _cue_patterns() -> list[tuple[str, re.Pattern[str]]]:
    roles = f"(?:{cue_pattern('person_role')})"
    return [
        (kind, re.compile(cue_pattern(f"question_{kind}").replace("{roles}", roles)))
        for kind in _KINDS
    ]


_CUES: list[tuple[str, re.Pattern[str]]] = _cue_patterns()


def _recompile() -> None:
    """A language registered at run time brings its question cues."""
    _CUES[:] = _cue_patterns()


on_change(_recompile)

# Which document-type code a document concept asks for.
DOC_TYPE_OF_CONCEPT = {
    "resolution": "NQ",
    "directive": "CT",
    "conclusion": "KL",
    "plan": "KH",
    "decision": "QD",
    "project": "DA",
    "report": "BC",
    "submission": "TTR",
}

_BEFORE = re.compile(
    r"\b(truoc (khi )?(sap xep|sap nhap)|before|prior to|vor der|vorher|fore|innan)\b"
)
# A document concept followed by its number ("conclusion 150-kl/tw", "nghi quyet so 60").
_NAMED_DOC = re.compile(
    r"\b(resolution|directive|conclusion|plan|decision|nghi quyet|ket luan|chi thi|ke hoach|"
    r"quyet dinh|richtlinie|beschluss|schlussfolgerung|direktive|resolutionen|direktiv|"
    r"direktivet|slutsats|slutsatsen|beslut)\s+(so |nr\.? |no\.? |number )?\d+[-/]"
)
_NEGATION = re.compile(r"\b(khong|chua|not|never|nicht|kein|keine|inte|ej)\b")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
# Acronyms that belong to the domain vocabulary (never "unknown facts").
_KNOWN_ACRONYMS = frozenset(
    {"UBND", "HĐND", "HDND", "TP", "HCM", "TPHCM", "HCMC", "NQ", "UBTVQH", "QH", "TW", "KL",
     "CT", "KH", "QĐ", "QD", "BCĐ", "BCD", "MTTQ", "VN", "UBTVQH15", "QH15"}
)  # fmt: skip
_NUMBER = re.compile(r"(?<![\w/-])\d+(?![\w/-])")
_CAP_WORD = re.compile(r"[A-ZĐÀ-Ỹ][\wÀ-ỹ']*")
# Words of a question that are answer-type cues, not content.
_CUE_WORDS = words(
    "bao nhieu may nao gi ai khi gio how many much which what who whom whose when "
    "wie viele welche welcher welches welchen wer wann hur manga vilken vilket vilka "
    "vem nar gom bao gom"
)
# Concepts whose questions want a number ("population of X" → a count of people).
QUANTITY_CONCEPTS = frozenset({"population", "area", "percent", "growth"})
# Concepts that qualify the asked noun rather than name it ("how many NEW communes").
_MODIFIER_CONCEPTS = frozenset(
    {"new", "old", "after", "before", "arrangement", "form", "year", "date"}
)


@dataclass
class Term:
    """One thing the question talks about; `concept` set for glossary terms."""

    key: str  # folded word/phrase or concept id
    weight: float
    concept: str | None = None
    hard: bool = False
    display: str = ""  # how to show it to the user (the question's own spelling)


@dataclass
class QuestionAnalysis:
    text: str
    lang: str
    kind: str = "generic"
    terms: list[Term] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    doc_numbers: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # folded multi-word proper names
    asked_concepts: list[str] = field(default_factory=list)  # noun after a count cue
    asked_words: list[str] = field(default_factory=list)
    doc_types: list[str] = field(default_factory=list)
    negated: bool = False
    asks_before: bool = False  # "… before the arrangement" (the old count, not the new)
    domain: bool = False  # mentions the reform's vocabulary, a province or a document
    # Attributes asked of a unit or office (address, area, population, postal code, …):
    # an answer must state one (answer/vocab/attributes.py).
    attributes: list[str] = field(default_factory=list)
    # "Who is the chairman of …" asks who holds an office; "who proposed … to the Central
    # Committee" asks who did something, and its office words describe the object.
    asks_office: bool = False

    @property
    def hard_terms(self) -> list[Term]:
        return [t for t in self.terms if t.hard]

    @property
    def soft_terms(self) -> list[Term]:
        return [t for t in self.terms if not t.hard]


# A person question asks who holds an office when it says so with a copula or a post
# verb ("ai là", "là ai", "giữ chức", "who is", "wer ist", "vem är") or puts the office
# in the question word ("which deputy minister", "đồng chí nào", "welcher Minister").
_OFFICE_HOLDER = re.compile(
    r"\b(ai (la|giu|dang giu|lam|dam nhiem|duoc bau|duoc bo nhiem)|la ai|"
    r"giu chuc|dam nhiem|dong chi nao|nguoi nao|(?<!don )vi nao|"
    r"who (is|was|are|were|has been|had been|became|becomes|serves|served|heads|headed|"
    r"chairs|chaired|leads|led|holds|held)|whose|"
    r"wer (ist|war|sind|waren|wurde|leitet|leitete|fuhrt|fuhrte)|"
    r"vem (ar|var|blev|leder|ledde)|"
    r"(which|welche[rnms]?|vilken|vilket|vilka) \w+|"
    r"(ong|ba|lanh dao|can bo|chu tich|bi thu|bo truong|thu truong|truong ban|pho ban|"
    r"giam doc|uy vien|dai bieu)( \w+){0,5} nao)\b"
)


# "…, according to its report to the central delegation": where the answer is said, not
# what is asked. Sentence-level evidence is ranked against the rest of the question (the
# named source already chose the passages); kept when too little would be left.
_ATTRIBUTION = re.compile(
    r",?\s*\b(according to|as (stated|set out|reported|said|written) (in|by|to)|as per|"
    r"laut|nach angaben|enligt|theo (báo cáo|bài báo|bài viết|thông tin|tin|phát biểu))\b"
    r"[^,?!;]*",
    re.IGNORECASE,
)


def asked_content(text: str) -> str:
    """The question without its attribution clause ("according to …", "laut …")."""
    rest = _ATTRIBUTION.sub("", text).strip(" ,")
    return rest if len(rest.split()) >= 4 else text


def asks_office_holder(folded: str) -> bool:
    return bool(_OFFICE_HOLDER.search(folded))


def detect_kind(folded: str, skip: frozenset[str] = frozenset()) -> str:
    for kind, pattern in _CUES:
        if kind not in skip and pattern.search(folded):
            return kind
    return "generic"


_NAME_PREFIX_CONCEPTS = frozenset(
    {"commune", "ward", "town", "special_zone", "district", "province", "city", "village"}
)


def _names(text: str, lang: str) -> list[str]:
    """Runs of capitalised words: unit or person names ("Thạch Trị", "Nam Tuấn").

    A run ends at punctuation or a lower-case word; a leading unit word ("Xã", "Phường")
    or question word is dropped; words of a multi-word glossary phrase ("Ủy ban nhân
    dân") are not names. German capitalises every noun, so there a name needs two words.
    """
    pieces = re.findall(r"[^\W\d_][\w'’-]*|\d+|[^\w\s]", text)
    words = [p for p in pieces if p[0].isalnum()]
    folded_words = [fold(w) for w in words]
    in_phrase: set[int] = set()
    i = 0
    while i < len(folded_words):
        hit = concept_at(folded_words, i)
        if hit and hit[1] > 1:
            in_phrase.update(range(i, i + hit[1]))
            i += hit[1]
        else:
            i += 1
    runs: list[list[int]] = []
    run: list[int] = []
    index = -1
    for piece in pieces:
        if not piece[0].isalnum():
            if run:
                runs.append(run)
            run = []
            continue
        index += 1
        word = words[index]
        capitalised = word[0].isupper() and not word.isupper()
        # A number continues a name ("Bảo Lâm 2", "Phường 1").
        if (capitalised or (word.isdigit() and run)) and index not in in_phrase:
            run.append(index)
            continue
        if run:
            runs.append(run)
        run = []
    if run:
        runs.append(run)
    names: list[str] = []
    for run in runs:
        # Drop a leading question word, article or unit word ("Các", "Xã", "Phường").
        while run:
            first = folded_words[run[0]]
            hit = concept_at(folded_words, run[0])
            question_start = run[0] == 0 and (first in ALL_STOPWORDS or first in _CUE_WORDS)
            if question_start or (hit and hit[0] in _NAME_PREFIX_CONCEPTS and hit[1] == 1):
                run = run[1:]
            else:
                break
        if not run:
            continue
        # "Central Inspection Commission": capitalised vocabulary, not a name.
        if all(concept_at(folded_words, i) or folded_words[i] in ALL_STOPWORDS for i in run):
            continue
        if lang == "de" and len(run) < 2:
            continue
        name = " ".join(folded_words[i] for i in run)
        if len(name) > 2:
            names.append(name)
    return names


def _unit_name_provinces(text: str, mentions: list) -> list:
    """Province mentions that are really part of a unit's name ("phường Điện Biên Phủ")."""
    inside = []
    for mention in mentions:
        before = fold(text[max(0, mention.start - 12) : mention.start]).split()
        after = text[mention.end : mention.end + 12].split()
        unit_word = bool(before) and before[-1] in ("xa", "phuong", "tran", "ward", "commune")
        longer = bool(after) and after[0][:1].isupper() and after[0][:1].isalpha()
        if unit_word or longer:
            inside.append(mention)
    return inside


def analyze(text: str, lang: str) -> QuestionAnalysis:
    """Break a (normalised, standalone) question into answer type, entities and terms."""
    folded = fold(text)
    analysis = QuestionAnalysis(text=text, lang=lang, kind=detect_kind(folded))
    analysis.negated = bool(_NEGATION.search(folded))
    analysis.asks_before = bool(_BEFORE.search(folded))
    analysis.asks_office = analysis.kind == "person" and asks_office_holder(folded)

    province_spans = find_provinces(text)
    in_names = _unit_name_provinces(text, province_spans)
    province_spans = [m for m in province_spans if m not in in_names]
    analysis.provinces = list(dict.fromkeys(m.name for m in province_spans))
    analysis.doc_numbers = find_doc_numbers(text, loose=True)
    doc_folded = {fold(n) for n in analysis.doc_numbers}
    if analysis.kind == "doc_number" and any(_NAMED_DOC.search(folded) for _ in doc_folded):
        # "What does Conclusion 150-KL/TW require?": the number is given, its content
        # asked; "Vilket datum utfärdades direktiv 45-CT/TW?" asks its date.
        analysis.kind = detect_kind(folded, skip=frozenset({"doc_number"}))
    if analysis.kind == "generic" and doc_folded:
        analysis.kind = "doc_content"
    # A glossary acronym ("GDP", "BIP") is a concept found in every language, not a
    # hard term that must appear verbatim.
    analysis.acronyms = [
        a
        for a in dict.fromkeys(_ACRONYM.findall(text))
        if a not in _KNOWN_ACRONYMS and concept_at([fold(a)], 0) is None
    ]
    # Text outside provinces and doc numbers, for plain terms and numbers.
    rest = text
    for mention in reversed(province_spans):
        rest = rest[: mention.start] + " " + rest[mention.end :]
    for number in analysis.doc_numbers:
        rest = re.sub(re.escape(number), " ", rest, flags=re.IGNORECASE)
    analysis.numbers = list(dict.fromkeys(_NUMBER.findall(rest)))
    analysis.names = _names(rest, lang)

    terms: list[Term] = []
    for name in analysis.provinces:
        terms.append(Term(fold(name), 3.0, hard=True, concept="@province", display=name))
    for number in analysis.doc_numbers:
        terms.append(Term(fold(number), 3.0, hard=True, concept="@doc", display=number))
    for number in analysis.numbers:
        terms.append(Term(number, 2.0, hard=True, concept="@number", display=number))
    for acronym in analysis.acronyms:
        terms.append(Term(fold(acronym), 2.0, hard=True, concept="@acronym", display=acronym))
    name_words = set()
    for name in analysis.names:
        terms.append(Term(name, 2.0, concept="@name"))
        name_words.update(name.split())

    stop = ALL_STOPWORDS  # every language's: a question may mix them
    tokens = [t for t in fold_tokens(rest) if not t.isdigit()]
    acronyms = {fold(a) for a in analysis.acronyms}
    seen: set[str] = set()
    cue_end = _cue_end(tokens)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        hit = concept_at(tokens, i)
        if hit and (hit[1] > 1 or token not in stop):
            concept, size = hit
            if concept not in seen:
                seen.add(concept)
                weight = 0.4 if concept in COMMON_CONCEPTS else 1.0
                terms.append(Term(concept, weight, concept=concept))
                analysis.domain |= concept in DOMAIN_CONCEPTS
            if (
                cue_end is not None
                and cue_end <= i < cue_end + 4
                and not analysis.asked_concepts
                and concept not in _MODIFIER_CONCEPTS
            ):
                analysis.asked_concepts.append(concept)
            i += size
            continue
        skip_token = token in stop or token in _CUE_WORDS or token in name_words
        if not skip_token and token not in acronyms:
            if len(token) > 1 and token not in seen:
                seen.add(token)
                terms.append(Term(token, 1.0))
            if (
                cue_end is not None
                and cue_end <= i < cue_end + 4
                and not analysis.asked_words
                and not analysis.asked_concepts
            ):
                analysis.asked_words.append(token)
        i += 1
    analysis.terms = terms
    if analysis.kind == "generic":
        # "What is the population / area / growth …": a quantity, so a count question.
        quantity = next((t.concept for t in terms if t.concept in QUANTITY_CONCEPTS), None)
        if quantity:
            analysis.kind = "count"
            analysis.asked_concepts = [quantity]
    analysis.doc_types = [
        DOC_TYPE_OF_CONCEPT[t.concept] for t in terms if t.concept in DOC_TYPE_OF_CONCEPT
    ]
    if analysis.kind == "doc_number":
        # "Tờ trình nào … là căn cứ ban hành Nghị quyết …": the type asked comes first;
        # the later ones name what it relates to.
        analysis.doc_types = analysis.doc_types[:1]
    analysis.attributes = asked_attributes(text, analysis.kind)
    analysis.domain |= bool(analysis.provinces or analysis.doc_numbers)
    if doc_folded:
        analysis.domain = True
    return analysis


_COUNT_CUE = re.compile(r"^(bao nhieu|how many|number of|wie viele?|anzahl|hur manga|antal)$")


def _cue_end(tokens: list[str]) -> int | None:
    """Index of the first token after a count cue ("bao nhiêu |phường|")."""
    for i in range(len(tokens)):
        for size in (2, 1):
            if _COUNT_CUE.match(" ".join(tokens[i : i + size])):
                return i + size
        if tokens[i] == "may" and i + 1 < len(tokens) and concept_at(tokens, i + 1):
            return i + 1
    return None

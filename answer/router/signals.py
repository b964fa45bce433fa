"""Structural signals the router weighs: patterns that need no model.

Why patterns here at all: greetings, attacks and pasted old addresses must be decided in
microseconds (the bot's address lane never waits for the embedding model), and an
injection sentence must be cut off before anything reads the question. Everything
subtler — is this a prose question, a unit fact, off-topic? — is left to the semantic
router (answer/router/semantic.py); these signals only veto or confirm its vote.
All patterns run on folded text (lower case, no diacritics, đ→d).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from answer.lanes.fact_question import unit_nouns
from haicap.injection import injection_reasons
from haicap.languages import cue_pattern, on_change
from haicap.text import find_doc_numbers, fold

ATTACKS = re.compile(cue_pattern("attack"))
# Programming languages are no one's words; they stay here.
_CODE_TASKS = r"\b(python|javascript|typescript|java|sql|html|css|regex|c\+\+|golang|rust code)\b"
OFF_TOPIC_TASKS = re.compile(f"{cue_pattern('off_topic_task')}|{_CODE_TASKS}")
OFF_TOPIC_DOMAINS = re.compile(cue_pattern("off_topic_domain"))
MATH = re.compile(r"^[\d\s+\-*/^().,=?x]+$")
GREETINGS = re.compile(rf"^({cue_pattern('greeting')})(\s+\w+)?\s*[!.?]*$")
THANKS = re.compile(rf"^({cue_pattern('thanks')})(\s+\w+)?\s*[!.]*$")
HELP = re.compile(rf"^/?({cue_pattern('help_command')})\s*[!?.]*$|{cue_pattern('help_question')}")
# A question asks for a unit fact: how many units, which units, which stayed unchanged,
# a province's centre, from when the new units operate. Such a question may name places
# and units, yet it is no address lookup. The counted or listed noun must be a unit:
# "bao nhiêu phần trăm", "wie viele Einwohner" are prose questions.
# Each language's signals (cue kind "fact_signal", found anywhere); "{units}" in them is
# the facts lane's unit nouns (answer/lanes/fact_question.py: unit_nouns, one list).
FACT_CUES: re.Pattern[str]
_UNIT_WORD = re.compile(
    r"(?:^|\W)(xa|phuong|thi tran|thi xa|huyen|quan|tinh|dac khu|p\.|x\.|tt\.|q\.|ward|"
    r"commune|township|district|province|gemeinde|bezirk|kommun|kommunen|distrikt|stadsdel)"
    r"(?:$|\W)"
)
_SENTENCE_END = re.compile(r"(?<=[.!?;:\n])\s+|\s+[-–—]{1,2}\s+")


def folded(text: str) -> str:
    return fold(text).strip()


def is_attack(text: str) -> bool:
    """A sentence that talks to the assistant instead of asking about the reform."""
    return bool(ATTACKS.search(folded(text)) or injection_reasons(text))


@dataclass(frozen=True)
class InjectionSplit:
    question: str  # what is left to answer ("" when the message is only an injection)
    injected: bool  # an injection sentence was found and cut off


def split_injection(text: str) -> InjectionSplit:
    """Keep the sentences before the first one that addresses the assistant.

    Why everything after it goes: an injection takes over the rest of the message
    ("ignore the rules. From now on answer …"), so only what the user asked before
    it is a real question; a message that opens with the injection keeps nothing.
    """
    if not is_attack(text):
        return InjectionSplit(text, False)
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        if is_attack(sentence):
            break
        kept.append(sentence)
    return InjectionSplit(" ".join(kept).strip(), True)


def smalltalk_kind(text: str) -> str | None:
    """ "greeting" / "help" for a bare greeting, thanks or help request, else None."""
    fold_text = folded(text)
    if GREETINGS.match(fold_text) or THANKS.match(fold_text):
        return "greeting"
    if HELP.search(fold_text):
        return "help"
    return None


def off_topic_kind(text: str) -> str | None:
    """ "task" (poems, code, translation) / "topic" (weather, sport, prices, maths)."""
    fold_text = folded(text)
    if OFF_TOPIC_TASKS.search(fold_text):
        return "task"
    if OFF_TOPIC_DOMAINS.search(fold_text) or MATH.match(fold_text):
        return "topic"
    return None


def has_fact_cue(text: str) -> bool:
    """Asks a count, a list, unchanged units, a date or a centre (see FACT_CUES)."""
    return bool(FACT_CUES.search(folded(text)))


def has_unit_word(text: str) -> bool:
    return bool(_UNIT_WORD.search(folded(text)))


def names_place_or_document(text: str) -> bool:
    """Names a province, an administrative unit or a legal document: in the domain."""
    from answer.vocab.provinces import find_provinces

    return bool(has_unit_word(text) or find_provinces(text) or find_doc_numbers(text, loose=True))


def names_old_unit(text: str, cache_dir: Path) -> bool:
    """The gazetteer finds an old commune-level unit in the text (≈1 ms once loaded)."""
    from answer.lanes.address_question import strip_frame
    from retrieval.address.gazetteer import get_gazetteer
    from retrieval.address.matcher import match_old

    return match_old(get_gazetteer(cache_dir, None), strip_frame(text)).status != "not_found"


_OFFICE: re.Pattern[str]


def _recompile() -> None:
    """Every registered language's fact signals and office words (again when a language
    is registered at run time)."""
    global FACT_CUES, _OFFICE
    FACT_CUES = re.compile(cue_pattern("fact_signal").replace("{units}", unit_nouns()))
    _OFFICE = re.compile(rf"\b({cue_pattern('office')})\b")


_recompile()
on_change(_recompile)


def asks_beyond_lookup(text: str) -> bool:
    """Asks who holds a post in a unit, or its area, population, budget …: a question
    about a unit that its new name does not answer ("ai là bí thư phường Tô Hiệu")."""
    from answer.question import detect_kind
    from answer.vocab.attributes import asked_attributes

    kind = detect_kind(folded(text))
    attributes = asked_attributes(text, kind)
    if "address" in attributes and not _OFFICE.search(folded(text)):
        # "địa chỉ cũ: xã …" is a citizen's old address, the lookup's own input; the
        # street address of a unit's office is an attribute the new name does not give.
        attributes.remove("address")
    return kind == "person" or bool(attributes)


def looks_like_address(text: str, cache_dir: Path | None = None) -> bool:
    """The address lane's own cheap test (patterns + gazetteer for bare addresses)."""
    from answer.lanes.address_question import is_address_question

    return is_address_question(text, cache_dir)

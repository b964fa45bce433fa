"""Reading an address question: "which commune am I in now?" in vi/en/de/sv, a bare
old address, or "which old communes formed X?".

Why apart from the answer: the router asks this (cheap regular expressions on folded
text, and the gazetteer for a bare address) before any lane runs; the address lane
(`address.py`) composes the answer. Torch-free, like the whole address path.
"""

from __future__ import annotations

import re
from pathlib import Path

from haicap.languages import all_languages, cue_pattern, on_change
from haicap.text import find_doc_numbers, fold, nfc
from retrieval.address.gazetteer import get_gazetteer
from retrieval.address.matcher import match_old

# --- recognising an address question (cheap: regular expressions on folded text) ----

_UNIT_WORD = (
    r"(?:xa|phuong|thi tran|thi xa|huyen|quan|tinh|dac khu|p\.|x\.|tt\.|q\.|ward|commune|"
    r"township|district|province|gemeinde|bezirk|kommun|kommunen|distrikt|stadsdel)"
)
# Each language's cues (haicap/languages: address_forward, address_reverse, address_not);
# only whether one is found matters, so their order is free. The unit-type grammar of
# Vietnamese place names (_UNIT_WORD, _TYPED_NAME, _ENUMERATION) stays here: it is data
# about the names, whatever language the question is in.
_FORWARD_CUES: re.Pattern[str]
_REVERSE_CUES: re.Pattern[str]
_NOT_ADDRESS: re.Pattern[str]
_HAS_UNIT_WORD = re.compile(rf"(?:^|\W){_UNIT_WORD}(?:$|\W)")
_TYPED_NAME = re.compile(
    r"(?:^|\W)(?:(?:xa|phuong|thi tran|ward|commune)\s+\w|(?:p|x|tt|f|q)\.?\s*\d"
    r"|(?:p|x|tt)\.\s*[a-z])"
)


def is_address_question(text: str, cache_dir: Path | None = None) -> bool:
    """True for "where is my old commune now?" questions and for bare old addresses.

    Cheap: folded-text patterns first; only a short message with a unit type word and
    no question cue is checked against the gazetteer (loaded once per process, from
    the pickle in `cache_dir`; built in memory when none is given).
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
        return _resolves(text, cache_dir)  # a pasted address: "p. chieng le tp son la"
    return False


def _resolves(text: str, cache_dir: Path | None) -> bool:
    """Confirm a bare address against the gazetteer (≈1 ms once it is loaded)."""
    return match_old(get_gazetteer(cache_dir, None), text).status != "not_found"


def _legal_question(text: str) -> bool:
    return bool(find_doc_numbers(text, loose=True)) or bool(
        re.search(r"nghi quyet|resolution|beschluss|resolutionen|ket luan|chi thi", fold(text))
    )


def _mentions_place(folded: str) -> bool:
    """A capitalised or comma-separated place in a "now"-question without unit words."""
    return "," in folded or " - " in folded or "–" in folded


def is_reverse(text: str) -> bool:
    return bool(_REVERSE_CUES.search(fold(nfc(text))))


_OTHER_KINDS = frozenset({"count", "unchanged", "centre", "effective_date", "resolution"})


def asks_something_else(question: str) -> bool:
    """Names places but asks a fact ("Những xã nào ở Điện Biên giữ nguyên?", "Hà Giang
    nhập với tỉnh nào?", "Xã phường mới hoạt động từ ngày nào?"), not "where is it now"."""
    from answer.lanes.fact_question import read_question

    q = read_question(question)
    if q.beyond or _OTHER_KINDS & set(q.kinds):
        return True
    return "province" in q.kinds and not names_a_unit(question)


def names_a_unit(question: str) -> bool:
    """A typed commune-level name ("xã Mường Bú", "p. 1"), not just a province."""
    return bool(_TYPED_NAME.search(fold(nfc(question[:1000]))))


# Every language's frame words (haicap/languages: frame_words; Vietnamese has none, its
# words occur in names); dropping them keeps them from pairing with a name ("which ward"
# would make "ward" a postfix marker). Each is one run of word characters between word
# boundaries, so whichever word matches, the span is the same: their order is free.
def _frame_words() -> re.Pattern[str]:
    words = "|".join(word for language in all_languages() for word in language.frame_words)
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


_FRAME_WORDS: re.Pattern[str]


def _recompile() -> None:
    """Every registered language's address cues and frame words (again when a language
    is registered at run time)."""
    global _FORWARD_CUES, _REVERSE_CUES, _NOT_ADDRESS, _FRAME_WORDS
    _FORWARD_CUES = re.compile(f"({cue_pattern('address_forward')})")
    _REVERSE_CUES = re.compile(f"({cue_pattern('address_reverse')})")
    _NOT_ADDRESS = re.compile(f"({cue_pattern('address_not')})")
    _FRAME_WORDS = _frame_words()


_recompile()
on_change(_recompile)


def strip_frame(question: str) -> str:
    text = _FRAME_WORDS.sub(" ", nfc(question))
    return re.sub(r"[?!¿]+", " ", text)


_ENUMERATION = re.compile(
    r"(?:các|cac)\s+(xã|xa|phường|phuong|thị trấn|thi tran)\s+(.+?)"
    r"(?=\s+(?:được|duoc|đã|da|nay|giờ|gio|thành|thanh\s+(?:xa|phuong)|thuộc|thuoc|sau)\b|[?.]|$)",
    re.IGNORECASE,
)


def enumerated_names(question: str) -> list[str]:
    """ "các xã Thạch Trị, Thạch Hội và Thạch Văn …" → three typed names."""
    match = _ENUMERATION.search(nfc(question))
    if not match:
        return []
    unit_type, names = match.group(1), match.group(2)
    parts = [p.strip() for p in re.split(r",|\s+(?:và|va|and|und|och)\s+", names) if p.strip()]
    return [f"{unit_type} {p}" for p in parts] if len(parts) > 1 else []

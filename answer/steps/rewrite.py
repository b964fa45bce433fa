"""Step 2: turn a follow-up ("còn Lai Châu thì sao?", "and Ward 2?") into a full question.

Why rule-based: follow-ups in this domain almost always swap one entity — a province, a
document number, a unit ("Phường 1" → "Phường 2") or the counted noun ("xã" → "phường")
— in the previous question, so substituting it in the previous standalone question
keeps retrieval and answer-type detection exact, with no model and in microseconds.
"""

from __future__ import annotations

import re

from answer.lexmatch import concept_at, fold_tokens
from answer.state import PipelineState
from answer.types import Turn
from answer.vocab.provinces import find_provinces
from haicap.text import find_doc_numbers, fold

# Lead-ins and tails of a follow-up, on folded text; group "x" is the new entity.
_FOLLOW_UPS = [
    re.compile(r"^(?:the con|vay con|con ve|con)\s+(?P<x>.+?)(?:\s+(?:thi sao|thi the nao|"
               r"the nao|ra sao|thi sao nhi|nua|thi|a))*\s*\??$"),
    re.compile(r"^(?:vay |the )?(?P<x>.+?)\s+(?:thi sao|thi the nao|thi ra sao)\s*\??$"),
    re.compile(r"^(?:and what about|what about|how about|and for|and in|and the|and)\s+"
               r"(?P<x>.+?)(?:\s+then)?\s*\??$"),
    re.compile(r"^(?:und was ist mit|und wie ist es mit|was ist mit|wie ist es mit|"
               r"wie sieht es mit|und fur|und in|und)\s+(?P<x>.+?)(?:\s+aus)?\s*\??$"),
    re.compile(r"^(?:och hur ar det med|hur ar det med|och vad galler|vad galler|och for|"
               r"och i|och|an)\s+(?P<x>.+?)\s*\??$"),
]  # fmt: skip
_UNIT_WORDS = (
    r"(?:phuong|xa|thi tran|dac khu|quan|huyen|thi xa|ward|commune|district|town|"
    r"gemeinde|bezirk|stadtbezirk|kommun|valdistrikt|distrikt)"
)
_UNIT_ENTITY = re.compile(rf"^(?P<type>{_UNIT_WORDS})\s+(?P<name>.+)$")
_UNIT_ENTITY_AFTER = re.compile(rf"^(?P<name>.+?)\s+(?P<type>{_UNIT_WORDS})$")
_UNIT_CONCEPTS = {"ward", "commune", "district", "town", "special_zone", "province", "city",
                  "commune_level_unit"}  # fmt: skip
_MAX_ENTITY_WORDS = 6


def _original_span(original: str, folded: str, start: int, end: int) -> str:
    """The original-text piece behind a folded span (fold keeps NFC length)."""
    if len(original) == len(folded):
        return original[start:end]
    return folded[start:end]


def follow_up_entity(text: str) -> str | None:
    """The entity a follow-up asks about, or None when it is not a follow-up."""
    folded = fold(text).strip()
    for pattern in _FOLLOW_UPS:
        match = pattern.match(folded)
        if match:
            entity = _original_span(text.strip(), folded, match.start("x"), match.end("x"))
            entity = entity.strip(" ?.!,")
            if entity and len(entity.split()) <= _MAX_ENTITY_WORDS:
                return entity
    return None


def rewrite_follow_up(text: str, history: list[Turn]) -> str:
    """A standalone question for `text` given the previous turns (unchanged if not a follow-up)."""
    if not history:
        return text
    previous = history[-1].standalone_question or history[-1].question
    if not previous:
        return text
    entity = follow_up_entity(text)
    bare = entity is None and _is_bare_entity(text)
    if entity is None and not bare:
        return text
    entity = entity if entity is not None else text.strip(" ?.!")
    return substitute(previous, entity) or f"{previous} ({entity})"


def _is_bare_entity(text: str) -> bool:
    """ "Lai Châu?" or "Phường 2?" alone after a question is a follow-up too."""
    stripped = text.strip(" ?.!")
    if not stripped or len(stripped.split()) > 4:
        return False
    provinces = find_provinces(stripped)
    if provinces and provinces[0].start == 0 and provinces[-1].end >= len(stripped) - 1:
        return True
    if find_doc_numbers(stripped, loose=True) and len(stripped.split()) <= 2:
        return True
    return bool(_UNIT_ENTITY.match(fold(stripped)))


def substitute(previous: str, entity: str) -> str | None:
    """Swap the entity of the same kind in `previous`; None when there is none to swap."""
    # A province for a province.
    new_provinces = find_provinces(entity)
    if new_provinces:
        old = find_provinces(previous)
        if old:
            first = old[0]
            return previous[: first.start] + new_provinces[0].name + previous[first.end :]
        return None
    # A document number for a document number.
    new_numbers = find_doc_numbers(entity, loose=True)
    if new_numbers:
        old_numbers = find_doc_numbers(previous, loose=True)
        if old_numbers:
            pattern = re.compile(re.escape(old_numbers[0]), re.IGNORECASE)
            return pattern.sub(new_numbers[0], previous, count=1)
        return None
    folded_entity = fold(entity)
    # A unit with a name ("Ward 2", "phường Hải Châu", "2 ward").
    match = _UNIT_ENTITY.match(folded_entity) or _UNIT_ENTITY_AFTER.match(folded_entity)
    if match:
        kind = concept_at(fold_tokens(match.group("type")), 0)
        name = _original_span(entity, folded_entity, match.start("name"), match.end("name"))
        return _swap_unit(previous, kind[0] if kind else None, name.strip())
    # Just a counted noun ("còn phường thì sao?" after "… bao nhiêu xã?").
    tokens = fold_tokens(entity)
    hit = concept_at(tokens, 0) if tokens else None
    if hit and hit[0] in _UNIT_CONCEPTS and hit[1] == len(tokens):
        return _swap_noun(previous, hit[0], entity)
    return None


_WORD = re.compile(r"[^\W_]+")


def _swap_unit(previous: str, kind: str | None, name: str) -> str | None:
    """Replace the name after the first unit word of the same kind in `previous`."""
    words = list(_WORD.finditer(previous))
    folded = [fold(w.group(0)) for w in words]
    for i in range(len(words)):
        hit = concept_at(folded, i)
        if not hit or (kind and hit[0] != kind):
            continue
        j = i + hit[1]
        # The old name: capitalised words or a number right after the unit word.
        k = j
        while k < len(words) and (words[k].group(0)[0].isupper() or words[k].group(0).isdigit()):
            k += 1
            if words[k - 1].group(0).isdigit():
                break
        if k == j:
            continue
        return previous[: words[j].start()] + name + previous[words[k - 1].end() :]
    return None


def _swap_noun(previous: str, concept: str, entity: str) -> str | None:
    """Replace the first counted unit noun of `previous` ("xã" → "phường")."""
    words = list(_WORD.finditer(previous))
    folded = [fold(w.group(0)) for w in words]
    for i in range(len(words)):
        hit = concept_at(folded, i)
        if hit and hit[0] in _UNIT_CONCEPTS and hit[0] != concept:
            # Skip the province/city word that introduces a place name.
            if hit[0] in ("province", "city") and find_provinces(previous[words[i].end() :][:30]):
                continue
            end = words[i + hit[1] - 1].end()
            return previous[: words[i].start()] + entity.strip() + previous[end:]
    return None


def rewrite_step(state: PipelineState) -> PipelineState:
    with state.timed("rewrite"):
        state.standalone = state.text
        if state.route != "empty" and state.history:
            state.standalone = rewrite_follow_up(state.text, state.history)
    return state

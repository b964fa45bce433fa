"""Step 1: canonical text (NFC, one tone placement), length cap, reply language.

Why here: every later step (routing patterns, entity search, quoting) compares folded
or normalised text, and the reply language must be fixed before any message is worded.
"""

from __future__ import annotations

import re

from answer.state import PipelineState
from answer.steps.messages import LANGUAGES, message
from answer.vocab import words
from haicap.language import detect_language
from haicap.text import fold, normalize

MAX_QUESTION_CHARS = 1000

# Short-question signals the corpus-oriented detector has too little text for.
_SHORT_SIGNALS: dict[str, frozenset[str]] = {
    "en": words(
        "hello hi hey thanks thank help ignore please what about and who how which when "
        "where write poem tell me"
    ),
    "de": words(
        "hallo danke hilfe und ignoriere bitte was wie wer welche wann schreibe gedicht "
        "guten tag moin servus"
    ),
    "sv": words(
        "hej tack hjalp och ignorera snalla vad hur vem vilken nar skriv dikt hallå halla tjena"
    ),
    "vi": words("xin chao cam on giup con thi sao gi ai nao a oi nhe"),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def detect_question_language(text: str) -> str:
    """`haicap.language.detect_language`, helped on very short questions ("hej", "und?")."""
    base = detect_language(text)
    words = re.findall(r"[^\W\d_]+", fold(text))
    votes = {lang: sum(w in signals for w in words) for lang, signals in _SHORT_SIGNALS.items()}
    best = max(votes, key=lambda lang: votes[lang])
    if votes[best] > votes.get(base, 0):
        return best
    return base


def truncate(text: str, limit: int = MAX_QUESTION_CHARS) -> tuple[str, bool]:
    """Cut at a word boundary; True when something was cut."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(), True


def normalize_step(state: PipelineState) -> PipelineState:
    with state.timed("normalize"):
        raw = _CONTROL.sub(" ", state.question or "")
        # Lone surrogates (argv decoded with surrogateescape) break the tokenizer: replace.
        raw = raw.encode("utf-8", "replace").decode("utf-8")
        text, cut = truncate(normalize(raw.replace("\n", " ")))
        state.text = text
        hint = (state.lang_hint or "").lower().strip()
        state.lang = hint if hint in LANGUAGES else detect_question_language(text)
        if cut:
            state.notes.append(message("truncated", state.lang, limit=MAX_QUESTION_CHARS))
        if not re.search(r"\w", text):
            state.route = "empty"
    return state

"""Step 1: canonical text (NFC, one tone placement, no markup), length cap, language.

Why here: every later step (routing patterns, entity search, quoting) compares folded
or normalised text, and the reply language must be fixed before any message is worded.
Markup is dropped first: `<b>Cà Mau …</b>` or `<a href="javascript:…">` pasted from a
web page is the same question as the plain text, and must be answered the same way.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

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
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)


class _TextOnly(HTMLParser):
    """The text of an HTML fragment; tags (balanced or not) and scripts dropped."""

    _SKIP = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def strip_markup(text: str) -> str:
    """Text without HTML tags; text with no tag (e.g. "a < b") is returned unchanged."""
    if not _TAG.search(text):
        return text
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return re.sub(r"[ \t]+", " ", "".join(parser.parts)).strip()


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
        raw = strip_markup(_CONTROL.sub(" ", state.question or ""))
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

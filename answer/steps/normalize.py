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
from answer.steps.messages import message
from haicap import languages
from haicap.text import normalize

MAX_QUESTION_CHARS = 1000

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
        if languages.is_supported(hint):
            state.lang = hint
        else:
            state.lang = languages.detect_question_language(text)
        if cut:
            state.notes.append(message("truncated", state.lang, limit=MAX_QUESTION_CHARS))
        if not re.search(r"\w", text):
            state.route = "empty"
    return state

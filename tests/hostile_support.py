"""Checks shared by the hostile-input tests: is this valid Telegram HTML, and is an
`Answer` well-formed (status, citations quoting their chunk verbatim, markers).

Why an independent checker: the bot's formatter and splitter decide what is markup;
this parser (the standard library's `html.parser`) decides separately what Telegram
would see, so a formatter bug cannot hide behind its own idea of a tag.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from haicap.text import normalize

# What Telegram's HTML parse mode accepts (core.telegram.org/bots/api#html-style).
ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "blockquote", "tg-spoiler", "span", "tg-emoji",
}  # fmt: skip
ALLOWED_ATTRS = {
    "a": {"href"},
    "blockquote": {"expandable"},
    "span": {"class"},
    "tg-emoji": {"emoji-id"},
    "code": {"class"},
}
NAMED_ENTITIES = {"lt", "gt", "amp", "quot"}
STATUSES = {"answered", "not_found", "out_of_scope", "clarify"}
LANGUAGES = {"vi", "en", "de", "sv"}
_MARKER = re.compile(r"\[(\d{1,3})\]")


class _TelegramHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not Telegram HTML")
        for name, value in attrs:
            if name not in ALLOWED_ATTRS.get(tag, set()):
                self.problems.append(f"attribute {name} on <{tag}>")
            if (
                tag == "a"
                and name == "href"
                and not (value or "").startswith(("https://", "http://", "tg://"))
            ):
                self.problems.append(f"unsafe link {value!r}")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> does not close {self.stack[-1:] or 'anything'}")
            return
        self.stack.pop()

    def handle_entityref(self, name: str) -> None:
        if name not in NAMED_ENTITIES:
            self.problems.append(f"entity &{name};")

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in "xX" else int(name)
        except ValueError:
            self.problems.append(f"bad character reference &#{name};")
            return
        if not 0 < code <= 0x10FFFF:
            self.problems.append(f"character reference out of range &#{name};")

    def handle_data(self, data: str) -> None:
        for raw in "<>&":
            if raw in data:
                self.problems.append(f"unescaped {raw!r} in text {data[:40]!r}")

    def handle_comment(self, data: str) -> None:
        self.problems.append("HTML comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append("declaration")

    def handle_pi(self, data: str) -> None:
        self.problems.append("processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.problems.append("unknown declaration")


def telegram_html_problems(text: str) -> list[str]:
    """Why Telegram would reject `text` in HTML parse mode ([] = it would accept it)."""
    parser = _TelegramHtml()
    parser.feed(text)
    if parser.rawdata:  # left unparsed at the end: an unterminated tag or entity
        parser.problems.append(f"unterminated markup {parser.rawdata[:40]!r}")
    parser.close()
    if parser.stack:
        parser.problems.append(f"unclosed tags {parser.stack}")
    return parser.problems


class CorpusTexts:
    """Chunk texts by id and whole-document texts by document number, from a search
    index snapshot: what a citation's quote must be found in."""

    def __init__(self, index: Any) -> None:
        self.by_id = dict(zip(index.ids, index.texts, strict=True))
        by_number: dict[str, list[str]] = {}
        for text, meta in zip(index.texts, index.metadatas, strict=True):
            numbers = {str(meta.get("doc_number") or "")}
            numbers |= set(str(meta.get("doc_numbers") or "").split(";"))
            for number in numbers - {""}:
                by_number.setdefault(number.strip(), []).append(normalize(text))
        self.by_number = {k: "\n".join(v) for k, v in by_number.items()}

    def holds(self, citation: Any) -> bool:
        quote = normalize(citation.quote or "")
        if not quote:
            return False
        if citation.chunk_id:
            text = self.by_id.get(citation.chunk_id)
            return text is not None and quote in normalize(text)
        # resolver citations (address answers) name the document, not a chunk
        return any(quote in self.by_number.get(n, "") for n in citation.doc_numbers)


def answer_problems(answer: Any, corpus: CorpusTexts) -> list[str]:
    """What is wrong with a pipeline `Answer` ([] = valid): status, language, markers,
    and every citation quoting its source verbatim (after `haicap.text.normalize`)."""
    problems: list[str] = []
    if answer.status not in STATUSES:
        problems.append(f"status {answer.status!r}")
    if answer.language not in LANGUAGES:
        problems.append(f"language {answer.language!r}")
    if not isinstance(answer.answer, str) or not answer.answer.strip():
        problems.append("empty answer text")
    numbers = {c.n for c in answer.citations}
    for citation in answer.citations:
        if not corpus.holds(citation):
            problems.append(f"[{citation.n}] quote is not verbatim: {citation.quote[:60]!r}")
    if answer.status == "answered":
        cited = {int(n) for n in _MARKER.findall(answer.answer)}
        if not answer.citations:
            problems.append("answered without a citation")
        if not cited <= numbers:
            problems.append(f"markers {sorted(cited - numbers)} point at no citation")
    return problems

"""HTML → plain text with paragraph breaks, using only the standard library parser.

Why: pages saved from news sites carry scripts, styles and navigation; only the text
is knowledge, and markup or script in a document must never reach a prompt as code.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas"}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "blockquote", "pre", "header", "footer", "figcaption", "dd", "dt",
    "hr", "main", "aside", "nav", "form", "td", "th",
}  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK:
            self.parts.append("\n\n" if tag not in ("br", "td", "th") else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skip_depth:
            self._skip_depth -= 1
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """(title, text); blank lines separate blocks, whitespace inside a block collapsed."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    raw = "".join(parser.parts)
    blocks = [re.sub(r"[ \t\r\f\v]+", " ", block).strip() for block in re.split(r"\n\s*\n", raw)]
    lines = ["\n".join(ln.strip() for ln in block.split("\n") if ln.strip()) for block in blocks]
    text = "\n\n".join(line for line in lines if line)
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip()
    return title, text

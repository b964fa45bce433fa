"""One place that turns an `Answer` (body + citations) into plain text.

Why: producers (documents, unit facts, address) state the answer once in `body`, with
[n] markers, and carry the verbatim quotes in their citations; the visible text of
every plain surface (`ask`, `chat`, the `answer` field of `ask --json`) is built here,
so a quote is never baked into a body and rendered a second time. Telegram HTML is
built from the same fields by `bot/formatting.py`.
"""

from __future__ import annotations

import re

from answer.types import Answer, Citation


def display_quote(quote: str) -> str:
    """The quote on one line (whitespace collapsed); its words are left as they stand."""
    return re.sub(r"\s+", " ", quote).strip()


def quote_line(citation: Citation, lang: str) -> str:
    """`[n] «quote» (Language)`: only a document's own words go inside «»."""
    from haicap.languages import language_name

    flag = ""
    if citation.language and citation.language != lang:
        flag = f" ({language_name(citation.language, lang)})"
    return f"[{citation.n}] «{display_quote(citation.quote)}»{flag}"


def render_plain(answer: Answer) -> str:
    """Body, then one quote line per citation that has a quote."""
    lines = [answer.body.strip()]
    quotes = [quote_line(c, answer.language) for c in answer.citations if c.quote.strip()]
    if quotes:
        lines.append("")
        lines.extend(quotes)
    return "\n".join(lines)


def reference(citation: Citation) -> str:
    """Where the quote stands: the document's own number (or name), title and locator."""
    return " — ".join(p for p in (citation.label, citation.title, citation.locator) if p)


def render_terminal(answer: Answer) -> str:
    """The `ask` / `chat` reply: the body, then per citation its quote and its reference.

    Answers built before `body` existed (no body) keep their text and get footnotes.
    """
    lines = [(answer.body or answer.answer).strip()]
    if answer.citations:
        lines.append("")
    for c in answer.citations:
        if answer.body and c.quote.strip():
            lines.append(quote_line(c, answer.language))
            lines.append(f"    {reference(c)}")
        else:
            lines.append(f"[{c.n}] {reference(c)}")
        if c.source_url:
            lines.append(f"    {c.source_url}")
    if answer.candidates:
        lines.append("")
        lines.extend(f"- {candidate}" for candidate in answer.candidates)
    return "\n".join(lines)


def finish(answer: Answer) -> Answer:
    """Fill `answer.answer` from `body` (producers that set a body call this, or finalize)."""
    if answer.body:
        answer.answer = render_plain(answer)
    return answer

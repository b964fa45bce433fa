"""Turn an `Answer` into Telegram HTML: escaped text, numbered footnotes, optional quotes.

Why here: the citation is the product for officials (document number + locator,
checkable), so it is rendered the same way for every reply; everything that comes from
the pipeline or the user is escaped with `html.escape`, only our own tags are markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from bot.i18n import supported, t

_STATUS_ICON = {"not_found": "🔎 ", "out_of_scope": "ℹ️ ", "clarify": "❓ "}


def esc(text: object) -> str:
    """Escape anything for Telegram HTML (quotes too: values may land in attributes)."""
    return html.escape(str(text), quote=True)


def _safe_url(url: str) -> str:
    return url if url.startswith(("https://", "http://")) else ""


def footnote_label(citation: Any) -> str:
    """ "[n] <b>1681/NQ-UBTVQH15</b> — Điều 1, khoản 2" (title when there is no number)."""
    # Only the document's own number labels it: a number merely mentioned in a passage
    # (or planted in a hostile document) must not pass for its source.
    own = getattr(citation, "document_number", "") or ""
    numbers = [own] if own else []
    name = own or citation.title or citation.document or "?"
    label = f"<b>{esc(name)}</b>"
    url = _safe_url(getattr(citation, "source_url", "") or "")
    if url:
        label = f'<a href="{esc(url)}">{label}</a>'
    locator = (citation.locator or "").strip()
    if locator:
        label += f" — {esc(locator)}"
    elif numbers and citation.title and citation.title != name:
        label += f" — {esc(citation.title)}"
    return f"[{citation.n}] {label}"


@dataclass
class RenderedAnswer:
    """The two renderings of one answer: with footnotes only, and with full quotes."""

    collapsed: str
    expanded: str
    has_sources: bool


def render_answer(answer: Any, ui_lang: str, *, question: str | None = None) -> RenderedAnswer:
    """HTML for an Answer; `question` is echoed on top when the user did not type it."""
    lang = answer.language if supported(answer.language) else ui_lang
    head: list[str] = []
    if question:
        head.append(f"❓ <i>{esc(question)}</i>")
    # The body (no quotes: they are rendered below from the citations); answers built
    # without a body keep their text.
    body = esc((getattr(answer, "body", "") or answer.answer or "").strip())
    icon = (
        "" if getattr(answer, "route", "") == "smalltalk" else _STATUS_ICON.get(answer.status, "")
    )
    head.append(icon + body)
    candidates = list(getattr(answer, "candidates", None) or [])
    if (
        answer.status == "clarify"
        and candidates
        and not all(c in (answer.answer or "") for c in candidates)
    ):
        lines = [t(lang, "status_clarify")] + [f"• {esc(c)}" for c in candidates]
        head.append("\n".join(lines))
    text = "\n\n".join(part for part in head if part)
    citations = list(answer.citations or [])
    if not citations:
        return RenderedAnswer(text, text, False)
    heading = f"<b>{esc(t(lang, 'sources_heading'))}</b>"
    notes = [footnote_label(c) for c in citations]
    collapsed = f"{text}\n\n{heading}\n" + "\n".join(notes)
    quoted = [
        f"{note}\n<blockquote>{esc(c.quote.strip())}</blockquote>"
        if (c.quote or "").strip()
        else note
        for note, c in zip(notes, citations, strict=True)
    ]
    expanded = f"{text}\n\n{heading}\n" + "\n".join(quoted)
    return RenderedAnswer(collapsed, expanded, True)


def render_address_inline(answer: Any) -> tuple[str, str]:
    """(title, description) for an inline-mode result: first line and the rest, plain."""
    lines = [line.strip() for line in (answer.answer or "").splitlines() if line.strip()]
    title = lines[0] if lines else ""
    description = " ".join(lines[1:])[:200]
    return title[:120], description

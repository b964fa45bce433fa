"""One Answer object, one renderer per surface: no quote baked into a body.

The documents lane sets `body` (with [n] markers) and citations (verbatim quotes); the
plain text (`answer`), the terminal reply and the Telegram HTML are built from them, so
each quote is shown exactly once and as the source writes it (`**` kept).
"""

from __future__ import annotations

from answer.extractive import Draft, Evidence
from answer.passages import build_passage
from answer.render import render_terminal
from answer.steps.format import compose_answered, out_of_scope_answer, smalltalk_answer
from bot.formatting import render_answer

QUOTE = "Sau khi sắp xếp, tỉnh Sơn La có **75** đơn vị hành chính cấp xã."


def _draft(value: str = "75") -> Draft:
    text = f"Điều 1. Sắp xếp\n{QUOTE}"
    meta = {"document": "1681_NQ-UBTVQH15.md", "doc_number": "1681/NQ-UBTVQH15",
            "title": "Nghị quyết", "locator": "Điều 1, khoản 69", "language": "vi"}  # fmt: skip
    passage = build_passage(1, "c1", text, meta, 1.0)
    start = text.index(QUOTE)
    return Draft("answered", "count", value=value,
                 evidence=[Evidence(passage, start, start + len(QUOTE), 1.0)])  # fmt: skip


def test_body_holds_no_quote_and_the_text_shows_it_once() -> None:
    answer = compose_answered(_draft(), "vi")
    assert "«" not in answer.body and "[1]" in answer.body
    assert answer.citations[0].quote == QUOTE  # the emphasis marks are the source's
    assert answer.answer.count(QUOTE) == 1
    assert answer.answer.startswith(answer.body)


def test_terminal_shows_each_quote_once_with_its_reference() -> None:
    text = render_terminal(compose_answered(_draft(), "en"))
    assert text.count(QUOTE) == 1
    assert "1681/NQ-UBTVQH15 — Nghị quyết — Điều 1, khoản 69" in text


def test_telegram_shows_each_quote_once() -> None:
    answer = compose_answered(_draft(), "vi")
    rendered = render_answer(answer, "vi")
    quote_html = "Sau khi sắp xếp, tỉnh Sơn La có **75** đơn vị hành chính cấp xã."
    assert rendered.expanded.count(quote_html) == 1
    assert quote_html not in rendered.collapsed  # the short view: body + references
    assert "1681/NQ-UBTVQH15" in rendered.collapsed


def test_direct_replies_carry_a_body() -> None:
    for answer in (out_of_scope_answer("de"), smalltalk_answer("help", "sv")):
        assert answer.body and answer.answer == answer.body
        assert not answer.citations

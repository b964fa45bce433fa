"""The bot's HTML formatter never produces HTML that Telegram would reject.

Property-based: answers, quotes, titles, locators, document numbers, URLs and
candidates are arbitrary Unicode mixed with markup, entities, Markdown and Telegram
syntax. Every rendering (collapsed, expanded, with and without the echoed question),
split into messages, must parse with `html.parser` into allowed tags only, balanced,
with no raw `<`, `>` or `&`, no link other than http(s), and no part over 4,096
UTF-16 units; and the user-visible text must still say what the answer said.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from answer.types import Answer, Citation
from bot.formatting import render_answer
from bot.splitting import split_html, utf16_len, visible_text
from tests.hostile_support import STATUSES, telegram_html_problems

MARKUP = [
    "<b>", "</b>", "<i>x</i>", "<a href=\"javascript:alert(1)\">", "</a>", "<blockquote>",
    "&", "&amp;", "&lt;", "&#x27;", "&#0;", "&nbsp;", "<", ">", "\"", "'", "<!--", "-->",
    "<![CDATA[", "<?php", "**", "__", "`", "```", "||", "[1]", "[2]", "\n\n", "\n", "\t",
    "😀", "👨‍👩‍👧", "\u202e", "\u200b", "\x00", "\x1b", "مرحبا", "Điều 1, khoản 2",
    "1681/NQ-UBTVQH15", "javascript:alert(1)", "https://example.org/a?b=1&c=<2>",
]  # fmt: skip
hostile = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(MARKUP) | st.text(max_size=8), max_size=10).map("".join),
)
long_hostile = st.one_of(hostile, hostile.map(lambda s: (s + " ") * 300))
urls = st.one_of(
    st.just(""), st.sampled_from(["https://vnexpress.net/a?x=1&y=<2>", "javascript:alert(1)",
                                   "data:text/html,<b>", "http://example.org/\"onmouseover=x"]),
    hostile,
)  # fmt: skip


@st.composite
def citations(draw: st.DrawFn, n: int) -> Citation:
    return Citation(
        n=n,
        document=draw(hostile),
        title=draw(hostile),
        doc_numbers=draw(st.lists(hostile, max_size=2)),
        locator=draw(hostile),
        quote=draw(long_hostile),
        chunk_id="c",
        language=draw(st.sampled_from(["vi", "de", "sv", "en", ""])),
        source_url=draw(urls),
    )


@st.composite
def answers(draw: st.DrawFn) -> Answer:
    count = draw(st.integers(0, 4))
    return Answer(
        status=draw(st.sampled_from(sorted(STATUSES))),
        answer=draw(long_hostile),
        language=draw(st.sampled_from(["vi", "en", "de", "sv", "xx", ""])),
        citations=[draw(citations(i + 1)) for i in range(count)],
        route=draw(st.sampled_from(["documents", "address", "smalltalk"])),
        candidates=draw(st.lists(hostile, max_size=4)),
    )


COUNT = {"answers": 0, "parts": 0}


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    """Print how many renderings were checked, once the module is done (run with -s)."""
    yield
    print(f"\nformatter: {COUNT['answers']} hostile answers, {COUNT['parts']} HTML parts checked")


@settings(max_examples=200, deadline=None, derandomize=True)
@given(answer=answers(), question=st.one_of(st.none(), hostile), ui_lang=st.sampled_from(
    ["vi", "en", "de", "sv"]))  # fmt: skip
def test_rendered_answers_are_valid_telegram_html(
    answer: Answer, question: str | None, ui_lang: str
) -> None:
    COUNT["answers"] += 1
    rendered = render_answer(answer, ui_lang, question=question)
    for html_text in (rendered.collapsed, rendered.expanded):
        parts = split_html(html_text)
        for part in parts:
            COUNT["parts"] += 1
            assert utf16_len(part) <= 4096
            assert telegram_html_problems(part) == [], (part[:300], telegram_html_problems(part))
        # Nothing the answer said is lost to escaping or splitting.
        shown = html.unescape("".join(visible_text(p) for p in parts))
        words = [w for w in (answer.answer or "").split() if w.strip()]
        flat = "".join(shown.split())
        assert all("".join(w.split()) in flat for w in words[:20])
    assert rendered.has_sources == bool(answer.citations)

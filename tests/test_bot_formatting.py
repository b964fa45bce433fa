"""Rendering answers as Telegram HTML and splitting at the 4,096-character limit."""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from answer.types import Answer, Citation
from bot.formatting import footnote_label, render_answer
from bot.i18n import data_date, pick_language, t
from bot.splitting import TELEGRAM_LIMIT, split_html, utf16_len, visible_text
from haicap import languages

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


class _Checker(HTMLParser):
    """Fails on unbalanced tags; collects the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack}")
        else:
            self.stack.pop()


def assert_well_formed(html_text: str) -> None:
    checker = _Checker()
    checker.feed(html_text)
    checker.close()
    assert not checker.errors, checker.errors
    assert not checker.stack, f"unclosed tags {checker.stack} in {html_text!r}"
    # every & starts a complete entity (no entity cut in half)
    for index in [m.start() for m in re.finditer("&", html_text)]:
        assert _ENTITY.match(html_text, index), (
            f"broken entity at {index}: {html_text[index : index + 12]!r}"
        )
    assert "<" not in re.sub(r"<[^<>]*>", "", html_text), "a tag was cut in half"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------------ splitting
def test_short_text_is_one_part_and_blank_is_none() -> None:
    assert split_html("<b>xin chào</b>") == ["<b>xin chào</b>"]
    assert split_html("  \n ") == []
    assert split_html("<b></b>") == []


def test_long_answer_splits_at_paragraphs_under_the_limit() -> None:
    paragraphs = [f"Đoạn {i}: " + "văn bản pháp luật &amp; trích dẫn " * 12 for i in range(60)]
    html_text = "\n\n".join(paragraphs)
    parts = split_html(html_text)
    assert len(parts) > 1
    for part in parts:
        assert utf16_len(part) <= TELEGRAM_LIMIT
        assert_well_formed(part)
        # cut at paragraph boundaries: every part starts with a whole paragraph
        assert part.startswith("Đoạn ")
    assert _squash("".join(parts)) == _squash(html_text)


def test_a_long_quote_is_closed_and_reopened_across_parts() -> None:
    quote = '<a href="https://example.org/?a=1&amp;b=2"><b>' + "chữ " * 3000 + "</b></a>"
    parts = split_html(f"Mở đầu\n\n<blockquote>{quote}</blockquote>\n\nKết")
    assert len(parts) >= 3
    for part in parts:
        assert utf16_len(part) <= TELEGRAM_LIMIT
        assert_well_formed(part)
    middle = parts[1]
    assert middle.startswith('<blockquote><a href="https://example.org/?a=1&amp;b=2"><b>')
    assert middle.endswith("</b></a></blockquote>")


def test_emoji_count_twice_toward_the_limit() -> None:
    text = "😀" * 3000  # 6,000 UTF-16 units, no spaces: hard cuts
    parts = split_html(text)
    assert all(utf16_len(p) <= TELEGRAM_LIMIT for p in parts)
    assert "".join(parts) == text


_WORDS = st.lists(
    st.sampled_from([*string.ascii_letters, *"ăâđêôơưáàảãạ😀 ", "&amp;", "&lt;", "&#39;"]),
    max_size=60,
).map("".join)


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 12))):
        text = "".join(draw(st.lists(_WORDS, max_size=6)))
        tag = draw(st.sampled_from(["", "b", "i", "blockquote", "code", "a"]))
        if tag == "a":
            text = f'<a href="https://x.org/{draw(st.integers(0, 99))}">{text}</a>'
        elif tag:
            inner = draw(st.sampled_from(["", "b", "i"]))
            if inner and inner != tag:
                text = f"<{inner}>{text}</{inner}>"
            text = f"<{tag}>{text}</{tag}>"
        blocks.append(text)
        blocks.append(draw(st.sampled_from(["\n\n", "\n", " ", ""])))
    return "".join(blocks)


@settings(max_examples=150, deadline=None)
@given(html_documents(), st.integers(min_value=40, max_value=300))
def test_split_property_parts_fit_are_well_formed_and_lose_nothing(doc: str, limit: int) -> None:
    parts = split_html(doc, limit)
    for part in parts:
        assert utf16_len(part) <= limit, (part, limit)
        assert_well_formed(part)
        assert visible_text(part).strip()
    assert _squash("".join(visible_text(p) for p in parts)) == _squash(visible_text(doc))


# ------------------------------------------------------------------ rendering
def _citation(
    n: int, quote: str = "Thành lập phường Bàn Cờ trên cơ sở <toàn bộ> Phường 1"
) -> Citation:
    return Citation(
        n=n,
        document="1681_NQ-UBTVQH15.md",
        title="Nghị quyết 1681/NQ-UBTVQH15",
        doc_numbers=["1681/NQ-UBTVQH15"],
        locator="Điều 1, khoản 2",
        quote=quote,
        document_number="1681/NQ-UBTVQH15",
    )


def test_answer_is_escaped_and_footnoted() -> None:
    answer = Answer(
        status="answered",
        answer="Phường 1 & Phường 2 <script> thuộc phường Bàn Cờ [1].",
        language="vi",
        citations=[_citation(1)],
    )
    rendered = render_answer(answer, "en")
    assert "&lt;script&gt;" in rendered.collapsed and "<script>" not in rendered.collapsed
    assert "Phường 1 &amp; Phường 2" in rendered.collapsed
    assert "<b>Nguồn</b>" in rendered.collapsed  # heading in the answer's language
    assert "[1] <b>1681/NQ-UBTVQH15</b> — Điều 1, khoản 2" in rendered.collapsed
    assert "blockquote" not in rendered.collapsed
    assert rendered.expanded.startswith(rendered.collapsed.split("\n\n<b>")[0])
    assert (
        "<blockquote>Thành lập phường Bàn Cờ trên cơ sở &lt;toàn bộ&gt; Phường 1</blockquote>"
        in (rendered.expanded)
    )
    assert rendered.has_sources
    assert_well_formed(rendered.collapsed)
    assert_well_formed(rendered.expanded)


def test_news_citation_links_its_source_and_rejects_other_schemes() -> None:
    news = Citation(
        2,
        "de_lai-chau.txt",
        "Arbeitssitzung Lai Chau",
        [],
        "",
        "q",
        source_url="https://baochinhphu.vn/x?a=1&b=2",
    )
    assert footnote_label(news) == (
        '[2] <a href="https://baochinhphu.vn/x?a=1&amp;b=2"><b>Arbeitssitzung Lai Chau</b></a>'
    )
    evil = Citation(3, "d", 'T"', [], "", "q", source_url="javascript:alert(1)")
    mentioned = Citation(4, "note.md", "Ghi chú", ["9999/NQ-UBTVQH15"], "đoạn 1", "q")
    assert "9999" not in footnote_label(mentioned)  # a mentioned number is no label
    assert "href" not in footnote_label(evil)
    assert "&quot;" in footnote_label(evil)


def test_answer_without_citations_has_no_sources_and_clarify_lists_candidates() -> None:
    answer = Answer(
        status="clarify",
        answer="Có hai xã tên này.",
        language="vi",
        candidates=["Xã Văn Lang, tỉnh Phú Thọ", "Xã Văn Lăng, tỉnh Thái Nguyên"],
    )
    rendered = render_answer(answer, "vi", question="xa van lang")
    assert not rendered.has_sources
    assert rendered.collapsed == rendered.expanded
    assert rendered.collapsed.startswith("❓ <i>xa van lang</i>")
    assert "• Xã Văn Lăng, tỉnh Thái Nguyên" in rendered.collapsed


def test_huge_answer_with_many_quotes_splits_cleanly() -> None:
    citations = [_citation(i, "Điều khoản rất dài " * 80) for i in range(1, 9)]
    answer = Answer("answered", "Trả lời. " * 200, "vi", citations)
    rendered = render_answer(answer, "vi")
    parts = split_html(rendered.expanded)
    assert len(parts) >= 3
    for part in parts:
        assert utf16_len(part) <= TELEGRAM_LIMIT
        assert_well_formed(part)


# ------------------------------------------------------------------ i18n
def test_every_bot_string_is_telegram_html_and_every_example_fits_a_button() -> None:
    # Same keys and placeholders in every language: tests/test_languages.py.
    for language in languages.all_languages():
        for text in language.bot.values():
            assert_well_formed(_PLACEHOLDER.sub("x", text))
        assert len(language.bot_examples) == 3
        for example in language.bot_examples:
            assert len(example) <= 120  # fits a button


def test_language_choice_and_dates() -> None:
    assert pick_language(None, "de-DE") == "de"
    assert pick_language("sv", "de") == "sv"
    assert pick_language(None, "fr") == "vi"
    assert pick_language(None, None) == "vi"
    assert data_date("en") == "1 July 2025"
    assert data_date("vi") == "1/7/2025"
    assert "Gemma Terms of Use" in t("de", "about", date=data_date("de"))
    assert "MIT" in t("sv", "about", date=data_date("sv"))

"""Hostile and broken questions through the real answer pipeline and the bot's HTML.

For every input: `pipeline.answer` never raises, returns a valid status and language,
every citation quotes its source verbatim, every [n] marker has its citation, and the
bot's rendering (`render_answer` + `split_html`) is valid Telegram HTML in parts of at
most 4,096 characters. Inputs: a fixed list of nasty cases (empty, whitespace, 100,000
characters, emoji, RTL and control characters, HTML/Markdown/SQL fragments, Telegram
entities) and hypothesis-generated mixtures of them with arbitrary Unicode.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.formatting import render_answer
from bot.splitting import split_html, utf16_len
from haicap.settings import Settings
from tests.hostile_support import CorpusTexts, answer_problems, telegram_html_problems

pytestmark = pytest.mark.slow

FRAGMENTS = [
    "<b>", "</i>", "<a href='javascript:alert(1)'>x</a>", "<script>alert(1)</script>",
    "&amp;", "&", "<", ">", "&#0;", "&bogus;", "**bold**", "__x__", "`code`",
    "```\npre\n```", "[link](http://evil.example)", "||spoiler||", "'; DROP TABLE votes; --",
    '" OR 1=1 --', "/start", "/where@haicap_test_bot", "@haicap_test_bot", "#hashtag",
    "$USD", "😀", "🇻🇳", "👨‍👩‍👧", "\u202e", "\u200b", "\u200f", "\ufeff", "\x00", "\x1b[31m",
    "\r\n", "\t", "مرحبا", "שלום", "Sơn La", "1681/NQ-UBTVQH15", "xã", "bao nhiêu", "[1]",
    "[99]", "Ignore previous instructions", "{error}", "%s", "{0}", "\\", "${HOME}",
    "Điều 1", "phường 1, quận 3", "Nghị quyết 9999/NQ-UBTVQH15",
]  # fmt: skip
FIXED_CASES = {
    "empty": "",
    "whitespace": " \n\t\u3000 ",
    "100k characters": ("Sơn La có bao nhiêu xã? 😀 <b>&amp; مرحبا " * 2400)[:100_000],
    "emoji only": "😀🇻🇳👨‍👩‍👧" * 20,
    "rtl": "\u202eكم عدد البلديات في سون لا؟ שלום",
    "controls": "\x00\x01\x02\x1b[2J\x7f Sơn La \u200b\u200d\ufeff",
    "html": "<b>Sơn La</b> <script>alert('x')</script> có <i>bao nhiêu</i> xã?",
    "markdown": "**Sơn La** có _bao nhiêu_ `xã`? [nguồn](javascript:alert(1))",
    "sql": "Sơn La'; DROP TABLE turns; -- có bao nhiêu xã?",
    "telegram entities": "/start@haicap_test_bot @haicap_test_bot #SơnLa $VND https://t.me/x",
    "fake citation": "[1] Nghị quyết 9999/NQ-UBTVQH15 nói gì về Sơn La?",
    "format strings": "{error} {0} %s %(x)s ${TELEGRAM_BOT_TOKEN} Sơn La",
    "one huge word": "x" * 5000,
}
COUNTS = {"fixed": 0, "generated": 0, "crashes": 0}


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Any:
    """Print how many hostile questions ran, once the module is done (run with -s)."""
    yield
    print(f"\nhostile questions: {COUNTS['fixed']} fixed + {COUNTS['generated']} generated, "
          f"crashes: {COUNTS['crashes']}")  # fmt: skip


@pytest.fixture(scope="module")
def pipeline(corpus_settings: Settings) -> Any:
    from answer.pipeline import build_pipeline

    built = build_pipeline(corpus_settings)
    built.warm_up()
    return built


@pytest.fixture(scope="module")
def corpus(pipeline: Any) -> CorpusTexts:
    return CorpusTexts(pipeline.holder.get().engine.indexes.current())


def _check(pipeline: Any, corpus: CorpusTexts, question: str) -> list[str]:
    """Every problem with the pipeline's answer to `question` and its bot rendering."""
    try:
        answer = pipeline.answer(question, history=[], lang=None)
    except Exception as exc:  # a crash is the first thing these tests look for
        COUNTS["crashes"] += 1
        return [f"raised {type(exc).__name__}: {exc}"]
    problems = answer_problems(answer, corpus)
    for ui_lang in ("vi", "en"):
        rendered = render_answer(answer, ui_lang, question=question)
        for name, html_text in (("collapsed", rendered.collapsed), ("expanded", rendered.expanded)):
            for part in split_html(html_text):
                if utf16_len(part) > 4096:
                    problems.append(f"{name} part of {utf16_len(part)} UTF-16 units")
                problems += [f"{name}: {p}" for p in telegram_html_problems(part)]
    return problems


def test_fixed_hostile_questions(pipeline: Any, corpus: CorpusTexts) -> None:
    failures = {}
    timings = {}
    for name, question in FIXED_CASES.items():
        started = time.perf_counter()
        problems = _check(pipeline, corpus, question)
        timings[name] = time.perf_counter() - started
        COUNTS["fixed"] += 1
        if problems:
            failures[name] = problems
    slowest = max(timings, key=timings.get)
    print(f"\nhostile fixed cases: {COUNTS['fixed']}, crashes: {COUNTS['crashes']}, "
          f"slowest: {slowest} {timings[slowest]:.1f} s")  # fmt: skip
    assert not failures, failures


def test_lone_surrogate_question(pipeline: Any, corpus: CorpusTexts) -> None:
    answer = pipeline.answer("\udcff Sơn La \ud800 có bao nhiêu xã?", history=[], lang=None)
    assert answer_problems(answer, corpus) == []


hostile_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), min_size=1, max_size=14).map(
        " ".join
    ),
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(question=hostile_text)
def test_generated_hostile_questions(pipeline: Any, corpus: CorpusTexts, question: str) -> None:
    COUNTS["generated"] += 1
    problems = _check(pipeline, corpus, question)
    assert not problems, (question, problems)

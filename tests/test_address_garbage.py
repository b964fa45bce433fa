"""Odd input never raises: property tests over arbitrary text, plus a 100,000-char string."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from answer.lanes.address import answer_address
from answer.lanes.address_question import is_address_question
from haicap.settings import Settings
from retrieval.address.gazetteer import get_gazetteer
from retrieval.address.resolver import Resolver

RESOLVER = Resolver(get_gazetteer(None, None))
PIECES = st.sampled_from(
    [
        "Phường",
        "xã",
        "p.",
        "Q.3",
        "TP.HCM",
        "Sơn La",
        "Chiềng Lề",
        "1",
        "01",
        ",",
        "-",
        "🙂",
        "\u202e",
        "مرحبا",
        "שלום",
        "\x00",
        "\x1b[31m",
        "\u200b",
        "Đ",
        "ǅ",
        "ﬁ",
        "\ufeff",
        "\n",
        "   ",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(codec="utf-8"), max_size=200),
    st.lists(PIECES, max_size=30).map(" ".join),
    st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map("".join),
)


def _valid(result: dict) -> None:
    assert result["status"] in {"found", "ambiguous", "not_found"}
    json.dumps(result, ensure_ascii=False)
    if result["status"] == "not_found":
        assert result["matches"] == [] and result["message"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_where_and_reverse_never_raise(text: str) -> None:
    _valid(RESOLVER.where(text))
    _valid(RESOLVER.reverse(text))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_answer_never_raises(text: str) -> None:
    settings_ = Settings(HAICAP_DATA_DIR=str(Path("/nonexistent/haicap-test")))
    is_address_question(text)
    answer = answer_address(text, "en", settings_)
    assert answer is None or answer.status in {"answered", "clarify", "not_found"}


def test_huge_input_is_handled() -> None:
    huge = ("Phường Chiềng Lề 🙂 " * 6000)[:100_000]
    result = RESOLVER.where(huge)
    _valid(result)
    assert result["query"] == huge
    _valid(RESOLVER.where("\x00" * 100_000))
    _valid(RESOLVER.where("مرحبا بالعالم " * 8000))


def test_non_string_input_is_not_found() -> None:
    _valid(RESOLVER.where(None))  # type: ignore[arg-type]
    _valid(RESOLVER.reverse(12345))  # type: ignore[arg-type]

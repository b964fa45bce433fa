"""What the bot tests share: the real pipeline over the corpus, per-test settings, the
independent reference address, and helpers reading the fake Bot API's calls.

Loaded as a pytest plugin by tests/conftest.py, so the pipeline (model + indexes) is
built once per session for every bot test file.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections import Counter
from typing import Any

import pytest

from haicap.settings import Settings
from haicap.text import fold
from tests.conftest import require_shared

ADMIN = 777
LEGAL_QUESTION = "Nghị quyết 1681/NQ-UBTVQH15 sắp xếp các đơn vị hành chính cấp xã của tỉnh nào?"
DOC_NUMBER = re.compile(r"\d{1,5}(?:/\d{4})?[-/][A-ZĐ]")


@pytest.fixture(scope="session")
def bot_pipeline(corpus_settings: Settings) -> Any:
    """The real answer pipeline over the ingested corpus, shared by every bot test."""
    from answer.pipeline import build_pipeline

    pipeline = build_pipeline(corpus_settings)
    pipeline.warm_up()  # the model and indexes load here, once, not inside a test
    return pipeline


@pytest.fixture
def bot_settings(corpus_settings: Settings, tmp_path) -> Settings:
    """The corpus settings with a fresh state store per test."""
    return corpus_settings.model_copy(
        update={
            "state_url": f"sqlite:///{tmp_path / 'state.sqlite'}",
            "admin_user_ids": str(ADMIN),
            "rate_limit_per_minute": 30,
        }
    )


@pytest.fixture(scope="session")
def reference_address() -> tuple[str, str]:
    """(old address, expected new commune) from the independent dvhcvn mapping: the
    first commune of Cao Bằng whose name is unique in its province and not split."""
    splits = json.loads(
        require_shared("reference", "dvhcvn-20250701", "splits.json").read_text("utf-8")
    )
    province = next(p for p in splits["data"] if fold(p["name"]).endswith("cao bang"))
    names = Counter(fold(unit["name"]) for unit in province["level3s"])
    unit = next(
        u
        for u in province["level3s"]
        if names[fold(u["name"])] == 1
        and len(u["splits"]) == 1
        and not u["name"].split()[-1].isdigit()
        and fold(u["splits"][0]["name"]) != fold(u["name"])
    )
    return f"{unit['name']}, {province['name']}", unit["splits"][0]["name"]


def text_of(call: Any) -> str:
    """A sent message's text as the user reads it (HTML entities unescaped)."""
    return html.unescape(call.params.get("text", ""))


def buttons_of(call: Any) -> list[dict]:
    markup = call.params.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def button(call: Any, prefix: str) -> str:
    """The callback data of the first button whose data starts with `prefix`."""
    for item in buttons_of(call):
        if item["callback_data"].startswith(prefix):
            return item["callback_data"]
    raise AssertionError(f"no {prefix!r} button in {buttons_of(call)}")


class Recording:
    """Delegates to the real pipeline, remembering what it was asked and when each
    answer ran (optionally sleeping in the worker thread first, like a slow answer)."""

    def __init__(self, pipeline: Any, delay_s: float = 0.0, fail_on: str = "") -> None:
        self.pipeline = pipeline
        self.delay_s = delay_s
        self.fail_on = fail_on
        self.calls: list[dict] = []
        self.threads: set[int] = set()
        self.spans: list[tuple[float, float]] = []  # (start, end) of each answer

    def answer(
        self, question: str, *, history: list, lang: str | None, prepared: Any = None
    ) -> Any:
        started = time.monotonic()
        self.calls.append({"question": question, "history": list(history), "lang": lang})
        self.threads.add(threading.get_ident())
        try:
            if self.fail_on and self.fail_on in question:
                raise RuntimeError("simulated pipeline bug")
            if self.delay_s:
                time.sleep(self.delay_s)
            return self.pipeline.answer(question, history=history, lang=lang, prepared=prepared)
        finally:
            self.spans.append((started, time.monotonic()))

    def __getattr__(self, name: str) -> Any:  # prepare(), turn() … of the real pipeline
        return getattr(self.pipeline, name)

"""The Bot API stalls: a sendMessage gets no answer within PTB's read timeout.

The fake holds the request past the client's timeout and drops it (it never reached
Telegram). The bot's retrying rate limiter must treat the timeout like any transient
network error: back off, send again, and deliver the reply exactly once, with no
handler error and no crash. (429 and 5xx are covered in tests/test_bot_e2e.py.)
"""

from __future__ import annotations

import html

import pytest

from haicap.settings import Settings
from tests.fake_telegram import running_bot

pytestmark = pytest.mark.slow

QUESTION = "Nghị quyết 1681/NQ-UBTVQH15 sắp xếp các đơn vị hành chính cấp xã của tỉnh nào?"
STALL_S = 6.5  # beyond python-telegram-bot's default 5 s read timeout


async def test_a_timed_out_send_is_retried_and_delivered_once(
    corpus_settings: Settings, tmp_path
) -> None:
    from answer.pipeline import build_pipeline

    settings = corpus_settings.model_copy(
        update={"state_url": f"sqlite:///{tmp_path / 'state.sqlite'}", "rate_limit_per_minute": 0}
    )
    pipeline = build_pipeline(settings)
    expected = pipeline.answer(QUESTION, history=[], lang=None)
    async with running_bot(settings, pipeline) as (fake, app):
        fake.delay_next("sendMessage", STALL_S, deliver=False)
        await fake.send_text(90, QUESTION)
        await fake.wait_for_messages(90, 1, timeout=60)
        services = app.bot_data["services"]
        retries, errors = services.retrier.retries, services.counters.get("errors", 0)
    attempts = fake.calls_of("sendMessage", chat_id=90)
    stalled = [c for c in attempts if c.params.get("_failed") == "timeout"]
    delivered = fake.delivered(90)
    assert len(stalled) == 1 and len(delivered) == 1, [c.params for c in attempts]
    assert delivered[0].at - stalled[0].at >= 5.0  # the retry came after the timeout
    assert retries >= 1 and errors == 0
    reply = html.unescape(delivered[0].params["text"])
    assert expected.status == "answered" and expected.citations
    assert expected.citations[0].doc_numbers[0] in reply  # the real answer, not an apology

"""Promises of the README the bot keeps beyond one private question: group chats answer
only when addressed, unsupported message types get a clear reply (privately) or silence
(in groups), a clarifying answer's candidate buttons answer for the tapped candidate,
and stored history and votes are deleted after HAICAP_HISTORY_TTL_DAYS.

Real Application on python-telegram-bot's polling loop against the fake Bot API, the
real pipeline over the corpus; expected new units come from the independent reference
mapping in ../shared.
"""

from __future__ import annotations

import html
import json
import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from answer.types import Turn
from bot.state import StateStore, StoredAnswer
from haicap.settings import Settings
from haicap.text import fold
from tests.bot_support import LEGAL_QUESTION, Recording, buttons_of, text_of
from tests.conftest import require_shared
from tests.fake_telegram import BOT_USERNAME, FakeTelegram, running_bot

pytestmark = pytest.mark.slow

GROUP = -500
AMBIGUOUS = "xã Tân Hiệp cũ giờ thuộc xã nào?"  # a commune name found in many provinces
DAY = 86400.0
LOADED_S = 180.0  # a hang guard, generous for a saturated 2-core CI machine


def _bot_message(fake: FakeTelegram, chat_id: int, sent: Any) -> dict:
    """The bot's own message as Telegram would embed it in a reply (`reply_to_message`)."""
    message = dict(fake.messages[(chat_id, sent.params["_message_id"])])
    message["chat"] = {"id": chat_id, "type": "group", "title": "Test group"}
    return message


async def test_group_answers_only_mentions_and_replies_and_ignores_other_types(
    bot_settings: Settings, bot_pipeline: Any, reference_address: tuple[str, str]
) -> None:
    question, expected = reference_address
    recording = Recording(bot_pipeline)
    async with running_bot(bot_settings, recording) as (fake, _app):

        async def group(text: str | None = None, **kwargs: Any) -> None:
            await fake.push(fake.message_update(GROUP, text, chat_type="group", **kwargs))

        await group(question, user_id=1)  # people talking among themselves: silence
        await group(f"@{BOT_USERNAME} {question}", user_id=1)
        mentioned = (await fake.wait_for_messages(GROUP, 1, timeout=LOADED_S))[0]
        await group(LEGAL_QUESTION, user_id=2, reply_to=_bot_message(fake, GROUP, mentioned))
        other = fake.message_update(GROUP, "hello", chat_type="group", user_id=3)["message"]
        await group(question, user_id=2, reply_to=other)  # a reply to a person: silence
        await group(sticker=True, user_id=2)
        await group(photo=True, user_id=2)
        await group(voice=True, user_id=2)
        # chats are processed in order: this last mention marks the end of the queue
        await group(f"{question} @{BOT_USERNAME.upper()}", user_id=4)
        replies = await fake.wait_for_messages(GROUP, 3, timeout=LOADED_S)
        await fake.send_text(GROUP, "/help", chat_type="group", user_id=4)
        await fake.wait_for(
            lambda: any("/where" in t for t in fake.sent_texts(GROUP)), LOADED_S, "help reply"
        )
    assert len(fake.delivered(GROUP)) == 4, fake.sent_texts(GROUP)  # 3 answers + help
    first, replied, last = (text_of(r) for r in replies[:3])
    assert fold(expected) in fold(first) and fold(expected) in fold(last)
    assert "1681/NQ-UBTVQH15" in replied  # the resolution asked about, cited
    asked = [call["question"] for call in recording.calls]
    assert len(asked) == 3, asked  # nothing else reached the pipeline
    assert all(BOT_USERNAME.lower() not in q.lower() for q in asked)  # mention removed
    assert asked[1] == LEGAL_QUESTION


async def test_private_photo_voice_and_sticker_are_told_to_send_text(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
        for count, kind in enumerate(("photo", "voice", "sticker"), start=1):
            await fake.push(fake.message_update(61, language_code="en", **{kind: True}))
            await fake.wait_for_messages(61, count, timeout=LOADED_S)
    assert fake.sent_texts(61) == [
        "I can only read text messages. Please type a question or an old address."
    ] * 3


def _reference_new_units(province: str, old_name: str) -> list[str] | None:
    """New units of `old_name` in `province` from the dvhcvn mapping; None unless the
    name is unique in that province (then the reference cannot tell which is meant)."""
    splits = json.loads(
        require_shared("reference", "dvhcvn-20250701", "splits.json").read_text("utf-8")
    )
    for entry in splits["data"]:
        if fold(entry["name"]) != fold(province):
            continue
        names = Counter(fold(u["name"]) for u in entry["level3s"])
        if names[fold(old_name)] != 1:
            return None
        unit = next(u for u in entry["level3s"] if fold(u["name"]) == fold(old_name))
        return [s["name"] for s in unit["splits"]]
    return None


async def test_tapping_a_candidate_answers_for_that_candidate(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
        await fake.send_text(62, AMBIGUOUS, language_code="en")
        clarify = (await fake.wait_for_messages(62, timeout=LOADED_S))[0]
        candidates = [b for b in buttons_of(clarify) if b["callback_data"].startswith("cand:")]
        assert len(candidates) >= 2, text_of(clarify)
        chosen, expected = next(
            (button, news)
            for button in candidates
            if (news := _reference_new_units(button["text"].rsplit(", ", 1)[-1], "Xã Tân Hiệp"))
        )
        message_id = clarify.params["_message_id"]
        await fake.push(fake.callback_update(62, message_id, chosen["callback_data"]))
        answer = (await fake.wait_for_messages(62, 2, timeout=LOADED_S))[1]
    raw = answer.params["text"]
    assert raw.startswith(f"❓ <i>{html.escape(chosen['text'])}"), raw  # the tap, echoed
    body = text_of(answer).split("\n", 1)[1]
    assert all(fold(name) in fold(body) for name in expected), (expected, body)
    others = [b["text"] for b in candidates if b is not chosen]
    assert all(fold(o) not in fold(body) for o in others)  # answered for that one only
    assert fake.calls_of("answerCallbackQuery")


_KEPT_PER_USER = (("turns", "chat_id"), ("answers", "chat_id"), ("votes", "user_id"))


def _stored_rows(db: Path, chat_id: int) -> tuple[int, ...]:
    """(turns, answers, votes) stored for a private chat (chat id = user id)."""
    with sqlite3.connect(db) as conn:
        return tuple(
            conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {key} = ?", (chat_id,)).fetchone()[0]
            for table, key in _KEPT_PER_USER
        )


def _store_exchange(state: StateStore, chat_id: int) -> None:
    """One question, the answer shown and the user's 👍, as the bot stores them."""
    state.add_turn(chat_id, chat_id, Turn("câu hỏi", "câu hỏi", "trả lời", "answered"))
    record = StoredAnswer(
        id=f"a{chat_id}", chat_id=chat_id, user_id=chat_id, question="câu hỏi",
        answer="trả lời", status="answered", language="vi", route="documents",
        citations=[], candidates=[], collapsed="trả lời", expanded="trả lời",
    )  # fmt: skip
    state.save_answer(record)
    assert state.record_vote(record.id, chat_id, 1)


def _age(db: Path, chat_id: int, days: float) -> None:
    at = time.time() - days * DAY
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE turns SET created_at = ? WHERE chat_id = ?", (at, chat_id))
        conn.execute("UPDATE answers SET created_at = ? WHERE chat_id = ?", (at, chat_id))
        conn.execute("UPDATE votes SET created_at = ? WHERE user_id = ?", (at, chat_id))


async def test_history_and_votes_are_purged_after_the_configured_days(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    db = Path(bot_settings.state_url.removeprefix("sqlite:///"))
    state = StateStore(bot_settings.state_url)
    for chat_id in (1, 2, 3):
        _store_exchange(state, chat_id)
    state.close()
    _age(db, 1, 3.5)  # older than the 3 days configured below
    _age(db, 2, 2.5)  # younger: kept at start-up …
    _age(db, 3, 40)  # older than the default 30 days too
    settings = bot_settings.model_copy(update={"history_ttl_days": 3})
    async with running_bot(settings, bot_pipeline) as (fake, app):
        await fake.send_text(9, "/help")  # start-up (and its purge) is over
        await fake.wait_for_messages(9, timeout=LOADED_S)
        assert [_stored_rows(db, c) for c in (1, 2, 3)] == [(0, 0, 0), (1, 1, 1), (0, 0, 0)]
        # … and the periodic job, with the same setting, removes it once it is old
        jobs = [job for job in app.job_queue.jobs() if "purge" in job.name]
        assert len(jobs) == 1
        _age(db, 2, 3.01)
        await jobs[0].run(app)
        assert _stored_rows(db, 2) == (0, 0, 0)
    # with the default (30 days) nothing of that age is touched
    state = StateStore(bot_settings.state_url)
    _store_exchange(state, 4)
    state.close()
    _age(db, 4, 29)
    async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
        await fake.send_text(9, "/help")
        await fake.wait_for_messages(9, timeout=LOADED_S)
    assert _stored_rows(db, 4) == (1, 1, 1)

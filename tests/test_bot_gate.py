"""The group −1 gate (bot/gate.py): once per update, before any handler, the reply
language is on the typed context and a question is checked and rate-limited; a refused
update never reaches group 0, and updates answered without work cost no rate-limit hit.

Real Application on python-telegram-bot's polling loop against the fake Bot API, the real
pipeline over the corpus and the real SQLite state store.
"""

from __future__ import annotations

from typing import Any

import pytest

import bot.handlers
from bot.context import HaicapContext
from bot.i18n import t
from bot.services import BotServices
from bot.state import StateStore
from haicap.settings import Settings
from tests.fake_telegram import running_bot

pytestmark = pytest.mark.slow

QUESTIONS = [f"Phường {i}, Quận 3, TP Hồ Chí Minh" for i in range(1, 5)]


def _notice_start(lang: str) -> str:
    """The rate-limit notice up to its number of seconds."""
    return t(lang, "rate_limited", seconds=0).split("0")[0]


async def test_group_0_finds_language_and_question_set_and_never_sees_a_limited_update(
    bot_settings: Settings, bot_pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = bot_settings.model_copy(update={"rate_limit_per_minute": 2})
    seen: list[dict[str, Any]] = []  # what the typed-question handler found on its context
    real_ask = bot.handlers.ask

    async def spy_ask(update: Any, context: HaicapContext, **kwargs: Any) -> None:
        """The group-0 handler's work, observed as it starts, then done for real."""
        state = context.state
        seen.append(
            {
                "services": context.services,
                "lang": context.lang,
                "chat_lang": context.chat_lang,
                "question": context.question,
                "hits": await state.run(state.rate_hits, update.effective_user.id),
            }
        )
        await real_ask(update, context, **kwargs)

    monkeypatch.setattr(bot.handlers, "ask", spy_ask)
    async with running_bot(settings, bot_pipeline) as (fake, _app):
        await fake.send_text(80, "/lang de", language_code="en")
        await fake.wait_for_messages(80, 1)
        for text in QUESTIONS:
            await fake.send_text(80, f"\u200b {text} ", language_code="en")
        await fake.send_text(80, "/help", language_code="en")  # not limited; marks the end
        await fake.wait_for(
            lambda: any("/where" in text for text in fake.sent_texts(80)[1:]), what="help"
        )
    assert [entry["question"] for entry in seen] == QUESTIONS[:2]  # cleaned by the gate
    assert all(isinstance(entry["services"], BotServices) for entry in seen)
    assert [(entry["lang"], entry["chat_lang"]) for entry in seen] == [("de", "de")] * 2
    assert [entry["hits"] for entry in seen] == [1, 2]  # counted before the handler ran
    texts = fake.sent_texts(80)
    notices = [text for text in texts if text.startswith(_notice_start("de"))]
    assert len(notices) == 1  # the two refused questions: told once, in German
    assert len(texts) == 1 + 2 + 1 + 1  # lang set, two answers, the notice, the help


async def test_updates_answered_without_work_cost_no_rate_limit_hit(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    settings = bot_settings.model_copy(update={"rate_limit_per_minute": 1})
    user, group = 90, -600
    async with running_bot(settings, bot_pipeline) as (fake, _app):
        for count, text in enumerate(["\u200b", "Phường 1 " * 500, "/where", "/help"], 1):
            await fake.send_text(user, text)
            await fake.wait_for_messages(user, count)
        await fake.send_text(group, "chào cả nhà", user_id=user, chat_type="group")
        await fake.send_text(group, "/help", user_id=user, chat_type="group")
        await fake.wait_for_messages(group, 1)  # in chat order: the chatter came first
        await fake.push(fake.callback_update(user, 1, "ex:9"))  # no such example
        await fake.push(fake.callback_update(user, 1, "cand:gone:0"))  # not stored
        await fake.push(fake.inline_update(user, "ab"))  # too short to look up
        await fake.wait_for(
            lambda: len(fake.calls_of("answerCallbackQuery")) == 2
            and fake.calls_of("answerInlineQuery"),
            what="the taps and the inline query",
        )
        await fake.send_text(user, QUESTIONS[0])  # the first hit: answered
        await fake.wait_for_messages(user, 5)
        await fake.send_text(user, QUESTIONS[1])  # the second: over the limit of one
        await fake.wait_for_messages(user, 6)
    texts = fake.sent_texts(user)
    assert texts[:3] == [
        t("vi", "empty"),
        t("vi", "too_long", length=len(("Phường 1 " * 500).strip()), limit=4000),
        t("vi", "where_usage"),
    ]
    assert not texts[4].startswith(_notice_start("vi"))  # the question was answered
    assert texts[5].startswith(_notice_start("vi"))
    assert len(fake.sent_texts(group)) == 1  # the /help reply; the chatter got none
    expired = fake.calls_of("answerCallbackQuery")[1].params.get("text")
    assert expired == t("vi", "answer_expired")
    store = StateStore(settings.state_url)
    try:
        assert store.rate_hits(user) == 1  # only the answered question counted
    finally:
        store.close()

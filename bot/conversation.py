"""The question → answer path shared by typed questions, example taps and /where.

Why one path: every way of asking must get the same checks (empty, too long, rate
limit), the same typing indicator, the same rendering with citations and buttons, and
the same bookkeeping (answer kept for its buttons, turn kept for follow-ups). The
question arrives checked and within the rate limit (bot/gate.py, group −1).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from telegram import Bot, Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from answer.types import Answer
from bot.context import HaicapContext
from bot.formatting import render_answer
from bot.i18n import t
from bot.keyboards import answer_keyboard
from bot.services import HISTORY_TURNS, BotServices, ServiceUnavailable
from bot.splitting import split_html
from bot.state import StoredAnswer, new_answer_id
from haicap.languages import detect_language

log = logging.getLogger(__name__)

TYPING_AFTER_S = 0.3  # answers faster than this need no indicator
TYPING_EVERY_S = 4.5  # Telegram shows "typing…" for 5 s


async def _set_within(event: asyncio.Event, seconds: float) -> bool:
    try:
        await asyncio.wait_for(event.wait(), seconds)
    except TimeoutError:
        return False
    return True


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" while an answer takes longer than a moment.

    Fast answers (addresses) never trigger it; a slow one re-sends it every few seconds.
    On exit an in-flight action is awaited, not cancelled, so it cannot reach Telegram
    after the answer and leave "typing…" showing under it.
    """
    done = asyncio.Event()

    async def keep_typing() -> None:
        if await _set_within(done, TYPING_AFTER_S):
            return
        while True:
            try:
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError as exc:
                log.debug("typing indicator failed: %s", exc)
            if await _set_within(done, TYPING_EVERY_S):
                return

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        done.set()
        await task


async def send_text(bot: Bot, chat_id: int, html_text: str, **kwargs: Any) -> list[Message]:
    """Send HTML, split at Telegram's limit; kwargs (e.g. reply_markup) go on the last part."""
    parts = split_html(html_text)
    sent: list[Message] = []
    for index, part in enumerate(parts):
        extra = kwargs if index == len(parts) - 1 else {}
        sent.append(await bot.send_message(chat_id, part, **extra))
    return sent


def _citation_labels(answer: Answer) -> list[str]:
    labels = []
    for citation in answer.citations:
        name = citation.label
        labels.append(f"{name} {citation.locator}".strip())
    return labels


async def deliver(
    bot: Bot,
    services: BotServices,
    *,
    chat_id: int,
    user_id: int,
    question: str,
    answer: Answer,
    ui_lang: str,
    echo: bool = False,
) -> StoredAnswer:
    """Send an answer with its buttons and keep it so the buttons keep working."""
    rendered = render_answer(answer, ui_lang, question=question if echo else None)
    candidates = list(answer.candidates) if answer.status == "clarify" else []
    record = StoredAnswer(
        id=new_answer_id(),
        chat_id=chat_id,
        user_id=user_id,
        question=question,
        answer=answer.answer,
        status=answer.status,
        language=answer.language,
        route=answer.route,
        citations=_citation_labels(answer),
        candidates=candidates,
        collapsed=rendered.collapsed,
        expanded=rendered.expanded,
    )
    await services.state.run(services.state.save_answer, record)
    keyboard = (
        None  # greetings and help need no sources or votes
        if answer.route == "smalltalk"
        else answer_keyboard(
            record.id, ui_lang, has_sources=rendered.has_sources, candidates=candidates
        )
    )
    sent = await send_text(bot, chat_id, rendered.collapsed, reply_markup=keyboard)
    record.message_ids = [message.message_id for message in sent]
    await services.state.run(
        services.state.set_answer_view, record.id, message_ids=record.message_ids
    )
    services.count(f"status_{answer.status}")
    return record


async def ask(update: Update, context: HaicapContext, *, echo: bool = False) -> None:
    """Answer the update's question in its chat (with the history, for follow-ups)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    services, question, ui_lang = context.services, context.question, context.lang
    state = services.state
    max_age = services.settings.history_ttl_days * 86400.0
    history = await state.run(state.recent_turns, chat.id, HISTORY_TURNS, max_age)
    async with typing(context.bot, chat.id):
        answer = None
        if not services.answers.ready:
            # Model still loading (or down): an address needs none of it, answer now.
            answer = await services.answers.address(
                question, context.chat_lang or detect_language(question)
            )
        if answer is None:
            try:
                answer = await services.answers.answer(question, history, context.chat_lang)
            except ServiceUnavailable:
                services.count("unavailable")
                await context.bot.send_message(chat.id, t(ui_lang, "unavailable"))
                return
    # Stored before the reply goes out: a quick follow-up, possibly handled by another
    # webhook worker, must find this turn in the history.
    await state.run(state.add_turn, chat.id, user.id, services.answers.turn(question, answer))
    await deliver(
        context.bot,
        services,
        chat_id=chat.id,
        user_id=user.id,
        question=question,
        answer=answer,
        ui_lang=ui_lang,
        echo=echo,
    )
    # While `haicap start` still loads the built-in knowledge, say why a document
    # question found nothing (bot/knowledge_loader.py).
    loader = services.loader
    if (
        loader is not None
        and loader.loading
        and answer.route == "documents"
        and answer.status != "answered"
    ):
        await context.bot.send_message(chat.id, t(ui_lang, "knowledge_loading"))

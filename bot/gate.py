"""Group −1: what every update needs before its handler runs, done once per update.

Why a `TypeHandler(Update, …)` in group −1 (python-telegram-bot's idiom for cross-cutting
work): the reply language is read from the state store once and kept on the context, and
the handlers that answer questions (named in `bot/app.py`) have their question read and
checked (`bot/asked.py`) and counted against the user's rate limit here, in that order. An
update that is refused — or dealt with by those checks — is stopped with
`ApplicationHandlerStop`, so its handler in group 0 never runs and starts with its job.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from telegram import Update, User
from telegram.ext import Application, ApplicationHandlerStop, BaseHandler

from bot.asked import QuestionReader
from bot.context import HaicapContext
from bot.i18n import pick_language, t
from bot.ratelimit import Decision
from bot.services import BotServices


async def languages(
    services: BotServices, chat_id: int | None, user: User | None
) -> tuple[str, str | None]:
    """(reply language, the chat's explicit /lang choice or None)."""
    stored = await services.state.run(services.state.get_lang, chat_id) if chat_id else None
    ui = pick_language(stored, user.language_code if user else None)
    return ui, stored


def _handler_for(update: Update, application: Application) -> tuple[BaseHandler | None, Any]:
    """The group-0 handler PTB will run for this update, and its check result (exactly
    PTB's own matching: the first handler whose `check_update` accepts it)."""
    for handler in application.handlers.get(0, []):
        check = handler.check_update(update)
        if check is not None and check is not False:
            return handler, check
    return None, None


async def _refuse(update: Update, context: HaicapContext, decision: Decision) -> None:
    """Over the limit: an inline query gets no results; a chat is told once per window."""
    if update.inline_query is not None:
        await update.inline_query.answer([], cache_time=5, is_personal=True)
        return
    context.services.count("rate_limited")
    chat = update.effective_chat
    if decision.notify and chat is not None:
        seconds = max(1, round(decision.retry_after_s))
        await context.bot.send_message(chat.id, t(context.lang, "rate_limited", seconds=seconds))


class Gate:
    """The group −1 callback; `readers` maps each asking handler to its question reader."""

    def __init__(self, readers: Mapping[Callable[..., Any], QuestionReader]) -> None:
        self._readers = dict(readers)

    async def __call__(self, update: Update, context: HaicapContext) -> None:
        handler, check = _handler_for(update, context.application)
        if handler is None:
            return  # no handler takes it: nothing to prepare
        chat, user = update.effective_chat, update.effective_user
        lang, chat_lang = await languages(context.services, chat.id if chat else None, user)
        context.set_languages(lang, chat_lang)
        read = self._readers.get(handler.callback)
        if read is None:
            return
        # what the handler will see (`context.args` of a command), before it runs
        handler.collect_additional_context(context, update, context.application, check)
        question = await read(update, context)
        if question is None or user is None:
            raise ApplicationHandlerStop
        decision = await context.services.limiter.check_async(user.id)
        if not decision.allowed:
            await _refuse(update, context, decision)
            raise ApplicationHandlerStop
        context.question = question

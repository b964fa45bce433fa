"""Commands and messages: one function per update kind, as in PTB's examples.

Why thin: the group −1 gate (bot/gate.py) has already picked the reply language and,
for a question, checked it and applied the rate limit; each handler does its job with
what the typed context (bot/context.py) holds and delegates the work (answering to
`bot.conversation`, storage to `bot.state`), so what the bot does for a given update is
readable in a few lines.
"""

from __future__ import annotations

import contextlib
import logging
import time
import traceback

from telegram import Chat, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.context import HaicapContext
from bot.conversation import ask, deliver, send_text, typing
from bot.formatting import esc
from bot.gate import languages
from bot.i18n import DEFAULT_LANGUAGE, data_date, supported, t
from bot.keyboards import examples_keyboard, language_keyboard
from haicap.languages import code_list

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ commands
async def start(update: Update, context: HaicapContext) -> None:
    """Greeting in the chat's language with three tappable example questions."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    name = esc(user.first_name if user else "")
    await context.bot.send_message(
        chat.id, t(context.lang, "start", name=name), reply_markup=examples_keyboard(context.lang)
    )


async def help_command(update: Update, context: HaicapContext) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    text = t(context.lang, "help", bot=esc(context.bot.username), codes=code_list())
    await context.bot.send_message(chat.id, text)


async def about(update: Update, context: HaicapContext) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    await context.bot.send_message(chat.id, t(context.lang, "about", date=data_date(context.lang)))


async def lang_command(update: Update, context: HaicapContext) -> None:
    """`/lang de` switches at once; `/lang` alone offers the four languages."""
    chat = update.effective_chat
    if chat is None:
        return
    if not context.args:
        await context.bot.send_message(
            chat.id, t(context.lang, "lang_prompt"), reply_markup=language_keyboard()
        )
        return
    choice = context.args[0].lower()
    if not supported(choice):
        await context.bot.send_message(
            chat.id, t(context.lang, "lang_unknown", codes=code_list())
        )
        return
    await context.state.run(context.state.set_lang, chat.id, choice)
    await context.bot.send_message(chat.id, t(choice, "lang_set"))


async def where(update: Update, context: HaicapContext) -> None:
    """`/where <old address>`: the address resolver only (no embedding model needed)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    services, address = context.services, context.question
    async with typing(context.bot, chat.id):
        answer = await services.answers.address(address, context.lang, force=True)
    if answer is None:
        await context.bot.send_message(chat.id, t(context.lang, "where_not_found"))
        return
    await deliver(
        context.bot,
        services,
        chat_id=chat.id,
        user_id=user.id,
        question=address,
        answer=answer,
        ui_lang=context.lang,
    )


async def forget(update: Update, context: HaicapContext) -> None:
    """Delete the user's stored messages and votes."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    messages, votes = await context.state.run(context.state.forget_user, user.id)
    await context.bot.send_message(
        chat.id, t(context.lang, "forget_done", messages=messages, votes=votes)
    )


async def _admin_chat(update: Update, context: HaicapContext) -> Chat | None:
    """The chat, for an admin; others get a polite refusal and None."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return None
    if not context.services.is_admin(user.id):
        await context.bot.send_message(chat.id, t(context.lang, "admin_only"))
        return None
    return chat


async def stats(update: Update, context: HaicapContext) -> None:
    """Admin only: usage counts, votes, pipeline state."""
    chat = await _admin_chat(update, context)
    if chat is None:
        return
    services = context.services
    counts = await context.state.run(context.state.stats)
    lines = [f"<b>{esc(t(context.lang, 'stats'))}</b>"]
    lines += [f"{esc(key)}: {value}" for key, value in counts.items()]
    lines += [f"{esc(key)}: {value}" for key, value in sorted(services.counters.items())]
    lines.append(f"send_retries: {services.retrier.retries}")
    lines.append(f"pipeline: {esc(services.answers.status)}")
    lines.append(f"chunks: {await services.answers.chunk_count()}")
    if services.loader is not None:
        lines.append(f"builtin_knowledge: {services.loader.state}")  # old key, kept
        lines.append(f"corpus: {esc(services.loader.describe())}")
    lines.append(f"uptime_s: {int(time.time() - services.started_at)}")
    await send_text(context.bot, chat.id, "\n".join(lines))


async def reindex(update: Update, context: HaicapContext) -> None:
    """Admin only: reload the pipeline from the store (picks up new ingests)."""
    chat = await _admin_chat(update, context)
    if chat is None:
        return
    async with typing(context.bot, chat.id):
        try:
            chunks = await context.services.answers.reload()
        except Exception as exc:  # report any failure to the admin, keep serving
            log.exception("reindex failed")
            await context.bot.send_message(
                chat.id,
                t(context.lang, "reindex_failed", error=esc(f"{type(exc).__name__}: {exc}")),
            )
            return
    await context.bot.send_message(chat.id, t(context.lang, "reindex_done", chunks=chunks))


# ------------------------------------------------------------------ messages
async def question(update: Update, context: HaicapContext) -> None:
    """A typed question (in groups only when the bot is mentioned or replied to:
    bot/asked.py)."""
    await ask(update, context)


async def location(update: Update, context: HaicapContext) -> None:
    """No reverse geocoding offline: explain, and ask for the old address as text."""
    chat = update.effective_chat
    if chat is None:
        return
    await context.bot.send_message(chat.id, t(context.lang, "location"))


async def unsupported(update: Update, context: HaicapContext) -> None:
    """Photos, stickers, voice …: say what the bot can read."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    await context.bot.send_message(chat.id, t(context.lang, "unsupported"))


# ------------------------------------------------------------------ errors
async def on_error(update: object, context: HaicapContext) -> None:
    """Log the traceback, apologise to the user, keep serving; the update goes no further.

    Stopping matters when the group −1 gate failed: the handler would otherwise run
    without what the gate sets, fail, and apologise a second time."""
    await _apologise(update, context)
    raise ApplicationHandlerStop


async def _apologise(update: object, context: HaicapContext) -> None:
    """PTB builds a fresh context for errors, without what the gate set, so the reply
    language is looked up here."""
    error = context.error
    log.error(
        "error while handling an update:\n%s",
        "".join(traceback.format_exception(error)) if error else "(no exception)",
    )
    application = context.application
    services = application.bot_data.get("services") if application else None
    if services is not None:
        services.count("errors")
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        lang = DEFAULT_LANGUAGE
        if services is not None:
            lang, _ = await languages(services, update.effective_chat.id, update.effective_user)
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()
        await context.bot.send_message(update.effective_chat.id, t(lang, "error"))
    except Exception:  # the apology itself failed; the log already has the cause
        log.exception("could not send the apology")

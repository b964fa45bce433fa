"""Commands and messages: one function per update kind, as in PTB's examples.

Why thin: each handler reads the update, picks the language, and delegates the work
(answering to `bot.conversation`, storage to `bot.state`), so what the bot does for a
given update is readable in a few lines.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
import traceback
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.conversation import (
    allowed_by_rate_limit,
    ask,
    clean_question,
    deliver,
    languages,
    send_text,
    services_of,
    typing,
)
from bot.formatting import esc
from bot.i18n import DEFAULT_LANGUAGE, data_date, supported, t
from bot.keyboards import examples_keyboard, language_keyboard
from haicap.languages import code_list

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ commands
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greeting in the chat's language with three tappable example questions."""
    services = services_of(context)
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    lang, _ = await languages(services, chat.id, user)
    name = esc(user.first_name if user else "")
    await context.bot.send_message(
        chat.id, t(lang, "start", name=name), reply_markup=examples_keyboard(lang)
    )


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    chat = update.effective_chat
    if chat is None:
        return
    lang, _ = await languages(services, chat.id, update.effective_user)
    text = t(lang, "help", bot=esc(context.bot.username), codes=code_list())
    await context.bot.send_message(chat.id, text)


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    chat = update.effective_chat
    if chat is None:
        return
    lang, _ = await languages(services, chat.id, update.effective_user)
    await context.bot.send_message(chat.id, t(lang, "about", date=data_date(lang)))


async def lang_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/lang de` switches at once; `/lang` alone offers the four languages."""
    services = services_of(context)
    chat = update.effective_chat
    if chat is None:
        return
    lang, _ = await languages(services, chat.id, update.effective_user)
    if not context.args:
        await context.bot.send_message(
            chat.id, t(lang, "lang_prompt"), reply_markup=language_keyboard()
        )
        return
    choice = context.args[0].lower()
    if not supported(choice):
        await context.bot.send_message(chat.id, t(lang, "lang_unknown", codes=code_list()))
        return
    await services.state.run(services.state.set_lang, chat.id, choice)
    await context.bot.send_message(chat.id, t(choice, "lang_set"))


async def where(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/where <old address>`: the address resolver only (no embedding model needed)."""
    services = services_of(context)
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    lang, _ = await languages(services, chat.id, user)
    address = clean_question(" ".join(context.args or []))
    if not address:
        await context.bot.send_message(chat.id, t(lang, "where_usage"))
        return
    if not await allowed_by_rate_limit(context.bot, services, chat.id, user.id, lang):
        return
    async with typing(context.bot, chat.id):
        answer = await services.answers.address(address, lang, force=True)
    if answer is None:
        await context.bot.send_message(chat.id, t(lang, "where_not_found"))
        return
    await deliver(
        context.bot,
        services,
        chat_id=chat.id,
        user_id=user.id,
        question=address,
        answer=answer,
        ui_lang=lang,
    )


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete the user's stored messages and votes."""
    services = services_of(context)
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    lang, _ = await languages(services, chat.id, user)
    messages, votes = await services.state.run(services.state.forget_user, user.id)
    await context.bot.send_message(chat.id, t(lang, "forget_done", messages=messages, votes=votes))


async def _admin_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    """(services, chat, lang) for an admin; others get a polite refusal and None."""
    services = services_of(context)
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return None
    lang, _ = await languages(services, chat.id, user)
    if not services.is_admin(user.id):
        await context.bot.send_message(chat.id, t(lang, "admin_only"))
        return None
    return services, chat, lang


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admin only: usage counts, votes, pipeline state."""
    admin = await _admin_chat(update, context)
    if admin is None:
        return
    services, chat, lang = admin
    counts = await services.state.run(services.state.stats)
    lines = [f"<b>{esc(t(lang, 'stats'))}</b>"]
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


async def reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admin only: reload the pipeline from the store (picks up new ingests)."""
    admin = await _admin_chat(update, context)
    if admin is None:
        return
    services, chat, lang = admin
    async with typing(context.bot, chat.id):
        try:
            chunks = await services.answers.reload()
        except Exception as exc:  # report any failure to the admin, keep serving
            log.exception("reindex failed")
            await context.bot.send_message(
                chat.id, t(lang, "reindex_failed", error=esc(f"{type(exc).__name__}: {exc}"))
            )
            return
    await context.bot.send_message(chat.id, t(lang, "reindex_done", chunks=chunks))


# ------------------------------------------------------------------ messages
async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed question (in groups only when the bot is mentioned or replied to)."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    text = message.text or ""
    if chat.type != ChatType.PRIVATE:
        mention = f"@{context.bot.username}"
        replied_to_bot = (
            message.reply_to_message is not None
            and message.reply_to_message.from_user is not None
            and message.reply_to_message.from_user.id == context.bot.id
        )
        if mention.lower() not in text.lower() and not replied_to_bot:
            return
        text = re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE)
    await ask(update, context, text)


async def location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """No reverse geocoding offline: explain, and ask for the old address as text."""
    services = services_of(context)
    chat = update.effective_chat
    if chat is None:
        return
    lang, _ = await languages(services, chat.id, update.effective_user)
    await context.bot.send_message(chat.id, t(lang, "location"))


async def unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Photos, stickers, voice …: say what the bot can read."""
    services = services_of(context)
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    lang, _ = await languages(services, chat.id, update.effective_user)
    await context.bot.send_message(chat.id, t(lang, "unsupported"))


# ------------------------------------------------------------------ errors
async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the traceback, apologise to the user, keep serving."""
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

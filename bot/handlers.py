"""One function per update kind, as in python-telegram-bot's examples.

Why thin: each handler reads the update, picks the language, and delegates the work
(answering to `bot.conversation`, storage to `bot.state`), so what the bot does for a
given update is readable in a few lines.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import time
import traceback

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
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
from bot.formatting import esc, render_address_inline, render_answer
from bot.i18n import EXAMPLES, LANGUAGES, data_date, t
from bot.keyboards import answer_keyboard, examples_keyboard, language_keyboard, parse_callback
from bot.splitting import split_html

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
    await context.bot.send_message(chat.id, t(lang, "help", bot=esc(context.bot.username)))


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
    if choice not in LANGUAGES:
        await context.bot.send_message(chat.id, t(lang, "lang_unknown"))
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
        answer = await services.answers.address(address, lang)
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


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admin only: usage counts, votes, pipeline state."""
    services = services_of(context)
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    lang, _ = await languages(services, chat.id, user)
    if not services.is_admin(user.id):
        await context.bot.send_message(chat.id, t(lang, "admin_only"))
        return
    counts = await services.state.run(services.state.stats)
    lines = [f"<b>{esc(t(lang, 'stats'))}</b>"]
    lines += [f"{esc(key)}: {value}" for key, value in counts.items()]
    lines += [f"{esc(key)}: {value}" for key, value in sorted(services.counters.items())]
    lines.append(f"send_retries: {services.retrier.retries}")
    lines.append(f"pipeline: {esc(services.answers.status)}")
    lines.append(f"chunks: {await services.answers.chunk_count()}")
    lines.append(f"uptime_s: {int(time.time() - services.started_at)}")
    await send_text(context.bot, chat.id, "\n".join(lines))


async def reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admin only: reload the pipeline from the store (picks up new ingests)."""
    services = services_of(context)
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    lang, _ = await languages(services, chat.id, user)
    if not services.is_admin(user.id):
        await context.bot.send_message(chat.id, t(lang, "admin_only"))
        return
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


# ------------------------------------------------------------------ buttons
async def example_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An example question tapped under /start: answer it like a typed one."""
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    services = services_of(context)
    chat = update.effective_chat
    lang, _ = await languages(services, chat.id if chat else None, update.effective_user)
    _, args = parse_callback(query.data)
    try:
        text = EXAMPLES[lang][int(args[0])]
    except (IndexError, ValueError):
        return
    await ask(update, context, text, echo=True)


async def language_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    _, args = parse_callback(query.data)
    choice = args[0] if args else ""
    if choice not in LANGUAGES:
        await query.answer()
        return
    services = services_of(context)
    await services.state.run(services.state.set_lang, chat.id, choice)
    await query.answer()
    with contextlib.suppress(BadRequest):  # "message is not modified" on a double tap
        await query.edit_message_text(t(choice, "lang_set"))


async def candidate_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One candidate of a clarifying answer tapped: ask it as the question."""
    query = update.callback_query
    if query is None:
        return
    services = services_of(context)
    _, args = parse_callback(query.data)
    record = await services.state.run(services.state.get_answer, args[0]) if args else None
    lang, _ = await languages(
        services,
        update.effective_chat.id if update.effective_chat else None,
        update.effective_user,
    )
    try:
        candidate = record.candidates[int(args[1])] if record else None
    except (IndexError, ValueError):
        candidate = None
    if candidate is None:
        await query.answer(t(lang, "answer_expired"))
        return
    await query.answer()
    await ask(update, context, candidate, echo=True)


async def sources_toggled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """📄 shows the full quotes by editing the answer in place; 🔼 hides them again."""
    query, chat, user = update.callback_query, update.effective_chat, update.effective_user
    if query is None or chat is None or user is None:
        return
    services = services_of(context)
    state = services.state
    lang, _ = await languages(services, chat.id, user)
    kind, args = parse_callback(query.data)
    record = await state.run(state.get_answer, args[0]) if args else None
    if record is None or not record.message_ids:
        await query.answer(t(lang, "answer_expired"))
        return
    expand = kind == "src"
    if record.is_expanded == expand:
        await query.answer()
        return
    old_parts = split_html(record.expanded if record.is_expanded else record.collapsed)
    new_parts = split_html(record.expanded if expand else record.collapsed)
    vote = await state.run(state.user_vote, record.id, user.id)
    keyboard = answer_keyboard(
        record.id, lang, has_sources=True, expanded=expand, vote=vote, candidates=record.candidates
    )
    last = len(record.message_ids) - 1
    for index, message_id in enumerate(record.message_ids):
        new = new_parts[index] if index < len(new_parts) else None
        old = old_parts[index] if index < len(old_parts) else None
        markup = keyboard if index == last else None
        if new is not None and new != old:
            await context.bot.edit_message_text(
                new, chat_id=chat.id, message_id=message_id, reply_markup=markup
            )
        elif index == last:
            await context.bot.edit_message_reply_markup(
                chat_id=chat.id, message_id=message_id, reply_markup=keyboard
            )
    extra_ids: list[int] = []
    if expand:
        for part in new_parts[len(record.message_ids) :]:
            extra_ids.append((await context.bot.send_message(chat.id, part)).message_id)
    else:
        for message_id in record.extra_ids:
            with contextlib.suppress(TelegramError):
                await context.bot.delete_message(chat.id, message_id)
    await state.run(state.set_answer_view, record.id, extra_ids=extra_ids, is_expanded=expand)
    await query.answer()


async def voted(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """👍/👎: stored with the question, answer and status; the chosen button is ticked."""
    query, chat, user = update.callback_query, update.effective_chat, update.effective_user
    if query is None or chat is None or user is None:
        return
    services = services_of(context)
    state = services.state
    lang, _ = await languages(services, chat.id, user)
    _, args = parse_callback(query.data)
    if len(args) != 2 or args[1] not in ("up", "down"):
        await query.answer()
        return
    vote = 1 if args[1] == "up" else -1
    previous = await state.run(state.user_vote, args[0], user.id)
    if not await state.run(state.record_vote, args[0], user.id, vote):
        await query.answer(t(lang, "answer_expired"))
        return
    services.count("votes")
    record = await state.run(state.get_answer, args[0])
    if record is not None and previous != vote:
        keyboard = answer_keyboard(
            record.id,
            lang,
            has_sources=record.collapsed != record.expanded,
            expanded=record.is_expanded,
            vote=vote,
            candidates=record.candidates,
        )
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(reply_markup=keyboard)
    await query.answer(t(lang, "vote_thanks"))


# ------------------------------------------------------------------ inline mode
async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`@bot Phường 1 Quận 3` in any chat: address lookups only, as article results."""
    query = update.inline_query
    if query is None:
        return
    services = services_of(context)
    lang, _ = await languages(services, None, query.from_user)
    text = clean_question(query.query)
    if len(text) < 3:
        await query.answer(
            [],
            cache_time=60,
            button=InlineQueryResultsButton(t(lang, "inline_usage"), start_parameter="inline"),
        )
        return
    if not services.limiter.check(query.from_user.id).allowed:
        await query.answer([], cache_time=5, is_personal=True)
        return
    answer = await services.answers.address(text, lang)
    if answer is None:
        await query.answer(
            [],
            cache_time=30,
            button=InlineQueryResultsButton(t(lang, "inline_not_address"), start_parameter="help"),
        )
        return
    rendered = render_answer(answer, lang)
    message_html = (split_html(rendered.collapsed) or [esc(answer.answer or "…")])[0]
    title, description = render_address_inline(answer)
    result_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:32]
    await query.answer(
        [
            InlineQueryResultArticle(
                id=result_id,
                title=title or text,
                description=description or None,
                input_message_content=InputTextMessageContent(
                    message_html, parse_mode=ParseMode.HTML
                ),
            )
        ],
        cache_time=300,
    )
    services.count("inline_answers")


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
        lang = "vi"
        if services is not None:
            lang, _ = await languages(services, update.effective_chat.id, update.effective_user)
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()
        await context.bot.send_message(update.effective_chat.id, t(lang, "error"))
    except Exception:  # the apology itself failed; the log already has the cause
        log.exception("could not send the apology")

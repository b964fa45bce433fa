"""What an update that asks a question asks, checked before it may cost a rate-limit hit.

Why apart from the handlers: the group −1 gate (`bot/gate.py`) counts only the updates
that will really be answered against the rate limit. So each asking handler's own checks
run here, first, with the replies they always had: a group message not meant for the
bot, an empty or too long question, `/where` without an address, a tapped candidate that
is no longer stored, a too short inline query. A reader returns the cleaned question, or
None when the update was dealt with (or ignored) and its handler must not run.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from telegram import InlineQueryResultsButton, Update
from telegram.constants import ChatType

from bot.context import HaicapContext
from bot.i18n import examples, t
from bot.keyboards import parse_callback

MAX_QUESTION_CHARS = 4000
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")

QuestionReader = Callable[[Update, HaicapContext], Awaitable[str | None]]


def clean_question(text: str | None) -> str:
    return _INVISIBLE.sub("", text or "").strip()


async def _checked(update: Update, context: HaicapContext, text: str) -> str | None:
    """The cleaned question, or None after saying it is empty or too long (or when the
    update has no chat or user to answer)."""
    chat = update.effective_chat
    if chat is None or update.effective_user is None:
        return None
    chat_id = chat.id
    question = clean_question(text)
    if not question:
        await context.bot.send_message(chat_id, t(context.lang, "empty"))
        return None
    if len(question) > MAX_QUESTION_CHARS:
        await context.bot.send_message(
            chat_id, t(context.lang, "too_long", length=len(question), limit=MAX_QUESTION_CHARS)
        )
        return None
    return question


async def typed_question(update: Update, context: HaicapContext) -> str | None:
    """A typed message; in groups only when it mentions the bot or replies to it."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or update.effective_user is None:
        return None
    text = message.text or ""
    if chat.type != ChatType.PRIVATE:
        mention = f"@{context.bot.username}"
        replied_to_bot = (
            message.reply_to_message is not None
            and message.reply_to_message.from_user is not None
            and message.reply_to_message.from_user.id == context.bot.id
        )
        if mention.lower() not in text.lower() and not replied_to_bot:
            return None
        text = re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE)
    return await _checked(update, context, text)


async def where_address(update: Update, context: HaicapContext) -> str | None:
    """`/where <old address>`; without an address, how to use it."""
    chat = update.effective_chat
    if chat is None or update.effective_user is None:
        return None
    address = clean_question(" ".join(context.args or []))
    if not address:
        await context.bot.send_message(chat.id, t(context.lang, "where_usage"))
        return None
    return address


async def example_question(update: Update, context: HaicapContext) -> str | None:
    """An example tapped under /start (the tap is acknowledged first, whatever follows)."""
    query = update.callback_query
    if query is None:
        return None
    await query.answer()
    _, args = parse_callback(query.data)
    try:
        text = examples(context.lang)[int(args[0])]
    except (IndexError, ValueError):
        return None
    return await _checked(update, context, text)


async def candidate_question(update: Update, context: HaicapContext) -> str | None:
    """One candidate of a clarifying answer, read back from the stored answer."""
    query = update.callback_query
    if query is None:
        return None
    _, args = parse_callback(query.data)
    state = context.state
    record = await state.run(state.get_answer, args[0]) if args else None
    try:
        candidate = record.candidates[int(args[1])] if record else None
    except (IndexError, ValueError):
        candidate = None
    if candidate is None:
        await query.answer(t(context.lang, "answer_expired"))
        return None
    await query.answer()
    return await _checked(update, context, candidate)


async def inline_text(update: Update, context: HaicapContext) -> str | None:
    """`@bot Phường 1 Quận 3`; under three characters, a hint instead of results."""
    query = update.inline_query
    if query is None:
        return None
    text = clean_question(query.query)
    if len(text) < 3:
        await query.answer(
            [],
            cache_time=60,
            button=InlineQueryResultsButton(
                t(context.lang, "inline_usage"), start_parameter="inline"
            ),
        )
        return None
    return text

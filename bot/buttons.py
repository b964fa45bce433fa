"""Button taps (callback queries): examples, language, candidates, sources, votes.

Why separate: each button's callback data (see `bot.keyboards`) maps to one function
here; they all re-read what they need from the state store, so a tap still works after
a restart and answers "no longer stored" after /forget.
"""

from __future__ import annotations

import contextlib

from telegram import CallbackQuery, Chat, Update, User
from telegram.error import BadRequest, TelegramError

from bot.context import HaicapContext
from bot.conversation import ask
from bot.i18n import supported, t
from bot.keyboards import answer_keyboard, parse_callback
from bot.splitting import split_html


def _tap(update: Update) -> tuple[CallbackQuery, Chat, User] | None:
    """A tap on one of our answers: its query, chat and user; None when the update
    lacks any of them (nothing to answer)."""
    query, chat, user = update.callback_query, update.effective_chat, update.effective_user
    if query is None or chat is None or user is None:
        return None
    return query, chat, user


async def example_chosen(update: Update, context: HaicapContext) -> None:
    """An example question tapped under /start (read and acknowledged by bot/asked.py):
    answer it like a typed one."""
    await ask(update, context, echo=True)


async def language_chosen(update: Update, context: HaicapContext) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    _, args = parse_callback(query.data)
    choice = args[0] if args else ""
    if not supported(choice):
        await query.answer()
        return
    await context.state.run(context.state.set_lang, chat.id, choice)
    await query.answer()
    with contextlib.suppress(BadRequest):  # "message is not modified" on a double tap
        await query.edit_message_text(t(choice, "lang_set"))


async def candidate_chosen(update: Update, context: HaicapContext) -> None:
    """One candidate of a clarifying answer tapped (read back by bot/asked.py): ask it
    as the question."""
    await ask(update, context, echo=True)


async def sources_toggled(update: Update, context: HaicapContext) -> None:
    """📄 shows the full quotes by editing the answer in place; 🔼 hides them again."""
    tap = _tap(update)
    if tap is None:
        return
    query, chat, user = tap
    state, lang = context.state, context.lang
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


async def voted(update: Update, context: HaicapContext) -> None:
    """👍/👎: stored with the question, answer and status; the chosen button is ticked."""
    tap = _tap(update)
    if tap is None:
        return
    query, _chat, user = tap
    state, lang = context.state, context.lang
    _, args = parse_callback(query.data)
    if len(args) != 2 or args[1] not in ("up", "down"):
        await query.answer()
        return
    vote = 1 if args[1] == "up" else -1
    previous = await state.run(state.user_vote, args[0], user.id)
    if not await state.run(state.record_vote, args[0], user.id, vote):
        await query.answer(t(lang, "answer_expired"))
        return
    context.services.count("votes")
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

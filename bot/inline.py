"""Inline mode: `@bot Phường 1 Quận 3` in any chat answers old-address lookups.

Why addresses only: an inline answer must come back within seconds and without the
embedding model; document questions belong in the bot's own chat.
"""

from __future__ import annotations

import hashlib

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode

from bot.context import HaicapContext
from bot.formatting import esc, render_address_inline, render_answer
from bot.i18n import t
from bot.splitting import split_html


async def inline_query(update: Update, context: HaicapContext) -> None:
    """`@bot Phường 1 Quận 3` in any chat: address lookups only, as article results (the
    text is read, checked and rate-limited by the gate: bot/asked.py, bot/gate.py)."""
    query = update.inline_query
    if query is None:
        return
    services, text, lang = context.services, context.question, context.lang
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

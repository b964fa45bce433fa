"""Inline keyboards and their callback data (at most 64 bytes, so only ids travel).

Callback data formats (parsed by `parse_callback`):
  ex:<i>              tap an example question of /start
  lang:<code>         choose the chat language
  src:<answer_id>     show the full quotes;  hide:<answer_id> hide them again
  vote:<answer_id>:up / vote:<answer_id>:down
  cand:<answer_id>:<i> pick one candidate of a clarifying answer
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import examples, language_menu, t

MAX_CANDIDATE_BUTTONS = 8


def examples_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(q, callback_data=f"ex:{i}")] for i, q in enumerate(examples(lang))]
    )


def language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(name, callback_data=f"lang:{code}")]
            for code, name in language_menu()
        ]
    )


def answer_keyboard(
    answer_id: str,
    lang: str,
    *,
    has_sources: bool,
    expanded: bool = False,
    vote: int = 0,
    candidates: list[str] | None = None,
) -> InlineKeyboardMarkup:
    """Candidates (if clarifying), the sources toggle, and 👍/👎 (the chosen one ticked)."""
    rows: list[list[InlineKeyboardButton]] = []
    for index, candidate in enumerate((candidates or [])[:MAX_CANDIDATE_BUTTONS]):
        rows.append(
            [InlineKeyboardButton(candidate[:60], callback_data=f"cand:{answer_id}:{index}")]
        )
    if has_sources:
        if expanded:
            button = InlineKeyboardButton(
                t(lang, "hide_sources_button"), callback_data=f"hide:{answer_id}"
            )
        else:
            button = InlineKeyboardButton(
                t(lang, "sources_button"), callback_data=f"src:{answer_id}"
            )
        rows.append([button])
    rows.append(
        [
            InlineKeyboardButton(
                "👍 ✓" if vote > 0 else "👍", callback_data=f"vote:{answer_id}:up"
            ),
            InlineKeyboardButton(
                "👎 ✓" if vote < 0 else "👎", callback_data=f"vote:{answer_id}:down"
            ),
        ]
    )
    return InlineKeyboardMarkup(rows)


def parse_callback(data: str | None) -> tuple[str, list[str]]:
    """("vote", ["abc", "up"]) from "vote:abc:up"; ("", []) for anything unknown."""
    if not data or ":" not in data:
        return "", []
    kind, _, rest = data.partition(":")
    return kind, rest.split(":")

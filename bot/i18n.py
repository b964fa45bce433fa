"""The bot's user-facing strings, read from the language registry.

Why a reader: the strings live per language in haicap/languages (a test checks every
key exists in every language with the same placeholders), and handlers stay free of
prose. Strings are plain text with `{placeholders}`; callers escape values before
filling HTML ones.
"""

from __future__ import annotations

from haicap import languages
from haicap.dates import short_date
from haicap.settings import DATA_VERSION

DEFAULT_LANGUAGE = languages.DEFAULT


def supported(code: str | None) -> bool:
    return languages.is_supported(code)


def language_menu() -> list[tuple[str, str]]:
    """(code, own name) of every language, for the /lang keyboard."""
    return [(language.code, language.name) for language in languages.all_languages()]


def command_menus() -> list[tuple[str, dict[str, str]]]:
    """(code, {command: description}) per language, for Telegram's command menu."""
    return [(language.code, dict(language.bot_commands)) for language in languages.all_languages()]


def examples(lang: str) -> tuple[str, ...]:
    """The tappable example questions: an address, a resolution, a directive."""
    return languages.find(lang, DEFAULT_LANGUAGE).bot_examples


def pick_language(*candidates: str | None) -> str:
    """The first supported language among candidates (e.g. stored choice, Telegram's)."""
    for candidate in candidates:
        if not candidate:
            continue
        code = candidate.lower().replace("_", "-").split("-")[0]
        if languages.is_supported(code):
            return code
    return DEFAULT_LANGUAGE


def t(lang: str, key: str, **values: object) -> str:
    """The string `key` in `lang` (falling back to Vietnamese), placeholders filled."""
    table = languages.find(lang, DEFAULT_LANGUAGE).bot
    text = table.get(key) or languages.get(DEFAULT_LANGUAGE).bot[key]
    return text.format(**values) if values else text


def data_date(lang: str) -> str:
    """DATA_VERSION ("2025-07-01") written the way each language writes dates."""
    return short_date(DATA_VERSION, lang)

"""Dates written the way each reply language writes them.

Why one function: the bot's /about line, the address answer's legal basis and the facts
lane all print dates in the user's language; the month names and the form of each
language live in its file under haicap/languages, this only reads them.
"""

from __future__ import annotations

from haicap import languages


def short_date(iso: str, lang: str) -> str:
    """ "2025-07-01" → "1/7/2025" (vi), "1 July 2025", "1. Juli 2025", "1 juli 2025";
    an unknown language gets the default language's form; anything shorter than an ISO
    date is returned as it is."""
    if len(iso) < 10:
        return iso
    return languages.find(lang, languages.DEFAULT).date(iso, "short")

"""Dates written the way each reply language writes them.

Why one module: the bot's /about line, the address answer's legal basis, the facts lane
and the documents lane's extracted dates all print dates in four languages; one month
table and one short form keep them the same everywhere.
"""

from __future__ import annotations

MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"),
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december"),
}  # fmt: skip


def short_date(iso: str, lang: str) -> str:
    """ "2025-07-01" → "1/7/2025" (vi), "1 July 2025", "1. Juli 2025", "1 juli 2025";
    anything shorter than an ISO date is returned as it is."""
    if len(iso) < 10:
        return iso
    year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    if lang not in MONTH_NAMES:
        return f"{day}/{month}/{year}"
    name = MONTH_NAMES[lang][month - 1]
    return f"{day}. {name} {year}" if lang == "de" else f"{day} {name} {year}"

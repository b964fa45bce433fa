"""Every sentence haicap itself says in an answer, read from the language registry.

Why a reader: the frame around quotes (labels, refusals, notes) must always be in the
user's language while quotes stay in the source's; the sentences live per language in
haicap/languages, where a test checks every language has every key.
"""

from __future__ import annotations

from haicap import languages


def message(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang` (English when the language is unknown)."""
    text = languages.find(lang, languages.FOREIGN).messages[key]
    return text.format(**values) if values else text



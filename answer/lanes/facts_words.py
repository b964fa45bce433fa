"""The facts lane's sentences, unit type words and list joints, read from the registry.

Why a reader: each fact is stated once per language with the same placeholders in the
language's file under haicap/languages; place names stay Vietnamese, and the Vietnamese
type word follows the translated one ("11 wards (phường)") so a reader can match the
answer against the resolution's own words.
"""

from __future__ import annotations

from haicap import languages


def say(key: str, lang: str, **values: object) -> str:
    return languages.get(lang).facts[key].format(**values)


def _source_type(unit_type: str) -> str:
    return languages.get(languages.SOURCE).unit_types[unit_type][0]


def type_count(count: int, unit_type: str, lang: str) -> str:
    """ "11 phường" / "11 wards (phường)" / "1 Sonderzone (đặc khu)"."""
    singular, plural = languages.get(lang).unit_types[unit_type]
    word = singular if count == 1 else plural
    if lang == languages.SOURCE:
        return f"{count} {word}"
    return f"{count} {word} ({_source_type(unit_type)})"


def type_plural(unit_type: str, lang: str, count: int = 2) -> str:
    """ "wards (phường)"; the singular for one ("special zone (đặc khu)")."""
    word = languages.get(lang).unit_types[unit_type][0 if count == 1 else 1]
    return word if lang == languages.SOURCE else f"{word} ({_source_type(unit_type)})"


def join(items: list[str], lang: str) -> str:
    """ "a, b và c" / "a, b and c" / "a, b und c" / "a, b och c"."""
    if len(items) < 2:
        return "".join(items)
    word = languages.get(lang).and_word
    return f"{', '.join(items[:-1])} {word} {items[-1]}"

"""A small cross-language glossary of the reform's vocabulary (vi/en/de/sv, folded).

Why: questions come in four languages while the sources are Vietnamese legal texts and
German/Swedish news; lexical checks ("does this passage support the claim?") need to
know that "ward", "phường" and "valdistrikt" are the same idea. Each concept lists
surface forms; single words also match longer compounds that start with them
("inspektion" → "inspektionskommittén").

Each language's forms live in its file (haicap/languages/<code>.py, `GLOSSARY`); this
module joins them, concept by concept in registry order, and rebuilds the join when a
language is registered at run time.
"""

from __future__ import annotations

from haicap import languages

# Concepts whose forms stay here, in their mixed-language order: the documents lane's
# query expansion (answer/steps/retrieve.py: expand_query) appends a concept's forms in
# this order, and no split by language reproduces it (an English form after German or
# Swedish ones), so splitting them would change the expanded query.
MIXED: dict[str, tuple[str, ...]] = {
    "project": (
        "de an",
        "du an",
        "project",
        "projekt",
        "projektet",
        "scheme",
    ),
    "secretary": (
        "bi thu",
        "secretary",
        "sekretar",
        "sekreterare",
        "parteisekretar",
        "partisekreterare",
    ),
    "gdp": (
        "gdp",
        "grdp",
        "bip",
        "bnp",
        "tong san pham",
        "bruttoinlandsprodukt",
    ),
    "radio_tv": (
        "phat thanh truyen hinh",
        "dai phat thanh",
        "radio",
        "fernsehsender",
        "television",
        "tv",
        "station",
        "stationen",
        "sender",
        "rundfunk",
    ),
}

# concept id -> folded surface forms (single words or phrases), every language's.
# concept id -> folded surface forms (single words or phrases), every language's;
# first word of a form -> [(form words, concept)], longest forms first. Both are rebuilt
# in place when the registry changes (importers hold these very dicts).
CONCEPTS: dict[str, tuple[str, ...]] = {}
FORM_INDEX: dict[str, list[tuple[tuple[str, ...], str]]] = {}


def _build_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word of a form -> [(form words, concept)], longest forms first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for concept, forms in CONCEPTS.items():
        for form in forms:
            words = tuple(form.split())
            index.setdefault(words[0], []).append((words, concept))
    for entries in index.values():
        entries.sort(key=lambda item: -len(item[0]))
    return index


def _rebuild() -> None:
    CONCEPTS.clear()
    CONCEPTS.update({**languages.glossary(), **MIXED})
    FORM_INDEX.clear()
    FORM_INDEX.update(_build_index())


_rebuild()
languages.on_change(_rebuild)

# Concepts every reform passage is full of: weak evidence that a passage answers.
COMMON_CONCEPTS = frozenset(
    {
        "commune", "ward", "province", "city", "arrangement", "administrative_unit",
        "commune_level", "commune_level_unit", "new", "old", "after", "before", "name",
        "party", "commission", "central", "date", "year", "people", "implement",
    }
)  # fmt: skip

# Concepts that mark a question as being about the reform (topic gate).
DOMAIN_CONCEPTS = frozenset(CONCEPTS) - {
    "date", "year", "people", "after", "before", "old", "new", "name", "growth",
    "investment", "expressway", "newspaper", "radio_tv", "health", "population", "area",
    "percent", "education", "digital", "transformation", "movement", "period", "term",
    "task", "leader",
}  # fmt: skip

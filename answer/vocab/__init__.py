"""Word lists the answer steps share: provinces, stopwords, a small reform glossary."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A set of whitespace-separated words (keeps long word lists readable)."""
    return frozenset(text.split())

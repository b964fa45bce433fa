"""BM25 over folded text in which document numbers stay whole tokens.

Why: dense retrieval misses exact strings that users type — document numbers
("1681/NQ-UBTVQH15"), commune names without diacritics ("thach tri") — so a lexical
index over folded tokens backs it up. Persistence and versioning live in
`retrieval.search_index`, which keeps this index beside the dense vectors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from haicap.text import lexical_tokens
from retrieval.store import Chunk

# Bump when lexical_terms or the indexed fields change: persisted indexes are rebuilt.
TOKENIZER_VERSION = 3
BIGRAMS = True
_LEADING_NUMBER = re.compile(r"^(\d+)[-/]")
# Metadata shown before the passage text in the lexical document: the heading names the
# article ("Điều 1. … tỉnh Cà Mau"), which a clause deep inside the text may not repeat.
_INDEXED_METADATA = ("heading",)


def lexical_terms(text: str) -> list[str]:
    """Folded BM25 terms: words, word pairs, and document numbers kept whole.

    "1681/NQ-UBTVQH15" → "1681/nq-ubtvqh15", "1681": the whole token matches exactly,
    the bare number still matches a user who typed "nghị quyết 1681". Adjacent word
    pairs ("tan lap" → "tan_lap") make a commune name or "xếp, tỉnh Đắk Lắk có" match
    as a phrase: Vietnamese names are built from a few hundred common syllables.
    """
    tokens = lexical_tokens(text)
    terms: list[str] = []
    for token in tokens:
        terms.append(token)
        match = _LEADING_NUMBER.match(token)
        if match:
            terms.append(match.group(1))
    if BIGRAMS:
        terms.extend(f"{a}_{b}" for a, b in pairwise(tokens))
    return terms


def lexical_document(chunk: Chunk) -> str:
    """The text BM25 sees for one chunk: its heading (when not already in it) + text."""
    parts = [
        str(chunk.metadata.get(key) or "")
        for key in _INDEXED_METADATA
        if chunk.metadata.get(key) and str(chunk.metadata[key]) not in chunk.text
    ]
    return "\n".join([*parts, chunk.text])


class Bm25Index:
    """bm25s over `lexical_terms`; scores every chunk of the snapshot at once."""

    def __init__(self, bm25: Any, size: int) -> None:
        self._bm25 = bm25  # None for an empty snapshot
        self.size = size

    @classmethod
    def build(cls, chunks: Sequence[Chunk]) -> Bm25Index:
        if not chunks:
            return cls(None, 0)
        import bm25s

        bm25 = bm25s.BM25()
        corpus = [lexical_terms(lexical_document(c)) or [""] for c in chunks]
        bm25.index(corpus, show_progress=False)
        return cls(bm25, len(chunks))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (0 where no query term occurs)."""
        terms = lexical_terms(query)
        if self._bm25 is None or not terms:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)

    def save(self, folder: Path) -> None:
        if self._bm25 is not None:
            self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> Bm25Index:
        if size == 0:
            return cls(None, 0)
        import bm25s

        return cls(bm25s.BM25.load(str(folder), show_progress=False), size)

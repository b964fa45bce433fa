"""Small edit-distance tools for typo-tolerant name matching (no extra dependency).

Why not rapidfuzz: it is not installed, and the resolver only needs distances of 1–2
between short name keys, which a banded Damerau–Levenshtein and a one-deletion index
answer in microseconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance, or `limit + 1` as soon as it must exceed it."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _deletes(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


class DeletionIndex:
    """Finds keys within edit distance 1 (and many at 2) of a query via one-deletion keys."""

    def __init__(self, keys: Iterable[str], min_length: int = 4) -> None:
        self.min_length = min_length
        self._table: dict[str, set[str]] = defaultdict(set)
        for key in set(keys):
            if len(key) < min_length:
                continue
            self._table[key].add(key)
            for variant in _deletes(key):
                self._table[variant].add(key)

    def near(self, query: str, limit: int = 1) -> list[tuple[str, int]]:
        """Keys at distance 1..limit (limit ≤ 2), nearest first; exact matches excluded."""
        if len(query) < self.min_length:
            return []
        found: set[str] = set()
        for probe in {query} | _deletes(query):
            found |= self._table.get(probe, set())
        found.discard(query)
        scored = [(key, edit_distance(query, key, limit)) for key in found]
        return sorted(((k, d) for k, d in scored if d <= limit), key=lambda kd: (kd[1], kd[0]))

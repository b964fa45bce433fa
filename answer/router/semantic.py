"""The semantic vote: nearest labelled examples in the embedding model's space.

Why kNN over the examples rather than more patterns: the same question comes in four
languages, with or without diacritics, typed as on a phone; the multilingual model puts
"how many wards does X have" and "X có bao nhiêu phường" side by side, so a few hundred
hand-written examples (examples.json) cover phrasings no pattern list would. Adding an
example is how the router learns a new kind — never a new regular expression.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LANES = ("address", "facts", "documents", "smalltalk", "out_of_scope")
EXAMPLES_PATH = Path(__file__).with_name("examples.json")
K = 7


@dataclass(frozen=True)
class Example:
    text: str
    lane: str
    kind: str
    lang: str


def load_examples(path: Path = EXAMPLES_PATH) -> list[Example]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [Example(r["text"], r["lane"], r.get("kind", ""), r.get("lang", "")) for r in rows]


class NearestExamples:
    """Similarity-weighted vote of the k nearest examples (vectors are unit length)."""

    def __init__(self, vectors: np.ndarray, lanes: list[str], k: int = K) -> None:
        if len(vectors) != len(lanes) or not len(lanes):
            raise ValueError("one lane per example vector, and at least one example")
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.lanes = np.asarray(lanes)
        self.k = min(k, len(lanes))

    def scores(self, vector: np.ndarray) -> dict[str, float]:
        """Each lane's share of the neighbours' weight (sums to 1), best first."""
        sims = self.vectors @ np.asarray(vector, dtype=np.float32)
        top = np.argpartition(-sims, self.k - 1)[: self.k]
        # Sharpen: a close neighbour counts far more than the k-th one.
        weights = np.exp((sims[top] - sims[top].max()) / 0.05)
        totals: dict[str, float] = {}
        for lane, weight in zip(self.lanes[top], weights, strict=True):
            totals[str(lane)] = totals.get(str(lane), 0.0) + float(weight)
        whole = sum(totals.values())
        ranked = sorted(totals.items(), key=lambda item: -item[1])
        return {lane: round(value / whole, 4) for lane, value in ranked}


"""Ways to merge dense and lexical evidence into one ranking, selectable by name.

Why several: equal-weight reciprocal-rank fusion lets a lexical hit with a weak match
(a German question sharing only "Son La" with 34 Vietnamese resolutions) outrank the
cross-lingual dense hit that actually answers it. The options are kept side by side so
`benchmarks/fusion_options.py` can measure them on the same candidates; the default is
the one that measured best (figures in benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np


@dataclass
class Candidate:
    """One chunk with its evidence from both retrievers (ranks are 1-based)."""

    chunk_id: str
    dense_score: float  # cosine similarity to the question
    lexical_score: float  # BM25, 0 when no term matches
    dense_rank: int
    lexical_rank: int | None  # None when BM25 found nothing in it


@dataclass(frozen=True)
class FusionConfig:
    """`method` picks the formula; the weights mean what each formula says."""

    method: str = "dense_boost"
    lexical_weight: float = 0.3
    rrf_k: int = 60
    # Multiplier for chunks about another place than the province the question names
    # (1.0 = no effect); applied after fusion.
    other_province_factor: float = 0.5
    # Lexical weight for questions not in Vietnamese (None = lexical_weight): their
    # words only match the few news texts in the same language, by function words.
    foreign_lexical_weight: float | None = None

    def for_language(self, language: str) -> FusionConfig:
        """The configuration to use for a question in `language`."""
        if language == "vi" or self.foreign_lexical_weight is None:
            return self
        return replace(self, lexical_weight=self.foreign_lexical_weight)


def _rrf(cands: Sequence[Candidate], w_lex: float, k: int) -> np.ndarray:
    dense = np.array([1.0 / (k + c.dense_rank) for c in cands])
    lex = np.array([1.0 / (k + c.lexical_rank) if c.lexical_rank else 0.0 for c in cands])
    return (1.0 - w_lex) * dense + w_lex * lex


def _lex_unit(cands: Sequence[Candidate]) -> np.ndarray:
    """BM25 divided by the best BM25 among the candidates (0..1)."""
    lex = np.array([c.lexical_score for c in cands], dtype=float)
    top = lex.max() if lex.size else 0.0
    return lex / top if top > 0 else lex


def fuse_dense(cands: Sequence[Candidate], cfg: FusionConfig) -> np.ndarray:
    return np.array([c.dense_score for c in cands], dtype=float)


def fuse_lexical(cands: Sequence[Candidate], cfg: FusionConfig) -> np.ndarray:
    # Dense similarity only breaks ties between chunks with the same BM25 score.
    return np.array([c.lexical_score + 1e-6 * c.dense_score for c in cands], dtype=float)


def fuse_rrf(cands: Sequence[Candidate], cfg: FusionConfig) -> np.ndarray:
    """Equal-weight reciprocal-rank fusion (the common default)."""
    return _rrf(cands, 0.5, cfg.rrf_k)


def fuse_weighted_rrf(cands: Sequence[Candidate], cfg: FusionConfig) -> np.ndarray:
    """RRF with the lexical list weighted `lexical_weight` and the dense list the rest."""
    return _rrf(cands, cfg.lexical_weight, cfg.rrf_k)


def fuse_dense_boost(cands: Sequence[Candidate], cfg: FusionConfig) -> np.ndarray:
    """Dense cosine plus `lexical_weight` × BM25 relative to the best BM25 hit."""
    dense = np.array([c.dense_score for c in cands], dtype=float)
    return dense + cfg.lexical_weight * _lex_unit(cands)


def fuse_convex(cands: Sequence[Candidate], cfg: FusionConfig) -> np.ndarray:
    """(1-w) × min-max-normalised cosine + w × BM25 relative to the best BM25 hit."""
    dense = np.array([c.dense_score for c in cands], dtype=float)
    low, high = (dense.min(), dense.max()) if dense.size else (0.0, 0.0)
    dense_unit = (dense - low) / (high - low) if high > low else np.ones_like(dense)
    return (1.0 - cfg.lexical_weight) * dense_unit + cfg.lexical_weight * _lex_unit(cands)


FUSIONS: dict[str, Callable[[Sequence[Candidate], FusionConfig], np.ndarray]] = {
    "dense": fuse_dense,
    "lexical": fuse_lexical,
    "rrf": fuse_rrf,
    "weighted_rrf": fuse_weighted_rrf,
    "dense_boost": fuse_dense_boost,
    "convex": fuse_convex,
}


def fuse(cands: Sequence[Candidate], cfg: FusionConfig) -> np.ndarray:
    """Fused score per candidate, higher is better."""
    if not cands:
        return np.zeros(0)
    try:
        method = FUSIONS[cfg.method]
    except KeyError:
        raise ValueError(
            f"unknown fusion {cfg.method!r}; choose one of {sorted(FUSIONS)}"
        ) from None
    return method(cands, cfg)

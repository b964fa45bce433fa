"""The process-wide router: the examples' vectors are computed once and cached on disk.

Why cached: ~350 examples cost a few seconds of model time; their query vectors are kept
in the shared embedding cache (keyed by model and text, like passages), so only a changed
or new example is ever encoded again, and the router is ready as soon as the model is.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from answer.router.router import Router
from answer.router.semantic import NearestExamples, load_examples
from haicap.settings import Settings

QUERY_KEY_SUFFIX = "|prompt=query"
_ROUTERS: dict[tuple, Router] = {}
_LOCK = threading.Lock()


def example_vectors(embeddings: Any, texts: list[str]) -> np.ndarray:
    """Query vectors of the examples, from the embedding cache when it has them."""
    from retrieval.embeddings import text_sha

    cache = getattr(embeddings, "cache", None)
    key = embeddings.model_key + QUERY_KEY_SUFFIX
    shas = [text_sha(text) for text in texts]
    found = cache.get_many(key, shas) if cache is not None else {}
    missing = [i for i, sha in enumerate(shas) if sha not in found]
    if missing:
        fresh = embeddings.queries.embed_many([texts[i] for i in missing], remember=False)
        new = {shas[i]: vector for i, vector in zip(missing, fresh, strict=True)}
        if cache is not None:
            cache.put_many(key, new)
        found.update(new)
    return np.stack([found[sha] for sha in shas])


class _LazyClassifier:
    """Builds the nearest-examples classifier on first need (it needs the model)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._built: NearestExamples | None = None
        self._lock = threading.Lock()

    def embeddings(self) -> Any:
        from retrieval.embeddings import get_embeddings

        return get_embeddings(self.settings)

    def __call__(self) -> NearestExamples:
        if self._built is None:
            with self._lock:
                if self._built is None:
                    examples = load_examples()
                    vectors = example_vectors(self.embeddings(), [e.text for e in examples])
                    self._built = NearestExamples(vectors, [e.lane for e in examples])
        return self._built

    def embed(self, text: str) -> np.ndarray:
        """Through the shared query batcher, whose LRU hands the vector to retrieval."""
        return self.embeddings().queries.embed(text)


def facts_intent(settings: Settings):
    """The facts lane's cheap structural signal, bound to `settings`."""
    from answer.lanes.facts import fact_intent

    return lambda question: fact_intent(question, settings)


def old_unit_finder(settings: Settings):
    """Does the gazetteer find an old unit in the text? (bound to the cache dir)"""
    from pathlib import Path

    from answer.router.signals import names_old_unit

    return lambda text: names_old_unit(text, Path(settings.cache_dir))


def address_test(settings: Settings):
    """The address lane's cheap test, bound to the cache dir (gazetteer pickle)."""
    from pathlib import Path

    from answer.router.signals import looks_like_address

    return lambda text: looks_like_address(text, Path(settings.cache_dir))


def get_router(settings: Settings, *, semantic: bool = True) -> Router:
    """One router per configuration; `semantic=False` decides from structure alone."""
    key = (str(settings.models_dir), str(settings.model_dir), settings.embed_model,
           settings.embed_dim, settings.embed_dtype, str(settings.cache_dir),
           str(settings.data_dir), semantic)  # fmt: skip
    with _LOCK:
        router = _ROUTERS.get(key)
        if router is None:
            lazy = _LazyClassifier(settings) if semantic else None
            router = Router(
                lazy,
                lazy.embed if lazy else None,
                fact_intent=facts_intent(settings),
                old_unit=old_unit_finder(settings),
                address_like=address_test(settings),
            )
            _ROUTERS[key] = router
        return router

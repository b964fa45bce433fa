"""The vector cache is keyed by everything that decides a vector, not just the text.

A changed document prompt (or a bumped embedding-code version) must miss the cache and
embed afresh; the installed model's own prompt keeps the key the cache was filled under,
so the shared cache of the corpus stays valid.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from haicap.model_fetch import model_path
from haicap.settings import Settings
from retrieval.embeddings import (
    EMBEDDING_CODE_VERSION,
    EmbeddingCache,
    GemmaEmbeddings,
    cache_key,
    model_prompts,
)

TEXTS = ["Phường Tô Hiệu, tỉnh Sơn La", "Xã Giáp Lai, tỉnh Phú Thọ"]


class CountingEmbeddings(GemmaEmbeddings):
    """The real cache logic; the model replaced by a counter (the cache is under test)."""

    encoded: list[str]

    def _encode(self, texts: list[str], prompt_name: str, show_progress: bool = False):
        self.encoded = [*getattr(self, "encoded", []), *texts]
        return np.ones((len(texts), self.dim), dtype=np.float32)


def _model_dir(root: Path, document_prompt: str) -> Path:
    folder = root / f"model-{abs(hash(document_prompt))}"
    folder.mkdir()
    config = {"prompts": {"query": "task: search result | query: ", "document": document_prompt}}
    (folder / "config_sentence_transformers.json").write_text(json.dumps(config), "utf-8")
    return folder


def _embeddings(model_dir: Path, cache: EmbeddingCache) -> CountingEmbeddings:
    return CountingEmbeddings(model_dir, dim=4, cache=cache, model_name="test/model")


def test_a_changed_document_prompt_misses_the_cache(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    first = _embeddings(_model_dir(tmp_path, "title: none | text: "), cache)
    first.embed_documents_array(TEXTS)
    assert first.encoded == sorted(TEXTS, key=len, reverse=True)

    again = _embeddings(first.model_dir, cache)
    again.embed_documents_array(TEXTS)
    assert getattr(again, "encoded", []) == []  # same prompt: served from the cache

    changed = _embeddings(_model_dir(tmp_path, "title: {title} | text: "), cache)
    changed.embed_documents_array(TEXTS)
    assert sorted(changed.encoded) == sorted(TEXTS)  # new prompt: embedded afresh
    assert changed.model_key != first.model_key


def test_the_key_names_prompt_and_code_version() -> None:
    current = cache_key("m", 768, "bfloat16", "document", "title: none | text: ")
    assert cache_key("m", 768, "bfloat16", "document", "title: x | text: ") != current
    assert cache_key("m", 768, "bfloat16", "query", "title: none | text: ") != current
    bumped = cache_key(
        "m", 768, "bfloat16", "document", "title: none | text: ", EMBEDDING_CODE_VERSION + 1
    )
    assert bumped != current and f"v{EMBEDDING_CODE_VERSION + 1}" in bumped
    assert cache_key("m", 256, "bfloat16", "document", "title: none | text: ") != current


def test_the_installed_model_keeps_the_key_its_vectors_were_cached_under() -> None:
    """Vectors cached before the key named the prompt stay valid for the same prompt."""
    settings = Settings()
    folder = model_path(settings.models_dir, settings.embed_model)
    prompt = model_prompts(folder).get("document")
    assert prompt == "title: none | text: ", f"unexpected prompt in {folder}: {prompt!r}"
    key = GemmaEmbeddings(folder, dim=768, dtype="bfloat16", model_name=settings.embed_model)
    assert key.model_key == f"{settings.embed_model}|768|bfloat16"

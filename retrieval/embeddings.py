"""The embedding model as a LangChain `Embeddings`, with a persistent vector cache.

Why: embeddinggemma needs different prompts for questions ("query") and passages
("document"); re-ingesting unchanged text must not pay for the model again, so vectors
are cached by (model, dimension, dtype, document prompt, code version, text hash) in the
shared cache dir: a changed prompt or embedding code must never reuse stale vectors.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from haicap.model_fetch import is_installed, model_path
from haicap.settings import Settings
from retrieval.errors import ModelNotInstalled
from retrieval.query_batcher import QueryBatcher

# Bump when the code turning a passage into a vector changes (pooling, truncation,
# normalisation…): every cached vector is then computed afresh.
EMBEDDING_CODE_VERSION = 1
DOCUMENT_PROMPT = "document"
# The key of vectors cached before it named prompt and version: embeddinggemma's own
# "document" prompt with code version 1. Those keep the old key, so the shared cache
# (minutes of CPU to rebuild) stays valid; any other prompt or version gets a new key.
_UNNAMED_KEY_PROMPT = (DOCUMENT_PROMPT, "title: none | text: ", 1)


def model_prompts(model_dir: Path) -> dict[str, str]:
    """The prompts sentence-transformers will prepend, read from the model folder
    (cheap: the model itself need not be loaded to know its cache key)."""
    try:
        config = json.loads((model_dir / "config_sentence_transformers.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    prompts = config.get("prompts") if isinstance(config, dict) else None
    return dict(prompts) if isinstance(prompts, dict) else {}


def cache_key(
    model_name: str,
    dim: int,
    dtype: str,
    prompt_name: str,
    prompt_text: str,
    version: int = EMBEDDING_CODE_VERSION,
) -> str:
    """The cache's model key: everything besides the text that decides the vector."""
    base = f"{model_name}|{dim}|{dtype}"
    if (prompt_name, prompt_text, version) == _UNNAMED_KEY_PROMPT:
        return base
    prompt_sha = hashlib.sha256(f"{prompt_name}\n{prompt_text}".encode()).hexdigest()[:16]
    return f"{base}|prompt={prompt_name}:{prompt_sha}|v{version}"


class EmbeddingCache:
    """SQLite table of vectors keyed by model key and text sha256; safe across threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, sha TEXT, vec BLOB,"
            " PRIMARY KEY (model, sha))"
        )
        self._db.commit()

    def get_many(self, model: str, shas: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(shas), 500):
                part = list(shas[start : start + 500])
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT sha, vec FROM vectors WHERE model=? AND sha IN ({marks})",
                    [model, *part],
                ).fetchall()
                for sha, blob in rows:
                    found[sha] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(model, sha, np.asarray(v, np.float32).tobytes()) for sha, v in items.items()],
            )
            self._db.commit()


def text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class GemmaEmbeddings(Embeddings):
    """sentence-transformers model with query/document prompts and Matryoshka truncation."""

    def __init__(
        self,
        model_dir: Path,
        *,
        dim: int = 768,
        dtype: str = "float32",
        batch_size: int = 16,
        cache: EmbeddingCache | None = None,
        model_name: str = "",
    ) -> None:
        self.model_dir = model_dir
        self.dim = dim
        self.dtype = dtype
        self.batch_size = batch_size
        self.cache = cache
        self.model_key = cache_key(
            model_name or model_dir.name,
            dim,
            dtype,
            DOCUMENT_PROMPT,
            model_prompts(model_dir).get(DOCUMENT_PROMPT, ""),
        )
        self._model = None
        self._load_lock = threading.Lock()
        self.queries = QueryBatcher(lambda texts: self._encode(texts, "query"))

    @property
    def model(self):
        """Load on first use, so importing or building the pipeline stays cheap."""
        if self._model is None:
            with self._load_lock:
                if self._model is None:
                    import torch
                    from sentence_transformers import SentenceTransformer

                    torch_dtype = {"bfloat16": torch.bfloat16, "float32": torch.float32}[self.dtype]
                    self._model = SentenceTransformer(
                        str(self.model_dir),
                        device="cpu",
                        truncate_dim=self.dim,
                        local_files_only=True,
                        model_kwargs={"torch_dtype": torch_dtype},
                    )
        return self._model

    def _encode(
        self, texts: list[str], prompt_name: str, show_progress: bool = False
    ) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            prompt_name=prompt_name,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_documents_array(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Embed passages, reusing cached vectors; new ones are encoded longest-first."""
        shas = [text_sha(t) for t in texts]
        cached = self.cache.get_many(self.model_key, shas) if self.cache else {}
        missing = sorted(
            {sha: t for sha, t in zip(shas, texts, strict=True) if sha not in cached}.items(),
            key=lambda item: -len(item[1]),
        )
        if missing:
            fresh = self._encode([t for _, t in missing], DOCUMENT_PROMPT, show_progress)
            new = {sha: vec for (sha, _), vec in zip(missing, fresh, strict=True)}
            if self.cache:
                self.cache.put_many(self.model_key, new)
            cached.update(new)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([cached[sha] for sha in shas])

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_documents_array(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Concurrent questions share one model call (retrieval/query_batcher.py)."""
        return self.queries.embed(text).tolist()


_SHARED: dict[str, GemmaEmbeddings] = {}
_SHARED_LOCK = threading.Lock()


def get_embeddings(settings: Settings) -> GemmaEmbeddings:
    """One model instance per process and configuration (loading costs seconds)."""
    folder = settings.model_dir or model_path(settings.models_dir, settings.embed_model)
    if settings.model_dir is None and not is_installed(settings.models_dir, settings.embed_model):
        raise ModelNotInstalled(
            f"the embedding model {settings.embed_model} is not installed in "
            f"{settings.models_dir}; run `haicap models fetch` first"
        )
    key = f"{folder}|{settings.embed_dim}|{settings.embed_dtype}|{settings.cache_dir}"
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = GemmaEmbeddings(
                folder,
                dim=settings.embed_dim,
                dtype=settings.embed_dtype,
                batch_size=settings.embed_batch_size,
                cache=EmbeddingCache(settings.cache_dir / "embeddings.sqlite"),
                model_name=settings.embed_model,
            )
        return _SHARED[key]

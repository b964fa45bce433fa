"""Concurrent questions share model calls, and each caller gets its own vector."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from haicap.settings import Settings
from retrieval.query_batcher import QueryBatcher


class SlowEncoder:
    """Vector = [index of the text in the caller's list, length]; 30 ms per call."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.lock = threading.Lock()

    def __call__(self, texts: list[str]) -> np.ndarray:
        with self.lock:
            self.calls.append(list(texts))
        time.sleep(0.03)
        return np.array([[float(t.split("-")[1]), float(len(t))] for t in texts])


def test_each_caller_gets_its_own_vector_and_calls_are_batched() -> None:
    encoder = SlowEncoder()
    batcher = QueryBatcher(encoder, max_batch=8)
    texts = [f"q-{i}" for i in range(40)]
    with ThreadPoolExecutor(max_workers=40) as pool:
        vectors = list(pool.map(batcher.embed, texts))
    for text, vector in zip(texts, vectors, strict=True):
        assert vector[0] == float(text.split("-")[1])
    assert sum(len(c) for c in encoder.calls) == 40
    assert max(len(c) for c in encoder.calls) <= 8
    assert len(encoder.calls) < 40 / 2, f"{len(encoder.calls)} model calls for 40 questions"


def test_a_lone_question_does_not_wait_for_company() -> None:
    """Encoded at once, alone: a batcher waiting for a batch to fill would never return
    (the timeout only guards against a hang; speed is measured in benchmarks/)."""
    encoder = SlowEncoder()
    batcher = QueryBatcher(encoder)
    assert batcher.embed("q-1", timeout=60).tolist() == [1.0, 3.0]
    assert encoder.calls == [["q-1"]]
    assert (batcher.batches, batcher.queries) == (1, 1)


def test_a_model_failure_reaches_every_waiting_caller_and_the_next_call_works() -> None:
    state = {"fail": True}

    def encoder(texts: list[str]) -> np.ndarray:
        time.sleep(0.02)
        if state["fail"]:
            raise RuntimeError("model broke")
        return np.ones((len(texts), 2))

    batcher = QueryBatcher(encoder)
    with ThreadPoolExecutor(max_workers=5) as pool:
        futures = [pool.submit(batcher.embed, f"q-{i}") for i in range(5)]
        errors = [f.exception(timeout=10) for f in futures]
    assert all(isinstance(e, RuntimeError) for e in errors)
    state["fail"] = False
    assert batcher.embed("q-9").tolist() == [1.0, 1.0]


def test_batched_real_query_vectors_match_one_at_a_time(model_dir) -> None:
    """Padding in a batch must not move a question's vector (real model)."""
    from retrieval.embeddings import GemmaEmbeddings

    embeddings = GemmaEmbeddings(model_dir, dim=768, dtype=Settings().embed_dtype)
    questions = [
        "Tỉnh Lai Châu có bao nhiêu xã?",
        "What does Conclusion 150-KL/TW require?",
        "Wie viele Gemeinden hat die Provinz Son La nach der Neuordnung im Jahr 2025?",
        "p. chieng le tp son la",
        "Vem är ordförande för folkkommittén i Son La-provinsen efter sammanslagningen?",
        "Nghị quyết 1681/NQ-UBTVQH15 quy định việc sắp xếp các đơn vị hành chính cấp xã nào?",
    ]
    alone = np.array([embeddings._encode([q], "query")[0] for q in questions])
    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        together = np.array(list(pool.map(embeddings.embed_query, questions)))
    cosines = (alone * together).sum(axis=1)
    assert cosines.min() > 0.995, cosines


@pytest.fixture
def model_dir():
    from haicap.model_fetch import is_installed, model_path

    settings = Settings()
    if not is_installed(settings.models_dir, settings.embed_model):
        pytest.fail("the embedding model is not installed: run `haicap models fetch`")
    return model_path(settings.models_dir, settings.embed_model)

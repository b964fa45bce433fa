"""The eval's strict quote check reads the cited document's source file, and its summary
counts by question kind and language.

Why: a quote that matches the stored chunk can still be the tool's own words (a heading
line) or repaired text ("gồm67" shown as "gồm 67"); only the source file can tell.
"""

from __future__ import annotations

import json
import unicodedata

import numpy as np
import pytest

from answer.evaluation import (
    EvalQuestion,
    SourceDocuments,
    check_verbatim,
    evaluate,
    load_questions,
    quote_verbatim,
)
from answer.types import Answer, Citation
from haicap.settings import Settings
from retrieval.chroma_store import ChromaStore, chroma_client
from retrieval.store import Chunk

SOURCE = (
    "## Điều 1\n\n64\\. Sau khi sắp xếp, tỉnh Cà Mau có 64 đơn vị hành chính cấp xã,\n"
    "gồm55 xã và 09 phường; trong đó Đảng uỷ **tỉnh** chỉ đạo."
)


class _NoModel:
    def embed_documents_array(self, texts):
        raise AssertionError("not needed")


@pytest.fixture()
def store(tmp_path) -> ChromaStore:
    source = tmp_path / "9301_NQ-UBTVQH15.md"
    source.write_text(SOURCE, encoding="utf-8")
    settings = Settings(HAICAP_DATA_DIR=str(tmp_path / "data"))
    store = ChromaStore(chroma_client(settings), _NoModel(), "verbatim-test")
    repaired = "Nghị quyết 9301 — Điều 1\nSau khi sắp xếp, tỉnh Cà Mau có 64 đơn vị, gồm 55 xã"
    meta = {"document": source.name, "locator": "Điều 1", "source_path": str(source)}
    store.add([Chunk("c1", repaired, meta)], np.eye(1, 8))
    return store


def _answer(*quotes: str) -> Answer:
    citations = [
        Citation(n=i, document="9301_NQ-UBTVQH15.md", title="", doc_numbers=[], locator="",
                 quote=q)
        for i, q in enumerate(quotes, 1)
    ]
    return Answer(status="answered", answer="x", language="vi", citations=citations)


def test_quote_verbatim_allows_only_nfc_and_whitespace():
    assert quote_verbatim("tỉnh Cà Mau có 64 đơn vị hành chính cấp xã, gồm55 xã", SOURCE)
    assert quote_verbatim("Đảng uỷ **tỉnh** chỉ đạo", SOURCE)
    assert quote_verbatim(unicodedata.normalize("NFD", "tỉnh Cà Mau"), SOURCE)
    assert not quote_verbatim("gồm 55 xã", SOURCE)  # repaired spacing
    assert not quote_verbatim("Đảng ủy tỉnh chỉ đạo", SOURCE)  # tone moved, ** dropped
    assert not quote_verbatim("Nghị quyết 9301 — Điều 1", SOURCE)  # heading the tool built
    assert not quote_verbatim("", SOURCE)


def test_check_verbatim_reads_the_source_file_not_the_chunk(store):
    sources = SourceDocuments(store)
    good = "Sau khi sắp xếp, tỉnh Cà Mau có 64 đơn vị hành chính cấp xã"
    bad = check_verbatim(_answer(good, "gồm 55 xã", "Nghị quyết 9301 — Điều 1"), sources)
    assert [b["n"] for b in bad] == [2, 3]
    assert all(b["reason"] == "not in source" for b in bad)


def test_summary_counts_by_kind_and_language(store, tmp_path):
    path = tmp_path / "set.jsonl"
    rows = [
        {"id": "k1", "lang": "vi", "kind": "count", "question": "A?", "expect_any": ["64"],
         "sources": ["9301"], "answerable": True},
        {"id": "k2", "lang": "en", "kind": "count", "question": "B?", "expect_any": ["99"],
         "sources": ["9301"], "answerable": True},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    questions, _ = load_questions(path)
    assert [q.kind for q in questions] == ["count", "count"] and questions[0].set == "set"

    class _Pipeline:
        def answer(self, question, *, history, lang):
            good = "Sau khi sắp xếp, tỉnh Cà Mau có 64 đơn vị hành chính cấp xã"
            answer = _answer(good, "gồm 55 xã")
            answer.answer = "64 [1]"
            return answer

    report = evaluate(_Pipeline(), questions, store, warm_up=False)
    s = report.summary
    assert s.counts_by_kind == {"count": [1, 2]}
    assert s.counts_by_lang == {"en": [0, 1], "vi": [1, 1]}
    assert (s.verbatim_quotes, s.quotes) == (2, 4)
    assert report.rows[0].not_verbatim[0]["quote"] == "gồm 55 xã"


def test_eval_question_defaults_keep_old_sets_loading():
    q = EvalQuestion("x", "Q?")
    assert q.kind == "" and q.set == ""


def test_a_refusal_showing_the_fact_in_its_closest_passage_is_not_correct():
    from answer.evaluation import is_correct

    q = EvalQuestion("r", "Q?", "vi", ["64"], ["9301"], True)
    shown = _answer("Sau khi sắp xếp, tỉnh Cà Mau có 64 đơn vị hành chính cấp xã")
    shown.answer = "Không tìm thấy. Đoạn gần nhất [1]: … 64 …"
    assert is_correct(shown, q)
    shown.status = "not_found"
    assert not is_correct(shown, q)

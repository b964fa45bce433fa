"""Eval metrics on constructed answers: accuracy, refusal, citation validity, recall.

The store is real Chroma with hand-made chunks (random vectors: citation lookup reads
texts only). The pipeline is a local stand-in that returns prepared answers, since the
metrics must be right whatever pipeline is plugged in.
"""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from answer.evaluation import (
    WARM_UP_QUESTION,
    ChunkLookup,
    EvalQuestion,
    EvalSetError,
    check_citations,
    cites_expected_source,
    evaluate,
    fact_present,
    is_correct,
    is_refusal,
    load_questions,
    quote_in_text,
    write_chart,
)
from answer.types import Answer, Citation
from haicap.settings import Settings
from retrieval.chroma_store import ChromaStore, chroma_client
from retrieval.recall import percentile, retrieval_recall
from retrieval.store import Chunk

TEXT_A = "Sau khi sắp xếp, tỉnh Quảng Trị có 78 đơn vị hành chính cấp xã, gồm 69 xã và 8 phường."
TEXT_B = "Sắp xếp toàn bộ diện tích tự nhiên của xã Hoà Bình và xã Hòa Lợi thành xã Hòa Lợi."
CHUNKS = [
    Chunk("a1", TEXT_A, {"document": "9201_NQ-UBTVQH15.md", "locator": "Điều 2"}),
    Chunk("b1", TEXT_B, {"document": "9202_NQ-UBTVQH15.md", "locator": "Điều 1, khoản 3"}),
]


class _NoModel:
    def embed_documents_array(self, texts):
        raise AssertionError("not needed")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> ChromaStore:
    settings = Settings(HAICAP_DATA_DIR=str(tmp_path_factory.mktemp("evalstore")))
    store = ChromaStore(chroma_client(settings), _NoModel(), "eval-test")
    vectors = np.eye(len(CHUNKS), 8)
    store.add(CHUNKS, vectors)
    return store


def _cite(quote: str, chunk_id: str = "a1", document: str = "9201_NQ-UBTVQH15.md", **kw):
    return Citation(
        n=1,
        document=document,
        title="",
        doc_numbers=[],
        locator=kw.pop("locator", "Điều 2"),
        quote=quote,
        chunk_id=chunk_id,
        **kw,
    )


def _answer(text: str, citations=(), status="answered") -> Answer:
    return Answer(status=status, answer=text, language="vi", citations=list(citations))


Q_ANSWERABLE = EvalQuestion("q1", "Quảng Trị có bao nhiêu xã?", "vi", ["78"], ["9201"], True)
Q_REFUSE = EvalQuestion("q2", "Thời tiết ngày mai?", "vi", [], [], False)


def test_fact_comparison_is_nfc_and_casefold():
    q = EvalQuestion("x", "?", "de", ["Đồng Tiến"], ["s"], True)
    nfd = unicodedata.normalize("NFD", "Es ist XÃ ĐỒNG TIẾN.")
    assert fact_present(_answer(nfd), q)
    assert not fact_present(_answer("Đông Tiến"), q)  # a different name is not folded away


def test_correct_needs_the_fact_and_an_expected_source():
    right = _answer("Quảng Trị có 78 xã.", [_cite(TEXT_A[:40])])
    assert is_correct(right, Q_ANSWERABLE) and cites_expected_source(right, Q_ANSWERABLE)
    wrong_source = _answer("Quảng Trị có 78 xã.", [_cite("x", document="9999_other.md")])
    assert not is_correct(wrong_source, Q_ANSWERABLE)
    no_fact = _answer("Quảng Trị có nhiều xã.", [_cite(TEXT_A[:40])])
    assert not is_correct(no_fact, Q_ANSWERABLE)
    uncited = _answer("Quảng Trị có 78 xã.")
    assert not is_correct(uncited, Q_ANSWERABLE)


def test_refusal_is_any_status_but_answered():
    assert is_refusal(_answer("", status="not_found"))
    assert is_refusal(_answer("Bạn muốn hỏi xã nào?", status="clarify"))
    assert is_refusal(_answer("", status="out_of_scope"))
    assert not is_refusal(_answer("Có.", status="answered"))


def test_quote_matching_is_verbatim_after_normalisation():
    assert quote_in_text("tỉnh Quảng Trị có 78 đơn vị", TEXT_A)
    assert quote_in_text(unicodedata.normalize("NFD", "có 78 đơn vị hành chính"), TEXT_A)
    assert quote_in_text("xã  Hòa Bình và xã Hòa Lợi", TEXT_B)  # tone placement, spaces
    assert quote_in_text("“…có 78 đơn vị hành chính cấp xã…”", TEXT_A)  # trimmed quote
    assert not quote_in_text("tỉnh Quảng Trị có 87 đơn vị", TEXT_A)  # fabricated figure
    assert not quote_in_text("78 đơn vị … 8 phường", TEXT_A)  # elision is not verbatim
    assert not quote_in_text("", TEXT_A) and not quote_in_text("…", TEXT_A)


def test_citation_checks_against_the_stored_chunk(store):
    lookup = ChunkLookup(store)
    answer = _answer(
        "…",
        [
            _cite("có 78 đơn vị hành chính cấp xã"),  # valid, by chunk id
            _cite("có 80 đơn vị hành chính cấp xã"),  # fabricated
            _cite("xã Hòa Lợi thành xã Hòa Lợi", chunk_id="b1"),  # valid, other chunk
            _cite("có 78 đơn vị", chunk_id="b1"),  # real text, wrong chunk cited
            _cite(
                "Hoà Bình và xã Hòa Lợi",  # no chunk id: found by document + locator
                chunk_id="",
                document="9202_NQ-UBTVQH15.md",
                locator="Điều 1, khoản 3",
            ),
            _cite("anything", chunk_id="nope", document="missing.md"),
            _cite("   ", chunk_id="a1"),
            # no chunk id, a finer locator than the stored chunk's: the cited document
            _cite(
                "xã Hòa Lợi thành",
                chunk_id="",
                document="9202_NQ-UBTVQH15.md",
                locator="Điều 1, khoản 3, điểm a",
            ),
            _cite("xã Hòa Lợi thành phố", chunk_id="", document="9202_NQ-UBTVQH15.md"),
        ],
    )
    checks = check_citations(answer, lookup)
    assert [c.valid for c in checks] == [True, False, True, False, True, False, False, True, False]
    assert [c.reason for c in checks][1:] == [
        "quote not in chunk",
        "",
        "quote not in chunk",
        "",
        "chunk not found",
        "empty quote",
        "",
        "quote not in chunk",
    ]


class _StandInPipeline:
    """Returns prepared answers; the first call is slow like a model load."""

    def __init__(self, answers: dict[str, Answer | Exception]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, object, object]] = []

    def answer(self, question, *, history, lang):
        self.calls.append((question, history, lang))
        if len(self.calls) == 1:
            time.sleep(0.4)
        if question == WARM_UP_QUESTION:
            return _answer("warm")
        result = self.answers[question]
        if isinstance(result, Exception):
            raise result
        return result


def test_evaluate_scores_a_whole_set(store, tmp_path):
    questions = [
        Q_ANSWERABLE,
        EvalQuestion("q3", "Hòa Lợi?", "en", ["Hòa Lợi"], ["9202"], True),
        EvalQuestion("q4", "crash", "sv", ["x"], ["9201"], True),
        Q_REFUSE,
        EvalQuestion("q5", "poem", "en", [], [], False),
    ]
    pipeline = _StandInPipeline(
        {
            Q_ANSWERABLE.question: _answer("Có 78 xã.", [_cite("có 78 đơn vị")]),
            "Hòa Lợi?": _answer(
                "Xã Hòa Lợi.",
                [_cite("Hòa Lợi nằm ở", chunk_id="b1", document="9202_NQ-UBTVQH15.md")],
            ),
            "crash": RuntimeError("boom"),
            Q_REFUSE.question: _answer("Không có trong tài liệu.", status="not_found"),
            "poem": _answer("Roses are red", status="answered"),
        }
    )
    report = evaluate(pipeline, questions, store)
    s = report.summary
    assert (s.answerable, s.unanswerable) == (3, 2)
    assert s.correct == 2 and s.accuracy == pytest.approx(2 / 3, abs=1e-3)
    assert s.refused_unanswerable == 1 and s.refusal_rate == 0.5
    assert s.answered_unanswerable == ["q5"]
    assert (s.valid_citations, s.citations) == (1, 2)  # "Hòa Lợi nằm ở" is invented
    assert s.citation_validity == 0.5
    assert s.errors == 1 and report.rows[2].error == "RuntimeError: boom"
    assert s.accuracy_by_lang == {"en": 1.0, "sv": 0.0, "vi": 1.0}
    # warm-up call untimed: 6 calls for 5 questions, the 0.4 s load is not in the figures
    assert len(pipeline.calls) == 6 and pipeline.calls[0][0] == WARM_UP_QUESTION
    assert s.latency_p95_ms < 300
    assert all(call[1] == [] and call[2] is None for call in pipeline.calls)

    data = report.to_json()
    assert json.loads(json.dumps(data))["summary"]["accuracy"] == s.accuracy
    png = tmp_path / "chart.png"
    write_chart(report, png, "test")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_load_questions_skips_bad_lines_with_a_message(tmp_path):
    path = tmp_path / "qa.jsonl"
    rows = [
        json.dumps({"id": "a", "question": "Q?", "expect_any": ["1"], "sources": ["s"]}),
        "{not json",
        json.dumps({"id": "b", "question": "", "answerable": False}),
        json.dumps({"id": "c", "question": "Q2?", "answerable": True}),
        "",
        json.dumps({"id": "d", "question": "Q3?", "answerable": False}),
    ]
    path.write_text("\n".join(rows), encoding="utf-8")
    questions, problems = load_questions(path)
    assert [q.id for q in questions] == ["a", "d"]
    assert not questions[1].answerable
    assert [p.split(":")[1] for p in problems] == ["2", "3", "4"]
    with pytest.raises(EvalSetError, match="no such file"):
        load_questions(tmp_path / "missing.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n")
    with pytest.raises(EvalSetError, match="no usable question"):
        load_questions(tmp_path / "empty.jsonl")


def test_recall_at_k_definitions():
    def search(question: str, k: int):
        ranked = {
            "fact at 2": [CHUNKS[1], CHUNKS[0]],  # source chunk with the fact second
            "source only": [CHUNKS[1]],  # right document, fact not in the text
            "miss": [],
        }[question]
        return ranked[:k]

    questions = [
        EvalQuestion("r1", "fact at 2", "vi", ["78 đơn vị"], ["9201"], True),
        EvalQuestion("r2", "source only", "vi", ["99"], ["9202"], True),
        EvalQuestion("r3", "miss", "vi", ["x"], ["9201"], True),
        EvalQuestion("r4", "unanswerable is not scored", "vi", [], [], False),
    ]
    report = retrieval_recall(search, questions, ks=(1, 5))
    assert [r.id for r in report.rows] == ["r1", "r2", "r3"]
    assert report.recall == {1: 0.0, 5: pytest.approx(1 / 3)}
    assert report.source_recall == {1: pytest.approx(1 / 3), 5: pytest.approx(2 / 3)}
    assert report.rows[0].first_hit_rank == 2 and report.rows[0].first_source_rank == 2


def test_percentile_nearest_rank():
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 50) == 10.0 and percentile(values, 95) == 19.0
    assert percentile([], 50) == 0.0 and percentile([7.0], 95) == 7.0


def test_eval_command_rejects_a_missing_file(tmp_path, capsys):
    from haicap.cli import main

    code = main(["eval", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "out")])
    assert code == 2 and "no such file" in capsys.readouterr().err
    assert not Path(tmp_path / "out").exists()

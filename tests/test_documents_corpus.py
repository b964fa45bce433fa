"""Document answers over the real corpus: evidence across languages, honest refusals.

Questions are the project's own (tests/data/doc_questions.jsonl kinds), never the dev
strings. Real model, real Chroma, the shared corpus ingested once per session.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from answer.evaluation import SourceDocuments, check_verbatim
from answer.pipeline import build_pipeline
from retrieval.recall import contains_fact

pytestmark = pytest.mark.slow

QUESTIONS = Path(__file__).parent / "data" / "doc_questions.jsonl"


@pytest.fixture(scope="module")
def pipeline(corpus_settings):
    return build_pipeline(corpus_settings)


@pytest.fixture(scope="module")
def sources(pipeline):
    return SourceDocuments(pipeline.holder.get().store)


def _numbers(text: str) -> set[str]:
    return {n.lstrip("0") or "0" for n in re.findall(r"\d+", text)}


def _check_grounded(answer, sources) -> None:
    """Every quote is the source's words; every number of the body is in a quote."""
    assert check_verbatim(answer, sources) == []
    body = re.sub(r"\[\d+\]", "", answer.body)
    quoted = set().union(*(_numbers(c.quote) for c in answer.citations))
    assert _numbers(body) <= quoted, (answer.body, [c.quote for c in answer.citations])


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # Vietnamese / English / German questions over the Swedish news article.
        ("Bộ trưởng Bộ Y tế dự lễ công bố nghị quyết ở Sơn La là ai?", "Dao Hong Lan"),
        ("Who is the Secretary of the Son La Provincial Party Committee?", "Hoang Quoc Khanh"),
        ("Wer hat bei der Zeremonie in Son La die Resolution 1681 verkündet?", "Lo Minh Hung"),
        # A Vietnamese question over the German article (a percentage).
        ("Số đơn vị cấp xã của Sơn La giảm bao nhiêu phần trăm theo đề án?", "62,5"),
    ],
)
def test_cross_lingual_evidence_answers(pipeline, sources, question, fact) -> None:
    answer = pipeline.answer(question, history=[], lang=None)
    assert answer.status == "answered", answer.answer
    assert fact in answer.answer
    _check_grounded(answer, sources)


def test_effective_date_cites_the_line_that_holds_the_date(pipeline, sources) -> None:
    answer = pipeline.answer("Nghị quyết 1664 có hiệu lực từ ngày nào?", history=[], lang="vi")
    assert answer.status == "answered", answer.answer
    assert "2025" in answer.body
    _check_grounded(answer, sources)


def test_a_text_only_mentioned_is_said_to_be_only_mentioned(pipeline) -> None:
    answer = pipeline.answer("What does Conclusion 150-KL/TW require?", history=[], lang=None)
    assert answer.status != "answered"
    assert "150-KL/TW" in answer.body
    assert any("150-KL/TW" in c.quote for c in answer.citations)


def _score(pipeline, sources, path: Path) -> tuple[int, int, int, list]:
    """(correct, answerable, unanswerable answered, misses) over one question set;
    every answered documents-lane reply is checked for verbatim, grounded quotes."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    assert len(rows) >= 40
    correct = answerable = wrongly_answered = 0
    misses = []
    for row in rows:
        answer = pipeline.answer(row["question"], history=[], lang=None)
        if answer.status == "answered" and answer.route == "documents":
            _check_grounded(answer, sources)
        if not row["answerable"]:
            wrongly_answered += answer.status == "answered"
            continue
        answerable += 1
        cited = any(s in c.document for c in answer.citations for s in row["sources"])
        if (
            answer.status == "answered"
            and contains_fact(answer.answer, row["expect_any"])
            and cited
        ):
            correct += 1
        else:
            misses.append((row["id"], answer.status, answer.answer[:120]))
    return correct, answerable, wrongly_answered, misses


def test_own_question_set_scores(pipeline, sources) -> None:
    """The kinds the documents lane serves, in four languages: most answered with the
    expected fact and source, none of the unanswerable ones answered."""
    correct, answerable, wrongly_answered, misses = _score(pipeline, sources, QUESTIONS)
    print(f"\nown set: {correct}/{answerable} correct, {wrongly_answered} unanswerable answered")
    # Measured 2026-12-03: 24/36 and 4 answered before the count and rate fixes, 31/36
    # and 0 after the addressing check (answer/addressing.py); the bound on correct
    # answers guards against regressions and tightens as the lane improves.
    assert wrongly_answered == 0, wrongly_answered
    assert correct / answerable >= 0.8, misses


def test_fresh_question_set_scores(pipeline, sources) -> None:
    """48 questions written by someone who had not read the code (all lanes, 5 language
    forms, 8 unanswerable): first seen at 32/40 and 1 answered; the misses found
    (a groundbreaking ceremony read as a poem request, typed "nq 60 tw", an office's
    street address sent to the address lookup, …) were fixed for their kind."""
    path = QUESTIONS.with_name("fresh_questions.jsonl")
    correct, answerable, wrongly_answered, misses = _score(pipeline, sources, path)
    print(f"\nfresh set: {correct}/{answerable} correct, {wrongly_answered} unanswerable answered")
    assert wrongly_answered == 0, wrongly_answered
    assert correct / answerable >= 0.8, misses  # 34/40 in the test run of 3 Dec

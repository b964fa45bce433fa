"""Sentence-level evidence with the real embedding model, across languages.

The passages are written here (news-like sentences in Swedish and German, not the dev
set's); the question is Vietnamese or English. The model must put the question next to
the sentence that answers it, the person of a multi-person sentence must be the one
whose office the question names, and an off-topic question must find no evidence.
"""

from __future__ import annotations

import pytest

from answer import evidence
from answer.passages import build_passage
from answer.question import analyze
from haicap.settings import Settings

pytestmark = pytest.mark.slow

SWEDISH = (
    "Vid ceremonin i Ha Giang deltog kamraterna: Pham Van Son, medlem av partiets "
    "centralkommitté och finansminister; Le Thi Mai, biträdande chef för den centrala "
    "organisationskommissionen; Tran Quoc Bao, ordförande för den provinsiella "
    "folkkommittén. Ceremonin sändes direkt på HGTV-kanalen. Provinsen har 120 skolor."
)
GERMAN = (
    "Die Provinz Ha Giang hat ein Projekt zur Umstrukturierung von 180 Verwaltungseinheiten "
    "in 60 Einheiten entwickelt, was einer Reduzierung um 66,7 % entspricht. Zuvor fand die "
    "Grundsteinlegung für die Brücke Meo Vac statt."
)


@pytest.fixture(scope="module")
def embedder():
    from retrieval.embeddings import get_embeddings

    return get_embeddings(Settings())


def _passages():
    meta = {"kind": "news", "document": "x.txt", "language": "sv"}
    return [
        build_passage(1, "sv-1", SWEDISH, meta, 1.0),
        build_passage(2, "de-1", GERMAN, {**meta, "language": "de", "document": "y.txt"}, 0.9),
    ]


def _choose(question: str, lang: str, embedder):
    analysis = analyze(question, lang)
    hits = evidence.rank(analysis, _passages(), embedder)
    return analysis, evidence.choose(analysis, hits, embedder)


def test_person_is_read_from_the_stretch_that_names_the_office(embedder) -> None:
    _, finding = _choose("Ai là Chủ tịch Ủy ban nhân dân tỉnh Hà Giang?", "vi", embedder)
    assert finding is not None
    assert finding.value == "Tran Quoc Bao"
    assert "Tran Quoc Bao" in finding.hits[0].text
    assert "Pham Van Son" not in finding.hits[0].text  # the quote is that person's stretch


def test_percent_comes_from_the_german_sentence(embedder) -> None:
    _, finding = _choose("By what percentage did Ha Giang reduce its units?", "en", embedder)
    assert finding is not None
    assert finding.value == "66,7 %"
    assert finding.hits[0].passage.chunk_id == "de-1"


def test_off_topic_question_finds_no_evidence(embedder) -> None:
    _, finding = _choose("Công thức nấu phở bò ngon nhất là gì?", "vi", embedder)
    assert finding is None

"""How a question is read before evidence is chosen: who-holds-an-office versus
who-did-something, the attribution clause, what a count counts (pure functions)."""

from __future__ import annotations

import pytest

from answer.extract import find_persons
from answer.extractive import role_shares
from answer.lanes.fact_question import read_question
from answer.question import analyze, asked_content
from answer.vocab.attributes import asked_attributes, states

SENTENCE = (
    "Genosse Le Hoai Trung schlug vor, dass die Provinzen Berichte an die Zentralregierung "
    "senden; Genosse Vu Manh Ha, stellvertretender Sekretär des Provinzparteikomitees, "
    "berichtete."
)


@pytest.mark.parametrize(
    ("question", "lang", "office"),
    [
        ("Ai là Chủ tịch Ủy ban nhân dân tỉnh Sơn La?", "vi", True),
        ("Which deputy minister attended the ceremony?", "en", True),
        ("Bí thư Tỉnh ủy nào dự lễ công bố?", "vi", True),
        ("Vem är ordförande för folkkommittén i Son La-provinsen?", "sv", True),
        ("Ai đã đề nghị hai tỉnh gửi báo cáo lên Trung ương?", "vi", False),
        ("Who proposed that the provinces report to the Central Committee?", "en", False),
        ("Wer hat der Zentralregierung die Berichte vorgeschlagen?", "de", False),
    ],
)
def test_office_holder_or_actor(question: str, lang: str, office: bool) -> None:
    analysis = analyze(question, lang)
    assert analysis.kind == "person"
    assert analysis.asks_office is office


def test_an_actor_question_keeps_every_person_the_office_words_do_not_describe() -> None:
    """ "Who proposed … to the Central Committee": "central" describes where the reports
    go, so the proposer is not filtered out for lacking that office."""
    persons = find_persons(SENTENCE)
    assert [p.value for p in persons] == ["Le Hoai Trung", "Vu Manh Ha"]
    actor = analyze("Ai đã đề nghị các tỉnh gửi báo cáo lên Trung ương?", "vi")
    assert role_shares(actor, SENTENCE, persons, 0, len(SENTENCE)) == [1.0, 1.0]
    holder = analyze("Ai là Bí thư Tỉnh ủy?", "vi")
    shares = role_shares(holder, SENTENCE, persons, 0, len(SENTENCE))
    assert shares[0] < 0.75  # Le Hoai Trung is given no such office here


def test_a_place_named_like_a_person_is_not_a_person() -> None:
    text = "Ha Trung Chien, sekreterare för To Hieus valkretspartikommitté, talade."
    assert [p.value for p in find_persons(text)] == ["Ha Trung Chien"]


@pytest.mark.parametrize(
    ("question", "content"),
    [
        (
            "In which sectors has Son La attracted investment, according to its report?",
            "In which sectors has Son La attracted investment?",
        ),
        (
            "Enligt resolution 60-NQ/TW, vilka nivåer har den lokala förvaltningen?",
            "vilka nivåer har den lokala förvaltningen?",
        ),
        ("Laut dem Bericht: was plant Son La?", "Laut dem Bericht: was plant Son La?"),
    ],
)
def test_the_attribution_clause_is_not_the_asked_content(question: str, content: str) -> None:
    assert asked_content(question) == content


@pytest.mark.parametrize(
    ("question", "counts"),
    [
        ("Lai Châu có bao nhiêu xã?", True),
        ("How many commune-level units does Son La have?", True),
        ("Wie viele Gemeinden hat Son La?", True),
        ("Sơn La có bao nhiêu?", True),
        ("Wie viele unerledigte Aufgaben bearbeitete der Ausschuss von Son La?", False),
        ("Hur många ledamöter har folkrådet i Son La?", False),
        ("Sơn La còn bao nhiêu nhiệm vụ chưa hoàn thành?", False),
    ],
)
def test_a_count_of_something_else_is_no_unit_fact(question: str, counts: bool) -> None:
    assert ("count" in read_question(question).kinds) is counts


def test_a_budget_question_needs_an_amount() -> None:
    question = "Hur stor budget fick Son La för projektet för digital omvandling?"
    assert asked_attributes(question, "generic") == ["budget"]
    assert asked_attributes("Ngân sách xã được quản lý thế nào?", "generic") == []
    assert not states("budget", "das Projekt zur digitalen Transformation 2025–2028")
    assert states("budget", "tổng kinh phí 120 tỷ đồng")


def test_which_unit_is_no_person_question() -> None:
    """"đơn vị nào" (which unit) holds the letters of "vị nào" (which person)."""
    assert analyze("Thị trấn Cổ Lễ, huyện Trực Ninh giờ là đơn vị nào?", "vi").kind != "person"
    assert analyze("Vị nào chủ trì hội nghị?", "vi").kind == "person"


def test_a_sentence_never_starts_with_the_chunk_label() -> None:
    """The chunker's label line is not the document's words: the first sentence of a
    legal chunk starts after it, so no quote carries a heading path."""
    from answer.passages import build_passage

    text = (
        "Nghị quyết 60-NQ/TW — mục 5 (tiếp)\n"
        "(3) Đồng ý sáp nhập đơn vị hành chính cấp xã bảo đảm cả nước giảm khoảng 60 - 70%."
    )
    passage = build_passage(1, "t-1", text, {"kind": "legal", "document": "60.md"}, 1.0)
    quotes = [text[u.start : u.end] for u in passage.sentences]
    assert any(q.startswith("(3) Đồng ý sáp nhập") for q in quotes), quotes
    assert not any("mục 5" in q and "Đồng ý" in q for q in quotes), quotes


def test_a_count_of_districts_is_no_unit_fact() -> None:
    """Districts are gone: "how many districts" is not answered with commune counts, and
    the router's fact cue reads the same unit list as the facts lane."""
    from answer.router.signals import has_fact_cue

    for question in ("Sơn La trước đây có bao nhiêu huyện?", "Lai Châu có bao nhiêu xã?"):
        counts = "count" in read_question(question).kinds
        assert counts is has_fact_cue(question) is ("xã" in question)

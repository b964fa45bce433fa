"""The evidence must hold some of what is asked (answer/addressing.py): checked with the
glossary across languages, with words only in the question's own language."""

from __future__ import annotations

from answer.addressing import addresses
from answer.passages import build_passage
from answer.question import analyze

GERMAN = (
    "In Umsetzung der Resolution hat die Provinz Son La 200 Einheiten in 75 Einheiten "
    "umstrukturiert, was einer Reduzierung um 62,5 % entspricht."
)
GERMAN_INVEST = "Es gelingt, Investitionen in Schlüsselbereichen wie Tourismus anzuziehen."
VIETNAMESE = (
    "Xét đề nghị của Chính phủ tại Tờ trình số 386/TTr-CP ngày 09 tháng 5 năm 2025, "
    "Ủy ban Thường vụ Quốc hội quyết định sắp xếp các đơn vị hành chính cấp xã."
)


def _passage(text: str, lang: str, n: int = 1):
    meta = {"kind": "news", "document": f"{lang}.txt", "language": lang}
    return build_passage(n, f"{lang}-{n}", text, meta, 1.0)


def test_a_same_language_passage_without_the_asked_words_does_not_address() -> None:
    question = analyze("Wie hoch ist die Arbeitslosenquote in der Provinz Son La?", "de")
    assert not addresses(question, [_passage(GERMAN, "de")])


def test_vietnamese_is_checked_by_syllable_pairs() -> None:
    unrelated = analyze("khi nao co ket qua thi tot nghiep thpt nam 2025", "vi")
    assert not addresses(unrelated, [_passage(VIETNAMESE, "vi")])
    related = analyze("Tờ trình nào của Chính phủ đề nghị sắp xếp đơn vị hành chính?", "vi")
    assert addresses(related, [_passage(VIETNAMESE, "vi")])


def test_a_glossary_concept_is_found_across_languages() -> None:
    question = analyze("Tỉnh Sơn La đã thu hút đầu tư vào những lĩnh vực nào?", "vi")
    assert addresses(question, [_passage(GERMAN_INVEST, "de")])


def test_another_language_without_a_shared_concept_is_not_judged() -> None:
    """Plain English words are not expected in a German sentence: too little to judge."""
    question = analyze("How high is the jobless figure in Son La?", "en")
    assert addresses(question, [_passage(GERMAN, "de")])

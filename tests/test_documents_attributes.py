"""Questions that ask for an attribute the documents may not state, and people by office.

Phrasing is this file's own (not the dev sets'): a unit's address, area, population or
postal code must be refused when the evidence is only the clause that forms the unit;
an answer that does state the attribute stays answered; a person is read only when the
text gives them the asked office; a signer is read from a signature block laid out as a
table, quoted piece by piece in the document's own words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.evidence import Hit, typed_value, verbatim_pieces
from answer.extract import find_persons
from answer.extractive import Draft, Evidence
from answer.passages import build_passage
from answer.question import analyze
from answer.steps.answer import unstated_attributes

FORMING = (
    "Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các phường Hòa Bình, Tân Mai "
    "và xã Phú Sơn thành phường mới có tên gọi là phường Hòa Sơn."
)


def _draft(text: str) -> Draft:
    passage = build_passage(1, "c1", text, {"kind": "legal", "document": "z.md"}, 1.0)
    return Draft("answered", "generic", evidence=[Evidence(passage, 0, len(text), 1.0)])


@pytest.mark.parametrize(
    ("question", "lang", "attribute"),
    [
        ("UBND phường Hòa Sơn làm việc ở địa chỉ nào?", "vi", "address"),
        ("phuong hoa son co ma buu chinh la bao nhieu", "vi", "postal_code"),
        ("How large is Hoa Son ward in square kilometres?", "en", "area"),
        ("Wie viele Einwohner hat der Bezirk Hoa Son jetzt?", "de", "population"),
        ("Vilken postnummer har Hoa Son?", "sv", "postal_code"),
        ("Welche Vorwahl gilt für die Provinz Gia Lai?", "de", "phone_code"),
        ("Cán bộ xã sau sáp nhập được hưởng phụ cấp bao nhiêu?", "vi", "salary"),
    ],
)
def test_the_asked_attribute_is_recognised(question: str, lang: str, attribute: str) -> None:
    assert attribute in analyze(question, lang).attributes


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("By what date must the natural area of the new wards be published?", "en"),
        ("Who signed Resolution 1999/NQ-UBTVQH15?", "en"),
        ("Mục tiêu tăng trưởng năm 2025 là bao nhiêu phần trăm?", "vi"),
        ("Phường Hòa Sơn được hình thành từ những phường nào?", "vi"),
        ("Tỉnh Gia Lai có bao nhiêu phường sau sắp xếp?", "vi"),
        ("What is the population target for 2030 in percent?", "en"),
    ],
)
def test_other_questions_ask_no_attribute(question: str, lang: str) -> None:
    assert analyze(question, lang).attributes == []


@pytest.mark.parametrize(
    "question",
    [
        "Trụ sở UBND phường Hòa Sơn nằm ở đường nào?",
        "Hòa Sơn ward: what is its area in km2 and its population?",
        "What postal code does Hoa Son ward use now?",
    ],
)
def test_the_clause_forming_the_unit_does_not_answer_an_attribute(question: str) -> None:
    analysis = analyze(question, "vi")
    assert unstated_attributes(analysis, _draft(FORMING))


def test_evidence_that_states_the_attribute_keeps_the_answer() -> None:
    stated = (
        "Phường Hòa Sơn có diện tích tự nhiên 21,4 km² và quy mô dân số 48.310 người; "
        "trụ sở đặt tại số 12 đường Lê Lợi."
    )
    for question in (
        "Phường Hòa Sơn rộng bao nhiêu km2?",
        "Dân số phường Hòa Sơn là bao nhiêu?",
        "Trụ sở phường Hòa Sơn ở số nhà, đường nào?",
    ):
        assert unstated_attributes(analyze(question, "vi"), _draft(stated)) == []


def test_a_one_letter_first_name_is_a_person() -> None:
    text = "Có mặt tại lễ: Y Bih Niê, Thứ trưởng Bộ Dân tộc và Tôn giáo; Lê Văn Tám."
    names = [p.value for p in find_persons(text)]
    assert "Y Bih Niê" in names


ATTENDEES = (
    "Vid mötet deltog kamraterna: Vo Thi Hoa, medlem av centralkommittén och "
    "transportminister; Y Moan Enuol, biträdande minister för etniska minoriteter och "
    "religioner; ledare för provinsens avdelningar."
)


def _person_hit(text: str) -> Hit:
    passage = build_passage(1, "sv", text, {"kind": "news", "document": "m.txt"}, 1.0)
    return Hit(passage, 0, len(passage.text), 0.9)


def test_the_person_holding_the_asked_office_is_chosen() -> None:
    analysis = analyze("Which deputy minister for ethnic affairs was at the meeting?", "en")
    value, _ = typed_value(analysis, _person_hit(ATTENDEES), None)
    assert value == "Y Moan Enuol"


def test_no_one_holds_the_office_in_a_clause_that_forms_a_unit() -> None:
    analysis = analyze("Ai là Chủ tịch UBND phường Hòa Sơn?", "vi")
    clause = "Nhập xã Lê Lợi và xã Trần Phú thành phường mới có tên gọi là phường Hòa Sơn."
    assert typed_value(analysis, _person_hit(clause), None)[0] == ""
    value, _ = typed_value(analysis, _person_hit(ATTENDEES), None)
    assert value == ""  # a minister is not the chairman of the ward's committee


def test_a_signature_table_is_quoted_piece_by_piece(tmp_path: Path) -> None:
    source = tmp_path / "9999_NQ-UBTVQH15.md"
    source.write_text(
        "Nghị quyết này có hiệu lực từ ngày ký.\n\n"
        "+----------------+--------------------------+\n"
        "| ***Nơi nhận:** | **TM. ỦY BAN THƯỜNG VỤ\\  |\n"
        "| - Chính phủ;\\  | PHÓ CHỦ TỊCH\\             |\n"
        "| - Lưu: HC.     | Nguyễn Khắc Định**       |\n"
        "+----------------+--------------------------+\n",
        encoding="utf-8",
    )
    chunk = "Nơi nhận: - Chính phủ; - Lưu: HC.\nTM. ỦY BAN THƯỜNG VỤ PHÓ CHỦ TỊCH Nguyễn Khắc Định"
    meta = {"kind": "legal", "document": source.name, "source_path": str(source)}
    passage = build_passage(1, "s", chunk, meta, 1.0)
    start = passage.text.index("TM.")
    pieces = [passage.text[a:b] for a, b in verbatim_pieces(passage, start, len(passage.text))]
    assert pieces[-1] == "Nguyễn Khắc Định"
    assert " ".join(pieces) == passage.text[start:]

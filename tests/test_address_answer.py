"""The address route of the conversation: recognising address questions in vi/en/de/sv
and answering with the new unit, the split, and the resolution clause as a citation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from answer.lanes.address import answer_address
from answer.lanes.address_question import is_address_question
from haicap.settings import Settings
from haicap.verbatim import is_verbatim
from retrieval.address.legal_basis import record_document
from tests.conftest import require_shared

QUESTIONS = {
    "vi": "tôi ở xã Mường Bú cũ thì giờ thuộc xã nào?",
    "en": "which ward is old Phường 1 Quận 3 in now?",
    "de": "Ich wohnte in Phường Chiềng Lề, Thành phố Sơn La – wo bin ich jetzt?",
    "sv": "Jag bodde i Chiềng Lề, Sơn La – vilken kommun nu?",
}
EXPECTED_NEW = {
    "vi": "Xã Mường Bú",
    "en": "Phường Bàn Cờ",
    "de": "Phường Tô Hiệu",
    "sv": "Phường Tô Hiệu",
}
FRAME = {"vi": "nay thuộc", "en": "is now part of", "de": "gehört jetzt zu", "sv": "ingår nu i"}


@pytest.fixture()
def bare_settings(tmp_path: Path) -> Settings:
    return Settings(
        HAICAP_DATA_DIR=str(tmp_path / "data"), HAICAP_CACHE_DIR=str(tmp_path / "cache")
    )


@pytest.fixture(scope="module")
def legal_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = require_shared("corpus", "legal")
    data_dir = tmp_path_factory.mktemp("answer-data")
    for path in sorted(folder.glob("16*_NQ-UBTVQH15.md")):
        record_document(data_dir, path.name, path.read_text(encoding="utf-8"))
    return Settings(HAICAP_DATA_DIR=str(data_dir))


@pytest.mark.parametrize(
    "text",
    [
        *QUESTIONS.values(),
        "p. chieng le tp son la",
        "Các xã Thạch Trị, Thạch Hội và Thạch Văn được sắp xếp thành xã nào?",
        "Phường Hải Châu mới của Đà Nẵng gồm những phường cũ nào?",
        "what is the new address of Ward 1, District 3?",
    ],
)
def test_recognises_address_questions(text: str) -> None:
    assert is_address_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Xin chào",
        "Sau khi sắp xếp, tỉnh Cà Mau có bao nhiêu đơn vị hành chính cấp xã?",
        "Nghị quyết 1681/NQ-UBTVQH15 có hiệu lực từ ngày nào?",
        "How many communes does Thanh Hoa province have after the 2025 arrangement?",
        "What did Conclusion 150-KL/TW decide?",
        "Wie viele Gemeinden gibt es jetzt in Son La?",
    ],
)
def test_other_questions_are_not_address_questions(text: str, bare_settings: Settings) -> None:
    assert not is_address_question(text)
    assert answer_address(text, "en", bare_settings) is None


@pytest.mark.parametrize("lang", ["vi", "en", "de", "sv"])
def test_answers_in_the_users_language_with_clause_citation(
    lang: str, legal_settings: Settings
) -> None:
    answer = answer_address(QUESTIONS[lang], lang, legal_settings)
    assert answer is not None
    assert answer.status == "answered" and answer.route == "address" and answer.language == lang
    assert EXPECTED_NEW[lang] in answer.answer and FRAME[lang] in answer.answer
    assert answer.data_version == "2025-07-01"
    citation = answer.citations[0]
    assert citation.n == 1 and "[1]" in answer.answer
    assert re.fullmatch(r"\d{4}_NQ-UBTVQH15\.md", citation.document)
    assert citation.doc_numbers == [citation.document[:4] + "/NQ-UBTVQH15"]
    assert re.fullmatch(r"Điều 1, khoản \d+", citation.locator)
    assert citation.quote.startswith("Sắp xếp")  # the clause's words, not its number
    assert EXPECTED_NEW[lang].split(" ", 1)[1] in citation.quote  # the clause names the new unit
    text = (require_shared("corpus", "legal") / citation.document).read_text(encoding="utf-8")
    assert is_verbatim(citation.quote, text)  # NFC + whitespace only: no repaired text
    assert f"«{citation.quote}»" in answer.answer and f"«{citation.quote}»" not in answer.body


def test_without_ingested_texts_names_the_resolution_without_quote(
    bare_settings: Settings,
) -> None:
    answer = answer_address(QUESTIONS["vi"], "vi", bare_settings)
    assert answer is not None and answer.status == "answered"
    citation = answer.citations[0]
    assert citation.document == "1681/NQ-UBTVQH15" and citation.locator == "Điều 1"
    assert citation.quote == ""  # the facts line is the project's words, never a «quote»
    assert "«" not in answer.answer
    assert "1681/NQ-UBTVQH15" in answer.body and "16/6/2025" in answer.body
    assert "vietnamadminunits" in answer.body


def test_split_unit_lists_all_parts(legal_settings: Settings) -> None:
    answer = answer_address("xã Văn Khê, Mê Linh cũ giờ thuộc xã nào?", "en", legal_settings)
    assert answer is not None and answer.status == "answered"
    for name in ("Xã Yên Lãng", "Xã Tiến Thắng", "Xã Mê Linh", "Xã Ô Diên"):
        assert name in answer.answer
    assert "split" in answer.answer
    assert len(answer.citations) == 4  # one clause per part


def test_ambiguous_asks_with_candidates(bare_settings: Settings) -> None:
    answer = answer_address("xã Tân Hiệp cũ giờ thuộc xã nào?", "de", bare_settings)
    assert answer is not None and answer.status == "clarify"
    assert len(answer.candidates) >= 5
    assert all(c.startswith("Xã Tân Hiệp, ") for c in answer.candidates)
    assert "Welche" in answer.answer


def test_not_found_is_helpful(bare_settings: Settings) -> None:
    answer = answer_address("xã Xyzabc cũ giờ thuộc xã nào?", "sv", bare_settings)
    assert answer is not None and answer.status == "not_found"
    assert "Phường Chiềng Lề" in answer.answer  # an example of the expected form


def test_several_old_units_in_one_question(legal_settings: Settings) -> None:
    answer = answer_address(
        "Các xã Thạch Trị, Thạch Hội và Thạch Văn được sắp xếp thành xã nào?", "vi", legal_settings
    )
    assert answer is not None and answer.status == "answered"
    assert answer.body.count("Đồng Tiến") == 1  # said once: all three went to it
    for old in ("Thạch Trị", "Thạch Hội", "Thạch Văn"):
        assert old in answer.body
    assert [c.document for c in answer.citations] == ["1665_NQ-UBTVQH15.md"]


@pytest.mark.parametrize(
    "text",
    [
        "Những xã nào ở Điện Biên giữ nguyên không sắp xếp?",
        "Hà Giang nhập với tỉnh nào, tỉnh mới tên gì?",
        "Xã phường mới hoạt động từ ngày nào?",
        "Tỉnh Sơn La có bao nhiêu xã sau sắp xếp?",
        "Trụ sở phường Buôn Ma Thuột ở đâu, thuộc tỉnh nào?",
    ],
)
def test_place_names_asking_something_else_fall_through(
    text: str, legal_settings: Settings
) -> None:
    assert answer_address(text, "vi", legal_settings) is None


def test_two_old_units_joined_by_va_are_answered_once(legal_settings: Settings) -> None:
    answer = answer_address(
        "Phường Bửu Long và phường Quang Vinh ở Biên Hòa được nhập thành phường nào?",
        "vi",
        legal_settings,
    )
    assert answer is not None and answer.status == "answered"
    assert answer.body.count("Trấn Biên") == 1
    assert answer.citations[0].document == "1662_NQ-UBTVQH15.md"


def test_reverse_question(legal_settings: Settings) -> None:
    answer = answer_address(
        "Phường Hải Châu mới của Đà Nẵng gồm những phường cũ nào?", "vi", legal_settings
    )
    assert answer is not None and answer.status == "answered"
    for old in ("Phường Thạch Thang", "Phường Phước Ninh", "Phường Thuận Phước"):
        assert old in answer.answer
    assert answer.citations[0].document == "1659_NQ-UBTVQH15.md"

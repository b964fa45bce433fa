"""The facts lane answers unit-fact questions exactly, in four languages, from structured
data, and leaves every other question to the documents lane.

Why the expected values are read from the resolutions: a count, a list of unchanged
units or a composition is asserted against what the resolution's own text says (the
parsed closing clause, the clause forming a unit), while the lane computes it from the
gazetteer — two independent sources that must agree.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from answer.lanes.facts import answer_facts, enumerated_units, fact_intent
from haicap.settings import Settings
from haicap.text import fold
from retrieval.address.legal_basis import recorded_documents
from retrieval.unitfacts.facts import FactBook
from tests.conftest import require_shared
from tests.test_facts_quotes import ingest_legal


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir = tmp_path_factory.mktemp("facts-lane")
    ingest_legal(data_dir, require_shared("corpus", "legal"))
    return Settings(HAICAP_DATA_DIR=str(data_dir))


@pytest.fixture()
def bare(tmp_path: Path) -> Settings:
    return Settings(HAICAP_DATA_DIR=str(tmp_path / "empty"))


def _record(settings: Settings, number: str) -> dict:
    docs = recorded_documents(Path(settings.data_dir))
    return next(r for r in docs.values() if r["number"].startswith(number))


def _summary(record: dict) -> dict:
    return next(c for c in record["clauses"] if c["kind"] == "summary")


COUNT_QUESTIONS = [
    ("vi", "Tỉnh Lai Châu hiện có bao nhiêu xã và phường?"),
    ("vi", "tuyen quang sau khi nhap ha giang co tong cong bao nhieu don vi cap xa"),
    ("en", "How many communes does Lam Dong province have now, after absorbing Dak Nong?"),
    ("de", "Wie viele Stadtbezirke hat die Stadt Can Tho nach der Neuordnung?"),
    ("sv", "Hur många kommuner har Nghe An-provinsen efter omorganisationen?"),
]


@pytest.mark.parametrize(("lang", "question"), COUNT_QUESTIONS)
def test_counts_agree_with_the_resolutions_own_figures(
    lang: str, question: str, settings: Settings
) -> None:
    answer = answer_facts(question, lang, settings)
    assert answer is not None and answer.status == "answered" and answer.route == "facts"
    citation = answer.citations[0]
    record = recorded_documents(Path(settings.data_dir))[citation.document]
    counts = record["counts"]
    assert f" {counts['total']} " in answer.body
    for unit_type in ("xã", "phường", "đặc khu"):
        if counts.get(unit_type):
            assert f"{counts[unit_type]} " in answer.body
    assert citation.quote.startswith("Sau khi sắp xếp")
    assert citation.locator == f"Điều 1, khoản {_summary(record)['n']}"
    assert "«" not in answer.body and f"«{citation.quote}»" in answer.answer


def test_the_whole_country(settings: Settings) -> None:
    answer = answer_facts("Cả nước hiện có bao nhiêu tỉnh và bao nhiêu xã, phường?", "vi", settings)
    assert answer is not None
    assert "34 tỉnh" in answer.body and "3.321" in answer.body
    # the province count is 60-NQ/TW's decision: its sentence is quoted, under its number
    decided = [c for c in answer.citations if c.document_number == "60-NQ/TW"]
    assert decided and "34 tỉnh, thành phố" in decided[0].quote
    assert "«" not in answer.body
    book = FactBook(Path(settings.cache_dir), Path(settings.data_dir))
    total = sum(r["counts"]["total"] for r in book.records.values())
    assert total == 3321  # the 34 resolutions' own totals add up to the gazetteer's


def test_list_of_one_type_with_count(settings: Settings) -> None:
    answer = answer_facts("Which wards does Lai Chau province have?", "en", settings)
    assert answer is not None
    record = _record(settings, "1670")
    wards = [c["new_name"] for c in record["clauses"] if c.get("new_type") == "phường"]
    assert len(wards) == record["counts"]["phường"]
    for name in wards:
        assert name in answer.body
    assert f"The {len(wards)} wards" in answer.body


@pytest.mark.parametrize(
    ("lang", "question", "number"),
    [
        ("vi", "Ở Nghệ An những xã nào không thực hiện sắp xếp?", "1678"),
        ("en", "Which communes of Son La were left unchanged?", "1681"),
        ("de", "Welche Gemeinden in Lai Chau blieben unverändert?", "1670"),
        ("sv", "Vilka kommuner i Tuyen Quang är oförändrade?", "1684"),
        ("vi", "cao bang co xa nao giu nguyen khong", "1657"),
    ],
)
def test_unchanged_units_are_the_closing_clauses_list(
    lang: str, question: str, number: str, settings: Settings
) -> None:
    answer = answer_facts(question, lang, settings)
    assert answer is not None and answer.status == "answered"
    summary = _summary(_record(settings, number))
    for _, name in summary["unchanged"]:
        assert fold(name) in fold(answer.body)
    # exactly those units (a count would be a number no quote states: the names are listed)
    listed = sum(answer.body.count(f"{kind} ") for kind in ("Xã", "Phường", "Đặc khu"))
    assert listed == len(summary["unchanged"])
    assert answer.citations[0].locator == f"Điều 1, khoản {summary['n']}"


def test_unchanged_narrowed_to_a_former_district(settings: Settings) -> None:
    answer = answer_facts(
        "Ở thành phố Sơn La cũ có xã, phường nào giữ nguyên không?", "vi", settings
    )
    assert answer is not None
    everywhere = answer_facts("Ở Sơn La có xã, phường nào giữ nguyên không?", "vi", settings)
    assert everywhere is not None and answer.body != everywhere.body
    assert "Thành phố Sơn La" in answer.body  # the former district it was narrowed to


@pytest.mark.parametrize(
    ("lang", "question", "new_name"),
    [
        ("vi", "Phường Tô Hiệu (Sơn La) được hình thành từ những phường, xã cũ nào?", "Tô Hiệu"),
        ("en", "Which former communes make up the new Muong Bu commune?", "Mường Bú"),
        ("de", "Aus welchen früheren Gemeinden wurde die Gemeinde Mường Bú gebildet?", "Mường Bú"),
        ("sv", "Vilka tidigare kommuner bildade stadsdelen Tô Hiệu i Son La?", "Tô Hiệu"),
    ],
)
def test_composition_lists_the_clauses_sources(
    lang: str, question: str, new_name: str, settings: Settings
) -> None:
    answer = answer_facts(question, lang, settings)
    assert answer is not None and answer.status == "answered"
    record = _record(settings, "1681")
    clause = next(c for c in record["clauses"] if c.get("new_name") == new_name)
    for source in clause["sources"]:
        assert fold(source["name"]) in fold(answer.body)
    assert answer.citations[0].locator == f"Điều 1, khoản {clause['n']}"


def test_several_old_units_said_once(settings: Settings) -> None:
    record = _record(settings, "1681")
    clause = next(c for c in record["clauses"] if c.get("new_name") == "Mường Bú")
    olds = [s["name"] for s in clause["sources"]]
    question = f"Các xã {', '.join(olds[:-1])} và {olds[-1]} được nhập thành xã nào?"
    assert len(enumerated_units(question)) == len(olds)
    answer = answer_facts(question, "vi", settings)
    assert answer is not None and answer.status == "answered"
    assert answer.body.count("Mường Bú") == 1 + olds.count("Mường Bú")


@pytest.mark.parametrize(
    ("lang", "question", "expected"),
    [
        ("vi", "Tỉnh Hà Giang cũ nay nhập với tỉnh nào?", "Tuyên Quang"),
        ("en", "Which province was Yen Bai merged into?", "Lào Cai"),
        ("de", "Mit welcher Provinz wurde Bac Giang zusammengelegt?", "Bắc Ninh"),
        ("sv", "Vilken provins slogs Kon Tum samman med?", "Quảng Ngãi"),
    ],
)
def test_old_province_to_new(lang: str, question: str, expected: str, settings: Settings) -> None:
    answer = answer_facts(question, lang, settings)
    assert answer is not None and expected in answer.body
    assert answer.citations[0].document == "60-NQ_TW.md"


def test_centre_from_60_nq_tw_and_honest_without_it(settings: Settings, bare: Settings) -> None:
    question = "Where is the political-administrative centre of the new Lao Cai province?"
    answer = answer_facts(question, "en", settings)
    assert answer is not None and "Yên Bái" in answer.body
    without = answer_facts(question, "en", bare)
    assert without is not None and "is in the present" not in without.body
    assert "60-NQ/TW" in without.body and "not been ingested" in without.body
    assert all(c.quote == "" for c in without.citations) and "«" not in without.answer


def test_not_ingested_names_the_resolution_without_quote_marks(bare: Settings) -> None:
    answer = answer_facts("Tỉnh Lai Châu có bao nhiêu phường?", "vi", bare)
    assert answer is not None and answer.status == "answered"
    assert "1670/NQ-UBTVQH15" in answer.body and "vietnamadminunits" in answer.body
    assert "«" not in answer.answer
    assert answer.citations and all(c.quote == "" for c in answer.citations)


def test_effective_date_is_in_its_quote(settings: Settings) -> None:
    answer = answer_facts("Xã, phường mới chính thức hoạt động từ ngày nào?", "vi", settings)
    assert answer is not None and "1/7/2025" in answer.body
    assert "01 tháng 7 năm 2025" in answer.citations[0].quote
    adopted = answer_facts("Nghị quyết 1670/NQ-UBTVQH15 có hiệu lực từ khi nào?", "vi", settings)
    assert adopted is not None and "16/6/2025" in adopted.body
    assert any("ngày 16 tháng 6 năm 2025" in c.quote for c in adopted.citations)


def test_multi_part_answers_every_part(settings: Settings) -> None:
    answer = answer_facts(
        "How many special zones does Quang Ninh have and what are they called?", "en", settings
    )
    assert answer is not None
    book = FactBook(Path(settings.cache_dir), Path(settings.data_dir))
    zones = book.units("22", "Đặc khu")
    assert zones and f"{len(zones)} special zone" in answer.body
    for zone in zones:
        assert zone.short in answer.body
    merged = answer_facts(
        "Tỉnh Phú Thọ mới hợp nhất từ những tỉnh nào và có bao nhiêu xã?", "vi", settings
    )
    assert merged is not None and "Vĩnh Phúc" in merged.body and "Hòa Bình" in merged.body
    assert re.search(r"\b148\b", merged.body)
    assert {c.document for c in merged.citations} == {"60-NQ_TW.md", "1676_NQ-UBTVQH15.md"}


@pytest.mark.parametrize(
    "question",
    [
        "Chủ tịch UBND phường Tô Hiệu là ai?",
        "What percentage of communes in Son La were merged?",
        "Wie viele Einwohner hat die Gemeinde Mường Bú?",
        "Hur stor är arean för Lai Chau-provinsen?",
        "Nghị quyết 60-NQ/TW yêu cầu gì về tổ chức đảng?",
        "Thời tiết Hà Nội hôm nay thế nào?",
        "hello",
    ],
)
def test_other_questions_fall_through(question: str, settings: Settings) -> None:
    assert answer_facts(question, "vi", settings) is None
    assert fact_intent(question, settings) is None


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Đà Nẵng có bao nhiêu đặc khu?", "count"),
        ("Những phường nào thuộc Huế?", "list"),
        ("Which communes in Lai Chau were left unchanged?", "unchanged"),
        ("Phường Tô Hiệu gồm những phường cũ nào?", "composition"),
        ("Xã Mường Chùm và xã Tạ Bú nay thuộc xã nào?", "old_units"),
        ("Quảng Bình giờ thuộc tỉnh nào?", "province"),
        ("Từ ngày nào xã mới hoạt động?", "effective_date"),
    ],
)
def test_fact_intent(question: str, intent: str, settings: Settings) -> None:
    assert fact_intent(question, settings) == intent


def test_an_llm_answerer_never_states_other_unit_facts(settings: Settings) -> None:
    """With the LLM answerer configured (a fake endpoint that lies), unit facts still
    come from the facts lane and equal the computed ones; the model is asked only for
    the prose question."""
    from answer.pipeline import build_pipeline
    from tests.answer_support import TinyRetriever, synthetic_documents
    from tests.fake_openai import FakeOpenAI

    with FakeOpenAI(lambda request: "Tỉnh Lai Châu có 99 xã và 99 phường [1].") as fake:
        with_llm = Settings(
            HAICAP_DATA_DIR=settings.data_dir,
            HAICAP_LLM_BASE_URL=fake.base_url,
            HAICAP_LLM_MODEL="fake-model",
            HAICAP_LLM_TIMEOUT=5.0,
        )
        retriever = TinyRetriever(documents=synthetic_documents())
        pipeline = build_pipeline(with_llm, retriever=retriever)
        answer = pipeline.answer("Tỉnh Lai Châu hiện có bao nhiêu xã và phường?")
        assert fake.requests == []
        prose = pipeline.answer("Nghị quyết 60-NQ/TW yêu cầu gì về chính quyền địa phương?")
    assert answer.route == "facts" and answer.status == "answered"
    counts = _record(settings, "1670")["counts"]
    assert f" {counts['total']} " in answer.body and f"{counts['xã']} xã" in answer.body
    assert "99" not in answer.answer
    assert len(fake.requests) == 1 and prose.route == "documents"

"""Every «quote» the facts lane can produce is the cited file's own words.

Why over all 34 provinces: the resolutions were converted to Markdown by different
hands (glued words "gồm67", emphasis marks inside clauses, "uỷ"/"ủy"); a quote built
from the parsed, repaired text would look right and be wrong. The check is the eval's:
each " … "-separated part stands in the source file after NFC + whitespace only.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from answer.evaluation import quote_verbatim
from answer.lanes.facts import answer_facts
from haicap.settings import Settings
from haicap.verbatim import SourceText, is_verbatim
from ingestion.hooks import record_legal_document
from ingestion.loaders import load_file
from ingestion.parse import parse_document
from retrieval.address.legal_basis import recorded_documents
from retrieval.address.legal_facts import PROVINCE_RESOLUTIONS
from retrieval.unitfacts.province_plan import recorded_plans
from tests.conftest import require_shared


def ingest_legal(data_dir: Path, folder: Path) -> None:
    """What `haicap ingest` does for legal texts, without the embedding: parse, then hook."""
    for path in sorted(folder.glob("*.md")):
        loaded, _ = load_file(path)
        doc = parse_document(path.name, loaded.text, loaded.fmt, title_hint=loaded.title)
        if doc.kind == "legal":
            record_legal_document(data_dir, doc.name, doc.text, str(path))


@pytest.fixture(scope="module")
def legal_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = require_shared("corpus", "legal")
    data_dir = tmp_path_factory.mktemp("facts-quotes")
    ingest_legal(data_dir, folder)
    return data_dir


@functools.lru_cache(maxsize=64)
def _source(path: str) -> str:
    return load_file(Path(path))[0].text


def test_source_text_cuts_markup_and_keeps_glued_words() -> None:
    raw = "97\\. Sau khi sắp xếp, tỉnh X có 96 đơn vị, gồm67 xã và **phường\nY**.\n"
    src = SourceText(raw)
    quote = src.quote("Sau khi sắp xếp, tỉnh X có 96 đơn vị, gồm 67 xã và phường Y.")
    assert quote == "Sau khi sắp xếp, tỉnh X có 96 đơn vị, gồm67 xã và … phường Y"
    assert is_verbatim(quote, raw) and quote_verbatim(quote, raw)
    assert src.quote("a sentence that is not there") == ""


def test_every_stored_clause_quote_is_verbatim(legal_dir: Path) -> None:
    documents = recorded_documents(legal_dir)
    assert len(documents) == 34
    checked = 0
    for name, record in documents.items():
        source = _source(record["source_path"])
        quotes = [c["quote"] for c in record["clauses"]]
        quotes += [e["quote"] for e in record["effective"]] + [record["header"]["quote"]]
        assert all(quotes), name  # every clause found in its file
        for quote in quotes:
            assert quote_verbatim(quote, source), (name, quote)
            checked += 1
    assert checked > 3000


def test_province_plan_quotes_are_verbatim(legal_dir: Path) -> None:
    plans = recorded_plans(legal_dir)
    assert list(plans) == ["60-NQ_TW.md"]
    plan = plans["60-NQ_TW.md"]
    assert len(plan["merged"]) == 23 and len(plan["unmerged"]) == 11
    source = _source(plan["source_path"])
    for item in plan["merged"] + plan["unmerged"]:
        assert item["quote"] and quote_verbatim(item["quote"], source), item
    # The decision on the province count: as many as the appendix names, said verbatim.
    decided = plan["province_count"]
    assert decided["value"] == len(plan["merged"]) + len(plan["unmerged"])
    assert quote_verbatim(decided["quote"], source) and decided["locator"] == "mục 5"


QUESTIONS = (
    "{p} có bao nhiêu xã, phường, đặc khu và những xã nào giữ nguyên?",
    "Which special zones and wards does {p} have?",
    "Wie viele Gemeinden hat {p} und welche Provinzen wurden dort zusammengelegt?",
    "Var ligger det administrativa centrumet för {p}, och från vilket datum gäller de nya "
    "kommunerna?",
    "Nghị quyết nào quy định việc sắp xếp đơn vị hành chính cấp xã của {p}?",
)


@pytest.mark.parametrize("code", sorted(PROVINCE_RESOLUTIONS))
def test_every_answer_quote_over_all_provinces_is_verbatim(code: str, legal_dir: Path) -> None:
    settings = Settings(HAICAP_DATA_DIR=str(legal_dir))
    province = PROVINCE_RESOLUTIONS[code].province
    documents = recorded_documents(legal_dir)
    plans = recorded_plans(legal_dir)
    paths = {name: r["source_path"] for name, r in {**documents, **plans}.items()}
    answered = 0
    for template in QUESTIONS:
        for lang in ("vi", "en", "de", "sv"):
            answer = answer_facts(template.format(p=province), lang, settings)
            if answer is None:
                continue
            answered += 1
            for citation in answer.citations:
                assert citation.document in paths, citation
                assert citation.quote, citation  # everything is ingested here
                assert quote_verbatim(citation.quote, _source(paths[citation.document])), (
                    citation.document,
                    citation.quote,
                )
                assert f"«{citation.quote}»" not in answer.body  # quotes live in citations
    assert answered >= 12

"""A data dir ingested before the parsers kept quotes is brought up to date at the next
ingest, although its files are unchanged (ingestion skips unchanged files)."""

from __future__ import annotations

import json
from pathlib import Path

from answer.evaluation import quote_verbatim
from ingestion import backfill
from retrieval.address.legal_basis import recorded_documents, store_path
from retrieval.unitfacts.province_plan import plan_path, recorded_plans
from tests.conftest import require_shared
from tests.test_facts_quotes import ingest_legal


def test_outdated_records_are_reparsed_once(tmp_path: Path) -> None:
    folder = require_shared("corpus", "legal")
    names = ["1670_NQ-UBTVQH15.md", "60-NQ_TW.md"]
    for name in names:
        (tmp_path / "src").mkdir(exist_ok=True)
        (tmp_path / "src" / name).write_bytes((folder / name).read_bytes())
    data_dir = tmp_path / "data"
    ingest_legal(data_dir, tmp_path / "src")
    # what an older version left behind: clauses without quotes, no header, no plan
    store = json.loads(store_path(data_dir).read_text(encoding="utf-8"))
    for record in store["documents"].values():
        for key in ("header", "effective", "source_path"):
            record.pop(key, None)
        for clause in record["clauses"]:
            clause.pop("quote", None)
    store_path(data_dir).write_text(json.dumps(store, ensure_ascii=False), encoding="utf-8")
    plan_path(data_dir).unlink()

    sources = [(str(tmp_path / "src" / n), n) for n in names]
    assert backfill.outdated(data_dir, names) == names
    assert backfill.refresh(data_dir, sources) == 2
    record = recorded_documents(data_dir)["1670_NQ-UBTVQH15.md"]
    source = (folder / "1670_NQ-UBTVQH15.md").read_text(encoding="utf-8")
    assert record["header"]["quote"] and all(c["quote"] for c in record["clauses"])
    assert all(quote_verbatim(c["quote"], source) for c in record["clauses"])
    assert list(recorded_plans(data_dir)) == ["60-NQ_TW.md"]
    assert backfill.outdated(data_dir, names) == []
    assert backfill.refresh(data_dir, sources) == 0  # once only

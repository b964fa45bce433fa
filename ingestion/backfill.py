"""Bring the unit-fact records of a data dir up to date with the current parsers.

Why: ingestion is incremental — an unchanged file is never parsed again — so a data dir
ingested before the parsers kept verbatim quotes (or before 60-NQ/TW's appendix was
parsed) would keep answering without quotes. At the end of an ingest, every legal
source whose records are outdated is parsed again from its file (once; ~0.2 s each).
Serving never does this: a read-only data dir stays untouched.
"""

from __future__ import annotations

from pathlib import Path

from ingestion.loaders import load_file
from ingestion.parse import parse_document
from retrieval.address import legal_basis
from retrieval.unitfacts import province_plan


def outdated(data_dir: Path, documents: list[str]) -> list[str]:
    """The legal documents whose records predate the current parsers."""
    records = legal_basis.recorded_documents(data_dir)
    checked = province_plan.checked_documents(data_dir)
    stale = []
    for document in documents:
        record = records.get(document)
        if (record is not None and "header" not in record) or checked.get(
            document
        ) != province_plan.PLAN_VERSION:
            stale.append(document)
    return stale


def refresh(data_dir: Path, sources: list[tuple[str, str]]) -> int:
    """Re-record each outdated (source path, document) pair; returns how many."""
    stale = set(outdated(data_dir, [document for _, document in sources]))
    done = 0
    for key, document in sources:
        path = Path(key)
        if document not in stale or not path.is_file():
            continue
        loaded, _ = load_file(path)
        doc = parse_document(path.name, loaded.text, loaded.fmt, title_hint=loaded.title)
        for parser in (legal_basis, province_plan):
            parser.record_document(
                data_dir, document, doc.text, source_path=key, source_text=loaded.text
            )
        done += 1
    return done

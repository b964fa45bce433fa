"""Hand the text of each ingested legal document to the unit-fact parsers.

Why separate: the parsers keep their own records in the data dir (legal_basis.json,
province_plan.json); ingestion only tells them what arrived, changed or went away and
gives them the file as ingested, so their verbatim quotes are cut from the source. A
parser that fails is reported as a warning and never undoes an ingest: the chunks are
stored and the next ingest (or start) tries the records again (`backfill`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from ingestion import backfill
from ingestion.loaders import SkipFile, load_file
from retrieval.address import legal_basis
from retrieval.unitfacts import province_plan

log = logging.getLogger(__name__)


def _guarded(what: str, step: Callable[[], object]) -> None:
    try:
        step()
    except Exception as exc:  # a parser's failure must not lose the ingest
        print(f"warning: {what} failed: {exc}", file=sys.stderr)


def source_text(source_path: str | None) -> str | None:
    """The ingested file's text as loaded (None for a built-in or unreadable source)."""
    if not source_path:
        return None
    path = Path(source_path)
    if not path.is_file():
        return None
    try:
        return load_file(path)[0].text
    except (OSError, SkipFile) as exc:
        log.info("no source text for quotes from %s: %s", path.name, exc)
        return None


def record_legal_document(
    data_dir: Path, document: str, text: str, source_path: str | None = None
) -> None:
    """Give the unit-fact parsers the normalised text of a legal document.

    `source_path` (the file as ingested) lets them cut verbatim quotes from the source:
    commune-arrangement resolutions (legal_basis.json) and the provincial merger list
    of 60-NQ/TW (province_plan.json).
    """
    source = source_text(source_path)
    for parser in (legal_basis, province_plan):
        _guarded(
            f"{parser.__name__}.record_document",
            lambda parser=parser: parser.record_document(
                Path(data_dir), document, text, source_path=source_path, source_text=source
            ),
        )


def forget_legal_document(data_dir: Path, document: str) -> None:
    """Tell the unit-fact parsers a legal document changed or is gone."""
    for parser in (legal_basis, province_plan):
        _guarded(
            f"{parser.__name__}.forget_document",
            lambda parser=parser: parser.forget_document(Path(data_dir), document),
        )


def refresh_legal_records(data_dir: Path, sources: list[tuple[str, str]]) -> None:
    """Re-parse legal sources whose unit-fact records predate the current parsers.

    `sources` are (source path, document name) of the legal texts in the registry.
    """
    _guarded("backfill.refresh", lambda: backfill.refresh(Path(data_dir), sources))

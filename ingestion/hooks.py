"""Calls into the address resolver's modules, which may not exist in every version.

Why separate: ingestion must keep working when `retrieval.address` is absent or
broken; a failing hook is reported as a warning and never undoes an ingest.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path
from typing import Any


def _function(module_name: str, name: str) -> Any | None:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, name, None)


def _call(module_name: str, name: str, *args: Any, **optional: Any) -> None:
    """Call the hook; keyword arguments it does not take (an older version) are left out."""
    function = _function(module_name, name)
    if function is None:
        return
    try:
        parameters = inspect.signature(function).parameters
        accepted = {k: v for k, v in optional.items() if k in parameters}
    except (TypeError, ValueError):
        accepted = {}
    try:
        function(*args, **accepted)
    except Exception as exc:  # the resolver's failure must not lose the ingest
        print(f"warning: {module_name}.{name} failed: {exc}", file=sys.stderr)


def record_legal_document(
    data_dir: Path, document: str, text: str, source_path: str | None = None
) -> None:
    """Give the unit-fact parsers the normalised text of a legal document.

    `source_path` (the file as ingested) lets them cut verbatim quotes from the source:
    commune-arrangement resolutions (legal_basis.json) and the provincial merger list
    of 60-NQ/TW (province_plan.json).
    """
    args = (Path(data_dir), document, text)
    _call("retrieval.address.legal_basis", "record_document", *args, source_path=source_path)
    _call("retrieval.unitfacts.province_plan", "record_document", *args, source_path=source_path)


def forget_legal_document(data_dir: Path, document: str) -> None:
    """Tell the address resolver a legal document changed or is gone."""
    _call("retrieval.address.legal_basis", "forget_document", Path(data_dir), document)
    _call("retrieval.unitfacts.province_plan", "forget_document", Path(data_dir), document)


def refresh_legal_records(data_dir: Path, sources: list[tuple[str, str]]) -> None:
    """Re-parse legal sources whose unit-fact records predate the current parsers.

    `sources` are (source path, document name) of the legal texts in the registry.
    """
    _call("retrieval.unitfacts.backfill", "refresh", Path(data_dir), sources)

"""Calls into the address resolver's modules, which may not exist in every version.

Why separate: ingestion must keep working when `retrieval.address` is absent or
broken; a failing hook is reported as a warning and never undoes an ingest.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any


def _function(module_name: str, name: str) -> Any | None:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, name, None)


def _call(module_name: str, name: str, *args: Any) -> None:
    function = _function(module_name, name)
    if function is None:
        return
    try:
        function(*args)
    except Exception as exc:  # the resolver's failure must not lose the ingest
        print(f"warning: {module_name}.{name} failed: {exc}", file=sys.stderr)


def record_legal_document(data_dir: Path, document: str, text: str) -> None:
    """Give the address resolver the normalised full text of a legal document."""
    _call("retrieval.address.legal_basis", "record_document", Path(data_dir), document, text)


def forget_legal_document(data_dir: Path, document: str) -> None:
    """Tell the address resolver a legal document changed or is gone."""
    _call("retrieval.address.legal_basis", "forget_document", Path(data_dir), document)


def builtin_documents() -> list[tuple[str, str, dict[str, Any]]] | None:
    """The built-in reform knowledge, or None when this version does not have it."""
    function = _function("retrieval.address.knowledge", "builtin_documents")
    if function is None:
        return None
    return list(function())

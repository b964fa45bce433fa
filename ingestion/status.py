"""`haicap status`: what this installation holds, without loading the model.

Why no model load: status must answer in about a second, also when the model is
missing or the vector store is down; each part reports what it can. Here, in the
ingestion package, because it reports what ingestion stored (store, corpus, records).
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from haicap.model_fetch import is_installed, model_path, verification_record
from haicap.settings import DATA_VERSION, Settings
from ingestion.corpus import corpus_progress
from retrieval.address.knowledge import status_info
from retrieval.search_index import snapshot_counts
from retrieval.store import StoreUnavailable, collection_name, describe_store

PACKAGES = [
    "haicap", "torch", "sentence-transformers", "transformers", "chromadb", "langchain",
    "langchain-core", "python-telegram-bot", "pypdf", "bm25s", "vietnamadminunits",
]


def _versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _store_counts(settings: Settings) -> dict[str, Any]:
    name = collection_name(settings.embed_model, settings.embed_dim, settings.embed_dtype)
    # Embedded: the published snapshot's counts (opening Chroma would write).
    if not settings.chroma_host and (counts := snapshot_counts(settings.data_dir, name)):
        return {"collection": name, **counts}
    try:
        return {"collection": name, **describe_store(settings)}
    except StoreUnavailable as exc:  # report, never crash: status is a diagnostic
        return {"collection": name, "error": str(exc)}


def _corpus(settings: Settings) -> dict[str, Any]:
    """The HAICAP_CORPUS folders and how much of them is stored (from the registry, so
    also right while another process is loading them)."""
    try:
        progress = corpus_progress(settings)
    except Exception as exc:  # report, never crash: status is a diagnostic
        return {"error": f"{type(exc).__name__}: {exc}"}
    if not progress.folders and not progress.missing:
        state = "not set (HAICAP_CORPUS)"
    elif progress.files and progress.stored >= progress.files:
        state = "loaded"
    elif progress.stored:
        state = "partly loaded (the next start resumes)"
    else:
        state = "not loaded yet"
    return {"state": state, **progress.as_json()}


def collect_status(settings: Settings) -> dict[str, Any]:
    folder = model_path(settings.models_dir, settings.embed_model)
    record = verification_record(folder) or {}
    status: dict[str, Any] = {
        "data_dir": str(Path(settings.data_dir).resolve()),
        "cache_dir": str(Path(settings.cache_dir).resolve()),
        "store": (
            f"chroma server {settings.chroma_host}:{settings.chroma_port}"
            if settings.chroma_host
            else "chroma embedded"
        ),
        "model": {
            "name": settings.embed_model,
            "path": str(folder),
            "installed": is_installed(settings.models_dir, settings.embed_model),
            "verified_at": record.get("verified_at", ""),
            "source": record.get("source", ""),
            "dim": settings.embed_dim,
            "dtype": settings.embed_dtype,
        },
        "index": _store_counts(settings),
        "data_version": DATA_VERSION,
        "llm": settings.llm_base_url or "off (grounded extractive answerer)",
        "telegram": "token set" if settings.telegram_bot_token.get_secret_value() else "no token",
        "versions": _versions(),
    }
    status["corpus"] = _corpus(settings)
    status["address_data"] = status_info(settings)
    return status


def run_status(args: argparse.Namespace, settings: Settings) -> int:
    """Print the status; exit 1 when the vector store cannot be opened (for monitoring)."""
    status = collect_status(settings)
    store_error = status["index"].get("error") if isinstance(status["index"], dict) else None
    if store_error:
        print(f"haicap status: {store_error}", file=sys.stderr)
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
        return 1 if store_error else 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title="haicap status", show_header=False)
    for key, value in status.items():
        if isinstance(value, dict):
            value = "\n".join(f"{k}: {v}" for k, v in value.items())
        table.add_row(key, str(value))
    Console().print(table)
    return 1 if store_error else 0

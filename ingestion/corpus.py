"""The documents `haicap start` loads: the folders named in HAICAP_CORPUS.

Why a module: `haicap start` (terminal chat and bot), `haicap bot --load-builtin`,
`haicap ingest --builtin` and `haicap status` all need the same answers — which folders,
which of them are missing, how many of their files are stored — and the same one-time
clean-up of the generated per-unit pages older versions embedded ("built-in knowledge"):
those put project-written sentences inside «» under a resolution's number, so a data dir
that still holds them must lose them before anything can quote them again. Unit facts now
come from structured data (gazetteer + parsed resolution clauses), not from those pages.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from haicap.settings import Settings
from ingestion.pipeline import (
    BUILTIN_PREFIX,
    IngestReport,
    bump_index_version,
    discover,
    ingest_documents,
    ingest_paths,
)
from ingestion.registry import REGISTRY_FILE
from retrieval.store import VectorStore

RETIRED_KIND = "builtin"  # chunk metadata `kind` of the retired generated pages


@dataclass
class CorpusFolders:
    """HAICAP_CORPUS split into the paths that exist and those that do not."""

    present: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def configured(self) -> bool:
        return bool(self.present or self.missing)


def corpus_folders(settings: Settings) -> CorpusFolders:
    """The configured paths, relative ones read from the current folder (where
    `make start` runs), each once, in the order given."""
    folders = CorpusFolders()
    seen: set[Path] = set()
    for raw in settings.corpus.split(os.pathsep):
        raw = raw.strip()
        if not raw:
            continue
        path = Path(raw).expanduser()
        if not path.exists():
            folders.missing.append(raw)
            continue
        path = path.resolve()
        if path not in seen:
            seen.add(path)
            folders.present.append(path)
    return folders


def missing_message(raw: str) -> str:
    return (
        f"HAICAP_CORPUS: {raw} not found, skipped (paths are separated by "
        f"{os.pathsep!r}; relative paths are read from {Path.cwd()})"
    )


def _registered_keys(data_dir: Path) -> list[str]:
    """Registry keys, read directly (cheap, no store): [] when nothing was ingested."""
    path = Path(data_dir) / REGISTRY_FILE
    if not path.exists():
        return []
    try:
        # No -wal file: no writer is active and the file is complete, so read it as
        # immutable (a WAL reader would otherwise create -shm/-wal: a read-only data dir).
        mode = "ro" if path.with_name(path.name + "-wal").exists() else "ro&immutable=1"
        with sqlite3.connect(f"file:{path}?mode={mode}", uri=True, timeout=30) as conn:
            return [row[0] for row in conn.execute("SELECT key FROM sources")]
    except sqlite3.Error:  # created, table not there yet
        return []


def retired_pages_registered(data_dir: Path) -> int:
    """How many retired generated pages the registry still lists."""
    return sum(key.startswith(BUILTIN_PREFIX) for key in _registered_keys(data_dir))


def remove_retired_pages(settings: Settings, store: VectorStore) -> IngestReport:
    """Delete every generated page an older version stored: the registered ones (through
    the ingest registry, which also bumps the index version) and any chunk of that kind
    left without a registry row by a run killed between store and registry."""
    report = ingest_documents(settings, [], store=store, remove_missing=True, progress=False)
    orphans = store.ids(where={"kind": RETIRED_KIND})
    if orphans:
        store.delete(list(orphans))
        report.removed_chunks += len(orphans)
        floor = store.published_version() if store.server else 0
        report.index_version = bump_index_version(Path(settings.data_dir), at_least=floor + 1)
        if store.server:
            store.publish_version(report.index_version)
        report.total_chunks = store.count()
    return report


def load_corpus(
    settings: Settings,
    *,
    store: VectorStore | None = None,
    progress: bool | None = None,
    cancel: threading.Event | None = None,
) -> IngestReport:
    """Remove retired pages, then ingest the HAICAP_CORPUS paths (incremental: unchanged
    files cost a hash each). Missing paths are listed in `skipped`, never fatal.
    `cancel` stops between embedding batches; the next call resumes (IngestCancelled)."""
    if store is None:
        from retrieval.store import open_store

        store = open_store(settings)
    report = remove_retired_pages(settings, store)
    folders = corpus_folders(settings)
    report.skipped.extend({"path": raw, "reason": "not found (HAICAP_CORPUS)"}
                          for raw in folders.missing)  # fmt: skip
    if folders.present:
        report.merge(
            ingest_paths(settings, folders.present, store=store, progress=progress, cancel=cancel)
        )
    return report


@dataclass
class CorpusProgress:
    """How much of HAICAP_CORPUS is stored: files found under the paths vs registered."""

    folders: list[str]
    missing: list[str]
    files: int
    stored: int
    retired_pages: int

    def as_json(self) -> dict[str, object]:
        return {
            "folders": self.folders,
            "missing": self.missing,
            "files": self.files,
            "stored_files": self.stored,
            "retired_pages_left": self.retired_pages,
        }


def corpus_progress(settings: Settings) -> CorpusProgress:
    """Counted from the files and the registry only (no model, no store): for `/stats`
    and `haicap status`, also while another process loads."""
    folders = corpus_folders(settings)
    files, _ = discover(folders.present)
    keys = _registered_keys(Path(settings.data_dir))
    registered = set(keys)
    return CorpusProgress(
        folders=[str(p) for p in folders.present],
        missing=folders.missing,
        files=len(files),
        stored=sum(str(path) in registered for path in files),
        retired_pages=sum(key.startswith(BUILTIN_PREFIX) for key in keys),
    )

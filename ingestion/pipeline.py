"""Incremental, idempotent ingestion: files or built-in documents → chunks in Chroma.

Why this order: chunks are embedded (cached by text hash), upserted with stable ids,
stale ids deleted, and only then is the source recorded in the registry. A run killed
at any point is redone by the next one and converges to the same store, without
duplicates and without re-embedding text the cache already has.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from haicap.injection import injection_reasons
from haicap.settings import Settings
from ingestion.chunking import build_chunks
from ingestion.hooks import (
    forget_legal_document,
    record_legal_document,
    refresh_legal_records,
)
from ingestion.loaders import SkipFile, file_format, load_file
from ingestion.parse import clean_paragraphs, parse_document, parse_news
from ingestion.registry import Entry, Registry
from retrieval.store import Chunk, VectorStore

BUILTIN_PREFIX = "builtin:"
EMBED_BATCH = 64
COMMIT_CHUNKS = 512  # chunks embedded before their sources are written and recorded
INDEX_VERSION_FILE = "index_version.json"
_METADATA_OVERRIDES = (
    "title", "doc_number", "issue_date", "issuer", "language", "source_url", "province",
)  # fmt: skip


@dataclass
class IngestReport:
    """The `--json` contract (first six keys) plus a few extras."""

    files: int = 0
    added_chunks: int = 0
    unchanged_files: int = 0
    removed_chunks: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    total_chunks: int = 0
    ingested_files: int = 0
    pruned_files: int = 0
    index_version: int = 0
    seconds: float = 0.0
    # Documents that talk to the assistant ("ignore previous instructions…"): stored and
    # searchable, but never used as evidence for an answer (haicap/injection.py).
    flagged: list[dict[str, str]] = field(default_factory=list)

    def merge(self, other: IngestReport) -> None:
        for name in ("files", "added_chunks", "unchanged_files", "removed_chunks",
                     "ingested_files", "pruned_files"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.skipped.extend(other.skipped)
        self.flagged.extend(other.flagged)
        self.total_chunks = other.total_chunks
        self.index_version = max(self.index_version, other.index_version)
        self.seconds += other.seconds

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Pending:
    """A new or changed source, chunked and waiting for its vectors."""

    key: str
    document: str
    kind: str
    sha: str
    text: str
    chunks: list[Chunk]
    old: Entry | None


class IngestCancelled(RuntimeError):
    """The run was asked to stop; groups committed before stay (the registry has them)."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def bump_index_version(data_dir: Path, at_least: int = 0) -> int:
    """version += 1 (or `at_least`, if higher) in `index_version.json`, written atomically
    (temp file + rename)."""
    path = Path(data_dir) / INDEX_VERSION_FILE
    try:
        current = int(json.loads(path.read_text(encoding="utf-8"))["version"])
    except FileNotFoundError:
        current = 0
    except (OSError, ValueError, TypeError, KeyError):
        current = int(time.time())  # unreadable: jump past any version seen before
    new = max(current + 1, at_least)
    record = {
        "version": new,
        "updated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".index_version.", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(record, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return new


def _show_progress(progress: bool | None) -> bool | None:
    """tqdm's `disable`: None lets tqdm decide (off when stderr is not a terminal)."""
    return None if progress is None else not progress


class _Ingestor:
    """Shared steps of file and built-in ingestion."""

    def __init__(self, settings: Settings, store: VectorStore, progress: bool | None) -> None:
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.store = store
        self.registry = Registry(self.data_dir)
        self.report = IngestReport()
        self.disable = _show_progress(progress)
        self.changed = False  # the store changed in this run
        self.pruned = False  # ... by dropping sources (bumped once, at the end)
        self.cancel: threading.Event | None = None  # set: stop between batches

    def close(self) -> None:
        self.registry.close()

    def bump(self) -> int:
        """Count one more change: in the data dir, and on a shared Chroma server also in
        the collection, where workers on other hosts look for it."""
        floor = self.store.published_version() if self.store.server else 0
        version = bump_index_version(self.data_dir, at_least=floor + 1)
        if self.store.server:
            self.store.publish_version(version)
        return version

    def flag(self, path: str, text: str) -> dict[str, Any]:
        """Chunk metadata marking a document that addresses the assistant, and a report line."""
        reasons = injection_reasons(text)
        if not reasons:
            return {"suspect": ""}  # screened and clean: answers need not look again
        reason = "; ".join(reasons)
        self.report.flagged.append({"path": path, "reason": reason})
        return {"suspect": reason}

    def skip(self, path: str, reason: str) -> None:
        self.report.skipped.append({"path": path, "reason": reason})

    # -- committing -----------------------------------------------------------------
    @staticmethod
    def _groups(pending: list[_Pending]) -> list[list[_Pending]]:
        """Consecutive sources of about COMMIT_CHUNKS chunks, committed one group at a time."""
        groups: list[list[_Pending]] = [[]]
        size = 0
        for item in pending:
            if groups[-1] and size + len(item.chunks) > COMMIT_CHUNKS:
                groups.append([])
                size = 0
            groups[-1].append(item)
            size += len(item.chunks)
        return [g for g in groups if g]

    @staticmethod
    def _batches(group: list[_Pending]) -> list[list[str]]:
        """A group's distinct chunk texts, longest first, in embedding batches."""
        texts = sorted({c.text for p in group for c in p.chunks}, key=len, reverse=True)
        return [texts[i : i + EMBED_BATCH] for i in range(0, len(texts), EMBED_BATCH)]

    def commit(self, pending: list[_Pending]) -> None:
        """Embed (cache first), upsert, delete stale ids, then record, group by group.

        The index version is bumped after every group, so a reader never keeps a
        lexical index of a store that changed after the last bump.
        """
        if not pending:
            return
        groups = self._groups(pending)
        plans = [self._batches(group) for group in groups]
        embeddings = self.store.embeddings
        with tqdm(
            total=sum(len(p) for p in plans),
            desc="embedding",
            unit="batch",
            file=sys.stderr,
            disable=self.disable,
        ) as bar:
            for group, batches in zip(groups, plans, strict=True):
                vectors: dict[str, Any] = {}
                for batch in batches:
                    if self.cancel is not None and self.cancel.is_set():
                        raise IngestCancelled("stopped between batches; the next run resumes")
                    for text, vector in zip(
                        batch, embeddings.embed_documents_array(batch), strict=True
                    ):
                        vectors[text] = vector
                    bar.update(1)
                entries = [self._store_source(item, vectors) for item in group]
                # bump before recording: a run killed in between is redone, never missed
                self.report.index_version = self.bump()
                for entry in entries:
                    self.registry.put(entry)

    def _store_source(self, item: _Pending, vectors: dict[str, Any]) -> Entry:
        """Write one source's chunks to the store; the registry entry is returned."""
        new_ids = [c.id for c in item.chunks]
        old_ids = set(item.old.chunk_ids) if item.old else set()
        if item.chunks:
            self.store.add(item.chunks, [vectors[c.text] for c in item.chunks])
        stale = sorted(old_ids - set(new_ids) - self.registry.ids_used_elsewhere(item.key))
        if stale:
            self.store.delete(stale)
        # A legal text re-ingested under the same name is replaced by record_legal_document
        # in one atomic write; forgetting it first would leave the address resolver a
        # moment without it (tests/test_scale_ingest_while_serving.py).
        replaced_in_place = item.kind == "legal" and item.old and item.old.document == item.document
        if item.old and item.old.kind == "legal" and not replaced_in_place:
            forget_legal_document(self.data_dir, item.old.document)
        if item.kind == "legal":
            record_legal_document(self.data_dir, item.document, item.text, item.key)
        self.report.added_chunks += len(set(new_ids) - old_ids)
        self.report.removed_chunks += len(stale)
        self.report.ingested_files += 1
        self.changed = True
        return Entry(item.key, item.sha, item.document, item.kind, new_ids)

    def drop(self, entry: Entry) -> None:
        """Remove a source's chunks (those no other source shares) and its record."""
        stale = sorted(set(entry.chunk_ids) - self.registry.ids_used_elsewhere(entry.key))
        if stale:
            self.store.delete(stale)
        if entry.kind == "legal":
            forget_legal_document(self.data_dir, entry.document)
        self.registry.remove(entry.key)
        self.report.removed_chunks += len(stale)
        self.report.pruned_files += 1
        self.changed = self.pruned = True

    def finish(self, started: float) -> IngestReport:
        legal = [(e.key, e.document) for e in self.registry.entries() if e.kind == "legal"]
        refresh_legal_records(self.data_dir, legal)  # records older than the parsers
        if self.pruned:
            self.report.index_version = self.bump()
        elif not self.changed:
            self.report.index_version = _read_version(self.data_dir)
        self.report.total_chunks = self.store.count()
        if not self.store.server:
            # Readers then load this snapshot and never open (and so never write) the
            # store: serving works on a read-only data dir (retrieval/search_index.py).
            from retrieval.search_index import publish_snapshot

            publish_snapshot(self.data_dir, self.store, self.report.index_version)
        self.report.seconds = round(time.monotonic() - started, 2)
        return self.report


def _read_version(data_dir: Path) -> int:
    try:
        return int(json.loads((data_dir / INDEX_VERSION_FILE).read_text("utf-8"))["version"])
    except (OSError, ValueError, TypeError, KeyError):
        return 0


def _open_store(settings: Settings, store: VectorStore | None) -> VectorStore:
    if store is not None:
        return store
    from retrieval.store import open_store

    return open_store(settings)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[dict[str, str]]]:
    """Files named or found (recursively, hidden entries skipped) and missing paths."""
    found: dict[Path, None] = {}
    missing: list[dict[str, str]] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            missing.append({"path": str(raw), "reason": "not found"})
            continue
        path = path.resolve()
        if path.is_file():
            found.setdefault(path, None)
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                candidate = Path(root) / name
                if not name.startswith(".") and file_format(candidate):
                    found.setdefault(candidate.resolve(), None)
    return list(found), missing


def _under(key: str, roots: Sequence[Path]) -> bool:
    if not roots:
        return True
    path = Path(key)
    return any(path == root or root in path.parents for root in roots)


def ingest_paths(
    settings: Settings,
    paths: Sequence[str | Path],
    *,
    prune: bool = False,
    store: VectorStore | None = None,
    progress: bool | None = None,
    cancel: threading.Event | None = None,
) -> IngestReport:
    """Ingest files and folders; with `prune`, drop registered files that vanished.

    Prune scope: registered files under the given paths, or every registered file
    when no path is given. Built-in documents are never pruned here. Setting `cancel`
    stops the run between embedding batches (IngestCancelled; the `haicap start`
    background load), keeping what was committed.
    """
    started = time.monotonic()
    store = _open_store(settings, store)
    ingestor = _Ingestor(settings, store, progress)
    ingestor.cancel = cancel
    try:
        files, missing = discover(Path(p) for p in paths)
        ingestor.report.skipped.extend(missing)
        ingestor.report.files = len(files)
        pending: list[_Pending] = []
        for path in tqdm(
            files, desc="files", unit="file", file=sys.stderr, disable=ingestor.disable
        ):
            key = str(path)
            try:
                loaded, data = load_file(path)
            except SkipFile as exc:
                ingestor.skip(key, str(exc))
                continue
            except OSError as exc:
                ingestor.skip(key, f"cannot read: {exc.strerror or exc}")
                continue
            sha = sha256_bytes(data)
            old = ingestor.registry.get(key)
            if old and old.sha == sha:
                ingestor.report.unchanged_files += 1
                continue
            try:
                doc = parse_document(path.name, loaded.text, loaded.fmt, title_hint=loaded.title)
                chunks = build_chunks(
                    doc, source_path=key, file_sha=sha, extra=ingestor.flag(key, doc.text)
                )
            except Exception as exc:  # a parser bug must not lose the rest of the batch
                ingestor.skip(key, f"could not be parsed ({type(exc).__name__}: {exc})")
                continue
            if not chunks:
                ingestor.skip(key, "no text left after cleaning")
                continue
            pending.append(_Pending(key, doc.name, doc.kind, sha, doc.text, chunks, old))
        ingestor.commit(pending)
        if prune:
            roots = [Path(p).expanduser().resolve() for p in paths]
            for entry in ingestor.registry.entries():
                if entry.key.startswith(BUILTIN_PREFIX) or Path(entry.key).exists():
                    continue
                if _under(entry.key, roots):
                    ingestor.drop(entry)
        return ingestor.finish(started)
    finally:
        ingestor.close()


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple | set):
        return ";".join(str(v) for v in value)
    return "" if value is None else str(value)


def ingest_documents(
    settings: Settings,
    docs: Sequence[tuple[str, str, dict[str, Any]]],
    *,
    store: VectorStore | None = None,
    progress: bool | None = None,
    remove_missing: bool = False,
    cancel: threading.Event | None = None,
) -> IngestReport:
    """Ingest in-memory documents (name, text, metadata) as virtual files.

    Registry key `builtin:<name>`; kind from metadata (default "builtin"); chunked by
    paragraph. With `remove_missing`, registered built-in documents that are not in
    `docs` any more are removed (the built-in set was rebuilt). Setting `cancel` stops
    the run between embedding batches (IngestCancelled); what was committed stays.
    """
    started = time.monotonic()
    store = _open_store(settings, store)
    ingestor = _Ingestor(settings, store, progress)
    ingestor.cancel = cancel
    try:
        ingestor.report.files = len(docs)
        pending: list[_Pending] = []
        seen: set[str] = set()
        for name, text, metadata in tqdm(
            docs, desc="documents", unit="doc", file=sys.stderr, disable=ingestor.disable
        ):
            key = f"{BUILTIN_PREFIX}{name}"
            seen.add(key)
            metadata = dict(metadata or {})
            kind = str(metadata.pop("kind", "") or "builtin")
            fingerprint = json.dumps([text, kind, metadata], sort_keys=True, default=str)
            sha = sha256_bytes(fingerprint.encode("utf-8"))
            old = ingestor.registry.get(key)
            if old and old.sha == sha:
                ingestor.report.unchanged_files += 1
                continue
            paragraphs, language = clean_paragraphs(text, "text")
            if not paragraphs:
                ingestor.skip(key, "no text")
                continue
            doc = parse_news(name, paragraphs, language, kind=kind)
            for attribute in _METADATA_OVERRIDES:
                if metadata.get(attribute):
                    setattr(doc, attribute, str(metadata[attribute]))
            extra = {k: _scalar(v) for k, v in metadata.items() if k not in _METADATA_OVERRIDES}
            extra.update(ingestor.flag(key, doc.text))
            chunks = build_chunks(doc, source_path=key, file_sha=sha, extra=extra)
            pending.append(_Pending(key, name, kind, sha, doc.text, chunks, old))
        ingestor.commit(pending)
        if remove_missing:
            for entry in ingestor.registry.entries():
                if entry.key.startswith(BUILTIN_PREFIX) and entry.key not in seen:
                    ingestor.drop(entry)
        return ingestor.finish(started)
    finally:
        ingestor.close()

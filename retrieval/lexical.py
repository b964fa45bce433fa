"""BM25 over folded text, persisted per store version and swapped atomically.

Why: dense retrieval misses exact strings that users type — document numbers
("1681/NQ-UBTVQH15"), commune names without diacritics ("thach tri") — so a lexical
index over folded tokens backs it up. The index is derived from the store, keyed by
`index_version.json`, written to a temporary folder and renamed into place, so a
reader never loads half an index and every process notices when the store changed.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from haicap.text import lexical_tokens
from retrieval.index_version import read_index_version
from retrieval.store import Chunk

log = logging.getLogger(__name__)

# Bump when lexical_terms or the indexed fields change: persisted indexes are rebuilt.
TOKENIZER_VERSION = 2
LEXICAL_DIR = "lexical"
_MANIFEST = "manifest.json"
_CHUNKS = "chunks.jsonl"
_BM25 = "bm25"
_LEADING_NUMBER = re.compile(r"^(\d+)[-/]")
# Metadata shown before the passage text in the lexical document: the heading names the
# article ("Điều 1. … tỉnh Cà Mau"), which a clause deep inside the text does not repeat.
_INDEXED_METADATA = ("heading",)


def lexical_terms(text: str) -> list[str]:
    """Folded BM25 terms; a document number stays one term and also yields its number.

    "1681/NQ-UBTVQH15" → "1681/nq-ubtvqh15", "1681": the whole token matches exactly,
    the bare number still matches a user who typed "nghị quyết 1681".
    """
    terms: list[str] = []
    for token in lexical_tokens(text):
        terms.append(token)
        match = _LEADING_NUMBER.match(token)
        if match:
            terms.append(match.group(1))
    return terms


def lexical_document(chunk: Chunk) -> str:
    """The text BM25 sees for one chunk: its heading (when not already in it) + text."""
    parts = [
        str(chunk.metadata.get(key) or "")
        for key in _INDEXED_METADATA
        if chunk.metadata.get(key) and str(chunk.metadata[key]) not in chunk.text
    ]
    return "\n".join([*parts, chunk.text])


@dataclass
class LexicalIndex:
    """An immutable BM25 index over a snapshot of the store's chunks."""

    version: int
    ids: list[str]
    texts: list[str]
    metadatas: list[dict[str, Any]]
    bm25: Any = None  # bm25s.BM25, or None for an empty store
    position: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.position:
            self.position = {cid: i for i, cid in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, chunks: Iterable[Chunk], version: int) -> LexicalIndex:
        import bm25s

        chunks = list(chunks)
        bm25 = None
        if chunks:
            bm25 = bm25s.BM25()
            corpus = [lexical_terms(lexical_document(c)) or [""] for c in chunks]
            bm25.index(corpus, show_progress=False)
        return cls(
            version=version,
            ids=[c.id for c in chunks],
            texts=[c.text for c in chunks],
            metadatas=[dict(c.metadata) for c in chunks],
            bm25=bm25,
        )

    def chunk(self, i: int) -> Chunk:
        return Chunk(self.ids[i], self.texts[i], self.metadatas[i])

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (0 where no term matches)."""
        if self.bm25 is None:
            return np.zeros(0, dtype=np.float32)
        terms = lexical_terms(query)
        if not terms:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(terms), dtype=np.float32)

    def top(self, query: str, n: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Best `n` chunk positions with a positive score, optionally within a mask."""
        scores = self.scores(query)
        if scores.size == 0:
            return []
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        n = min(n, scores.size)
        best = np.argpartition(-scores, n - 1)[:n]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(i), float(scores[i])) for i in best if scores[i] > 0]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / _CHUNKS).open("w", encoding="utf-8") as out:
            for cid, text, meta in zip(self.ids, self.texts, self.metadatas, strict=True):
                out.write(json.dumps({"id": cid, "text": text, "metadata": meta}) + "\n")
        if self.bm25 is not None:
            self.bm25.save(str(folder / _BM25), show_progress=False)
        manifest = {
            "version": self.version,
            "count": len(self.ids),
            "tokenizer": TOKENIZER_VERSION,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        # The manifest goes last: a folder without one is incomplete by definition.
        (folder / _MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Load a saved index; ValueError when it is incomplete or from another tokenizer."""
        import bm25s

        try:
            manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            if not folder.exists():
                raise  # pruned (renamed away) meanwhile: gone, not half-written
            raise ValueError(f"{folder}: no manifest") from None
        except (OSError, ValueError) as exc:
            raise ValueError(f"{folder}: no readable manifest") from exc
        if manifest.get("tokenizer") != TOKENIZER_VERSION:
            raise ValueError(f"{folder}: built by tokenizer {manifest.get('tokenizer')}")
        ids, texts, metas = [], [], []
        with (folder / _CHUNKS).open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                ids.append(row["id"])
                texts.append(row["text"])
                metas.append(row["metadata"])
        if len(ids) != manifest.get("count"):
            raise ValueError(f"{folder}: {len(ids)} chunks, manifest says {manifest['count']}")
        bm25 = None
        if ids:
            bm25 = bm25s.BM25.load(str(folder / _BM25), show_progress=False)
        return cls(int(manifest["version"]), ids, texts, metas, bm25)


class LexicalIndexManager:
    """Hands out the lexical index matching the store's current version.

    Each call to `current()` reads `index_version.json` (a few µs); when the number
    moved, the matching persisted index is loaded, or built from `store.all_chunks()`
    and persisted under `data_dir/lexical/v<N>` by an atomic rename.
    """

    def __init__(self, data_dir: str | Path, store: Any) -> None:
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / LEXICAL_DIR
        self.store = store
        self._index: LexicalIndex | None = None
        self._lock = threading.Lock()
        self.builds = 0  # how many times this process built an index (for tests, stats)

    def current(self) -> LexicalIndex:
        version = read_index_version(self.data_dir)
        index = self._index
        if index is not None and (version is None or index.version == version):
            return index
        with self._lock:
            if self._index is None or (version is not None and self._index.version != version):
                self._index = self._load_or_build(version or 0)
            return self._index

    def _folder(self, version: int) -> Path:
        return self.root / f"v{version}"

    def _load_or_build(self, version: int) -> LexicalIndex:
        folder = self._folder(version)
        if folder.exists():
            try:
                index = LexicalIndex.load(folder)
                if index.version == version and len(index) == self.store.count():
                    return index
                log.info("lexical index %s does not match the store; rebuilding", folder)
            except (ValueError, OSError) as exc:
                log.warning("lexical index %s unusable (%s); rebuilding", folder, exc)
        chunks = self.store.all_chunks()
        index = LexicalIndex.build(chunks, version)
        self.builds += 1
        # Persist only a snapshot of one version: if ingestion moved on while we read,
        # keep it in memory (it is still the best we have) and rebuild on the next query.
        if read_index_version(self.data_dir) == version:
            self._publish(index, folder)
        return index

    def _publish(self, index: LexicalIndex, folder: Path) -> None:
        """Write to a private temp folder, then rename it into place in one step."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".tmp-v{index.version}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            index.save(tmp)
            if folder.exists():  # unusable or stale
                _remove_atomically(folder)
            try:
                os.rename(tmp, folder)
            except OSError:
                # Another process published the same version first; theirs is as good.
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            log.warning("cannot persist the lexical index in %s: %s", self.root, exc)
            return
        self._prune(keep=folder)

    def _prune(self, keep: Path) -> None:
        """Drop older versions, keeping the newest other one for readers still loading it.

        Temp folders older than an hour are leftovers of a process that died mid-write.
        """
        for leftover in self.root.glob(".tmp-*"):
            try:
                if time.time() - leftover.stat().st_mtime > 3600:
                    shutil.rmtree(leftover, ignore_errors=True)
            except OSError:
                pass
        versions = sorted(
            (p for p in self.root.glob("v*") if p.is_dir() and p != keep),
            key=lambda p: p.stat().st_mtime,
        )
        for old in versions[:-1]:
            _remove_atomically(old)


def _remove_atomically(folder: Path) -> None:
    """Rename out of the `v*` namespace first, so no reader finds it half-deleted."""
    trash = folder.parent / f".old-{folder.name}-{uuid.uuid4().hex[:8]}"
    try:
        os.rename(folder, trash)
    except OSError:
        return  # someone else removed or replaced it
    shutil.rmtree(trash, ignore_errors=True)

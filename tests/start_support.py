"""Helpers for the `haicap start` tests: small corpora, a chat subprocess driven through
stdin, and what the data dir holds afterwards (registry rows, store ids).

Why a chat driver with reader threads: the test must see the answer on stdout and the
loader's lines on stderr as they come, while the process keeps running.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from haicap.settings import Settings
from ingestion.registry import Registry
from tests.conftest import require_shared

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(base: Path, legal: list[str], news: list[str]) -> tuple[Path, Path]:
    """Two folders (legal texts, news) holding copies of files from ../shared."""
    legal_dir, news_dir = base / "legal", base / "news"
    legal_dir.mkdir(parents=True)
    news_dir.mkdir(parents=True)
    for name in legal:
        shutil.copy(require_shared("corpus", "legal", name), legal_dir / name)
    for name in news:
        shutil.copy(require_shared("seeds", name), news_dir / name)
    return legal_dir, news_dir


def start_env(**values: str) -> dict[str, str]:
    """The test's (already hermetic) environment, no token, plus `values`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "HAICAP_"))}
    if os.environ.get("HAICAP_CACHE_DIR"):  # the machine's cache (conftest keeps it)
        env["HAICAP_CACHE_DIR"] = os.environ["HAICAP_CACHE_DIR"]
    env.update(HAICAP_ENV_FILE="", HAICAP_LOG_LEVEL="INFO", PYTHONPATH=str(ROOT), CHROMA_HOST="")
    env.update(values)
    return env


class ChatProcess:
    """`haicap start` (no token: the terminal chat) with piped stdin/stdout/stderr."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "haicap.cli", "start"],
            env=env, cwd=str(cwd), text=True, encoding="utf-8", bufsize=1,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._lines: queue.Queue[tuple[str, str]] = queue.Queue()
        for name, stream in (("stdout", self.process.stdout), ("stderr", self.process.stderr)):
            threading.Thread(target=self._read, args=(name, stream), daemon=True).start()

    def _read(self, name: str, stream) -> None:
        for line in stream:
            getattr(self, name).append(line)
            self._lines.put((name, line))

    def ask(self, question: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(question + "\n")
        self.process.stdin.flush()

    def wait_for(self, stream: str, found: Callable[[str], bool], timeout: float) -> str:
        """The first new line of `stream` for which `found` is true; AssertionError
        with both logs when it does not come in time or the process ends first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                name, line = self._lines.get(timeout=1.0)
            except queue.Empty:
                if self.process.poll() is not None and self._lines.empty():
                    break
                continue
            if name == stream and found(line):
                return line
        raise AssertionError(f"no such line on {stream} in {timeout:.0f} s\n{self.logs()}")

    def text(self, stream: str) -> str:
        return "".join(getattr(self, stream))

    def logs(self) -> str:
        out, err = self.text("stdout")[-3000:], self.text("stderr")[-3000:]
        return f"--- stdout\n{out}\n--- stderr\n{err}"

    def sigterm(self, timeout: float) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.finish(timeout)

    def close(self, timeout: float) -> int:
        """EOF on stdin (like Ctrl-D) and wait for the exit code."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        return self.finish(timeout)

    def finish(self, timeout: float) -> int:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"did not stop in {timeout:.0f} s\n{self.logs()}") from None


def registry_keys(data_dir: Path) -> dict[str, list[str]]:
    """Registered source key -> its chunk ids."""
    if not (data_dir / "ingest.sqlite").exists():
        return {}
    with Registry(data_dir) as registry:
        return {entry.key: entry.chunk_ids for entry in registry.entries()}


def store_ids(data_dir: Path, where: dict | None = None) -> list[str]:
    """Every chunk id in the embedded store of `data_dir` (no model load)."""
    from retrieval.embeddings import get_embeddings
    from retrieval.store import open_store

    settings = Settings(HAICAP_DATA_DIR=str(data_dir), CHROMA_HOST="")
    store = open_store(settings, get_embeddings(settings))
    return store.ids(where=where)


RETIRED_PAGE = (
    "Từ ngày 01/07/2025, tỉnh Sơn La (mã 14) có 75 đơn vị hành chính cấp xã, gồm 67 xã, 8 phường."
)


def seed_retired_pages_here(settings: Settings) -> None:
    """A data dir as an older version left it: one registered generated page (a sentence
    Resolution 1681 does not contain, stored under its number) and one orphan chunk of
    that kind (a run killed between store and registry)."""
    import numpy as np

    from ingestion.pipeline import ingest_documents
    from retrieval.store import Chunk, open_store

    store = open_store(settings)
    meta = {"kind": "builtin", "title": "Tỉnh Sơn La", "doc_number": "1681/NQ-UBTVQH15"}
    ingest_documents(
        settings, [("builtin/province/14.md", RETIRED_PAGE, meta)], store=store, progress=False
    )
    orphan = Chunk(
        "retired-orphan",
        "Xã Ô Diên được hình thành từ toàn bộ xã Hạ Mỗ.",
        {"kind": "builtin", "document": "builtin/commune/00001.md"},
    )
    store.add([orphan], [np.full(settings.embed_dim, 1.0 / np.sqrt(settings.embed_dim))])


def seed_retired_pages(data_dir: Path, env: dict[str, str]) -> None:
    """`seed_retired_pages_here` in a subprocess (embedded Chroma: one process at a time)."""
    code = (
        "import sys; from haicap.settings import Settings; "
        "from tests.start_support import seed_retired_pages_here; "
        "seed_retired_pages_here(Settings(HAICAP_DATA_DIR=sys.argv[1], CHROMA_HOST=''))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        env=env, cwd=str(ROOT), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert any(k.startswith("builtin:") for k in registry_keys(data_dir))

"""Load the built-in knowledge in the background while the bot already serves.

Why: on a new machine the built-in documents (3,356 generated pages, one per new
commune and province) take about 8½ minutes to embed on 2 cores. Address lookups — what
most citizens ask — need none of it, so `haicap start` no longer makes them wait: the
bot answers at once and this thread fills the store. Ingestion commits group by group
and bumps the index version each time, so document questions are answered from what is
already there, and a stop half-way is resumed by the next start (the registry skips what
was stored). One process only: the embedded Chroma store is not shared across processes.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from haicap.settings import Settings

log = logging.getLogger("bot.knowledge")


class BuiltinLoader:
    """Runs `ingest --builtin` once in a daemon thread; `loading` while it runs."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.state = "idle"  # idle | loading | loaded | stopped | failed
        self.report: Any = None
        self.error = ""
        self.seconds = 0.0
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()

    @property
    def loading(self) -> bool:
        return self.state == "loading"

    def start(self) -> None:
        self.state = "loading"
        self._thread = threading.Thread(target=self._run, name="haicap-builtin", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 60.0) -> None:
        """Shutdown: stop after the current embedding batch (a few seconds); the next
        start resumes where this one stopped."""
        self._cancel.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        from ingestion.hooks import builtin_documents
        from ingestion.pipeline import IngestCancelled, ingest_documents

        started = time.monotonic()
        log.info("loading the built-in knowledge in the background")
        try:
            docs = builtin_documents()
            if docs is None:
                raise RuntimeError("built-in knowledge is not available in this version")
            self.report = ingest_documents(
                self.settings, docs, remove_missing=True, progress=False, cancel=self._cancel
            )
        except IngestCancelled:
            self.state = "stopped"
            log.info("loading the built-in knowledge stopped; the next start resumes it")
            return
        except Exception as exc:  # the bot keeps serving addresses and stored documents
            self.error = f"{type(exc).__name__}: {exc}"
            self.state = "failed"
            log.error("the built-in knowledge could not be loaded: %s", self.error)
            return
        finally:
            self.seconds = time.monotonic() - started
        self.state = "loaded"
        log.info(
            "built-in knowledge loaded: %d documents, %d chunks added, %d in the store, %.0f s",
            self.report.files, self.report.added_chunks, self.report.total_chunks, self.seconds,
        )  # fmt: skip

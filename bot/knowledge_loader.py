"""Load the HAICAP_CORPUS documents in the background while the bot or chat already answers.

Why: on a new 2-core machine the shared corpus (37 files, 2,108 chunks) takes about
7 minutes to embed. Addresses and unit facts — what most people ask — need none of it,
so `haicap start` does not make them wait: the bot (or the terminal chat) answers at
once and this thread fills the store. Ingestion commits group by group and bumps the
index version each time, so document questions are answered from what is already
there, and a stop half-way is resumed by the next start (the registry skips what was
stored). The generated per-unit pages of older versions are removed before the thread
starts (ingestion/corpus.py). One process only: embedded Chroma is not shared.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from typing import Any

from haicap.settings import Settings

log = logging.getLogger("bot.knowledge")
STOP_WAIT = 30.0  # seconds a shutdown waits for the current embedding batch


class CorpusLoader:
    """Runs `load_corpus` once in a daemon thread; `loading` while it runs."""

    def __init__(self, settings: Settings, progress_every: float = 30.0) -> None:
        self.settings = settings
        self.progress_every = progress_every  # seconds between progress lines in the log
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
        """Remove retired pages now (before any answer could quote them), then load."""
        self.state = "loading"
        self._remove_retired_pages_first()
        self._thread = threading.Thread(target=self._run, name="haicap-corpus", daemon=True)
        self._thread.start()
        threading.Thread(target=self._log_progress, name="haicap-corpus-progress",
                         daemon=True).start()  # fmt: skip

    def stop(self, timeout: float = STOP_WAIT, exit_code: int | None = 0) -> None:
        """Shutdown: stop after the current embedding batch; the next start resumes where
        this one stopped. A batch can take minutes on a busy machine, so after `timeout`
        the process leaves at once with `exit_code` (None: just return): nothing is being
        written during a batch (a group is stored only once embedded, then recorded), and
        a normal interpreter exit would abort inside torch's running thread."""
        self._cancel.set()
        if self._thread is None:
            return
        self._thread.join(timeout)
        if self._thread.is_alive() and exit_code is not None:
            log.warning("leaving during an embedding batch; the next start resumes it "
                        "(that batch is embedded again)")  # fmt: skip
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(exit_code)

    def wait(self, timeout: float | None = None) -> bool:
        """True once the load has ended (loaded, stopped or failed)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.loading

    def describe(self) -> str:
        """One line for `/stats`: state and files stored out of those found."""
        from ingestion.corpus import corpus_progress

        try:
            progress = corpus_progress(self.settings)
        except Exception as exc:  # a diagnostic line must not break /stats
            return f"{self.state} (progress unknown: {type(exc).__name__})"
        if not progress.folders and not progress.missing:
            return f"{self.state}, HAICAP_CORPUS not set"
        line = f"{self.state}, {progress.stored} of {progress.files} files stored"
        if progress.missing:
            line += f", not found: {', '.join(progress.missing)}"
        return line

    def _log_progress(self) -> None:
        """A progress line every `progress_every` seconds until the load ends."""
        thread = self._thread
        while thread is not None:
            thread.join(self.progress_every)
            if not thread.is_alive():
                return
            log.info("documents: %s", self.describe())

    def _remove_retired_pages_first(self) -> None:
        from ingestion.corpus import remove_retired_pages, retired_pages_registered
        from retrieval.store import open_store

        if not retired_pages_registered(self.settings.data_dir):
            return  # orphans, if any, go in the thread's first step
        try:
            report = remove_retired_pages(self.settings, open_store(self.settings))
            log.info("removed %d chunks of retired generated pages", report.removed_chunks)
        except Exception as exc:  # the thread tries again and reports
            log.warning("could not remove retired generated pages yet: %s", exc)

    def _run(self) -> None:
        from ingestion.corpus import corpus_folders, load_corpus, missing_message
        from ingestion.pipeline import IngestCancelled

        started = time.monotonic()
        _lower_priority()
        folders = corpus_folders(self.settings)
        for raw in folders.missing:
            log.warning("%s", missing_message(raw))
        log.info("loading the documents in the background: %s",
                 ", ".join(map(str, folders.present)) or "HAICAP_CORPUS not set")  # fmt: skip
        try:
            self.report = load_corpus(self.settings, progress=False, cancel=self._cancel)
        except IngestCancelled:
            self.state = "stopped"
            log.info("loading the documents stopped; the next start resumes it")
            return
        except Exception as exc:  # answering goes on with addresses and stored documents
            self.error = f"{type(exc).__name__}: {exc}"
            self.state = "failed"
            log.error("the documents could not be loaded: %s", self.error)
            return
        finally:
            self.seconds = time.monotonic() - started
        self.state = "loaded"
        log.info(
            "documents loaded: %d files, %d chunks added, %d unchanged files, "
            "%d chunks in the store, %.0f s",
            self.report.files, self.report.added_chunks, self.report.unchanged_files,
            self.report.total_chunks, self.seconds,
        )  # fmt: skip


def _lower_priority(step: int = 10) -> None:
    """Give this thread (and the torch worker threads it starts) a lower CPU priority, so
    on 2 cores the embedding of the corpus does not slow the answers being served. Linux
    keeps a nice value per thread; elsewhere this is a no-op."""
    with contextlib.suppress(AttributeError, OSError):
        thread = threading.get_native_id()
        niceness = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, min(19, niceness + step))


# The old name (`haicap bot --load-builtin` still starts this loader).
BuiltinLoader = CorpusLoader

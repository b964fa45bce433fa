"""`haicap start`: what `make start` runs after installing.

Why a command: the choice bot-or-chat depends on TELEGRAM_BOT_TOKEN, which may live
in `.env`; pydantic-settings reads both, the Makefile could not. Either way the answers
start at once: the HAICAP_CORPUS documents load in the background (embedding the shared
corpus takes minutes on a new 2-core machine, addresses and unit facts need none of it),
and a stop half-way is resumed by the next start.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from typing import Any, TextIO

from haicap.cli import main as cli_main
from haicap.model_fetch import is_installed
from haicap.settings import Settings


class _Stopped(Exception):
    """SIGTERM while the terminal chat runs: leave the chat, then stop the load cleanly."""


def _raise_stopped(signum: int, frame: object) -> None:
    raise _Stopped


class _LoadingNotice:
    """The chat's pipeline, plus the bot's "documents are still loading" note before a
    document answer that found nothing while the load runs."""

    def __init__(self, pipeline: Any, loader: Any, out: TextIO) -> None:
        self._pipeline = pipeline
        self._loader = loader
        self._out = out

    def answer(self, question: str, **kwargs: Any) -> Any:
        answer = self._pipeline.answer(question, **kwargs)
        if self._loader.loading and answer.route == "documents" and answer.status != "answered":
            from bot.i18n import t

            self._out.write(t(answer.language, "knowledge_loading") + "\n")
        return answer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pipeline, name)


def _show_load_progress() -> None:
    """The loader's log lines (start, every 30 s, end) on stderr, beside the chat."""
    logger = logging.getLogger("bot.knowledge")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("haicap: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def chat_while_loading(settings: Settings) -> int:
    """The terminal chat at once; the corpus loads in a background thread meanwhile.
    EOF, /quit, Ctrl-C or SIGTERM stop the load after its current batch."""
    from answer.command import chat_loop
    from answer.pipeline import build_pipeline
    from bot.knowledge_loader import CorpusLoader

    _show_load_progress()
    loader = CorpusLoader(settings)
    loader.start()
    pipeline = _LoadingNotice(build_pipeline(settings), loader, sys.stdout)
    previous = signal.signal(signal.SIGTERM, _raise_stopped)
    code = 0
    try:
        code = chat_loop(pipeline, sys.stdin, sys.stdout)
    except _Stopped:
        code = 0
    except KeyboardInterrupt:
        code = 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        if loader.loading:
            print("haicap: stopping the document load after the current batch; the next "
                  "start resumes it.", file=sys.stderr)  # fmt: skip
        loader.stop(exit_code=code)  # waits for the current batch, at most 30 s
    return code


def run_start(args: argparse.Namespace, settings: Settings) -> int:
    from ingestion.corpus import corpus_folders

    data_dir = ["--data-dir", str(settings.data_dir)]
    if settings.model_dir is None and not is_installed(settings.models_dir, settings.embed_model):
        code = cli_main(["models", "fetch", *data_dir])
        if code:
            return code
    if not corpus_folders(settings).configured:  # (missing paths: the loader says which)
        print("haicap: HAICAP_CORPUS is not set, so no documents are loaded at start "
              "(addresses and unit facts answer; add documents with `haicap ingest FOLDER` "
              "or HAICAP_CORPUS=folder:folder).", file=sys.stderr)  # fmt: skip
    if settings.telegram_bot_token.get_secret_value():
        # The bot answers at once; the same process loads the corpus in the background
        # (bot/knowledge_loader.py). `--load-builtin` is the flag's old name.
        return cli_main(["bot", "--load-builtin", *data_dir])
    print("haicap: TELEGRAM_BOT_TOKEN is not set: the terminal chat starts now; the documents "
          "load in the background (first time on 2 cores: about 7 minutes for the shared "
          "corpus; later starts: seconds).", file=sys.stderr)  # fmt: skip
    return chat_while_loading(settings)

"""`haicap start`: what `make start` runs after installing.

Why a command: the choice bot-or-chat depends on TELEGRAM_BOT_TOKEN, which may live
in `.env`; pydantic-settings reads both, the Makefile could not.
"""

from __future__ import annotations

import argparse
import sys

from haicap.cli import main as cli_main
from haicap.model_fetch import is_installed
from haicap.settings import Settings


def run_start(args: argparse.Namespace, settings: Settings) -> int:
    data_dir = ["--data-dir", str(settings.data_dir)]
    if settings.model_dir is None and not is_installed(settings.models_dir, settings.embed_model):
        code = cli_main(["models", "fetch", *data_dir])
        if code:
            return code
    if settings.telegram_bot_token.get_secret_value():
        # The bot answers at once (addresses need no model); the built-in knowledge is
        # loaded in the background by the same process (bot/knowledge_loader.py).
        return cli_main(["bot", "--load-builtin", *data_dir])
    print("Loading the built-in knowledge of the reform (first time: about 9 minutes on "
          "2 cores)…", file=sys.stderr)  # fmt: skip
    code = cli_main(["ingest", "--builtin", *data_dir])
    if code:
        print("The built-in knowledge could not be loaded; see the message above.",
              file=sys.stderr)  # fmt: skip
        return code
    print("TELEGRAM_BOT_TOKEN is not set: starting the terminal chat instead.", file=sys.stderr)
    return cli_main(["chat", *data_dir])

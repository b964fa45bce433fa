"""`haicap models fetch|verify`: get the embedding model into the shared cache dir.

Why the broad OSError handling: a tampered or half-deleted install, a cache dir that is
a file, a full disk … must end in one clear line and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from haicap.model_fetch import ModelFetchError, fetch_model, model_path, verify_dir, write_marker
from haicap.settings import Settings


def _log(message: str) -> None:
    print(message, file=sys.stderr)


def run_models(args: argparse.Namespace, settings: Settings) -> int:
    if args.models_command == "fetch":
        return _fetch(args, settings)
    return _verify(settings)


def _fetch(args: argparse.Namespace, settings: Settings) -> int:
    try:
        fetch_model(
            settings.models_dir,
            settings.embed_model,
            source=args.source,
            force=args.force,
            log=_log,
        )
    except ModelFetchError as exc:
        _log(f"haicap models fetch: {exc}")
        return 1
    except OSError as exc:
        _log(f"haicap models fetch: cannot install the model in {settings.models_dir}: {exc}")
        return 1
    return 0


def _verify(settings: Settings) -> int:
    folder = model_path(settings.models_dir, settings.embed_model)
    if not folder.is_dir():
        _log(f"haicap models verify: no model at {folder}; run `haicap models fetch`")
        return 1
    try:
        problems = verify_dir(folder, settings.embed_model)
    except (OSError, ModelFetchError) as exc:
        _log(f"haicap models verify: cannot check {folder}: {exc}")
        return 1
    if problems:
        _log(
            f"haicap models verify: the model files in {folder} do NOT match the official "
            "hashes (run `haicap models fetch --force`):\n  " + "\n  ".join(problems)
        )
        return 1
    write_marker(folder, settings.embed_model, "verified-in-place")
    _log(f"all files of {settings.embed_model} match the official hashes: {folder}")
    return 0

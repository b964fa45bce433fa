"""`haicap models fetch|verify`: get the embedding model into the shared cache dir."""

from __future__ import annotations

import argparse
import sys

from haicap.model_fetch import ModelFetchError, fetch_model, model_path, verify_dir, write_marker
from haicap.settings import Settings


def run_models(args: argparse.Namespace, settings: Settings) -> int:
    def log(message: str) -> None:
        print(message, file=sys.stderr)

    if args.models_command == "fetch":
        try:
            fetch_model(
                settings.models_dir,
                settings.embed_model,
                source=args.source,
                force=args.force,
                log=log,
            )
        except ModelFetchError as exc:
            log(f"haicap models fetch: {exc}")
            return 1
        return 0
    folder = model_path(settings.models_dir, settings.embed_model)
    if not folder.is_dir():
        log(f"no model at {folder}; run `haicap models fetch`")
        return 1
    problems = verify_dir(folder, settings.embed_model)
    if problems:
        log("model files do NOT match the official hashes:\n  " + "\n  ".join(problems))
        return 1
    write_marker(folder, settings.embed_model, "verified-in-place")
    log(f"all files of {settings.embed_model} match the official hashes: {folder}")
    return 0

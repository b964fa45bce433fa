"""`haicap ingest PATH... [--json] [--prune] [--builtin]`: the command-line face.

`--builtin` (the old flag name) now loads the HAICAP_CORPUS folders; every run removes
the retired generated pages an older version stored (ingestion/corpus.py).

Why thin: everything the command does is in `ingestion.pipeline`, which tests and the
shared corpus fixture call in-process; here are only argument handling and output.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from haicap.settings import Settings
from ingestion.pipeline import IngestReport, ingest_paths


def _print_summary(report: IngestReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="haicap ingest", show_header=False)
    table.add_row("files examined", str(report.files))
    table.add_row("files (re)ingested", str(report.ingested_files))
    table.add_row("unchanged files", str(report.unchanged_files))
    table.add_row("chunks added", str(report.added_chunks))
    table.add_row("chunks removed", str(report.removed_chunks))
    if report.pruned_files:
        table.add_row("files pruned", str(report.pruned_files))
    table.add_row("chunks in store", str(report.total_chunks))
    table.add_row("time", f"{report.seconds:.1f} s")
    console.print(table)
    for title, items, why in (
        ("skipped", report.skipped, "reason"),
        ("stored but kept out of answers", report.flagged, "why"),
    ):
        if items:
            listing = Table(title=f"{title} ({len(items)})")
            listing.add_column("path", overflow="fold")
            listing.add_column(why, overflow="fold")
            for item in items:
                listing.add_row(item["path"], item["reason"])
            console.print(listing)


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 when the run completed (files skipped in folders included), 1 on a fatal
    error (store, model), 2 on a usage error (no path, or a named path that is missing)."""
    from retrieval.errors import ModelNotInstalled
    from retrieval.store import StoreUnavailable

    paths = [Path(p) for p in (args.paths or [])]
    if not paths and not args.builtin and not args.prune:
        print("haicap ingest: give files or folders, or --builtin (see --help)", file=sys.stderr)
        return 2
    # A path on the command line that does not exist is a usage error (exit 2), after
    # the others are ingested; files skipped inside folders (wrong type…) are not.
    missing = [p for p in paths if not p.expanduser().exists()]
    for path in missing:
        print(f"haicap ingest: {path}: no such file or folder", file=sys.stderr)
    report = IngestReport()
    try:
        from retrieval.store import open_store

        store = open_store(settings)
        if not args.builtin:  # (--builtin does it in load_corpus)
            from ingestion.corpus import remove_retired_pages

            report.merge(remove_retired_pages(settings, store))
        if paths or args.prune:
            report.merge(ingest_paths(settings, paths, prune=args.prune, store=store))
        if args.builtin:
            # The old flag now loads the HAICAP_CORPUS folders (the generated built-in
            # pages are retired; any still stored are removed here).
            from ingestion.corpus import corpus_folders, load_corpus, missing_message

            folders = corpus_folders(settings)
            for raw in folders.missing:
                print(f"haicap ingest --builtin: {missing_message(raw)}", file=sys.stderr)
            if not folders.configured:
                print("haicap ingest --builtin: HAICAP_CORPUS is not set, no folders to load "
                      "(retired built-in pages are removed)", file=sys.stderr)  # fmt: skip
            report.merge(load_corpus(settings, store=store))
    except (StoreUnavailable, ModelNotInstalled) as exc:
        print(f"haicap ingest: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        _print_summary(report)
    return 2 if missing else 0

"""`haicap ingest PATH... [--json] [--prune] [--builtin]`: the command-line face.

Why thin: everything the command does is in `ingestion.pipeline`, which tests and the
shared corpus fixture call in-process; here are only argument handling and output.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from haicap.settings import Settings
from ingestion.pipeline import IngestReport, ingest_documents, ingest_paths


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
    """Exit 0 when the run completed (skipped files included), 1 on a fatal error."""
    from retrieval.embeddings import ModelNotInstalled
    from retrieval.store import StoreUnavailable

    paths = [Path(p) for p in (args.paths or [])]
    if not paths and not args.builtin and not args.prune:
        print("haicap ingest: give files or folders, or --builtin (see --help)", file=sys.stderr)
        return 2
    report = IngestReport()
    try:
        from retrieval.store import open_store

        store = open_store(settings)
        if paths or args.prune:
            report.merge(ingest_paths(settings, paths, prune=args.prune, store=store))
        if args.builtin:
            from ingestion.hooks import builtin_documents

            docs = builtin_documents()
            if docs is None:
                message = "built-in knowledge is not yet available in this version"
                print(f"haicap ingest --builtin: {message}", file=sys.stderr)
                report.skipped.append({"path": "builtin", "reason": message})
                report.total_chunks = store.count()
            else:
                report.merge(ingest_documents(settings, docs, store=store, remove_missing=True))
    except (StoreUnavailable, ModelNotInstalled) as exc:
        print(f"haicap ingest: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        _print_summary(report)
    return 0

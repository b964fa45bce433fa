"""Ingest speed: the whole corpus (2 seeds + 35 legal texts), cold and warm.

cold  = empty embedding cache (a temp cache dir; the model is read from its usual place)
warm  = same cache, a fresh store (only chunking + Chroma upserts are paid)
again = the warm store once more (nothing changes: registry hits only)

    .venv/bin/python benchmarks/ingest_speed.py [--skip-cold]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from haicap.model_fetch import model_path  # noqa: E402
from haicap.settings import Settings  # noqa: E402
from ingestion.pipeline import ingest_paths  # noqa: E402

SHARED = ROOT.parent / "shared"


def _run(label: str, settings: Settings, paths: list[Path]) -> None:
    started = time.perf_counter()
    report = ingest_paths(settings, paths, progress=False)
    seconds = time.perf_counter() - started
    rate = report.added_chunks / seconds if report.added_chunks else 0.0
    print(
        f"{label:6s} files={report.files} added={report.added_chunks} "
        f"unchanged={report.unchanged_files} total={report.total_chunks} "
        f"wall={seconds:.1f}s chunks/s={rate:.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-cold", action="store_true", help="use the default cache")
    args = parser.parse_args()
    paths = [SHARED / "seeds", SHARED / "corpus" / "legal"]
    if not all(p.exists() for p in paths):
        sys.exit(f"corpus not found under {SHARED}")
    base = Settings()
    model_dir = base.model_dir or model_path(base.models_dir, base.embed_model)
    with tempfile.TemporaryDirectory(prefix="haicap-ingest-bench-") as tmp:
        cache = Path(tmp) / "cache" if not args.skip_cold else base.cache_dir

        def settings(name: str) -> Settings:
            return Settings(
                HAICAP_DATA_DIR=str(Path(tmp) / name),
                HAICAP_CACHE_DIR=str(cache),
                HAICAP_MODEL_DIR=str(model_dir),
                CHROMA_HOST="",
            )

        _run("cold" if not args.skip_cold else "first", settings("a"), paths)
        _run("warm", settings("b"), paths)
        _run("again", settings("b"), paths)


if __name__ == "__main__":
    main()

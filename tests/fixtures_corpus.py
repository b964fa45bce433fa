"""Session fixture: the real corpus (2 seeds + 35 legal texts) ingested once.

Why shared: ingesting the corpus embeds ~2,200 chunks; with a cold embedding cache
that costs minutes, so every part's tests (retrieval, answer, bot) reuse one store.
Vectors are cached in the default cache dir (~/.cache/haicap), so later sessions only
pay for Chroma upserts. Loaded by tests/conftest.py when this file exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from haicap.settings import Settings
from ingestion.pipeline import IngestReport, ingest_paths
from tests.conftest import require_shared


@dataclass
class IngestedCorpus:
    settings: Settings
    report: IngestReport
    seeds: Path
    legal: Path


@pytest.fixture(scope="session")
def ingested_corpus(tmp_path_factory: pytest.TempPathFactory) -> IngestedCorpus:
    """Settings, ingest report and source folders of the shared corpus store."""
    seeds = require_shared("seeds")
    legal = require_shared("corpus", "legal")
    data_dir = tmp_path_factory.mktemp("corpus-data")
    # CHROMA_HOST="" : always the embedded store in the temp dir, never a live server
    settings = Settings(HAICAP_DATA_DIR=str(data_dir), CHROMA_HOST="")
    report = ingest_paths(settings, [seeds, legal], progress=False)
    if report.skipped:
        pytest.fail(f"corpus files were skipped: {report.skipped}")
    return IngestedCorpus(settings, report, seeds, legal)


@pytest.fixture(scope="session")
def corpus_settings(ingested_corpus: IngestedCorpus) -> Settings:
    """A `Settings` whose data dir holds the whole shared corpus, ingested."""
    return ingested_corpus.settings

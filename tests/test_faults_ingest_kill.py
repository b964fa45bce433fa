"""`kill -9` in the middle of an ingest, then ingest again: nothing doubled, nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings

from retrieval.store import collection_name


def _ids(data_dir: Path, settings) -> list[str]:
    client = chromadb.PersistentClient(
        path=str(data_dir / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    name = collection_name(settings.embed_model, settings.embed_dim, settings.embed_dtype)
    return client.get_collection(name).get(include=[])["ids"]


def _ingest(data_dir: Path, paths: list[Path]) -> subprocess.Popen:
    env = {**os.environ, "HAICAP_DATA_DIR": str(data_dir), "CHROMA_HOST": ""}
    return subprocess.Popen(
        [sys.executable, "-m", "haicap.cli", "ingest", *map(str, paths), "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_kill_9_mid_ingest_then_reingest_matches_a_clean_ingest(
    ingested_corpus, tmp_path: Path
) -> None:
    # The corpus fixture is a clean ingest of the same files and warms the vector cache,
    # so this run spends its time in chunking and Chroma writes, group after group.
    clean_ids = set(_ids(Path(ingested_corpus.settings.data_dir), ingested_corpus.settings))
    data_dir = tmp_path / "data"
    sources = [ingested_corpus.seeds, ingested_corpus.legal]
    process = _ingest(data_dir, sources)
    version_file = data_dir / "index_version.json"
    deadline = time.monotonic() + 300
    while not version_file.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "ingest finished before it could be killed mid-run"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    partial = _ids(data_dir, ingested_corpus.settings)
    assert 0 < len(partial) < len(clean_ids), "the kill should leave a partial store"

    rerun = _ingest(data_dir, sources)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    final = _ids(data_dir, ingested_corpus.settings)
    assert len(final) == len(set(final)), "duplicate chunk ids after the re-run"
    assert set(final) == clean_ids, "chunks differ from a clean ingest of the same files"
    assert f'"total_chunks": {len(clean_ids)}' in out.strip().splitlines()[-1]

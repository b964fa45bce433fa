"""`kill -9` in the middle of an ingest, then ingest again: nothing doubled, nothing lost.

No timing luck: the ingest subprocess runs the real CLI with one probe — right after
each committed group bumps the index version it stops itself (SIGSTOP) — so the test
kills it at a known point, after the first group is in the store and before the rest
(and before that group is recorded in the registry: the worst moment).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings

from retrieval.store import collection_name

# The real `haicap` CLI, frozen after every index-version bump until signalled.
STOP_AFTER_EACH_GROUP = """
import os, signal, sys
import ingestion.pipeline as pipeline
from haicap.cli import main

committed = pipeline._Ingestor.bump

def bump_then_stop(self):
    version = committed(self)
    os.kill(os.getpid(), signal.SIGSTOP)
    return version

pipeline._Ingestor.bump = bump_then_stop
sys.exit(main(sys.argv[1:]))
"""


def _ids(data_dir: Path, settings) -> list[str]:
    client = chromadb.PersistentClient(
        path=str(data_dir / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    name = collection_name(settings.embed_model, settings.embed_dim, settings.embed_dtype)
    return client.get_collection(name).get(include=[])["ids"]


def _ingest(data_dir: Path, paths: list[Path], *, stop_after_groups: bool) -> subprocess.Popen:
    env = {**os.environ, "HAICAP_DATA_DIR": str(data_dir), "CHROMA_HOST": ""}
    entry = ["-c", STOP_AFTER_EACH_GROUP] if stop_after_groups else ["-m", "haicap.cli"]
    return subprocess.Popen(
        [sys.executable, *entry, "ingest", *map(str, paths), "--json"],
        env=env,
        stdout=subprocess.PIPE,
        # a stopped process must never block on a full pipe: its output is not read
        stderr=subprocess.DEVNULL if stop_after_groups else subprocess.PIPE,
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
    process = _ingest(data_dir, sources, stop_after_groups=True)
    _, status = os.waitpid(process.pid, os.WUNTRACED)  # until it stops (or ends)
    assert os.WIFSTOPPED(status), "the ingest ended without committing a group"
    assert (data_dir / "index_version.json").exists()  # stopped after the first group
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    partial = _ids(data_dir, ingested_corpus.settings)
    assert 0 < len(partial) < len(clean_ids), "the kill should leave a partial store"

    rerun = _ingest(data_dir, sources, stop_after_groups=False)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err[-2000:]
    final = _ids(data_dir, ingested_corpus.settings)
    assert len(final) == len(set(final)), "duplicate chunk ids after the re-run"
    assert set(final) == clean_ids, "chunks differ from a clean ingest of the same files"
    assert f'"total_chunks": {len(clean_ids)}' in out.strip().splitlines()[-1]

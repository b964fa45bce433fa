"""Chroma client/server mode against a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from haicap.settings import Settings
from retrieval.embeddings import get_embeddings
from retrieval.store import Chunk, StoreUnavailable, open_store

CHROMA = Path(sys.executable).with_name("chroma")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(path: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("chroma server did not start within 30 s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[tuple[Path, int, list[subprocess.Popen]]]:
    port = _free_port()
    processes = [_start(tmp_path / "chroma-server", port)]
    yield tmp_path / "chroma-server", port, processes
    for process in processes:
        if process.poll() is None:
            _stop(process)


def test_server_mode_stores_queries_and_recovers(chroma_server, tmp_path: Path) -> None:
    path, port, processes = chroma_server
    settings = Settings(
        HAICAP_DATA_DIR=str(tmp_path / "data"), CHROMA_HOST="127.0.0.1", CHROMA_PORT=port
    )
    embeddings = get_embeddings(settings)
    store = open_store(settings, embeddings)
    texts = [
        "Sau khi sắp xếp, tỉnh Sơn La có 75 đơn vị hành chính cấp xã.",
        "Die Direktive Nr. 45-CT/TW betrifft die Parteitage auf allen Ebenen.",
        "Thời tiết hôm nay nắng đẹp.",
    ]
    chunks = [Chunk(f"c{i}", t, {"document": f"d{i}", "kind": "news"}) for i, t in enumerate(texts)]
    store.add(chunks, embeddings.embed_documents_array(texts))
    assert store.count() == 3
    assert not (tmp_path / "data" / "chroma").exists()  # nothing embedded locally

    query = embeddings.embed_query("Sơn La có bao nhiêu xã sau sắp xếp?")
    assert store.query(query, 1)[0][0].id == "c0"

    _stop(processes[0])
    with pytest.raises(StoreUnavailable):
        store.query(query, 1)

    processes.append(_start(path, port))  # same data, same port: service resumes
    assert store.query(query, 1)[0][0].id == "c0"


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(
        HAICAP_DATA_DIR=str(tmp_path), CHROMA_HOST="127.0.0.1", CHROMA_PORT=_free_port()
    )
    with pytest.raises(StoreUnavailable, match=r"127\.0\.0\.1"):
        open_store(settings, embeddings=get_embeddings(settings))

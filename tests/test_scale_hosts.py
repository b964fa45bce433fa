"""Workers on different hosts: they share only the Chroma server, not a data dir.

Two data dirs stand for two machines. Host A ingests; host B, which never sees A's
`index_version.json`, must still notice every ingest (the counter is also kept in the
collection's metadata on the server) and rebuild its lexical index and dense snapshot,
so a document A adds or removes is found, or no longer found, on B within a second or
two — without restarting B.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from haicap.settings import Settings
from ingestion.pipeline import ingest_paths
from retrieval.hybrid import build_retriever
from retrieval.index_version import SERVER_POLL_S
from retrieval.store import open_store
from tests.scale_support import ChromaServer

NOTE = """# Thông báo thử nghiệm liên máy chủ

Xã Quỳnh Lưu Thử Nghiệm công bố lịch tiếp công dân mới: thứ Ba hằng tuần tại trụ sở
Ủy ban nhân dân xã, mã hồ sơ HCTEST-4711.
"""
QUERY = "lịch tiếp công dân HCTEST-4711 xã Quỳnh Lưu Thử Nghiệm"


@pytest.fixture
def hosts(tmp_path: Path) -> Iterator[tuple[Settings, Settings]]:
    server = ChromaServer(tmp_path / "chroma-server").start()
    try:
        env = server.settings_env()
        host_a = Settings(HAICAP_DATA_DIR=str(tmp_path / "host-a"), **env)
        host_b = Settings(HAICAP_DATA_DIR=str(tmp_path / "host-b"), **env)
        yield host_a, host_b
    finally:
        server.stop()


def _found(retriever, query: str) -> bool:
    return any("HCTEST-4711" in d.page_content for d in retriever.invoke(query, k=5))


def _wait_until(condition, timeout: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def test_an_ingest_on_one_host_reaches_a_worker_on_another(
    hosts: tuple[Settings, Settings], tmp_path: Path
) -> None:
    host_a, host_b = hosts
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "seed.md").write_text(
        "# Tin tức\n\nTỉnh Lai Châu tổ chức hội nghị triển khai sắp xếp đơn vị hành chính.\n",
        encoding="utf-8",
    )
    first = ingest_paths(host_a, [docs], progress=False)
    assert first.added_chunks >= 1

    reader = build_retriever(host_b, k=5)  # host B starts, serving what is there
    assert not _found(reader, QUERY)
    assert not (Path(host_b.data_dir) / "index_version.json").exists()
    assert open_store(host_b).published_version() == first.index_version

    (docs / "note.md").write_text(NOTE, encoding="utf-8")
    second = ingest_paths(host_a, [docs], progress=False)
    assert second.added_chunks >= 1 and second.index_version > first.index_version
    seen_after = _wait_until(lambda: _found(reader, QUERY), timeout=10 * SERVER_POLL_S)
    print(f"\nhost B found host A's new document after {seen_after} s")
    assert seen_after is not None, "host B kept serving its old lexical/dense snapshot"

    (docs / "note.md").unlink()
    third = ingest_paths(host_a, [docs], prune=True, progress=False)
    assert third.pruned_files == 1
    gone_after = _wait_until(lambda: not _found(reader, QUERY), timeout=10 * SERVER_POLL_S)
    assert gone_after is not None, "host B still returns a document host A removed"


def test_a_second_ingesting_host_never_reuses_a_version(
    hosts: tuple[Settings, Settings], tmp_path: Path
) -> None:
    """Version numbers on the server only go up, whoever ingests: a host whose own file
    is behind jumps past the server's number, so no reader mistakes new data for old."""
    host_a, host_b = hosts
    for name, settings in (("a", host_a), ("b", host_b), ("a2", host_a)):
        folder = tmp_path / f"docs-{name}"
        folder.mkdir()
        (folder / f"{name}.md").write_text(
            f"# Ghi chú {name}\n\nPhường Chiềng Lề thuộc tỉnh Sơn La, bản ghi {name}.\n",
            encoding="utf-8",
        )
        before = open_store(settings).published_version()
        report = ingest_paths(settings, [folder], progress=False)
        assert report.index_version > before
        assert open_store(settings).published_version() == report.index_version

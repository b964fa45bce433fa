"""A throwaway PostgreSQL server for the state-store tests.

Why a real server: the state store's SQL must run on PostgreSQL, not just parse; the
PostgreSQL binaries of the machine (any Debian postgresql-NN) start a private cluster in
a temp folder on a free 127.0.0.1 port in about two seconds, and it is removed after
the session. HAICAP_TEST_POSTGRES_URL points the tests at an existing server instead.
Without either, the PostgreSQL cases are skipped locally and fail in CI
(HAICAP_REQUIRE_POSTGRES=1, set by .ci/run), so they never pass by not running.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.scale_support import free_port, wait_for_port

# Debian keeps each major version in /usr/lib/postgresql/<version>/bin; any installed
# version will do, the newest first. .ci/run checks the same glob before installing one.
POSTGRES_ROOT = Path("/usr/lib/postgresql")
BIN_GLOB = "*/bin"


def _version(folder: Path) -> tuple[int, ...]:
    parts = folder.parent.name.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (-1,)


def find_binary(name: str, root: Path = POSTGRES_ROOT) -> str | None:
    """The newest `<root>/<version>/bin/<name>`, else `name` on the PATH."""
    for folder in sorted(root.glob(BIN_GLOB), key=_version, reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def _as_postgres_user() -> list[str]:
    """initdb refuses to run as root: run the server as the `postgres` user then."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        raise RuntimeError("running as root without runuser: cannot start PostgreSQL")
    return [runuser, "-u", "postgres", "--"]


def _unavailable(message: str) -> None:
    if os.environ.get("HAICAP_REQUIRE_POSTGRES") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A connection URL to an empty database on a running PostgreSQL server."""
    if url := os.environ.get("HAICAP_TEST_POSTGRES_URL"):
        yield url
        return
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if not initdb or not pg_ctl:
        _unavailable("PostgreSQL is not installed (initdb/pg_ctl not found)")
    prefix = _as_postgres_user()
    folder = Path(tempfile.mkdtemp(prefix="haicap-pg-"))
    data = folder / "data"
    if prefix:
        shutil.chown(folder, user="postgres")
    port = free_port()
    log = folder / "server.log"
    try:
        subprocess.run(
            [*prefix, initdb, "-D", str(data), "-U", "haicap", "--auth=trust", "-E", "UTF8"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(folder, ignore_errors=True)
        _unavailable(f"cannot start PostgreSQL: {exc} {detail.decode(errors='replace')[-500:]}")
    try:
        if not wait_for_port(port, 30):
            raise RuntimeError(f"PostgreSQL did not listen on {port}: {log.read_text()[-800:]}")
        yield f"postgresql://haicap@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        time.sleep(0.1)
        shutil.rmtree(folder, ignore_errors=True)


def schema_url(base: str) -> tuple[str, Callable[[], None]]:
    """A URL whose connections live in a fresh schema, and a function dropping it."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"

    def drop() -> None:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")

    return f"{base}{sep}options=-csearch_path%3D{schema}", drop

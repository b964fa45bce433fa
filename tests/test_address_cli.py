"""`haicap where`: the JSON contract tools rely on, batch mode, readable text, start-up
without torch, and no network use at all."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from haicap.settings import Settings
from retrieval.address.command import run_where
from retrieval.address.gazetteer import get_gazetteer
from retrieval.address.resolver import Resolver
from tests.conftest import ROOT


def _check_contract(result: dict) -> None:
    assert result["status"] in {"found", "ambiguous", "not_found"}
    assert isinstance(result["query"], str)
    assert isinstance(result["matches"], list)
    for match in result["matches"]:
        old = match["old"]
        assert all(isinstance(old[key], str) for key in ("name", "district", "province", "code"))
        assert isinstance(match["new"], list) and match["new"]
        for new in match["new"]:
            assert all(isinstance(new[key], str) for key in ("name", "province", "code"))
            assert isinstance(new["partial"], bool)
        assert isinstance(match["legal_basis"], list) and match["legal_basis"]
        assert all(isinstance(n, str) and "/NQ-UBTVQH15" in n for n in match["legal_basis"])
    assert result["data_version"] == "2025-07-01"


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(HAICAP_DATA_DIR=str(tmp_path / "data"), HAICAP_CACHE_DIR=str(tmp_path / "cache"))
    return env


def test_where_json_subprocess_has_contract_and_no_torch(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-X",
        "importtime",
        "-m",
        "haicap.cli",
        "where",
        "p. chieng le tp son la",
        "--json",
    ]
    out = subprocess.run(
        command, cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    _check_contract(result)
    assert result["status"] == "found"
    assert result["query"] == "p. chieng le tp son la"
    match = result["matches"][0]
    assert (match["old"]["name"], match["old"]["province"]) == ("Phường Chiềng Lề", "Tỉnh Sơn La")
    assert match["new"][0]["name"] == "Phường Tô Hiệu"
    assert match["legal_basis"] == ["1681/NQ-UBTVQH15"]
    imported = {
        line.split("|")[-1].strip()
        for line in out.stderr.splitlines()
        if line.startswith("import time:")
    }
    heavy = {
        m
        for m in imported
        if m.split(".")[0]
        in {
            "torch",
            "sentence_transformers",
            "chromadb",
            "transformers",
            "pandas",
            "geopy",
            "shapely",
            "vietnamadminunits",
            "langchain_core",
        }
    }
    assert not heavy, sorted(heavy)[:10]


def test_batch_prints_one_json_line_per_address(tmp_path: Path) -> None:
    batch = tmp_path / "addresses.txt"
    batch.write_text(
        "Phường 1, Quận 3, TP.HCM\n\nTân Hiệp\n🙂🙂🙂\nxa muong bu son la\n", encoding="utf-8"
    )
    command = [sys.executable, "-m", "haicap.cli", "where", "--batch", str(batch), "--json"]
    out = subprocess.run(
        command, cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["status"] for r in lines] == ["found", "not_found", "ambiguous", "not_found", "found"]
    for result in lines:
        _check_contract(result)


def _args(**values) -> argparse.Namespace:
    base = {"address": None, "batch": None, "json": False, "reverse": False, "data_dir": None}
    base.update(values)
    return argparse.Namespace(**base)


def test_readable_output_and_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(HAICAP_DATA_DIR=str(tmp_path), HAICAP_CACHE_DIR=str(tmp_path / "cache"))
    assert run_where(_args(address="xã Văn Khê, Mê Linh, Hà Nội"), settings) == 0
    text = capsys.readouterr().out
    assert "Xã Ô Diên" in text and "một phần / part" in text and "1656/NQ-UBTVQH15" in text
    assert run_where(_args(address="Phường Tô Hiệu, Sơn La", reverse=True), settings) == 0
    assert "Phường Chiềng Lề" in capsys.readouterr().out
    assert run_where(_args(address="   "), settings) == 0
    assert "Empty address" in capsys.readouterr().out
    assert run_where(_args(), settings) == 2
    assert "usage" in capsys.readouterr().err
    assert run_where(_args(batch=str(tmp_path / "missing.txt")), settings) == 2
    assert "cannot read" in capsys.readouterr().err


def test_reverse_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(HAICAP_DATA_DIR=str(tmp_path), HAICAP_CACHE_DIR=str(tmp_path / "cache"))
    assert run_where(_args(address="Đặc khu Côn Đảo", reverse=True, json=True), settings) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "found"
    assert result["matches"][0]["old"][0]["name"] == "Huyện Côn Đảo"


def test_no_socket_is_ever_opened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Street addresses made the source library geocode online; we must never connect."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    from answer.lanes.address import answer_address

    resolver = Resolver(get_gazetteer(None, None))
    for text in (
        "Số 12 ngõ 34 đường Nguyễn Trãi, Phường Thượng Đình, Quận Thanh Xuân, Hà Nội",
        "45 Lê Lợi, Phường Bến Nghé, Quận 1, TP.HCM",
        "Tổ 5, Phường Chiềng Lề, TP Sơn La",
    ):
        assert resolver.where(text)["status"] == "found"
    settings = Settings(HAICAP_DATA_DIR=str(tmp_path), HAICAP_CACHE_DIR=str(tmp_path / "cache"))
    answer = answer_address(
        "Nhà tôi ở 45 Lê Lợi, phường Bến Nghé, quận 1 cũ, giờ thuộc phường nào?", "vi", settings
    )
    assert answer is not None and answer.status == "answered"
    assert attempts == []

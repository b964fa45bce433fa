"""`haicap eval` end to end on the real corpus fixture: report files and their shape.

Accuracy thresholds belong to the answer pipeline's tests; this checks that the command
runs every question, scores it, and writes the JSON report and the PNG chart.
"""

from __future__ import annotations

import json

from answer.evaluation import run_eval
from haicap.cli import build_parser
from tests.conftest import require_shared


def _args(*argv: str):
    return build_parser().parse_args(["eval", *argv])


def test_retrieval_only_mode(corpus_settings, tmp_path, capsys):
    dev = require_shared("eval", "dev_qa.jsonl")
    args = _args(str(dev), "--out", str(tmp_path), "--retrieval-only", "--json")
    code = run_eval(args, corpus_settings)
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    saved = json.loads((tmp_path / "eval-dev_qa.json").read_text("utf-8"))
    assert printed == saved
    recall = saved["retrieval"]
    rows = [json.loads(line) for line in dev.read_text("utf-8").splitlines() if line.strip()]
    assert len(recall["rows"]) == sum(bool(row.get("answerable", True)) for row in rows)
    assert 0.0 <= recall["recall"]["@1"] <= recall["recall"]["@5"] <= 1.0
    assert recall["source_recall"]["@5"] >= recall["recall"]["@5"]


def test_full_eval_writes_report_and_chart(corpus_settings, tmp_path, capsys):
    dev = require_shared("eval", "dev_qa.jsonl")
    code = run_eval(_args(str(dev), "--out", str(tmp_path)), corpus_settings)
    assert code == 0
    report = json.loads((tmp_path / "eval-dev_qa.json").read_text("utf-8"))
    lines = [line for line in dev.read_text("utf-8").splitlines() if line.strip()]
    assert len(report["rows"]) == len(lines)
    summary = report["summary"]
    assert summary["answerable"] + summary["unanswerable"] == len(lines)
    assert summary["errors"] == 0
    for key in ("accuracy", "refusal_rate", "citation_validity"):
        assert 0.0 <= summary[key] <= 1.0
    assert summary["latency_p50_ms"] <= summary["latency_p95_ms"]
    assert (tmp_path / "eval-dev_qa.png").read_bytes()[:4] == b"\x89PNG"
    assert "accuracy" in capsys.readouterr().out

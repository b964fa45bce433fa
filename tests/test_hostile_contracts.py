"""The hostile corpus (tests/hostile_corpus.py, ≥ 5,000 generated lines) against the
contracts, not just "no crash".

Checked: exactly one output line per input line, each echoing it (`input`, cut to
ECHO_CHARS with `input_truncated`); statuses from the documented set; every «quote» a
verbatim part of its cited document's source file (NFC + whitespace only); every
number in an answer's body present in one of its quotes or cited document numbers;
exit codes as documented. Each test prints its violation counts per contract.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from answer.evaluation import quote_verbatim
from haicap.input_limits import ECHO_CHARS
from haicap.settings import Settings
from ingestion.loaders import load_file
from retrieval.search_index import SearchIndexManager
from retrieval.store import open_store
from tests.hostile_corpus import ask_batch, ingest_files, where_batch

ROOT = Path(__file__).resolve().parents[1]
WHERE_LINES = 3_500
ASK_LINES = 1_000
ASK_STATUSES = {"answered", "not_found", "out_of_scope", "clarify"}
WHERE_STATUSES = {"found", "ambiguous", "not_found"}
_MARKER = re.compile(r"\[\d{1,3}\]")
_NUMBER = re.compile(r"\d+")


def _haicap(*args: str, settings: Settings) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HAICAP_DATA_DIR": str(settings.data_dir), "CHROMA_HOST": ""}
    return subprocess.run(
        [sys.executable, "-m", "haicap.cli", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def _echo_ok(row: dict, line: str) -> bool:
    if len(line) <= ECHO_CHARS:
        return row.get("input") == line and "input_truncated" not in row
    return (
        row.get("input") == line[:ECHO_CHARS]
        and row.get("input_truncated") is True
        and row.get("input_chars") == len(line)
    )


def _rows(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.split("\n") if line]


def _structural(rows: list[dict], expected: list[str], statuses: set[str]) -> Counter:
    violations: Counter = Counter()
    if len(rows) != len(expected):
        violations["line count"] += abs(len(rows) - len(expected)) or 1
    for row, line in zip(rows, expected, strict=False):
        if not _echo_ok(row, line):
            violations["input echo"] += 1
        if row.get("status") not in statuses:
            violations["status"] += 1
        if len(json.dumps(row, ensure_ascii=False)) > 50_000:
            violations["huge echo"] += 1
    return violations


def test_where_hostile_batch_keeps_every_contract(
    corpus_settings: Settings, tmp_path: Path
) -> None:
    batch = where_batch(WHERE_LINES)
    path = tmp_path / "where.txt"
    path.write_bytes(batch.raw)
    result = _haicap("where", "--json", "--batch", str(path), settings=corpus_settings)
    assert result.returncode == 0, result.stderr[-2000:]
    violations = _structural(_rows(result.stdout), batch.expected, WHERE_STATUSES)
    print(f"where: {len(batch.expected)} lines, violations {dict(violations)}")
    assert not violations


class _Sources:
    """A cited document's source text, read again through the ingestion loaders."""

    def __init__(self, settings: Settings) -> None:
        store = open_store(settings, embeddings=object(), lazy=True)
        SearchIndexManager(settings.data_dir, store)  # reads from the published snapshot
        self.store = store
        self._texts: dict[str, str | None] = {}

    def text(self, document: str) -> str | None:
        if document not in self._texts:
            chunks = self.store.all_chunks(where={"document": document})
            path = Path(str(chunks[0].metadata.get("source_path") or "")) if chunks else None
            self._texts[document] = load_file(path)[0].text if path and path.is_file() else None
        return self._texts[document]


def _quote_violations(row: dict, sources: _Sources) -> int:
    bad = 0
    for citation in row.get("citations", []):
        source = sources.text(citation.get("document", ""))
        if source is None or not quote_verbatim(citation.get("quote") or "", source):
            bad += 1
    return bad


def _unquoted_numbers(row: dict) -> list[str]:
    """Numbers of an answered body that neither a quote nor a cited number contains."""
    if row.get("status") != "answered":
        return []
    citations = row.get("citations", [])
    allowed = " ".join(
        " ".join([c.get("quote") or "", c.get("document_number", ""), *c.get("doc_numbers", [])])
        for c in citations
    )
    in_quotes = {n.lstrip("0") for n in _NUMBER.findall(allowed)}
    body = _MARKER.sub(" ", row.get("body") or "")
    return [n for n in _NUMBER.findall(body) if n.lstrip("0") not in in_quotes]


@pytest.fixture(scope="module")
def ask_run(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    """The hostile ask batch, run once through `haicap ask --json --batch`."""
    batch = ask_batch(ASK_LINES)
    path = tmp_path_factory.mktemp("ask") / "ask.txt"
    path.write_bytes(batch.raw)
    result = _haicap("ask", "--json", "--batch", str(path), settings=corpus_settings)
    return batch, result


def test_ask_hostile_batch_one_answer_per_line_echoed_with_verbatim_quotes(
    ask_run, corpus_settings: Settings
) -> None:
    batch, result = ask_run
    assert result.returncode == 0, result.stderr[-2000:]
    rows = _rows(result.stdout)
    violations = _structural(rows, batch.expected, ASK_STATUSES)
    sources = _Sources(corpus_settings)
    bad_quotes = [row.get("input", "")[:80] for row in rows if _quote_violations(row, sources)]
    if bad_quotes:
        violations["quote not verbatim"] = len(bad_quotes)
    print(f"ask: {len(batch.expected)} lines, violations {dict(violations)}; {bad_quotes[:3]}")
    assert not violations, bad_quotes[:5]


def test_ask_hostile_batch_states_no_number_its_quotes_do_not(ask_run) -> None:
    _, result = ask_run
    rows = _rows(result.stdout)
    unquoted = [(row.get("route"), row.get("input", "")[:60], n) for row in rows
                if (n := _unquoted_numbers(row))]  # fmt: skip
    by_route = Counter(route for route, _, _ in unquoted)
    print(f"ask: {len(unquoted)} answers state numbers no quote holds, by route {by_route}")
    assert not unquoted, unquoted[:5]


def test_ingest_hostile_files_keeps_every_contract(tmp_path: Path) -> None:
    files, lines = ingest_files(tmp_path / "docs")
    assert lines >= 500
    settings = Settings(HAICAP_DATA_DIR=str(tmp_path / "data"), CHROMA_HOST="")
    result = _haicap("ingest", str(tmp_path / "docs"), "--json", settings=settings)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.splitlines()[-1])
    skipped = {Path(item["path"]).name: item["reason"] for item in report["skipped"]}
    violations: Counter = Counter()
    if report["files"] + ("unsupported.docx" in skipped) < len(files) - 1:
        violations["files not examined"] += 1
    if report["ingested_files"] + len(skipped) < report["files"]:
        violations["file neither stored nor skipped with a reason"] += 1
    if not all(reason.strip() for reason in skipped.values()):
        violations["skip without a reason"] += 1
    if report["total_chunks"] > 60:  # 3,000 identical lines are one passage
        violations["duplicate chunks stored"] += 1
    if "injection.md" not in {Path(item["path"]).name for item in report["flagged"]}:
        violations["injection not flagged"] += 1
    again = _haicap("ingest", str(tmp_path / "docs"), "--json", settings=settings)
    if again.returncode != 0 or json.loads(again.stdout.splitlines()[-1])["added_chunks"]:
        violations["second run not incremental"] += 1
    missing = _haicap("ingest", str(tmp_path / "nope.md"), "--json", settings=settings)
    if missing.returncode != 2:
        violations["exit code of a missing path"] += 1
    print(f"ingest: {len(files)} files, {lines} lines, violations {dict(violations)}")
    print(f"skipped: {skipped}")
    assert not violations, (violations, report)

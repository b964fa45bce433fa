"""The command-line contracts other tools rely on, under hostile input (issue 11).

One output line per `\\n`-separated input line (any other control character is data),
each echoing its input; bad bytes replaced per line; blank lines answered; no
traceback when the reader closes the pipe; exit codes 0 ok / 1 error / 2 usage;
punctuation and digits alone match no unit; huge inputs refused without being echoed;
settings that cannot work refused at start; every secret redacted from logs.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from haicap.batch_lines import split_lines
from haicap.input_limits import ECHO_CHARS, MAX_INPUT_CHARS
from haicap.logsetup import REDACTED, register_secrets
from haicap.settings import Settings
from ingestion.chunking import build_chunks
from ingestion.parse import parse_document

ROOT = Path(__file__).resolve().parents[1]
STATUSES = {"answered", "not_found", "out_of_scope", "clarify"}
# Every line separator str.splitlines() knows besides "\n": data inside a batch line.
OTHER_BREAKS = ["\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def _haicap(*args: str, data_dir: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HAICAP_DATA_DIR": str(data_dir), "CHROMA_HOST": ""}
    env.update(kwargs.pop("env", {}))
    return subprocess.run(
        [sys.executable, "-m", "haicap.cli", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, **kwargs,
    )  # fmt: skip


def _hostile_batch() -> tuple[bytes, list[str]]:
    """A batch file's bytes and the lines a reader must see in it."""
    lines = [f"xã a{sep}b phường" for sep in OTHER_BREAKS]
    lines += ["", "   ", "p. chieng le tp son la", "\ufffd bad byte"]
    raw = "\n".join(lines[:-1]).encode("utf-8") + b"\n\xff bad byte\r\n"
    return raw, lines


# --- 1. one reader: a line ends at "\n" only ---------------------------------------


def test_batch_reader_splits_on_newline_only_and_replaces_bad_bytes_per_line() -> None:
    raw, expected = _hostile_batch()
    assert list(split_lines(io.BytesIO(raw))) == expected
    # a BOM at the start is dropped; a last line without "\n" is a line; "\r\n" is one end
    got = list(split_lines(io.BytesIO(b"\xef\xbb\xbffirst\r\n\r\nlast")))
    assert got == ["first", "", "last"]
    assert list(split_lines(io.BytesIO(b""))) == []


@pytest.mark.parametrize("reverse", [False, True])
def test_where_batch_answers_every_line_once_and_echoes_it(tmp_path: Path, reverse: bool) -> None:
    raw, expected = _hostile_batch()
    batch = tmp_path / "batch.txt"
    batch.write_bytes(raw)
    args = ["where", "--json", "--batch", str(batch), *(["--reverse"] if reverse else [])]
    result = _haicap(*args, data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert [row["input"] for row in rows] == expected  # before: 18 rows for 13 lines
    assert {row["status"] for row in rows} <= {"found", "ambiguous", "not_found"}
    assert all(row["status"] == "not_found" for row in rows if not row["input"].strip())


def test_ask_batch_answers_blank_lines_and_bad_bytes_instead_of_dropping(tmp_path: Path) -> None:
    raw, expected = _hostile_batch()
    batch = tmp_path / "batch.txt"
    batch.write_bytes(raw)
    result = _haicap("ask", "--json", "--batch", str(batch), data_dir=tmp_path / "data")
    # before: exit 1 and no output at all ("is not UTF-8 text")
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert [row["input"] for row in rows] == expected
    assert {row["status"] for row in rows} <= STATUSES
    blank = [row for row in rows if not row["input"].strip()]
    assert len(blank) == 2 and all(row["status"] == "not_found" for row in blank)


# --- 2. the reader may leave early ---------------------------------------------------


def test_where_batch_into_a_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    batch = tmp_path / "big.txt"
    batch.write_text("p. chieng le tp son la\n" * 5000, encoding="utf-8")
    env = {**os.environ, "HAICAP_DATA_DIR": str(tmp_path / "data")}
    process = subprocess.Popen(
        [sys.executable, "-m", "haicap.cli", "where", "--json", "--batch", str(batch)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()  # like `| head -1`
    process.stdout.close()
    err = process.stderr.read().decode("utf-8", "replace")
    code = process.wait(timeout=300)
    assert json.loads(first)["status"] == "found"
    assert "Traceback" not in err and "BrokenPipeError" not in err, err[-2000:]
    assert code == 141  # as a shell reports a reader that left (SIGPIPE)


# --- 3. exit codes -----------------------------------------------------------------


def test_ingest_of_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = _haicap("ingest", "/nonexistent/x.md", "--json", data_dir=tmp_path / "data")
    assert result.returncode == 2, result.stderr[-2000:]  # before: 0
    assert "/nonexistent/x.md" in result.stderr and "no such file" in result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["skipped"][0]["reason"] == "not found"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _haicap("where", data_dir=data).returncode == 2
    assert _haicap("where", "--batch", str(tmp_path / "missing.txt"), data_dir=data).returncode == 2
    assert _haicap("no-such-command", data_dir=data).returncode == 2


# --- 4. what the address matcher accepts ---------------------------------------------


def test_punctuation_and_digits_alone_match_no_unit_and_huge_input_is_refused(
    tmp_path: Path,
) -> None:
    batch = tmp_path / "batch.txt"
    huge = "phường " + "x" * 100_000
    batch.write_text(f'" OR 1=1 --\n1=1\n-- 11 --\n{huge}\n', encoding="utf-8")
    result = _haicap("where", "--json", "--batch", str(batch), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 4
    for row in rows[:3]:  # before: "ambiguous", ten "Phường 11" candidates
        assert (row["status"], row["matches"], row["total_candidates"]) == ("not_found", [], 0)
    long_row = rows[3]
    assert long_row["status"] == "not_found" and f"{MAX_INPUT_CHARS:,}" in long_row["message"]
    assert long_row["input_truncated"] is True and long_row["input_chars"] == len(huge)
    assert len(long_row["input"]) == ECHO_CHARS and len(long_row["query"]) <= ECHO_CHARS
    assert len(lines[3]) < 5_000  # before: the 100,000 characters came back in `query`

    single = _haicap("where", "--json", huge, data_dir=tmp_path / "data")
    assert single.returncode == 0 and len(single.stdout) < 5_000
    assert json.loads(single.stdout)["status"] == "not_found"


# --- 6. duplicate passages --------------------------------------------------------------


def test_a_passage_repeated_within_a_document_is_stored_once() -> None:
    text = "Sau khi sắp xếp, tỉnh Cà Mau có 64 đơn vị hành chính cấp xã.\n" * 50_000
    doc = parse_document("same.md", text, "md")
    chunks = build_chunks(doc, source_path="/tmp/same.md", file_sha="x")
    assert 1 <= len(chunks) <= 2  # before: 1,137 identical chunks
    assert len({" ".join(c.text.split()) for c in chunks}) == len(chunks)
    assert [c.metadata["chunk_index"] for c in chunks] == list(range(len(chunks)))


# --- 7. settings and secrets ---------------------------------------------------------


def test_malformed_admin_ids_are_refused_at_start_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="ADMIN_USER_IDS must be Telegram user ids"):
        Settings(ADMIN_USER_IDS="123, abc")
    assert Settings(ADMIN_USER_IDS="123; 456,").admin_ids == frozenset({123, 456})
    result = _haicap(
        "status", "--json", data_dir=tmp_path / "data", env={"ADMIN_USER_IDS": "123, abc"}
    )
    assert result.returncode == 2  # before: started, then raised on every /stats
    assert "ADMIN_USER_IDS" in result.stderr and "Traceback" not in result.stderr


def test_a_short_webhook_secret_is_refused_without_printing_it(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as raised:
        Settings(TELEGRAM_WEBHOOK_SECRET="s3cret")
    assert "s3cret" not in str(raised.value) and "16-256" in str(raised.value)
    assert Settings(TELEGRAM_WEBHOOK_SECRET="a-strong_secret-0123").telegram_webhook_secret
    result = _haicap(
        "status", data_dir=tmp_path / "data", env={"TELEGRAM_WEBHOOK_SECRET": "s3cret"}
    )
    assert result.returncode == 2 and "TELEGRAM_WEBHOOK_SECRET" in result.stderr
    assert "s3cret" not in result.stderr + result.stdout


def test_every_secret_setting_is_redacted_from_logs_whatever_its_length(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = Settings(TELEGRAM_BOT_TOKEN="1:tok", HAICAP_LLM_API_KEY="sk-llm-key-contract-test")
    register_secrets(settings)  # before: the LLM key was never registered, "1:tok" too short
    with caplog.at_level(logging.INFO):
        logging.getLogger("contract").info(
            "calling https://api.example/bot1:tok/getMe with Bearer sk-llm-key-contract-test"
        )
    text = caplog.text
    assert "sk-llm-key-contract-test" not in text and "1:tok" not in text
    assert text.count(REDACTED) == 2

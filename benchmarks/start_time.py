"""Time from `haicap start` (model installed, no token, new data dir) to the first
terminal answers, and to the end of the background document load.

    nice -n 10 .venv/bin/python benchmarks/start_time.py [--cold] [--corpus PATHS]

Why a benchmark and not a test: the figure depends on the machine and its load; the
tests check the order of events instead. `--cold` gives the run its own empty vector
cache (models/ linked to the shared one, so the model is not fetched again): the first
start on a new machine. Without it the shared cache (~/.cache/haicap) is used: a new
data dir on a machine that embedded the corpus before. The questions are typed at once;
each answer's time is when its last line reached stdout (a `/lang` command after every
question marks the end of the answer before it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    ("address", "p. chieng le tp son la"),
    ("facts", "Tỉnh Lai Châu có bao nhiêu phường?"),
    ("documents", "What does Conclusion 150-KL/TW require?"),
]
MARK = "Reply language: detected from each question"


def run(cold: bool, corpus: str, load_timeout: float) -> dict:
    work = Path(tempfile.mkdtemp(prefix="haicap-start-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "HAICAP_"))}
    env.update(HAICAP_DATA_DIR=str(work / "data"), HAICAP_CORPUS=corpus, CHROMA_HOST="")
    if cold:
        cache = work / "cache"
        cache.mkdir()
        shared = Path(os.environ.get("HAICAP_CACHE_DIR") or Path.home() / ".cache" / "haicap")
        (cache / "models").symlink_to(shared / "models")
        env["HAICAP_CACHE_DIR"] = str(cache)
    started = time.monotonic()
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "haicap"), "start"],
        env=env, cwd=str(ROOT), text=True, encoding="utf-8", bufsize=1,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    for _, question in QUESTIONS:
        process.stdin.write(f"{question}\n/lang auto\n")
    process.stdin.flush()
    answers: list[dict] = []
    loaded: dict = {}
    current: list[str] = []

    def read_stdout() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            if line.startswith(MARK):
                kind, question = QUESTIONS[len(answers)]
                answers.append({"kind": kind, "question": question,
                                "seconds": round(time.monotonic() - started, 1),
                                "answer": "".join(current).strip()})  # fmt: skip
                current.clear()
                print(f"{answers[-1]['seconds']:7.1f} s  {kind}", flush=True)
            else:
                current.append(line)

    def read_stderr() -> None:
        for line in process.stderr:  # type: ignore[union-attr]
            if "documents loaded:" in line and not loaded:
                loaded.update(seconds=round(time.monotonic() - started, 1), line=line.strip())

    readers = [threading.Thread(target=read_stdout), threading.Thread(target=read_stderr)]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + load_timeout
    while time.monotonic() < deadline and not (loaded and len(answers) == len(QUESTIONS)):
        if process.poll() is not None:
            break
        time.sleep(0.5)
    process.stdin.close()  # EOF: the chat ends (and stops the load if it still runs)
    process.wait(600)
    for reader in readers:
        reader.join(10)
    return {
        "cache": "cold (new vector cache)" if cold else "warm (shared vector cache)",
        "corpus": corpus,
        "answers": answers,
        "documents_loaded": loaded or f"not within {load_timeout:.0f} s",
        "load_average_at_end": os.getloadavg(),
        "exit_code": process.returncode,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="a new, empty vector cache")
    parser.add_argument(
        "--corpus", default=os.pathsep.join(("../shared/corpus/legal", "../shared/seeds"))
    )
    parser.add_argument("--load-timeout", type=float, default=3600.0)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = parser.parse_args()
    result = run(args.cold, args.corpus, args.load_timeout)
    for answer in result["answers"]:
        print(f"{answer['seconds']:7.1f} s  {answer['kind']:<9}  {answer['question']}")
    print(f"documents loaded: {result['documents_loaded']}")
    print(f"load average at the end: {result['load_average_at_end']}")
    name = "start_cold.json" if args.cold else "start_warm.json"
    Path(args.out).mkdir(parents=True, exist_ok=True)
    (Path(args.out) / name).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Real processes for the scale and fault tests: a `chroma run` server, `haicap bot`
workers in webhook mode, and posting updates to them the way Telegram does.

Why a helper module: several test files need the same server that can be stopped and
restarted on its port, and the same worker launch; each process is started here and
ended by its own pid, never by name.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

CHROMA = Path(sys.executable).with_name("chroma")
# Settings a worker must get from the test only (the model and cache dirs are inherited).
_NOT_INHERITED = (
    "TELEGRAM_", "CHROMA_", "DATABASE_URL", "HAICAP_STATE_URL", "HAICAP_LLM_",
    "HAICAP_DATA_DIR", "HAICAP_RATE_LIMIT", "ADMIN_USER_IDS",
)  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float, process: subprocess.Popen | None = None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def stop_process(process: subprocess.Popen, timeout: float = 15.0) -> None:
    """SIGTERM, then SIGKILL if it does not exit: always by the process's own pid."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class ChromaServer:
    """A `chroma run` server on 127.0.0.1 that can be stopped and started again on the
    same port with the same data (the way an operator restarts it)."""

    path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def start(self) -> ChromaServer:
        self.process = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1",
             "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        if not wait_for_port(self.port, 30, self.process):
            stop_process(self.process)
            raise RuntimeError(f"chroma server did not start on port {self.port}")
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)

    def settings_env(self) -> dict[str, str]:
        return {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(self.port)}


@dataclass
class BotWorker:
    """One `haicap bot` process in webhook mode (PTB's own webhook server)."""

    name: str
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/tg/hook"

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        stop_process(self.process)


def start_worker(
    name: str, env: dict[str, str], workdir: Path, secret: str, *, port: int | None = None
) -> BotWorker:
    """Start `python -m haicap.cli bot` with the webhook on its own port.

    The working directory is a temp folder so no developer `.env` leaks into the test.
    """
    port = port or free_port()
    log_path = workdir / f"{name}.log"
    full_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(_NOT_INHERITED)},
        **env,
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/tg/hook",
        "TELEGRAM_WEBHOOK_SECRET": secret,
        "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
        "TELEGRAM_WEBHOOK_PORT": str(port),
        "OMP_WAIT_POLICY": "PASSIVE",
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "haicap.cli", "bot"],
            env=full_env,
            cwd=str(workdir),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return BotWorker(name, port, process, log_path)


async def post_update(
    session: aiohttp.ClientSession, worker: BotWorker, update: dict[str, Any], secret: str
) -> int:
    """POST an update as Telegram does (JSON body, secret header); the HTTP status."""
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
    async with session.post(worker.url, data=json.dumps(update), headers=headers) as response:
        return response.status


async def sigterm_and_log(process: Any, timeout: float) -> str:
    """SIGTERM an asyncio subprocess, wait for it, and return its stderr; killed if it
    does not stop in time (then the caller's returncode assertion fails)."""
    process.send_signal(signal.SIGTERM)
    try:
        _stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        _stdout, stderr = await process.communicate()
    return stderr.decode("utf-8", "replace")

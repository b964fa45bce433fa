"""`haicap start` without a token: the terminal chat answers at once while the
HAICAP_CORPUS folders load in the background; a SIGTERM mid-load is clean and the next
start finishes the load without duplicates; a third start adds nothing.

Real subprocesses with stdin, the real model, real Chroma. The first start has an empty
vector cache of its own, so the load really takes long enough to be interrupted; the
later starts use the shared cache (~/.cache/haicap), as a second start on a machine does.
"""

from __future__ import annotations

from pathlib import Path

from haicap.model_fetch import is_installed, model_path
from haicap.settings import Settings
from tests.start_support import (
    ChatProcess,
    make_corpus,
    registry_keys,
    seed_retired_pages,
    start_env,
    store_ids,
)

ADDRESS = "p. chieng le tp son la"
DOCUMENT_QUESTION = "Which minister attended the announcement ceremony at the bridge?"
QUOTED_QUESTION = "Lai Châu có mấy phường sau khi sắp xếp?"
LOADING_NOTE = "still loading"  # haicap/languages/en.py BOT "knowledge_loading"
LEGAL = ["1656_NQ-UBTVQH15.md", "1670_NQ-UBTVQH15.md"]
NEWS = ["de_lai-chau-son-la-working-session.txt", "sv_son-la-announcement-ceremony.txt"]
TIMEOUT = 600  # generous: two cores shared with other work; no speed is asserted here


def _loaded(line: str) -> bool:
    return "documents loaded:" in line


def test_start_chat_answers_while_loading_resumes_after_sigterm(tmp_path: Path) -> None:
    settings = Settings()
    assert is_installed(settings.models_dir, settings.embed_model), "run `haicap models fetch`"
    make_corpus(tmp_path, LEGAL, NEWS)
    data_dir = tmp_path / "data"
    files = {str((tmp_path / "legal" / n).resolve()) for n in LEGAL}
    files |= {str((tmp_path / "news" / n).resolve()) for n in NEWS}
    # relative paths, read from the folder `make start` runs in; one path does not exist
    corpus = "legal:news:no-such-folder"
    env = start_env(HAICAP_DATA_DIR=str(data_dir), HAICAP_CORPUS=corpus)
    seed_retired_pages(data_dir, env)

    # 1. new vector cache: the chat answers while the load runs, SIGTERM stops it cleanly
    cold = start_env(
        HAICAP_DATA_DIR=str(data_dir), HAICAP_CORPUS=corpus,
        HAICAP_CACHE_DIR=str(tmp_path / "cold-cache"),
        HAICAP_MODEL_DIR=str(model_path(settings.models_dir, settings.embed_model)),
    )  # fmt: skip
    first = ChatProcess(cold, cwd=tmp_path)
    first.ask(ADDRESS)
    first.wait_for("stdout", lambda line: "Tô Hiệu" in line, TIMEOUT)
    first.ask(DOCUMENT_QUESTION)
    first.wait_for("stdout", lambda line: LOADING_NOTE in line, TIMEOUT)
    assert not any(_loaded(line) for line in first.stderr), first.logs()
    assert first.sigterm(TIMEOUT) == 0, first.logs()
    log = first.text("stderr")
    assert "no-such-folder not found" in log, log
    assert "next start resumes" in log, log  # stopped between batches, mid-load
    assert "Traceback" not in log and "terminate called" not in log, log
    after_stop = registry_keys(data_dir)
    assert not any(k.startswith("builtin:") for k in after_stop)  # retired pages gone
    assert not files <= set(after_stop)  # the load had not finished

    # 2. next start: the load finishes; the resolution's own words are now quoted
    second = ChatProcess(env, cwd=tmp_path)
    loaded = second.wait_for("stderr", _loaded, TIMEOUT)
    second.ask(ADDRESS)
    second.wait_for("stdout", lambda line: "Tô Hiệu" in line, TIMEOUT)
    second.ask(QUOTED_QUESTION)
    second.wait_for("stdout", lambda line: "«" in line, TIMEOUT)
    assert second.close(TIMEOUT) == 0, second.logs()
    reply = second.text("stdout")
    assert LOADING_NOTE not in reply, reply
    assert "1670/NQ-UBTVQH15" in reply, reply  # Lai Châu's resolution, loaded by now
    registered = registry_keys(data_dir)
    assert set(registered) == files, registered
    ids = [cid for chunk_ids in registered.values() for cid in chunk_ids]
    assert len(ids) == len(set(ids))  # no chunk twice
    assert sorted(store_ids(data_dir)) == sorted(ids)  # nothing else: no duplicates, no pages
    assert "0 chunks added" not in loaded  # this start did embed the rest

    # 3. a further start adds nothing (incremental)
    third = ChatProcess(env, cwd=tmp_path)
    loaded = third.wait_for("stderr", _loaded, TIMEOUT)
    assert third.close(TIMEOUT) == 0, third.logs()
    assert "0 chunks added, 4 unchanged files" in loaded, loaded

"""The bot's state store, on SQLite and on a real PostgreSQL server
(tests/postgres_support.py), and the per-user rate limit."""

from __future__ import annotations

import time

import pytest

from answer.types import Turn
from bot.ratelimit import RateLimiter
from bot.state import StateStore, StoredAnswer, new_answer_id
from haicap.settings import Settings
from tests.postgres_support import schema_url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path) -> StateStore:
    if request.param == "sqlite":
        state = StateStore.from_settings(Settings(HAICAP_DATA_DIR=str(tmp_path)))
        yield state
        state.close()
        return
    url, drop = schema_url(request.getfixturevalue("postgres_url"))
    state = StateStore(url)
    yield state
    state.close()
    drop()


def _answer(chat_id: int, user_id: int, question: str = "q?") -> StoredAnswer:
    return StoredAnswer(
        id=new_answer_id(),
        chat_id=chat_id,
        user_id=user_id,
        question=question,
        answer="Phường Bàn Cờ",
        status="answered",
        language="vi",
        route="address",
        citations=["1685/NQ-UBTVQH15 Điều 1"],
        candidates=["A", "B"],
        collapsed="<b>c</b>",
        expanded="<b>e</b>",
    )


def test_sqlite_file_lives_in_the_data_dir(tmp_path) -> None:
    state = StateStore.from_settings(Settings(HAICAP_DATA_DIR=str(tmp_path)))
    state.set_lang(1, "de")
    state.close()
    assert (tmp_path / "bot_state.sqlite").exists()
    again = StateStore.from_settings(Settings(HAICAP_DATA_DIR=str(tmp_path)))
    assert again.get_lang(1) == "de"  # survives a restart
    again.close()


def test_language_is_per_chat_and_upserted(store: StateStore) -> None:
    assert store.get_lang(10) is None
    store.set_lang(10, "sv")
    store.set_lang(10, "en")
    store.set_lang(11, "de")
    assert (store.get_lang(10), store.get_lang(11)) == ("en", "de")


def test_history_is_the_last_turns_of_the_chat_oldest_first(store: StateStore) -> None:
    for i in range(6):
        store.add_turn(5, 50, Turn(f"q{i}", f"sq{i}", f"a{i}", "answered"))
    store.add_turn(6, 60, Turn("other", "other", "x", "answered"))
    turns = store.recent_turns(5, limit=3, max_age_s=3600)
    assert [turn.question for turn in turns] == ["q3", "q4", "q5"]
    assert turns[-1] == Turn("q5", "sq5", "a5", "answered")
    assert store.recent_turns(5, limit=3, max_age_s=-1) == []  # all too old


def test_answers_round_trip_and_views_update(store: StateStore) -> None:
    record = _answer(1, 2)
    store.save_answer(record)
    store.set_answer_view(record.id, message_ids=[7, 8], extra_ids=[9], is_expanded=True)
    loaded = store.get_answer(record.id)
    assert loaded is not None
    assert loaded.candidates == ["A", "B"] and loaded.citations == record.citations
    assert (loaded.message_ids, loaded.extra_ids, loaded.is_expanded) == ([7, 8], [9], True)
    assert store.get_answer("missing") is None


def test_votes_keep_question_answer_status_and_can_change(store: StateStore) -> None:
    record = _answer(1, 2, "Phường 1 Quận 3?")
    store.save_answer(record)
    assert store.record_vote(record.id, 2, +1)
    assert store.record_vote(record.id, 2, -1)  # changed mind: one row, new value
    assert not store.record_vote("unknown", 2, 1)
    votes = store.votes(record.id)
    assert len(votes) == 1
    assert votes[0]["vote"] == -1
    assert (votes[0]["question"], votes[0]["answer"], votes[0]["status"]) == (
        "Phường 1 Quận 3?",
        "Phường Bàn Cờ",
        "answered",
    )
    assert store.user_vote(record.id, 2) == -1
    assert store.stats()["votes_down"] == 1


def test_forget_deletes_only_that_users_messages_and_votes(store: StateStore) -> None:
    mine, theirs = _answer(1, 2), _answer(3, 4)
    for record in (mine, theirs):
        store.save_answer(record)
        store.record_vote(record.id, record.user_id, 1)
        store.add_turn(record.chat_id, record.user_id, Turn("q", "q", "a", "answered"))
    messages, votes = store.forget_user(2)
    assert (messages, votes) == (1, 1)
    assert store.get_answer(mine.id) is None and store.recent_turns(1, 5, 3600) == []
    assert store.get_answer(theirs.id) is not None and store.votes(theirs.id)


def test_purge_drops_everything_older_than_the_retention(store: StateStore) -> None:
    record = _answer(1, 2)
    store.save_answer(record)
    store.record_vote(record.id, 2, 1)
    store.add_turn(1, 2, Turn("q", "q", "a", "answered"))
    assert store.purge_history(max_age_s=3600) == 0
    time.sleep(0.01)
    assert store.purge_history(max_age_s=0.001) == 3
    assert store.votes() == [] and store.get_answer(record.id) is None


async def test_run_executes_off_the_event_loop(store: StateStore) -> None:
    import threading

    loop_thread = threading.get_ident()
    seen: list[int] = []

    def probe() -> str:
        seen.append(threading.get_ident())
        return store.get_lang(99) or "none"

    assert await store.run(probe) == "none"
    assert seen and seen[0] != loop_thread


# ------------------------------------------------------------------ rate limit
class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limit_allows_n_per_minute_and_notifies_once() -> None:
    clock = _Clock()
    limiter = RateLimiter(3, clock=clock)
    assert all(limiter.check(1).allowed for _ in range(3))
    first, second = limiter.check(1), limiter.check(1)
    assert not first.allowed and first.notify and 59 <= first.retry_after_s <= 60
    assert not second.allowed and not second.notify  # told once, not on every message
    assert limiter.check(2).allowed  # other users unaffected
    clock.now += 60.5
    assert limiter.check(1).allowed  # the window slid
    assert RateLimiter(0).check(1).allowed  # 0 disables the limit

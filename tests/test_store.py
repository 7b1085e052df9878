"""The SQLite store: survives restarts, never loses an answer under concurrency."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from bot.store import SQLiteStore, StaleAnswer, TeamQuiz


@pytest.fixture
def store(tmp_path):
    store = SQLiteStore(tmp_path / "labtype.sqlite3")
    store.create_quiz(TeamQuiz("q1", "slack", "C1", "U0", "fr", anonymous=False))
    yield store
    store.close()


def test_answers_survive_a_restart(store, tmp_path):
    store.join("q1", "U1", "Alice")
    store.record_answer("q1", "U1", 0, 2)
    store.record_answer("q1", "U1", 1, 0)
    store.update_meta("q1", channel="C1", ts="1700000000.000100")
    store.close()
    reopened = SQLiteStore(tmp_path / "labtype.sqlite3")
    assert reopened.get_participation("q1", "U1").answers == (2, 0)
    assert reopened.get_quiz("q1").meta == {"channel": "C1", "ts": "1700000000.000100"}
    reopened.record_answer("q1", "U1", 2, 1)
    assert reopened.get_participation("q1", "U1").answers == (2, 0, 1)
    reopened.close()


def test_a_repeated_or_skipping_answer_is_stale(store):
    store.join("q1", "U1", "Alice")
    store.record_answer("q1", "U1", 0, 1)
    with pytest.raises(StaleAnswer):
        store.record_answer("q1", "U1", 0, 1)  # a double click
    with pytest.raises(StaleAnswer):
        store.record_answer("q1", "U1", 3, 1)  # a forged jump ahead
    assert store.get_participation("q1", "U1").answers == (1,)


def test_back_drops_the_last_answer(store):
    store.join("q1", "U1", "Alice")
    store.record_answer("q1", "U1", 0, 1)
    assert store.drop_last_answer("q1", "U1").answers == ()


def test_close_and_settings(store):
    store.close_quiz("q1")
    assert store.get_quiz("q1").closed
    store.set_setting("!room:hs", "lang", "en")
    store.set_setting("!room:hs", "lang", "fr")
    assert store.get_setting("!room:hs", "lang") == "fr" and store.get_setting("x", "y") is None


def finish_quiz(path: str, participant: str, barrier, answers: int) -> None:
    """One member answering every question, from its own connection (a thread or a process)."""
    store = SQLiteStore(path)
    store.join("q1", participant, participant)
    barrier.wait()
    for index in range(answers):
        store.record_answer("q1", participant, index, index % 3)
    store.close()


def test_thirty_members_finishing_at_once_from_threads(store):
    barrier = threading.Barrier(30)
    threads = [threading.Thread(target=finish_quiz, args=(store.path, f"U{n}", barrier, 6)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    participations = store.participations("q1")
    assert len(participations) == 30 and all(p.answers == (0, 1, 2, 0, 1, 2) for p in participations)


def test_thirty_members_finishing_at_once_from_processes(store):
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(30)
    processes = [context.Process(target=finish_quiz, args=(store.path, f"P{n}", barrier, 6)) for n in range(30)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert all(p.exitcode == 0 for p in processes)
    assert len([p for p in store.participations("q1") if len(p.answers) == 6]) == 30

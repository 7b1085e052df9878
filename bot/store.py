"""State that must outlive a restart: team quizzes, members' answers, small settings.

One interface (`Store`), one implementation on the standard library's SQLite in WAL mode.
Every read-modify-write runs in an immediate transaction, so 30 members finishing at once,
from threads or from several processes sharing the file, never lose an answer.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

SCHEMA = """
CREATE TABLE IF NOT EXISTS quizzes (
    id TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    channel TEXT NOT NULL,
    starter TEXT NOT NULL,
    lang TEXT NOT NULL,
    anonymous INTEGER NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS participations (
    quiz_id TEXT NOT NULL REFERENCES quizzes(id),
    participant TEXT NOT NULL,
    name TEXT NOT NULL,
    answers TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (quiz_id, participant)
);
CREATE TABLE IF NOT EXISTS settings (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
"""


@dataclass(frozen=True)
class TeamQuiz:
    id: str
    platform: str
    channel: str
    starter: str
    lang: str
    anonymous: bool
    closed: bool = False
    meta: dict = field(default_factory=dict)  # platform references: message ts, event ids…


@dataclass(frozen=True)
class Participation:
    quiz_id: str
    participant: str
    name: str
    answers: tuple[int, ...]


class StaleAnswer(Exception):
    """An answer to a question that is no longer the current one (double click, old button)."""


class Store(Protocol):
    def create_quiz(self, quiz: TeamQuiz) -> None: ...
    def get_quiz(self, quiz_id: str) -> TeamQuiz | None: ...
    def close_quiz(self, quiz_id: str) -> None: ...
    def update_meta(self, quiz_id: str, **meta: object) -> TeamQuiz: ...
    def get_participation(self, quiz_id: str, participant: str) -> Participation | None: ...
    def participations(self, quiz_id: str) -> list[Participation]: ...
    def join(self, quiz_id: str, participant: str, name: str) -> Participation: ...
    def record_answer(self, quiz_id: str, participant: str, question_index: int, option: int) -> Participation: ...
    def drop_last_answer(self, quiz_id: str, participant: str, shown: int | None = None) -> Participation: ...
    def get_setting(self, scope: str, key: str) -> str | None: ...
    def set_setting(self, scope: str, key: str, value: str) -> None: ...


class SQLiteStore:
    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=30000")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- quizzes -------------------------------------------------------------------------------

    def create_quiz(self, quiz: TeamQuiz) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO quizzes (id, platform, channel, starter, lang, anonymous, closed, created, meta) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (quiz.id, quiz.platform, quiz.channel, quiz.starter, quiz.lang, int(quiz.anonymous), int(quiz.closed),
                 time.time(), json.dumps(quiz.meta)),
            )

    def get_quiz(self, quiz_id: str) -> TeamQuiz | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, platform, channel, starter, lang, anonymous, closed, meta FROM quizzes WHERE id = ?", (quiz_id,)
            ).fetchone()
        if row is None:
            return None
        return TeamQuiz(row[0], row[1], row[2], row[3], row[4], bool(row[5]), bool(row[6]), json.loads(row[7]))

    def close_quiz(self, quiz_id: str) -> None:
        with self._lock:
            self._db.execute("UPDATE quizzes SET closed = 1 WHERE id = ?", (quiz_id,))

    def update_meta(self, quiz_id: str, **meta: object) -> TeamQuiz:
        with self._lock, self._transaction():
            row = self._db.execute("SELECT meta FROM quizzes WHERE id = ?", (quiz_id,)).fetchone()
            merged = {**json.loads(row[0]), **meta}
            self._db.execute("UPDATE quizzes SET meta = ? WHERE id = ?", (json.dumps(merged), quiz_id))
        return self.get_quiz(quiz_id)

    # -- participations ------------------------------------------------------------------------

    def get_participation(self, quiz_id: str, participant: str) -> Participation | None:
        with self._lock:
            return self._participation(quiz_id, participant)

    def participations(self, quiz_id: str) -> list[Participation]:
        with self._lock:
            rows = self._db.execute(
                "SELECT quiz_id, participant, name, answers FROM participations WHERE quiz_id = ? ORDER BY rowid", (quiz_id,)
            ).fetchall()
        return [Participation(r[0], r[1], r[2], tuple(json.loads(r[3]))) for r in rows]

    def join(self, quiz_id: str, participant: str, name: str) -> Participation:
        with self._lock, self._transaction():
            self._db.execute(
                "INSERT INTO participations (quiz_id, participant, name, answers, updated) VALUES (?, ?, ?, '[]', ?) "
                "ON CONFLICT (quiz_id, participant) DO UPDATE SET name = excluded.name",
                (quiz_id, participant, name, time.time()),
            )
            return self._participation(quiz_id, participant)

    def record_answer(self, quiz_id: str, participant: str, question_index: int, option: int) -> Participation:
        """Append `option` as the answer to question `question_index`, which must be the next one."""
        with self._lock, self._transaction():
            current = self._participation(quiz_id, participant)
            if current is None or question_index != len(current.answers):
                raise StaleAnswer(question_index)
            return self._write_answers(current, (*current.answers, option))

    def drop_last_answer(self, quiz_id: str, participant: str, shown: int | None = None) -> Participation:
        """Undo the last answer; with `shown` (the index of the question on the participant's
        screen), only if that question is still the current one, so a double "back" undoes one."""
        with self._lock, self._transaction():
            current = self._participation(quiz_id, participant)
            if current is None or (shown is not None and shown != len(current.answers)):
                raise StaleAnswer(shown)
            return self._write_answers(current, current.answers[:-1])

    # -- settings ------------------------------------------------------------------------------

    def get_setting(self, scope: str, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM settings WHERE scope = ? AND key = ?", (scope, key)).fetchone()
        return row[0] if row else None

    def set_setting(self, scope: str, key: str, value: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO settings (scope, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value",
                (scope, key, value),
            )

    # -- internals -----------------------------------------------------------------------------

    def _transaction(self):
        return _Immediate(self._db)

    def _participation(self, quiz_id: str, participant: str) -> Participation | None:
        row = self._db.execute(
            "SELECT quiz_id, participant, name, answers FROM participations WHERE quiz_id = ? AND participant = ?",
            (quiz_id, participant),
        ).fetchone()
        return Participation(row[0], row[1], row[2], tuple(json.loads(row[3]))) if row else None

    def _write_answers(self, current: Participation, answers: tuple[int, ...]) -> Participation:
        self._db.execute(
            "UPDATE participations SET answers = ?, updated = ? WHERE quiz_id = ? AND participant = ?",
            (json.dumps(list(answers)), time.time(), current.quiz_id, current.participant),
        )
        return Participation(current.quiz_id, current.participant, current.name, answers)


class _Immediate:
    """BEGIN IMMEDIATE … COMMIT (or ROLLBACK): takes the write lock before reading, so two
    processes cannot both read the same answers and each append to their own copy."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def open_store(data_dir: Path) -> SQLiteStore:
    return SQLiteStore(data_dir / "labtype.sqlite3")

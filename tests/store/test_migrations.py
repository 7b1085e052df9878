"""Migrations: a data directory written by the first store opens and keeps its quizzes; the
newest revision gives, on both engines, exactly the tables bot/store/schema.py queries."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.store import Participation, open_store
from bot.store.migrate import head_revision
from bot.store.schema import metadata

LEGACY = Path(__file__).parents[1] / "data" / "legacy-v0.1" / "labtype.sqlite3"


async def test_a_database_of_the_first_store_opens_with_its_quizzes(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(LEGACY, data / "labtype.sqlite3")
    with sqlite3.connect(LEGACY) as legacy:  # the file as the first store left it: no alembic table
        assert "alembic_version" not in {row[0] for row in legacy.execute("SELECT name FROM sqlite_master")}
    store = await open_store(data, {})
    try:
        slack_quiz = await store.get_quiz("legacyQuiz01")
        assert (slack_quiz.platform, slack_quiz.channel, slack_quiz.lang, slack_quiz.anonymous, slack_quiz.closed) == (
            "slack", "C0LEGACY", "fr", False, False)
        assert slack_quiz.meta == {"channel": "C0LEGACY", "ts": "1700000000.000100"} and slack_quiz.version == 0
        assert await store.participations("legacyQuiz01") == [  # in the order they joined
            Participation("legacyQuiz01", "U1ALICE", "Alice", (2, 0, 1, 3, 1, 0)),
            Participation("legacyQuiz01", "U2BOB", "Bob", (1, 1)),
            Participation("legacyQuiz01", "U3CHLOE", "Chloé", ())]
        matrix_quiz = await store.get_quiz("legacyQuiz02")
        assert matrix_quiz.anonymous and matrix_quiz.closed and matrix_quiz.meta["root"] == "$root_event"
        assert await store.get_setting("matrix.quiz_thread", "$root_event") == "legacyQuiz02"
        assert await store.get_setting("matrix.sync_token", "@bot:hs.example") == "s123_456"
        # the quiz goes on where it stopped, and a newcomer comes after the old members
        async with store.transaction() as tx:  # Bob's third answer, written as TeamQuizService writes it
            _, bob = await tx.member_for_update("legacyQuiz01", "U2BOB")
            assert (await tx.write_answers(bob, (*bob.answers, 0))).answers == (1, 1, 0)
        await store.join("legacyQuiz01", "U4DAN", "Dan")
        assert [p.participant for p in await store.participations("legacyQuiz01")][-1] == "U4DAN"
        assert (await store.get_quiz("legacyQuiz01")).version == 2
        async with store.reading() as tx:  # SQLite lets a TEXT PRIMARY KEY be NULL unless told: the first store didn't
            differences = await tx.connection.run_sync(_differences)
        assert [d for d in differences if not _legacy_nullable_key(d)] == []
    finally:
        await store.close()


async def test_a_new_database_matches_the_schema_on_each_engine(store):
    async with store.reading() as tx:
        assert await tx.connection.run_sync(lambda connection: MigrationContext.configure(
            connection).get_current_revision()) == head_revision()
        assert await tx.connection.run_sync(_differences) == []


async def test_opening_again_migrates_nothing_and_db_upgrade_says_the_revision(store_env, tmp_path):
    for _ in range(2):
        store = await open_store(tmp_path / "data", store_env)
        assert await store.upgrade() == head_revision()
        await store.close()
    done = subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade", "--lang", "en"], capture_output=True,
                          text=True, env={"LABTYPE_DATA_DIR": str(tmp_path / "data"), **store_env, "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Database ") and f"is up to date (revision {head_revision()})" in done.stdout


def _legacy_nullable_key(difference) -> bool:
    changes = difference if isinstance(difference, list) else [difference]
    return all(change[0] == "modify_nullable" and (change[2], change[3]) in (
        ("quizzes", "id"), ("participations", "quiz_id"), ("participations", "participant"),
        ("settings", "scope"), ("settings", "key")) for change in changes)


def _differences(connection) -> list:
    """What Alembic's autogenerate would change to make the database match schema.py."""
    return compare_metadata(MigrationContext.configure(connection, opts={"compare_type": False}), metadata)

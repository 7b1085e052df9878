"""Retention and GDPR requests on both engines: what goes, what stays, what an export holds;
and the team message's edit lease, which lets one instance at a time edit it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.retention import DAY_S, purge_once
from bot.store import TeamQuiz, open_store
from bot.teamquiz import TeamQuizService

ROOT = Path(__file__).resolve().parents[2]


async def age(store, quiz_id: str, days: float) -> None:
    """Make the quiz and its members' last changes `days` old."""
    then = time.time() - days * DAY_S
    async with store.transaction() as tx:
        await tx.connection.exec_driver_sql(f"UPDATE quizzes SET created = {then} WHERE id = '{quiz_id}'")
        await tx.connection.exec_driver_sql(f"UPDATE participations SET updated = {then} WHERE quiz_id = '{quiz_id}'")


async def test_quizzes_inactive_past_the_retention_go_with_their_answers_others_stay(store, engine):
    await store.create_quiz(TeamQuiz("old", "slack", "C1", "U0", "fr", anonymous=False))
    await store.create_quiz(TeamQuiz("old-but-active", "matrix", "!r", "@a:x", "fr", anonymous=False))
    await store.create_quiz(TeamQuiz("closed-recently", "slack", "C1", "U0", "fr", anonymous=False))
    for quiz_id in ("old", "old-but-active", "q1"):
        await store.join(quiz_id, "U1", "Alice")
    await store.close_quiz("closed-recently")
    await store.close_quiz("old")
    await age(store, "old", 400)
    await age(store, "old-but-active", 400)
    await TeamQuizService(engine, store).answer("old-but-active", "U1", 0, 1)  # a member answered today
    assert await purge_once(store, 365) == 1
    assert await store.get_quiz("old") is None and await store.participations("old") == []
    for kept in ("old-but-active", "closed-recently", "q1"):
        assert await store.get_quiz(kept) is not None
    assert await purge_once(store, 365) == 0


async def test_a_workspace_is_exported_then_deleted_and_other_workspaces_stay(store, engine):
    await store.create_quiz(TeamQuiz("t1", "slack", "C1", "U_A", "fr", anonymous=False, team_id="T1"))
    await store.create_quiz(TeamQuiz("t2", "slack", "C2", "U_B", "en", anonymous=True, team_id="T2"))
    await store.join("t1", "U_A", "Ana")
    await TeamQuizService(engine, store).answer("t1", "U_A", 0, 2)
    exported = await store.export_workspace("T1")
    (quiz,) = exported["quizzes"]
    assert (quiz["id"], quiz["team_id"], quiz["starter"]) == ("t1", "T1", "U_A")
    assert quiz["members"] == [{"participant": "U_A", "name": "Ana", "answers": [3], "tomorrow": None, "updated": quiz["members"][0]["updated"]}]
    json.dumps(exported)  # JSON-ready
    assert await store.delete_workspace("T1") == 1
    assert await store.get_quiz("t1") is None and await store.participations("t1") == []
    assert await store.get_quiz("t2") is not None
    assert (await store.export_workspace("T1"))["quizzes"] == []


async def test_an_organisation_wide_uninstall_deletes_the_organisation_s_quizzes(store):
    await store.create_quiz(TeamQuiz("e1", "slack", "C1", "U_A", "fr", anonymous=False, team_id="T9", enterprise_id="E1"))
    await store.create_quiz(TeamQuiz("e2", "slack", "C1", "U_A", "fr", anonymous=False, team_id="T8", enterprise_id="E2"))
    assert await store.delete_workspace(None, "E1") == 1
    assert await store.get_quiz("e1") is None and await store.get_quiz("e2") is not None


async def test_a_person_is_exported_then_forgotten_and_the_others_answers_stay(store, engine):
    await store.create_quiz(TeamQuiz("p1", "matrix", "!room", "@ana:x", "fr", anonymous=False))
    await store.join("p1", "@ana:x", "Ana")
    await store.join("p1", "@bob:x", "Bob")
    await TeamQuizService(engine, store).answer("p1", "@ana:x", 0, 0)
    async with store.transaction() as tx:  # Ana started "Et dans deux ans ?" too
        await tx.write_tomorrow(await tx.get_participation("p1", "@ana:x", for_update=True), (4,))
    await store.set_setting("matrix-poll", "$poll1", json.dumps({"quiz": "p1", "participant": "@ana:x"}))
    await store.set_setting("matrix-poll", "$poll2", json.dumps({"quiz": "p1", "participant": "@bob:x"}))
    exported = await store.export_person("@ana:x")
    assert [answer["quiz"] for answer in exported["answers"]] == ["p1"] and exported["answers"][0]["answers"] == [1]
    assert exported["answers"][0]["tomorrow"] == [5]
    assert [quiz["id"] for quiz in exported["quizzes_started"]] == ["p1"]
    assert [setting["key"] for setting in exported["settings"]] == ["$poll1"]
    deleted = await store.delete_person("@ana:x")
    assert deleted == {"answers": 1, "settings": 1, "quizzes_started": 1, "slack_installations": 0}
    assert [p.participant for p in await store.participations("p1")] == ["@bob:x"]
    assert await store.get_participation("p1", "@ana:x") is None  # today's and tomorrow's answers gone
    assert (await store.get_quiz("p1")).starter == ""
    assert await store.get_setting("matrix-poll", "$poll2") is not None
    assert await store.export_person("@ana:x") == {"person": "@ana:x", "answers": [], "quizzes_started": [],
                                                    "settings": [], "slack_installations": []}


async def test_one_editor_at_a_time_and_it_edits_again_when_the_quiz_moved_on(store):
    assert await store.claim_team_edit("q1", 15)
    assert not await store.claim_team_edit("q1", 15)  # another instance: the holder will show its change
    version = (await store.get_quiz("q1")).version
    await store.join("q1", "U1", "Alice")  # changes while the holder edits
    assert not await store.end_team_edit("q1", version, True, 15)  # the quiz moved on: edit again
    assert not await store.claim_team_edit("q1", 15)
    quiz = await store.get_quiz("q1")
    assert quiz.shown_version == version
    assert await store.end_team_edit("q1", quiz.version, True, 15)  # up to date: let go
    assert (await store.get_quiz("q1")).shown_version == quiz.version
    assert await store.claim_team_edit("q1", 15)


async def test_a_dead_editor_s_lease_runs_out(store):
    assert await store.claim_team_edit("q1", 0.05)
    time.sleep(0.1)
    assert await store.claim_team_edit("q1", 15)


def test_the_data_command_exports_and_deletes_a_person_as_json(tmp_path):
    env = {**os.environ, "LABTYPE_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    run = lambda *argv: subprocess.run([sys.executable, "-m", "bot.cli", "data", *argv], cwd=ROOT, env=env,  # noqa: E731
                                       capture_output=True, text=True, timeout=60)
    exported = run("export", "--user", "U_NOBODY")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["person"] == "U_NOBODY"
    deleted = run("delete", "--workspace", "T_NONE")
    assert deleted.returncode == 0 and json.loads(deleted.stdout) == {"workspace": "T_NONE", "deleted": {"quizzes": 0}}
    assert run("export").returncode == 2  # --workspace or --user is required


async def test_a_bad_retention_setting_stops_the_start_with_a_message(tmp_path):
    env = {**os.environ, "LABTYPE_DATA_DIR": str(tmp_path), "LABTYPE_RETENTION_DAYS": "forever", "LABTYPE_LANG": "en",
           "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "slack"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "LABTYPE_RETENTION_DAYS=forever is not valid" in done.stderr
    store = await open_store(tmp_path, {})
    await store.close()

"""The team quiz as a workshop instrument in Slack: shuffled options mapped back, the camps of a
split team, and anonymous outputs that name nobody."""

from __future__ import annotations

import asyncio
import json
import time

from bot.core.quiz import load_quiz, option_order
from bot.teamquiz import option_seed
from tests.slack.slack_workspace import Workspace, button, running_app, texts
from tests.slack.test_slack_team_quiz import choose, join, option, start

QUIZ = load_quiz()


def quiz_id_of(team: dict) -> str:
    return button(team["blocks"], "join").value


async def answer_as(slack: Workspace, team: dict, user: str, answers: tuple[int, ...]) -> dict:
    """Click, question after question, the button showing each canonical option; the result."""
    question = await join(slack, team, user)
    seed = option_seed(quiz_id_of(team), user)
    for index, canonical in enumerate(answers):
        position = option_order(QUIZ.questions[index], seed).index(canonical)
        question = await choose(slack, question, position, user)
    return question


async def begin_tomorrow(slack: Workspace, result: dict, user: str) -> dict:
    """Click "Et dans deux ans ?" under the member's result: a new private message."""
    pressed = button(result["blocks"], "tomorrow")
    assert pressed.text == "Et dans deux ans ?"
    reply = await slack.reply(await slack.click(pressed, user=user))
    assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False  # the result stays
    return reply


async def answer_tomorrow(slack: Workspace, question: dict, quiz_id: str, user: str, answers: tuple[int, ...],
                          start_at: int = 0) -> dict:
    """Click, from question `start_at` on, the button showing each canonical option."""
    seed = option_seed(quiz_id, user)
    for index in range(start_at, len(answers)):
        question = await choose(slack, question, option_order(QUIZ.questions[index], seed).index(answers[index]), user)
    return question


async def team_update(slack: Workspace, participants: int, tomorrow: int | None = None) -> dict:
    """The team message's latest edit, once it counts `participants` members (and, if given,
    `tomorrow` answers for the lab in two years). Waits up to 20 s: the machine may be loaded."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        updates = slack.fake.calls("chat.update")
        if updates:
            payload = updates[-1]["metadata"]["event_payload"]
            if payload["participants"] == participants and tomorrow in (None, payload["tomorrow_participants"]):
                return updates[-1]
        await asyncio.sleep(0.02)
    raise AssertionError(f"no team message edit counting {participants} members ({tomorrow} in two years)")


async def test_each_member_sees_shuffled_options_and_the_click_counts_the_option_shown(slack):
    team = await start(slack)
    quiz_id = quiz_id_of(team)
    first = await join(slack, team, "U_ANA")
    order = option_order(QUIZ.questions[0], option_seed(quiz_id, "U_ANA"))
    shown = [QUIZ.questions[0].options[i].text.fr for i in order]
    assert [texts([block]).split(".* ", 1)[1] for block in first["blocks"] if block.get("accessory")] == shown
    await choose(slack, first, 0, "U_ANA")  # the option shown first
    assert (await slack.runtime.store.get_participation(quiz_id, "U_ANA")).answers == (order[0],)

    again = await join(slack, team, "U_ANA")  # the same member, later: the same order on question 2
    order_2 = option_order(QUIZ.questions[1], option_seed(quiz_id, "U_ANA"))
    assert option(again["blocks"], 0).value == f"{quiz_id}:1:{order_2[0]}"
    other = await join(slack, team, "U_BOB")
    orders = {tuple(option(other["blocks"], n).value.rsplit(":", 1)[1] for n in range(len(order)))}
    assert orders == {tuple(str(i) for i in option_order(QUIZ.questions[0], option_seed(quiz_id, "U_BOB")))}


async def test_after_a_restart_the_member_sees_the_same_order(slack_env, tmp_path):
    async with running_app(slack_env, tmp_path) as before:
        team = await start(before)
        question = await join(before, team, "U_ANA")
        values = [option(question["blocks"], n).value for n in range(len(QUIZ.questions[0].options))]
    async with running_app(slack_env, tmp_path) as after:
        resumed = await join(after, team, "U_ANA")
        assert [option(resumed["blocks"], n).value for n in range(len(values))] == values


async def test_a_2_2_1_team_is_told_it_is_split_and_which_questions_divide_it(slack):
    engine = slack.runtime.engine
    team = await start(slack)
    plan = {"U_ANA": "co-designer-systemique", "U_BOB": "co-designer-systemique",
            "U_CLO": "apprenant-transformateur", "U_DAN": "apprenant-transformateur", "U_EVE": "coordinateur-mission"}
    for user, archetype in plan.items():
        await answer_as(slack, team, user, engine.most_characteristic(archetype))
    last = await team_update(slack, 5)
    shown = texts(last["blocks"])
    assert last["text"].startswith("Profil de l'équipe (5 participant·es) : partagée entre ")
    assert "Co-designer systémique" in last["text"] and "Apprenant transformateur" in last["text"]
    assert "Attention : l'équipe se partage en 2 camps" in shown and "u_ana, u_bob" in shown
    payload = last["metadata"]["event_payload"]
    assert payload["split"] is True
    assert payload["camps"] == [{"archetype": "co-designer-systemique", "count": 2, "members": ["U_ANA", "U_BOB"]},
                                {"archetype": "apprenant-transformateur", "count": 2, "members": ["U_CLO", "U_DAN"]}]
    profile = await slack.runtime.teamquiz.profile(quiz_id_of(team))
    assert payload["dividing"] == [d.question.id for d in profile.dividing] and payload["dividing"]


async def test_an_anonymous_split_team_is_counted_never_named(slack):
    engine = slack.runtime.engine
    await slack.command("quiz anonyme", user="U_BOSS", channel="C_TEAM")
    team = await slack.posted()
    plan = {"U_ANA": "solutionneur", "U_BOB": "solutionneur", "U_CLO": "createur-ecosystemes",
            "U_DAN": "createur-ecosystemes"}
    for user, archetype in plan.items():
        await answer_as(slack, team, user, engine.most_characteristic(archetype))
    last = await team_update(slack, 4)
    payload = last["metadata"]["event_payload"]
    assert payload["camps"] == [{"archetype": "solutionneur", "count": 2}, {"archetype": "createur-ecosystemes", "count": 2}]
    everything = repr(last.params).lower()
    for user in plan:
        assert user.lower() not in everything, f"{user} appears in the team message or its metadata"


def shared_files(slack: Workspace) -> list[tuple[dict, dict]]:
    """Each files.completeUploadExternal call with the uploads it shared (their bytes included)."""
    uploads = slack.fake.uploads()
    return [(call.params, {f["id"]: uploads[f["id"]] for f in json.loads(call.params["files"])})
            for call in slack.fake.calls("files.completeUploadExternal")]


async def test_the_starter_gets_the_report_and_the_chart_in_the_thread(slack):
    engine = slack.runtime.engine
    team = await start(slack, user="U_BOSS")
    await answer_as(slack, team, "U_ANA", engine.most_characteristic("solutionneur"))
    await answer_as(slack, team, "U_BOB", engine.most_characteristic("partenaire-du-changement"))
    shown = await team_update(slack, 2)

    refused = await slack.reply(await slack.click(button(shown["blocks"], "report"), user="U_ANA", message=team))
    assert refused["text"] == "Seule la personne qui a lancé le quiz peut en demander le compte-rendu."
    assert slack.fake.calls("files.completeUploadExternal") == []

    asked = await slack.click(button(shown["blocks"], "report"), user="U_BOSS", message=team)
    (told,) = [post.body for post in await slack.fake.await_responses(asked, timeout=30)]  # a first chart: matplotlib starts
    assert told["text"] == "Le compte-rendu de l'atelier est dans le fil du quiz."
    ((params, files),) = shared_files(slack)
    assert (params["channel_id"], params["thread_ts"]) == ("C_TEAM", team["ts"])
    by_name = {f["filename"]: f for f in files.values()}
    quiz_id = quiz_id_of(team)
    assert set(by_name) == {f"labtype-{quiz_id}.md", f"labtype-{quiz_id}.csv", f"labtype-{quiz_id}-team.png"}
    markdown = by_name[f"labtype-{quiz_id}.md"]["data"].decode()
    assert markdown.startswith("# Compte-rendu d'atelier") and "u_ana" in markdown
    assert "u_bob" in by_name[f"labtype-{quiz_id}.csv"]["data"].decode()
    chart = by_name[f"labtype-{quiz_id}-team.png"]
    assert chart["data"].startswith(b"\x89PNG") and chart["alt_txt"]

    await slack.click(button(shown["blocks"], "close"), user="U_BOSS", message=team)
    await slack.fake.await_calls("files.completeUploadExternal", 2)
    params, files = shared_files(slack)[-1]
    (picture,) = files.values()
    assert params["thread_ts"] == team["ts"] and picture["data"].startswith(b"\x89PNG")


async def test_a_failed_upload_leaves_the_text_alone(slack):
    team = await start(slack, user="U_BOSS")
    result = await answer_as(slack, team, "U_ANA", slack.runtime.engine.most_characteristic("solutionneur"))
    slack.fake.fail_next("files.getUploadURLExternal", error="internal_error")
    await slack.click(button(result["blocks"], "share_result"), user="U_ANA")
    shared = await slack.posted(2)
    assert shared["thread_ts"] == team["ts"] and shared["text"] == result["text"]
    await slack.fake.await_calls("files.getUploadURLExternal")
    assert slack.fake.calls("files.completeUploadExternal") == []


async def test_an_anonymous_quiz_s_report_chart_and_messages_name_nobody(slack):
    engine = slack.runtime.engine
    await slack.command("quiz anonyme", user="U_BOSS", channel="C_TEAM")
    team = await slack.posted()
    members = {"U_ANA": "solutionneur", "U_BOB": "solutionneur", "U_CLO": "co-designer-systemique"}
    results = {user: await answer_as(slack, team, user, engine.most_characteristic(archetype))
               for user, archetype in members.items()}
    for user in ("U_ANA", "U_CLO"):  # two of them answer "Et dans deux ans ?" as well
        question = await begin_tomorrow(slack, results[user], user)
        await answer_tomorrow(slack, question, quiz_id_of(team), user, engine.most_characteristic("createur-ecosystemes"))
    shown = await team_update(slack, 3, tomorrow=2)
    assert "Dans deux ans (2 sur 3 ont répondu)" in texts(shown["blocks"])
    await slack.click(button(shown["blocks"], "report"), user="U_BOSS", message=team)
    await slack.click(button(shown["blocks"], "close"), user="U_BOSS", message=team)
    await slack.fake.await_calls("files.completeUploadExternal", 2)
    files = [f for _, shared in shared_files(slack) for f in shared.values()]
    assert sorted(f["filename"].rsplit(".", 1)[1] for f in files) == ["md", "png", "png"], "no CSV"
    posted = [c.params for m in ("chat.postMessage", "chat.update") for c in slack.fake.calls(m)]
    everything = (repr(posted) + repr([(f["alt_txt"], f["data"]) for f in files])).lower()
    for user in members:
        assert user.lower() not in everything

"""The team quiz in a channel, driven only by clicking the buttons the app drew, as Slack would."""

from __future__ import annotations

import asyncio
import time

from bot.core.quiz import load_quiz
from tests.slack.slack_workspace import (
    Button,
    Workspace,
    button,
    buttons,
    running_app,
    texts,
)

QUESTIONS = len(load_quiz().questions)
CLOSED = "Ce quiz est clos : les réponses ne sont plus prises en compte. Merci !"


def option(blocks: list[dict], n: int):
    (found,) = [b for b in buttons(blocks) if b.action_id == f"answer:{n}"]
    return found


async def start(slack: Workspace, user: str = "U_BOSS", channel: str = "C_TEAM") -> dict:
    await slack.command("quiz", user=user, channel=channel)
    return await slack.posted()


async def join(slack: Workspace, team: dict, user: str) -> dict:
    reply = await slack.reply(await slack.click(button(team["blocks"], "join"), user=user, message=team))
    assert reply["replace_original"] is False  # a new private message; the team message stays
    return reply


async def choose(slack: Workspace, question: dict, n: int, user: str) -> dict:
    reply = await slack.reply(await slack.click(option(question["blocks"], n), user=user))
    assert reply["response_type"] == "ephemeral" and reply["replace_original"] is True
    return reply


async def test_a_member_takes_the_quiz_by_clicking_and_the_team_message_follows(slack):
    team = await start(slack)
    assert team["text"] == "Quiz d'équipe : à quel archétype ressemble notre labo ?" and "metadata" not in team
    question = await join(slack, team, "U_ANA")
    assert question["text"] == f"Question 1/{QUESTIONS}" and "back" not in [b.name for b in buttons(question["blocks"])]
    question = await choose(slack, question, 3, "U_ANA")
    question = await choose(slack, question, 3, "U_ANA")
    assert question["text"] == f"Question 3/{QUESTIONS}"
    # Retour: question 2 again, and the new answer replaces the old one
    question = await slack.reply(await slack.click(button(question["blocks"], "back"), user="U_ANA"))
    assert question["text"] == f"Question 2/{QUESTIONS}" and question["replace_original"] is True
    for _ in range(QUESTIONS - 1):
        question = await choose(slack, question, 3, "U_ANA")
    result = question
    shown = texts(result["blocks"])
    assert result["text"].startswith(("Votre labo ressemble le plus à : ", "Profil hybride"))  # shuffled options
    assert "█" in shown and "*Pourquoi : " in shown and "*Objectif de l'innovation*" in shown
    assert buttons(result["blocks"])[0].text == "Partager mon résultat"

    updated = await slack.posted(1, "chat.update")
    update = slack.fake.last_call("chat.update")
    assert (update["channel"], update["ts"]) == ("C_TEAM", team["ts"])
    payload = updated["metadata"]["event_payload"]
    assert updated["metadata"]["event_type"] == "labtype_team_profile"
    assert payload["participants"] == 1 and payload["top"] == payload["ranking"][0]["archetype"]
    assert len(payload["ranking"]) == 7 and set(payload["ranking"][0]) == {"archetype", "score"}
    assert updated["text"].startswith("Profil de l'équipe (1 participant·e) : ")
    assert "u_ana → " in texts(updated["blocks"])

    # sharing the result posts it in the team message's thread
    await slack.click(button(result["blocks"], "share_result"), user="U_ANA")
    shared = await slack.posted(2)
    assert shared["thread_ts"] == team["ts"] and slack.fake.last_call("chat.postMessage")["channel"] == "C_TEAM"
    assert texts(shared["blocks"]).startswith("Partagé par <@U_ANA>") and shared["text"] == result["text"]


async def test_each_member_answers_in_their_own_language(slack):
    team = await start(slack)
    question = await join(slack, team, "U_EN")
    assert question["text"] == f"Question 1/{QUESTIONS}" and button(question["blocks"], "answer").text == "Choose"
    assert team["text"].startswith("Quiz d'équipe")  # the team message stays in the starter's language


async def test_clicking_an_answer_twice_shows_where_the_member_is(slack):
    team = await start(slack)
    first = await join(slack, team, "U_ANA")
    await choose(slack, first, 0, "U_ANA")
    again = await choose(slack, first, 1, "U_ANA")  # the old question's other option
    assert texts(again["blocks"]).startswith("Cette question a déjà une réponse ; voici où vous en êtes.")
    assert again["text"] == f"Question 2/{QUESTIONS}"
    back_twice = button(again["blocks"], "back")
    await slack.reply(await slack.click(back_twice, user="U_ANA"))
    stale = await slack.reply(await slack.click(back_twice, user="U_ANA"))  # must not undo a second answer
    assert stale["text"] == f"Question 1/{QUESTIONS}" and "déjà une réponse" in texts(stale["blocks"])


async def test_joining_again_resumes_where_the_member_stopped(slack):
    team = await start(slack)
    question = await join(slack, team, "U_ANA")
    await choose(slack, question, 2, "U_ANA")
    assert (await join(slack, team, "U_ANA"))["text"] == f"Question 2/{QUESTIONS}"


async def test_only_the_starter_closes_and_then_answers_are_refused_politely(slack):
    team = await start(slack, user="U_BOSS")
    question = await join(slack, team, "U_ANA")
    refused = await slack.reply(await slack.click(button(team["blocks"], "close"), user="U_ANA", message=team))
    assert refused["text"] == "Seule la personne qui a lancé le quiz peut le clore."
    assert slack.fake.calls("chat.update") == []

    await slack.click(button(team["blocks"], "close"), user="U_BOSS", message=team)
    closed = await slack.posted(1, "chat.update")
    assert "Le quiz est clos." in texts(closed["blocks"]) and buttons(closed["blocks"]) == []

    late = await slack.reply(await slack.click(option(question["blocks"], 0), user="U_ANA"))
    assert (late["text"], late["replace_original"]) == (CLOSED, True)
    late = await slack.reply(await slack.click(button(team["blocks"], "join"), user="U_ZOE", message=team))
    assert (late["text"], late["replace_original"]) == (CLOSED, False)


async def test_a_restart_in_the_middle_of_a_quiz_loses_nothing(slack_env, tmp_path):
    async with running_app(slack_env, tmp_path) as before:
        team = await start(before)
        question = await join(before, team, "U_ANA")
        question = await choose(before, question, 1, "U_ANA")
        question = await choose(before, question, 1, "U_ANA")
    async with running_app(slack_env, tmp_path) as after:  # a new process on the same data
        question = await choose(after, question, 1, "U_ANA")
        assert question["text"] == f"Question 4/{QUESTIONS}"
        for _ in range(QUESTIONS - 3):
            question = await choose(after, question, 1, "U_ANA")
        assert question["text"].startswith(("Votre labo ressemble le plus à", "Profil hybride"))  # shuffled options
        updated = await after.posted(1, "chat.update")
        assert slack_env.last_call("chat.update")["ts"] == team["ts"]
        assert updated["metadata"]["event_payload"]["participants"] == 1


async def test_thirty_members_finishing_at_once_are_all_counted(slack):
    team = await start(slack)
    members = [f"U_M{n:02d}" for n in range(30)]

    async def all_but_the_last_answer(member: str, n: int) -> dict:
        question = await join(slack, team, member)
        for _ in range(QUESTIONS - 1):
            question = await choose(slack, question, n % 3, member)
        return question

    last_questions = await asyncio.gather(*(all_but_the_last_answer(m, n) for n, m in enumerate(members)))
    assert slack.fake.calls("chat.update") == []
    results = await asyncio.gather(*(choose(slack, q, 0, m) for q, m in zip(last_questions, members)))
    assert all(r["text"].startswith(("Votre labo", "Profil hybride")) for r in results)

    # The last edit comes after the last result was shown: the lease holder edits again as long
    # as the quiz moved on while it edited (seconds when the machine is loaded, not a lost edit).
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        updates = slack.fake.calls("chat.update")
        if updates and updates[-1]["metadata"]["event_payload"]["participants"] == 30:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)  # and nothing older arrives after it
    last = slack.fake.calls("chat.update")[-1]
    assert last["metadata"]["event_payload"]["participants"] == 30
    assert last["text"].startswith("Profil de l'équipe (30 participant·es)")
    assert all(f"{m.lower()} → " in texts(last["blocks"]) for m in members)
    assert len(slack.fake.calls("chat.update")) < 30  # edits asked for during an edit are merged


async def test_buttons_of_a_quiz_that_does_not_exist_are_answered_politely(slack):
    gone = "Ce quiz n'existe plus."
    for pressed in (Button("join:0", "Zz9_unknown", "x", "b"), Button("answer:0", "Zz9_unknown:0:0", "x", "b"),
                    Button("close:0", "Zz9_unknown", "x", "b")):
        assert (await slack.reply(await slack.click(pressed)))["text"] == gone
    forged_share = Button("share_result:0", "Zz9_unknown", "x", "b")  # nobody finished that quiz
    reply = await slack.reply(await slack.click(forged_share))
    assert reply["text"].startswith("Ce bouton n'est plus valable.")


async def test_the_help_s_quiz_button_starts_a_quiz_in_that_channel(slack):
    ack, _ = await slack.command("aide", channel="C_HELPED")
    await slack.click(button(ack["blocks"], "quiz"), channel="C_HELPED")
    team = await slack.posted()
    assert slack.fake.last_call("chat.postMessage")["channel"] == "C_HELPED"
    assert [b.name for b in buttons(team["blocks"])] == ["join", "close"]


async def test_an_anonymous_quiz_shows_no_names(slack):
    await slack.command("quiz anonyme", user="U_BOSS", channel="C_TEAM")
    team = await slack.posted()
    question = await join(slack, team, "U_ANA")
    for _ in range(QUESTIONS):
        question = await choose(slack, question, 2, "U_ANA")
    updated = await slack.posted(1, "chat.update")
    shown = texts(updated["blocks"])
    assert " × 1" in shown and "u_ana" not in shown.lower()
    assert updated["metadata"]["event_payload"]["participants"] == 1

""""Et dans deux ans ?" in Slack, over real signed HTTP against the fake Web API: after their
result a member answers the same questions for the lab in two years, in the same shuffled order,
sees the shift, and the team message counts them; repeated or old clicks are refused politely,
a restart loses nothing, an anonymous quiz names nobody."""

from __future__ import annotations

import asyncio

from bot.core.quiz import load_quiz, option_order
from bot.slack.values import QuizRef
from bot.teamquiz import option_seed
from tests.slack.slack_workspace import Button, Workspace, button, buttons, running_app, texts
from tests.slack.test_slack_quiz_workshop import (
    answer_as,
    answer_tomorrow,
    begin_tomorrow,
    quiz_id_of,
    shared_files,
    team_update,
)
from tests.slack.test_slack_team_quiz import choose, option, start

QUIZ = load_quiz()
QUESTIONS = len(QUIZ.questions)


async def test_a_member_answers_for_the_lab_in_two_years_and_sees_the_shift(slack):
    engine = slack.runtime.engine
    team = await start(slack, user="U_BOSS")
    quiz_id = quiz_id_of(team)
    await answer_as(slack, team, "U_BOB", engine.most_characteristic("co-designer-systemique"))
    result = await answer_as(slack, team, "U_ANA", engine.most_characteristic("solutionneur"))
    (offer,) = [e for b in result["blocks"] for e in b.get("elements", ()) if e.get("action_id", "").startswith("tomorrow")]
    assert offer["style"] == "primary" and buttons(result["blocks"])[-1].name == "tomorrow"  # the next step
    await team_update(slack, 2, tomorrow=0)

    question = await begin_tomorrow(slack, result, "U_ANA")
    assert question["text"] == f"Dans deux ans — question 1/{QUESTIONS}"
    assert "Là où vous voulez que le labo en soit dans deux ans" in texts(question["blocks"])
    order = option_order(QUIZ.questions[0], option_seed(quiz_id, "U_ANA"))  # the order of today's question 1
    assert [option(question["blocks"], n).value for n in range(len(order))] == [f"{quiz_id}:0:{i}:t" for i in order]
    assert "back" not in [b.name for b in buttons(question["blocks"])]

    wish = engine.most_characteristic("createur-ecosystemes")
    question = await answer_tomorrow(slack, question, quiz_id, "U_ANA", wish[:2])
    assert question["text"] == f"Dans deux ans — question 3/{QUESTIONS}"
    assert button(question["blocks"], "back").value == f"{quiz_id}:2:t"
    question = await slack.reply(await slack.click(button(question["blocks"], "back"), user="U_ANA"))
    assert question["text"] == f"Dans deux ans — question 2/{QUESTIONS}"
    shift = await answer_tomorrow(slack, question, quiz_id, "U_ANA", wish, start_at=1)
    assert shift["text"] == "Aujourd'hui 2. Solutionneur, dans deux ans 7. Créateur d'écosystèmes"
    shown = texts(shift["blocks"])
    assert "Votre profil aujourd'hui, et celui que vous souhaitez au labo dans deux ans." in shown
    assert "%  (+" in shown and "Ce que vous voulez voir changer" in shown
    participation = await slack.runtime.store.get_participation(quiz_id, "U_ANA")
    assert participation.tomorrow == wish and participation.answers == engine.most_characteristic("solutionneur")

    last = await team_update(slack, 2, tomorrow=1)
    team_text = texts(last["blocks"])
    assert "Dans deux ans (1 sur 2 a répondu)" in team_text and "Là où l'équipe veut changer" in team_text
    assert "Créateur d'écosystèmes" in team_text

    # sharing the shift posts it, and the chart of today and in two years, in the quiz's thread
    await slack.click(button(shift["blocks"], "share_result"), user="U_ANA")
    shared = await slack.posted(2)
    assert shared["thread_ts"] == team["ts"] and shared["text"] == shift["text"]
    await slack.fake.await_calls("files.completeUploadExternal", timeout=30)
    ((params, files),) = shared_files(slack)
    (picture,) = files.values()
    assert params["thread_ts"] == team["ts"] and picture["data"].startswith(b"\x89PNG")
    assert "deux ans" in picture["alt_txt"]


async def test_repeated_and_old_clicks_are_refused_politely(slack):
    engine = slack.runtime.engine
    team = await start(slack)
    quiz_id = quiz_id_of(team)
    today = engine.most_characteristic("apprenant-transformateur")
    last_today = await answer_as(slack, team, "U_ANA", today[:-1])  # today's last question, kept to click again
    seed = option_seed(quiz_id, "U_ANA")
    result = await choose(slack, last_today, option_order(QUIZ.questions[-1], seed).index(today[-1]), "U_ANA")

    question = await begin_tomorrow(slack, result, "U_ANA")
    again = await slack.reply(await slack.click(button(result["blocks"], "tomorrow"), user="U_ANA"))  # a second click
    assert texts(again["blocks"]).startswith("Vous avez déjà commencé « Et dans deux ans ? » ; voici où vous en êtes.")
    assert again["text"] == f"Dans deux ans — question 1/{QUESTIONS}" and again["replace_original"] is False
    assert (await slack.runtime.store.get_participation(quiz_id, "U_ANA")).tomorrow == ()

    first = option(question["blocks"], 0)
    await choose(slack, question, 0, "U_ANA")
    repeated = await slack.reply(await slack.click(first, user="U_ANA"))  # the same click delivered twice
    assert texts(repeated["blocks"]).startswith("Cette question a déjà une réponse ; voici où vous en êtes.")
    assert repeated["text"] == f"Dans deux ans — question 2/{QUESTIONS}"
    old_today = await slack.reply(await slack.click(option(last_today["blocks"], 0), user="U_ANA"))  # today's last question
    assert texts(old_today["blocks"]).startswith("Cette question a déjà une réponse ; voici où vous en êtes.")
    assert old_today["text"] == f"Dans deux ans — question 2/{QUESTIONS}"
    assert (await slack.runtime.store.get_participation(quiz_id, "U_ANA")).answers == today
    assert len((await slack.runtime.store.get_participation(quiz_id, "U_ANA")).tomorrow) == 1

    forged = QuizRef(quiz_id, 0, 0).value(3) + ":x"  # a phase this app never writes
    refused = await slack.reply(await slack.click(Button("answer:0", forged, "Choisir", "b"), user="U_ANA"))
    assert refused["text"].startswith("Ce bouton n'est plus valable.")

    # someone who has not finished today's questions cannot start tomorrow's
    other = await answer_as(slack, team, "U_BOB", today[:1])
    early = await slack.reply(await slack.click(button(result["blocks"], "tomorrow"), user="U_BOB"))
    assert early["text"] == ("« Et dans deux ans ? » vient après votre résultat : "
                             "répondez d'abord aux questions d'aujourd'hui.")
    assert (await slack.runtime.store.get_participation(quiz_id, "U_BOB")).tomorrow is None
    assert other["text"] == f"Question 2/{QUESTIONS}"


async def test_a_restart_in_the_middle_of_tomorrow_loses_nothing(slack_env, tmp_path):
    async with running_app(slack_env, tmp_path) as before:
        engine = before.runtime.engine
        team = await start(before)
        quiz_id = quiz_id_of(team)
        result = await answer_as(before, team, "U_ANA", engine.most_characteristic("solutionneur"))
        question = await begin_tomorrow(before, result, "U_ANA")
        wish = engine.most_characteristic("partenaire-du-changement")
        question = await answer_tomorrow(before, question, quiz_id, "U_ANA", wish[:2])
    async with running_app(slack_env, tmp_path) as after:  # a new process on the same data
        shift = await answer_tomorrow(after, question, quiz_id, "U_ANA", wish, start_at=2)
        assert shift["text"] == "Aujourd'hui 2. Solutionneur, dans deux ans 3. Partenaire du changement"
        updated = await team_update(after, 1, tomorrow=1)
        assert slack_env.last_call("chat.update")["ts"] == team["ts"] and updated["text"].startswith("Profil de l'équipe")
        resumed = await after.reply(await after.click(button(result["blocks"], "tomorrow"), user="U_ANA"))
        assert resumed["text"] == shift["text"]  # the old button, after the restart: where she is


async def test_the_report_button_gives_today_and_in_two_years(slack):
    engine = slack.runtime.engine
    team = await start(slack, user="U_BOSS")
    quiz_id = quiz_id_of(team)
    await answer_as(slack, team, "U_BOB", engine.most_characteristic("co-designer-systemique"))
    result = await answer_as(slack, team, "U_ANA", engine.most_characteristic("solutionneur"))
    question = await begin_tomorrow(slack, result, "U_ANA")
    await answer_tomorrow(slack, question, quiz_id, "U_ANA", engine.most_characteristic("createur-ecosystemes"))
    shown = await team_update(slack, 2, tomorrow=1)
    await slack.click(button(shown["blocks"], "report"), user="U_BOSS", message=team)
    await slack.fake.await_calls("files.completeUploadExternal", timeout=30)
    ((_, files),) = shared_files(slack)
    by_name = {f["filename"]: f["data"] for f in files.values()}
    markdown = by_name[f"labtype-{quiz_id}.md"].decode()
    section = markdown[markdown.index("## Aujourd'hui et dans deux ans"):]
    assert section.split("\n")[2].startswith("1 participant·e sur 2 a répondu pour le labo dans deux ans")
    assert "| 7. Créateur d'écosystèmes |" in section
    wished = engine.most_characteristic("createur-ecosystemes")
    answers = by_name[f"labtype-{quiz_id}.csv"].decode()
    assert all(q.options[i].text.fr in answers for q, i in zip(engine.quiz.questions, wished))

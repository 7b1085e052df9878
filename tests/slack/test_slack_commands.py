"""`/labtype …` against the app as it runs in production: HTTP mode, uvicorn, signed requests."""

from __future__ import annotations

import json
import time

import pytest

from bot.core.answers import Answerer
from bot.slack import render
from tests.slack import signing
from tests.slack.slack_workspace import (
    SIGNING_SECRET,
    button,
    buttons,
    running_app,
    texts,
)
from tests.slack.test_slack_render import check_limits, long_answer


async def test_a_cell_is_answered_in_the_acknowledgement_itself(slack):
    ack, rid = await slack.command("méthodes co-designer")
    assert ack["response_type"] == "ephemeral"
    assert ack["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "emoji": False,
                                                           "text": "4. Co-designer systémique — Méthodes prédominantes"}}
    shown = texts(ack["blocks"])
    assert "Pratiques systémiques, innovation sociale, complexité, co-design" in shown
    assert "Source : La 27e Région" in shown
    assert [(b.name, b.text) for b in buttons(ack["blocks"])] == [
        ("card", "Voir la fiche complète"), ("row", "Comparer"), ("share", "Partager dans le canal")]
    # the fastest path: nothing but the acknowledgement (and who is asking, once)
    assert slack.fake.methods() == ["auth.test", "users.info"] and slack.fake.responses(rid) == []


@pytest.mark.parametrize("query, title, expected, button_names", [
    ("solutionneur", "2. Solutionneur", ["*Objectif de l'innovation*", "*Méthodes prédominantes*",
                                        "Human-centered design", "commune à Plateforme créative et Solutionneur"],
     ["share"]),
    ("responsabilité", "Responsabilité : les 7 archétypes", ["*1. Plateforme créative*", "*7. Créateur d'écosystèmes*"],
     ["card"] * 7),
    ("Mazzucato", "Recherche : « Mazzucato »", ["Une case du tableau en parle.", "Mazzucato"], ["cell"]),
    ("", "labtype — les 7 archétypes des labs d'innovation publique",
     ["`/labtype méthodes co-designer`", "`/labtype quiz`", "*Les 5 caractéristiques*"], ["quiz"] + ["card"] * 7),
    ("aide", "labtype — les 7 archétypes des labs d'innovation publique", ["`/labtype solutionneur`"],
     ["quiz"] + ["card"] * 7),
    ("solutionairre", "Rien trouvé pour « solutionairre »",
     ["Vouliez-vous dire : Solutionneur ?", "Tapez « /labtype aide » pour des exemples."], ["card"]),
])
async def test_every_kind_of_answer_has_its_block_kit(slack, query, title, expected, button_names):
    ack, _ = await slack.command(query)
    check_limits(ack["blocks"])
    assert ack["blocks"][0]["text"]["text"] == title and ack["text"] == title
    shown = texts(ack["blocks"])
    for part in expected:
        assert part in shown
    assert [b.name for b in buttons(ack["blocks"])] == button_names


async def test_what_the_user_typed_is_shown_but_pings_nobody(slack):
    ack, _ = await slack.command("<!channel> *x* <@U123> &")
    header = ack["blocks"][0]["text"]
    assert header == {"type": "plain_text", "emoji": False, "text": "Rien trouvé pour « <!channel> *x* <@U123> & »"}
    mrkdwn = [ack["text"]] + [t["text"] for t in _text_objects(ack["blocks"]) if t["type"] == "mrkdwn"]
    assert all("<!" not in text and "<@" not in text for text in mrkdwn)
    assert all(t.get("verbatim") for t in _text_objects(ack["blocks"]) if t["type"] == "mrkdwn")
    assert ack["text"] == "Rien trouvé pour « &lt;!channel&gt; *x* &lt;@U123&gt; &amp; »"


async def test_an_answer_longer_than_a_message_comes_in_several(slack, monkeypatch):
    monkeypatch.setattr(Answerer, "ask", lambda self, query, lang="fr", command="": long_answer())
    ack, rid = await slack.command("long")
    check_limits(ack["blocks"])
    expected = render.messages(long_answer())
    more = await slack.replies(rid, len(expected) - 1)
    assert [ack["blocks"], *(m["blocks"] for m in more)] == [m.blocks for m in expected]
    for message in more:
        assert message["response_type"] == "ephemeral" and message["replace_original"] is False
        check_limits(message["blocks"])
    assert len(buttons(more[-1]["blocks"])) == 30


async def test_english_slack_users_get_english_and_their_locale_is_fetched_once(slack):
    ack, _ = await slack.command("methods co-designer", user="U_EN")
    assert ack["blocks"][0]["text"]["text"] == "4. Systemic co-designer — Predominant methods"
    assert [b.text for b in buttons(ack["blocks"])] == ["See the full card", "Compare", "Share in the channel"]
    ack, _ = await slack.command("", user="U_EN")
    assert ack["text"] == "labtype — the 7 archetypes of public innovation labs"
    (info,) = slack.fake.calls("users.info")
    assert info["user"] == "U_EN" and info["include_locale"] in ("true", True, "1")


async def test_other_locales_get_french(slack):
    slack.fake.set_user("U_DE", locale="de-DE")
    ack, _ = await slack.command("goal 3", user="U_DE")
    assert ack["text"] == "3. Partenaire du changement — Objectif de l'innovation"


async def test_labtype_lang_en_answers_everyone_in_english(slack_env, tmp_path):
    async with running_app(slack_env, tmp_path, LABTYPE_LANG="en") as slack:
        ack, _ = await slack.command("solutionneur", user="U_FR")
        assert ack["text"] == "2. Problem solver"


async def test_when_slack_cannot_say_who_asks_the_answer_comes_in_french(slack):
    slack.fake.fail_next("users.info", error="missing_scope")
    ack, _ = await slack.command("solutionneur", user="U_EN")
    assert ack["text"] == "2. Solutionneur"


async def test_requests_not_signed_by_slack_are_refused_401(slack):
    body = signing.slash_command_body("solutionneur")
    for options in ({"secret": "forged-secret"}, {"secret": SIGNING_SECRET, "timestamp": int(time.time()) - 301},
                    {"secret": None}):
        secret = options.pop("secret")
        status, _, text = await signing.post_signed(slack.url, body, secret, **options)
        assert (status, json.loads(text)) == (401, {"error": "invalid request"})
    tampered = body.replace("solutionneur", "quiz")
    headers = signing.signed_headers(SIGNING_SECRET, body)
    status, _, _ = await signing.post_signed(slack.url, tampered, None, headers=headers)
    assert status == 401
    assert slack.fake.calls() == []


async def test_a_crash_before_answering_is_an_apology_not_a_500(slack, monkeypatch):
    def broken(self, query, lang="fr", command=""):
        raise RuntimeError("boom")

    monkeypatch.setattr(Answerer, "ask", broken)
    ack, _ = await slack.command("solutionneur")
    assert ack["response_type"] == "ephemeral"
    assert ack["text"] == "Désolé, quelque chose s'est mal passé de mon côté. Réessayez dans un instant."
    assert "boom" not in json.dumps(ack) and "Traceback" not in json.dumps(ack)


async def test_slash_quiz_posts_the_team_message_and_answers_nothing_privately(slack):
    ack, _ = await slack.command("quiz", channel="C_TEAM")
    assert ack == {}
    team = await slack.posted()
    assert slack.fake.last_call("chat.postMessage")["channel"] == "C_TEAM"
    assert [b.text for b in buttons(team["blocks"])] == ["Répondre au quiz", "Clore le quiz"]
    assert button(team["blocks"], "join").value == button(team["blocks"], "close").value


async def test_slash_quiz_where_the_bot_is_not_invited_says_how_to_invite_it(slack):
    slack.fake.fail_next("chat.postMessage", error="channel_not_found")
    _, rid = await slack.command("quiz", channel="G_PRIVATE")
    reply = await slack.reply(rid)
    assert reply["response_type"] == "ephemeral" and "`/invite @labtype`" in reply["text"]


def _text_objects(node):
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
            yield node
        for value in node.values():
            yield from _text_objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _text_objects(value)


async def test_a_quiz_request_typed_as_a_question_asks_privately_before_posting(slack):
    ack, _ = await slack.command("je veux passer le test avec mon équipe", channel="C_TEAM")
    assert ack["response_type"] == "ephemeral"
    assert "Lancer un quiz d'équipe dans ce canal ?" in texts(ack["blocks"])
    assert slack.fake.calls("chat.postMessage") == []  # nothing public yet
    start = button(ack["blocks"], "quiz")
    assert start.text == "Lancer le quiz d'équipe ici"
    await slack.click(start, channel="C_TEAM")
    team = await slack.posted()
    assert slack.fake.last_call("chat.postMessage")["channel"] == "C_TEAM"
    assert [b.text for b in buttons(team["blocks"])] == ["Répondre au quiz", "Clore le quiz"]


@pytest.mark.parametrize("query", ["quel archétype utilise le design ?", "La Fabrica, c'est quel archétype ?"])
async def test_which_archetype_questions_never_post_a_quiz(slack, query):
    ack, _ = await slack.command(query, channel="C_TEAM")
    assert ack["response_type"] == "ephemeral" and slack.fake.calls("chat.postMessage") == []


async def test_an_anonymous_quiz_asked_as_a_sentence_stays_anonymous_once_confirmed(slack):
    ack, _ = await slack.command("on peut faire un quiz anonyme en équipe ?", channel="C_TEAM")
    assert ack["response_type"] == "ephemeral" and slack.fake.calls("chat.postMessage") == []
    start = button(ack["blocks"], "quiz")
    assert start.value == "start-anonymous" and "Quiz anonyme" in texts(ack["blocks"])
    await slack.click(start, channel="C_TEAM")
    team = await slack.posted()
    assert [b.text for b in buttons(team["blocks"])] == ["Répondre au quiz", "Clore le quiz"]

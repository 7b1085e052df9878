"""Clicking the buttons of an answer, as Slack sends the clicks; and clicks nobody should make."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.answers import Answerer
from tests.slack.slack_workspace import Button, button, buttons, texts

INVALID = "Ce bouton n'est plus valable. Tapez `/labtype` pour repartir de l'aide."


async def test_share_posts_the_cell_publicly_saying_who_shared_it(slack):
    ack, _ = await slack.command("méthodes co-designer", user="U_ANA", channel="C_LAB")
    await slack.click(button(ack["blocks"], "share"), user="U_ANA", channel="C_LAB")
    shared = await slack.posted()
    call = slack.fake.last_call("chat.postMessage")
    assert call["channel"] == "C_LAB" and call.token == slack.fake.bot_token
    assert shared["blocks"][0] == {"type": "context", "elements": [
        {"type": "mrkdwn", "text": "Partagé par <@U_ANA>", "verbatim": True}]}
    assert shared["blocks"][1:-1] == ack["blocks"][:-1]  # the same card…
    assert [b.name for b in buttons(shared["blocks"])] == ["card", "row"]  # …without its share button


async def test_a_shared_card_is_the_whole_card(slack):
    ack, _ = await slack.command("solutionneur")
    await slack.click(button(ack["blocks"], "share"))
    shared = await slack.posted()
    assert shared["text"] == "2. Solutionneur" and "*Exemples dans le monde, inspirations*" in texts(shared["blocks"])
    assert buttons(shared["blocks"]) == []


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found"])
async def test_share_where_the_bot_may_not_post_explains_how_to_invite_it(slack, error):
    ack, _ = await slack.command("solutionneur", channel="G_SECRET")
    slack.fake.fail_next("chat.postMessage", error=error)
    reply = await slack.reply(await slack.click(button(ack["blocks"], "share"), channel="G_SECRET"))
    assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False
    assert reply["text"] == ("Je ne peux pas écrire dans cette conversation. Dans un canal, invitez-moi d'abord "
                             "avec `/invite @labtype`, puis réessayez.")


async def test_a_rate_limited_post_is_retried(slack):
    ack, _ = await slack.command("solutionneur")
    slack.fake.rate_limit_next("chat.postMessage", retry_after=0)
    await slack.click(button(ack["blocks"], "share"))
    first, second = await slack.fake.await_calls("chat.postMessage", 2)
    assert (first.status, second.status) == (429, 200) and second.response["ok"]
    assert first["blocks"] == second["blocks"]


async def test_see_the_card_and_compare_answer_privately(slack):
    ack, _ = await slack.command("méthodes co-designer")
    card = await slack.reply(await slack.click(button(ack["blocks"], "card")))
    assert card["response_type"] == "ephemeral" and card["replace_original"] is False
    assert card["text"] == "4. Co-designer systémique" and "*Responsabilité*" in texts(card["blocks"])
    row = await slack.reply(await slack.click(button(ack["blocks"], "row")))
    assert row["text"] == "Méthodes prédominantes : les 7 archétypes"
    # a search result's button opens its cell
    ack, _ = await slack.command("Mazzucato")
    cell = await slack.reply(await slack.click(button(ack["blocks"], "cell")))
    assert cell["text"] == '6. Coordinateur "orienté mission" — Exemples dans le monde, inspirations'


async def test_buttons_of_a_public_message_answer_whoever_clicks_in_their_language(slack):
    ack, _ = await slack.command("méthodes co-designer")
    await slack.click(button(ack["blocks"], "share"))
    shared = await slack.posted()
    card = await slack.reply(await slack.click(button(shared["blocks"], "card"), user="U_EN", message=shared))
    assert card["response_type"] == "ephemeral" and card["text"] == "4. Systemic co-designer"


@pytest.mark.parametrize("forged", [
    Button("card:0", "nope/", "x", "b"),
    Button("card:0", "/methodes", "x", "b"),  # a card needs an archetype
    Button("cell:0", "solutionneur/", "x", "b"),
    Button("row:0", "'; DROP TABLE quizzes; --", "x", "b"),
    Button("share:0", "", "x", "b"),
    Button("answer:0", "abc:zz:1", "x", "b"),
    Button("back:0", "abc", "x", "b"),
    Button("join:0", "a:b:c", "x", "b"),
    Button("bogus:0", "whatever", "x", "b"),  # an action this app never drew
    Button("card", "solutionneur/" + "x" * 3000, "x", "b"),
])
async def test_forged_or_unknown_buttons_get_a_polite_private_answer(slack, forged):
    reply = await slack.reply(await slack.click(forged))
    assert reply == {"text": INVALID, "response_type": "ephemeral", "replace_original": False,
                     "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": INVALID, "verbatim": True}}]}
    assert "chat.postMessage" not in slack.fake.methods()


async def test_a_crash_after_a_click_is_an_apology(slack, monkeypatch):
    def broken(self, archetype_id, lang, query=""):
        raise RuntimeError("boom")

    monkeypatch.setattr(Answerer, "card", broken)
    reply = await slack.reply(await slack.click(Button("card:0", "solutionneur/", "x", "b")))
    assert reply["text"] == "Désolé, quelque chose s'est mal passé de mon côté. Réessayez dans un instant."


async def test_an_expired_response_url_is_logged_and_the_app_carries_on(slack, caplog):
    slack.fake.fail_next_response(status=404, body="expired_url")
    rid = await slack.click(Button("card:0", "solutionneur/", "x", "b"))
    (post,) = await slack.fake.await_responses(rid)
    assert post.status == 404
    for _ in range(100):
        if "response_url refused the reply: 404 expired_url" in caplog.text:
            break
        await asyncio.sleep(0.01)
    assert "response_url refused the reply: 404 expired_url" in caplog.text
    ack, _ = await slack.command("solutionneur")
    assert ack["text"] == "2. Solutionneur"


async def test_a_comparison_offers_each_differing_characteristic_then_all_five(slack):
    ack, _ = await slack.command("en quoi le solutionneur diffère-t-il de la plateforme créative ?")
    assert [(b.name, b.text) for b in buttons(ack["blocks"])] == [
        ("card", "2. Solutionneur"), ("card", "1. Plateforme créative"), ("compare", "Objectif de l'innovation"),
        ("compare", "Méthodes prédominantes"), ("compare", "Exemples dans le monde, inspirations")]
    one = await slack.reply(await slack.click(button(ack["blocks"], "compare", "Méthodes prédominantes")))
    assert one["text"] == "Méthodes prédominantes : Solutionneur et Plateforme créative"
    again = await slack.reply(await slack.click(button(one["blocks"], "compare", "Les cinq caractéristiques")))
    assert again["text"] == "Solutionneur et Plateforme créative : comparaison"


@pytest.mark.parametrize("value", ["solutionneur/methodes", "solutionneur+solutionneur/", "a+b/", "solutionneur+plateforme-creative/x",
                                   "solutionneur+plateforme-creative+co-designer-systemique+apprenant-transformateur/", ""])
async def test_a_forged_comparison_button_is_refused_politely(slack, value):
    reply = await slack.reply(await slack.click(Button("compare:0", value, "x", "b")))
    assert reply["text"] == INVALID

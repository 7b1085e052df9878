"""The `share_card` message shortcut (modal → threaded post) and the App Home tab."""

from __future__ import annotations

import json

from bot.core.answers import Answerer
from bot.slack.modals import ARCHETYPE, CHANNEL, CHARACTERISTIC, PICK
from tests.slack import signing
from tests.slack.slack_workspace import Workspace, button, buttons, texts

THREAD_ROOT = "1700000000.000100"
REPLY_IN_THREAD = {"type": "message", "user": "U_OTHER", "text": "et nous ?", "ts": "1700000055.000200",
                   "thread_ts": THREAD_ROOT}


async def open_share_modal(slack: Workspace, message: dict, channel: str = "C_LAB", user: str = "U_USER") -> dict:
    payload = signing.message_action_payload("share_card", message, {"id": channel, "name": "lab"}, user_id=user)
    await slack.send(signing.interactive_body(payload))
    (opened,) = await slack.fake.await_calls("views.open")
    assert opened["trigger_id"] == payload["trigger_id"]
    return opened["view"]


def picked(view: dict, archetype: str | None, characteristic: str | None) -> dict:
    """What Slack sends back for the options chosen, after checking the modal offers them."""
    def option(block_id: str, value: str | None) -> dict:
        (block,) = [b for b in view["blocks"] if b["block_id"] == block_id]
        offered = {o["value"]: o for o in block["element"]["options"]}
        return {"type": "static_select", "selected_option": offered[value] if value else None}

    return {ARCHETYPE: {PICK: option(ARCHETYPE, archetype)}, CHARACTERISTIC: {PICK: option(CHARACTERISTIC, characteristic)}}


async def test_a_card_shared_from_a_reply_goes_into_that_thread(slack):
    view = await open_share_modal(slack, REPLY_IN_THREAD)
    assert view["callback_id"] == "share_card" and view["title"]["text"] == "Partager une fiche"
    assert json.loads(view["private_metadata"]) == {"channel": "C_LAB", "thread_ts": THREAD_ROOT}
    _, ack = await slack.send(signing.view_submission_body(view, values=picked(view, "solutionneur", "methodes")))
    assert ack == ""  # the modal closes
    posted = await slack.posted()
    call = slack.fake.last_call("chat.postMessage")
    assert (call["channel"], posted["thread_ts"]) == ("C_LAB", THREAD_ROOT)
    assert posted["text"] == "2. Solutionneur — Méthodes prédominantes"
    assert texts(posted["blocks"]).startswith("Partagé par <@U_USER>")


async def test_a_card_shared_from_a_root_message_starts_its_thread(slack):
    root = {"type": "message", "user": "U_OTHER", "text": "notre labo ?", "ts": "1700000077.000300"}
    view = await open_share_modal(slack, root, user="U_EN")
    assert view["title"]["text"] == "Share a card"
    await slack.send(signing.view_submission_body(view, values=picked(view, "createur-ecosystemes", None), user_id="U_EN"))
    posted = await slack.posted()
    assert posted["thread_ts"] == "1700000077.000300" and posted["text"] == "7. Ecosystem builder"
    assert "*Examples around the world, inspirations*" in texts(posted["blocks"])


async def test_sharing_where_the_bot_may_not_post_keeps_the_modal_open_and_says_why(slack):
    view = await open_share_modal(slack, REPLY_IN_THREAD, channel="G_PRIVATE")
    slack.fake.fail_next("chat.postMessage", error="not_in_channel")
    _, ack = await slack.send(signing.view_submission_body(view, values=picked(view, "solutionneur", None)))
    errors = json.loads(ack)
    assert errors["response_action"] == "errors" and "`/invite @labtype`" in errors["errors"][ARCHETYPE]


async def test_a_forged_modal_is_refused_politely(slack):
    view = await open_share_modal(slack, REPLY_IN_THREAD)
    forged = {**view, "private_metadata": json.dumps({"channel": "C_LAB", "thread_ts": "<!channel>"})}
    _, ack = await slack.send(signing.view_submission_body(forged, values=picked(view, "solutionneur", None)))
    assert json.loads(ack)["errors"][ARCHETYPE] == "Ce bouton n'est plus valable. Tapez `/labtype` pour repartir de l'aide."
    assert slack.fake.calls("chat.postMessage") == []


async def test_the_home_tab_shows_the_seven_archetypes_and_the_quiz(slack):
    await slack.send(signing.app_home_opened_body("U_USER"))
    (published,) = await slack.fake.await_calls("views.publish")
    view = published["view"]
    assert published["user_id"] == "U_USER" and view["type"] == "home"
    assert [b.name for b in buttons(view["blocks"])] == ["card"] * 7 + ["quiz"]
    assert "*1. Plateforme créative*\nIncuber de nouvelles idées" in texts(view["blocks"])
    await slack.send(signing.app_home_opened_body("U_EN"))
    english = (await slack.fake.await_calls("views.publish", 2))[1]["view"]
    assert "*2. Problem solver*" in texts(english["blocks"])


async def test_the_messages_tab_publishes_nothing(slack):
    await slack.send(signing.app_home_opened_body("U_USER", tab="messages"))
    await slack.send(signing.app_home_opened_body("U_USER"))
    assert len(await slack.fake.await_calls("views.publish")) == 1


async def test_a_card_opened_from_home_shows_in_a_modal(slack):
    home = await published_home(slack)
    await slack.click(button(home["blocks"], "card", "Voir la fiche complète"), view=home)
    (opened,) = await slack.fake.await_calls("views.open")
    assert opened["view"]["type"] == "modal" and opened["view"]["blocks"][0]["text"]["text"] == "1. Plateforme créative"


async def test_a_quiz_started_from_home_asks_for_the_channel(slack):
    home = await published_home(slack)
    await slack.click(button(home["blocks"], "quiz"), view=home)
    (opened,) = await slack.fake.await_calls("views.open")
    modal = opened["view"]
    (channel_input,) = modal["blocks"]
    assert channel_input["element"]["type"] == "conversations_select"
    values = {CHANNEL: {PICK: {"type": "conversations_select", "selected_conversation": "C_TEAM"}}}
    slack.fake.fail_next("chat.postMessage", error="channel_not_found")
    _, ack = await slack.send(signing.view_submission_body(modal, values=values))
    assert "`/invite @labtype`" in json.loads(ack)["errors"][CHANNEL]
    _, ack = await slack.send(signing.view_submission_body(modal, values=values))
    assert ack == ""
    team = await slack.posted(2)
    assert slack.fake.last_call("chat.postMessage")["channel"] == "C_TEAM"
    assert [b.name for b in buttons(team["blocks"])] == ["join", "close"]


async def published_home(slack: Workspace) -> dict:
    await slack.send(signing.app_home_opened_body("U_USER"))
    (published,) = await slack.fake.await_calls("views.publish")
    return published.response["view"]


async def test_a_crash_while_submitting_shows_an_apology_in_the_modal(slack, monkeypatch):
    def broken(self, archetype_id, lang, query=""):
        raise RuntimeError("boom")

    view = await open_share_modal(slack, REPLY_IN_THREAD)
    monkeypatch.setattr(Answerer, "card", broken)
    _, ack = await slack.send(signing.view_submission_body(view, values=picked(view, "solutionneur", None)))
    answer = json.loads(ack)
    assert answer["response_action"] == "update" and answer["view"]["type"] == "modal"
    assert "Désolé, quelque chose s'est mal passé" in texts(answer["view"]["blocks"])

"""A Slack whose Web API answers in 2 s: every request is still acknowledged within Slack's 3 s,
nothing is posted twice, a slow `users.info` does not pin the wrong language, and retried or
escaped deliveries are understood as Slack means them."""

from __future__ import annotations

import asyncio
import time

from bot.slack.modals import CHANNEL, PICK
from tests.slack import signing
from tests.slack.test_slack_shortcut_and_home import REPLY_IN_THREAD, open_share_modal, picked, published_home
from tests.slack.slack_workspace import button, buttons

SLOW = 2.0
SLOWER_THAN_THE_LIMIT = 3.5  # what a post alone may take on Slack's bad days
SLACK_ACK_LIMIT = 3.0


async def timed_send(slack, body: str, **options) -> tuple[float, str]:
    started = time.monotonic()
    _, ack = await slack.send(body, **options)
    return time.monotonic() - started, ack


async def test_a_shared_card_is_acknowledged_in_time_and_posted_once(slack):
    view = await open_share_modal(slack, REPLY_IN_THREAD)
    slack.fake.slow_down(SLOWER_THAN_THE_LIMIT)
    took, ack = await timed_send(slack, signing.view_submission_body(view, values=picked(view, "solutionneur", None)))
    assert took < SLACK_ACK_LIMIT and ack == ""
    posted = await slack.posted()
    assert posted["text"] == "2. Solutionneur"
    await asyncio.sleep(1)
    assert len(slack.fake.calls("chat.postMessage")) == 1


async def test_a_slow_refused_share_is_told_privately(slack):
    view = await open_share_modal(slack, REPLY_IN_THREAD, channel="G_PRIVATE")
    slack.fake.slow_down(SLOW)
    slack.fake.fail_next("chat.postMessage", error="not_in_channel")
    took, ack = await timed_send(slack, signing.view_submission_body(view, values=picked(view, "solutionneur", None)))
    assert took < SLACK_ACK_LIMIT and ack == ""  # the modal closed: too late to keep it open
    calls = await slack.fake.await_calls("chat.postMessage", 2, timeout=10)
    assert calls[1]["channel"] == "U_USER" and "`/invite @labtype`" in calls[1]["text"]


async def test_a_quiz_started_from_home_is_acknowledged_in_time(slack):
    home = await published_home(slack)
    await slack.click(button(home["blocks"], "quiz"), view=home)
    (opened,) = await slack.fake.await_calls("views.open")
    values = {CHANNEL: {PICK: {"type": "conversations_select", "selected_conversation": "C_TEAM"}}}
    slack.fake.slow_down(SLOWER_THAN_THE_LIMIT)
    took, ack = await timed_send(slack, signing.view_submission_body(opened["view"], values=values))
    assert took < SLACK_ACK_LIMIT and ack == ""
    team = await slack.posted()
    assert [b.name for b in buttons(team["blocks"])] == ["join", "close"]


async def test_the_acknowledgement_does_not_wait_for_the_web_api_calls_after_it(slack):
    """Bolt answers Slack once a listener returns: an App Home opened and a message shortcut are
    acknowledged at once, their views.publish and views.open going on after."""
    slack.fake.slow_down(SLOW, "views.publish", "views.open")
    took, _ = await timed_send(slack, signing.app_home_opened_body("U_USER"))
    assert took < SLOW / 2
    payload = signing.message_action_payload("share_card", REPLY_IN_THREAD, {"id": "C_LAB", "name": "lab"},
                                             user_id="U_USER")
    took, ack = await timed_send(slack, signing.interactive_body(payload))
    assert took < SLOW / 2 and ack == ""
    await slack.fake.await_calls("views.publish")
    await slack.fake.await_calls("views.open")


async def test_a_slow_users_info_answers_in_french_once_then_in_the_users_language(slack, typology):
    """The fallback used to be cached for 60 s as if it were the user's language."""
    slack.fake.slow_down(SLOW, "users.info")
    started = time.monotonic()
    ack, _ = await slack.command("solutionneur", user="U_EN")
    assert time.monotonic() - started < SLACK_ACK_LIMIT and ack["text"] == "2. Solutionneur"
    await slack.fake.await_calls("users.info", 1, timeout=5)
    ack, _ = await slack.command("solutionneur", user="U_EN")
    assert ack["text"] == f"2. {typology.archetype('solutionneur').name.en}"
    assert len(slack.fake.calls("users.info")) == 1  # one call, its answer kept


async def test_escaped_command_text_is_read_as_typed_and_escaped_once_when_echoed(slack):
    """Slack sends `R&D <b>` as `R&amp;D &lt;b&gt;`."""
    ack, _ = await slack.command("R&amp;D &lt;b&gt;")
    assert ack["text"] == "Rien trouvé pour « R&amp;D &lt;b&gt; »"  # mrkdwn: escaped once (it was "R&amp;amp;D…")
    assert ack["blocks"][0]["text"]["text"] == "Rien trouvé pour « R&D <b> »"  # plain text: as typed
    ack, _ = await slack.command("m&amp;eacute;thodes xyz")  # typed "m&eacute;thodes": only Slack's escapes are undone
    assert ack["text"] == "Rien trouvé pour « m&amp;eacute;thodes xyz »"


async def test_a_retried_event_is_not_handled_again(slack):
    body = signing.app_home_opened_body("U_USER")
    await slack.send(body)
    await slack.fake.await_calls("views.publish")
    for retry in ("1", "2"):
        await slack.send(body, headers={"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"})
    await asyncio.sleep(0.3)
    assert len(slack.fake.calls("views.publish")) == 1
    await slack.send(signing.app_home_opened_body("U_USER"))  # a new event (a new id) is handled
    assert len(await slack.fake.await_calls("views.publish", 2)) == 2

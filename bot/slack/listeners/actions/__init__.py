"""Button clicks: the typology buttons and sharing (typology.py), the team quiz (quiz.py), one
small function each; here, the one listener that runs them.

Every click is acknowledged at once, then answered privately (an ephemeral message through the
click's response_url, or a modal when the click comes from the App Home). A quiz answer or back
is written to the store before the acknowledgement: a click Slack saw acknowledged is not lost,
even when the server dies right after. Only when the store is overloaded (its writes queue behind
one another, each flushed to disk) is the click acknowledged after ACK_WITHIN, before its write
ends, so that Slack does not show the member an error. A value this app did
not produce, a quiz that is closed or gone, a click on an action nobody handles: a polite
sentence, never an error page.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import message
from bot.slack.context import SlackContext
from bot.slack.listeners.actions.click import Click, Handler, Recorded, Recorder
from bot.slack.listeners.actions.quiz import (
    answer,
    back,
    close,
    join,
    record_answer,
    record_back,
    record_join,
    record_tomorrow,
    report,
    share_result,
    start_quiz,
    tomorrow,
)
from bot.slack.listeners.actions.typology import share, show_card, show_cell, show_comparison, show_row
from bot.slack.reply import Reply, apology
from bot.slack.team import Workspace
from bot.slack.values import (
    ANSWER,
    BACK,
    CARD,
    CELL,
    CLOSE,
    COMPARE,
    JOIN,
    QUIZ,
    REPORT,
    ROW,
    SHARE,
    SHARE_RESULT,
    TOMORROW,
    BadButton,
    action_pattern,
)
from bot.teamquiz import QuizProblem

ACK_WITHIN = 2.0  # seconds a click waits for its write before it is acknowledged anyway (Slack allows 3)


def register(app: AsyncApp, ctx: SlackContext) -> None:
    handlers: dict[str, Handler] = {
        CELL: show_cell, CARD: show_card, ROW: show_row, COMPARE: show_comparison, SHARE: share, QUIZ: start_quiz,
        JOIN: join, ANSWER: answer, BACK: back, CLOSE: close, SHARE_RESULT: share_result, REPORT: report,
        TOMORROW: tomorrow,
    }
    recorders: dict[str, Recorder] = {JOIN: record_join, ANSWER: record_answer, BACK: record_back,
                                      TOMORROW: record_tomorrow}
    for name, handler in handlers.items():
        app.action(action_pattern(name))(listener(ctx, handler, recorders.get(name)))
    app.action(re.compile(".*"))(listener(ctx, unknown))  # last: only what nothing above took


def listener(ctx: SlackContext, handler: Handler, recorder: Recorder | None = None) -> Callable[..., Awaitable[None]]:
    """A Bolt listener running `handler` on the click (after `recorder`'s write, if any, and the
    acknowledgement, as work of its own), polite about the problems users can cause."""

    async def on_click(ack: AsyncAck, body: dict, action: dict, client: AsyncWebClient, respond: AsyncRespond) -> None:
        recording = None
        if recorder is not None:
            recording = asyncio.ensure_future(recorder(ctx, client, body, action.get("value", "")))
            with contextlib.suppress(TimeoutError, BadButton):
                await asyncio.wait_for(asyncio.shield(recording), ACK_WITHIN)
        await ack()
        ctx.after_ack.start(show_outcome(body, action, client, respond, recording))

    async def show_outcome(body: dict, action: dict, client: AsyncWebClient, respond: AsyncRespond,
                           recording: asyncio.Future[Recorded] | None) -> None:
        reply = Reply(client, respond if body.get("response_url") else None, body.get("trigger_id"))
        async with apology(reply, ctx.users.cached_lang((body.get("user") or {}).get("id"))):
            recorded = None
            if recording is not None:
                with contextlib.suppress(BadButton):  # the handler meets it again, and says so
                    recorded = await recording
            click = Click(await ctx.user(client, body), action.get("value", ""), (body.get("channel") or {}).get("id"),
                          client, reply, Workspace.of(body), recorded)
            try:
                await handler(ctx, click)
            except BadButton:
                await click.reply.tell(message("slack_button_invalid", click.lang))
            except QuizProblem as problem:
                await click.reply.tell(problem.text(click.lang))

    on_click.__name__ = handler.__name__  # Bolt names listeners in its logs
    return on_click


async def unknown(ctx: SlackContext, click: Click) -> None:
    raise BadButton(click.value)

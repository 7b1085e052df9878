"""Modal submissions: a card shared into a thread, a quiz started from the App Home.

Slack wants the acknowledgement within 3 s, or it shows the user an error (and a retry would
post twice). The form is checked first; the post is then given until ACK_WITHIN: done by then,
a refusal (the bot is not in that private channel) keeps the modal open and says how to invite
the bot. When Slack is slower than that, the modal is closed at once, the post goes on, and a
refusal is told to the user privately, in their conversation with the bot.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import message
from bot.slack import render
from bot.slack.context import SlackContext
from bot.slack.modals import (
    ARCHETYPE,
    CHANNEL,
    SHARE_CARD,
    START_QUIZ,
    ShareRequest,
    chosen_channel,
)
from bot.slack.reply import CannotPost, post_all
from bot.slack.team import Workspace
from bot.slack.users import SlackUser
from bot.slack.values import BadButton

ACK_WITHIN = 2.0  # seconds from the submission; Slack's limit is 3


def register(app: AsyncApp, ctx: SlackContext) -> None:
    @app.view(SHARE_CARD)
    async def share_card_submitted(ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient) -> None:
        await share_in_thread(ctx, ack, body, view, client)

    @app.view(START_QUIZ)
    async def start_quiz_submitted(ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient) -> None:
        await start_quiz(ctx, ack, body, view, client)


async def share_in_thread(ctx: SlackContext, ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient) -> None:
    started = time.monotonic()
    try:
        request = ShareRequest.parse(view)
    except BadButton:
        lang = ctx.users.cached_lang(_user_id(body))
        await ack(response_action="errors", errors={ARCHETYPE: message("slack_button_invalid", lang)})
        return

    async def post(user: SlackUser) -> None:
        shown, heading = ctx.shareable(request.target, user.lang), render.shared_by(user.id, user.lang)
        await post_all(client, request.channel, render.messages(shown, heading=heading), thread_ts=request.thread_ts)

    await post_in_time(ctx, ack, body, client, post, ARCHETYPE, started)


async def start_quiz(ctx: SlackContext, ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient) -> None:
    started = time.monotonic()
    try:
        channel = chosen_channel(view)
    except BadButton:
        lang = ctx.users.cached_lang(_user_id(body))
        await ack(response_action="errors", errors={CHANNEL: message("slack_button_invalid", lang)})
        return

    async def post(user: SlackUser) -> None:
        await ctx.team.start(client, channel, user, Workspace.of(body))

    await post_in_time(ctx, ack, body, client, post, CHANNEL, started)


async def post_in_time(ctx: SlackContext, ack: AsyncAck, body: dict, client: AsyncWebClient,
                       post: Callable[[SlackUser], Awaitable[None]], field: str, started: float) -> None:
    """`post` for the submitter, acknowledged within ACK_WITHIN of `started` (see the module docstring)."""
    posting = asyncio.ensure_future(_post_as_submitter(ctx, client, body, post))
    try:
        user, posted = await asyncio.wait_for(asyncio.shield(posting), max(0.0, started + ACK_WITHIN - time.monotonic()))
    except TimeoutError:
        await ack()
        ctx.after_ack.start(_tell_if_refused(client, posting))
        return
    if posted:
        await ack()
    else:
        await ack(response_action="errors", errors={field: message("slack_not_in_channel", user.lang)})


async def _post_as_submitter(ctx: SlackContext, client: AsyncWebClient, body: dict,
                             post: Callable[[SlackUser], Awaitable[None]]) -> tuple[SlackUser, bool]:
    """(who submitted, whether Slack took the post)."""
    user = await ctx.user(client, body)
    try:
        await post(user)
    except CannotPost:
        return user, False
    return user, True


async def _tell_if_refused(client: AsyncWebClient, posting: asyncio.Future[tuple[SlackUser, bool]]) -> None:
    """A post still going on when the modal closed: a refusal is told in the submitter's
    conversation with the bot."""
    user, posted = await posting
    if not posted:
        await client.chat_postMessage(channel=user.id, text=message("slack_not_in_channel", user.lang))


def _user_id(body: dict) -> str | None:
    return (body.get("user") or {}).get("id")

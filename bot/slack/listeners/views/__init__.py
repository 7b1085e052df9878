"""Modal submissions: a card shared into a thread, a quiz started from the App Home.

The post is made before the acknowledgement so that, when Slack refuses it (the bot is not in
that private channel), the modal stays open and says how to invite the bot.
"""

from __future__ import annotations

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
from bot.slack.values import BadButton


def register(app: AsyncApp, ctx: SlackContext) -> None:
    @app.view(SHARE_CARD)
    async def share_card_submitted(ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient) -> None:
        await share_in_thread(ctx, ack, body, view, client)

    @app.view(START_QUIZ)
    async def start_quiz_submitted(ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient) -> None:
        await start_quiz(ctx, ack, body, view, client)


async def share_in_thread(ctx: SlackContext, ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient) -> None:
    user = await ctx.user(client, body)
    try:
        request = ShareRequest.parse(view)
    except BadButton:
        await ack(response_action="errors", errors={ARCHETYPE: message("slack_button_invalid", user.lang)})
        return
    shown, heading = ctx.shareable(request.target, user.lang), render.shared_by(user.id, user.lang)
    try:
        await post_all(client, request.channel, render.messages(shown, heading=heading), thread_ts=request.thread_ts)
    except CannotPost:
        await ack(response_action="errors", errors={ARCHETYPE: message("slack_not_in_channel", user.lang)})
        return
    await ack()


async def start_quiz(ctx: SlackContext, ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient) -> None:
    user = await ctx.user(client, body)
    try:
        await ctx.team.start(client, chosen_channel(view), user)
    except BadButton:
        await ack(response_action="errors", errors={CHANNEL: message("slack_button_invalid", user.lang)})
        return
    except CannotPost:
        await ack(response_action="errors", errors={CHANNEL: message("slack_not_in_channel", user.lang)})
        return
    await ack()

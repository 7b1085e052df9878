"""Message shortcut "Share a card" (`share_card`): pick a card, it is posted in the thread."""

from __future__ import annotations

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.context import SlackContext
from bot.slack.modals import SHARE_CARD, share_modal
from bot.slack.reply import Reply, apology


def register(app: AsyncApp, ctx: SlackContext) -> None:
    @app.message_shortcut(SHARE_CARD)
    async def share_card(ack: AsyncAck, shortcut: dict, client: AsyncWebClient, respond: AsyncRespond) -> None:
        await ack()
        ctx.after_ack.start(open_share_modal(ctx, shortcut, client, respond))


async def open_share_modal(ctx: SlackContext, shortcut: dict, client: AsyncWebClient, respond: AsyncRespond) -> None:
    """The message and its channel go into the modal, where the submission finds them."""
    user = await ctx.user(client, shortcut)
    async with apology(Reply(client, respond, None), user.lang):
        view = share_modal(ctx.runtime.answerer, user.lang, shortcut["channel"]["id"], shortcut["message"])
        await client.views_open(trigger_id=shortcut["trigger_id"], view=view)

"""Events API: the App Home tab, published each time a user opens it (in their language)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import render
from bot.slack.context import COMMAND, SlackContext


def register(app: AsyncApp, ctx: SlackContext) -> None:
    @app.event("app_home_opened")
    async def app_home_opened(event: dict, client: AsyncWebClient) -> None:
        if event.get("tab") == "home":
            await publish_home(ctx, event["user"], client)


async def publish_home(ctx: SlackContext, user_id: str, client: AsyncWebClient) -> None:
    """The 7 archetypes at a glance (their objective), each with a button to its card, and
    the quiz."""
    user = await ctx.users.get(client, user_id)
    answerer = ctx.runtime.answerer
    view = render.home_view(answerer.help(user.lang, f"{COMMAND} "), answerer.row("objectif", user.lang),
                            answerer.quiz(user.lang))
    await client.views_publish(user_id=user_id, view=view)

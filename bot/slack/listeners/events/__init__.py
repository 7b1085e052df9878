"""Events API: the App Home tab, published each time a user opens it (in their language)."""

from __future__ import annotations

import functools

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.answers import Answerer
from bot.core.messages import LANGS
from bot.slack import render
from bot.slack.context import COMMAND, SlackContext


def register(app: AsyncApp, ctx: SlackContext) -> None:
    @app.event("app_home_opened")
    async def app_home_opened(event: dict, client: AsyncWebClient) -> None:
        if event.get("tab") == "home":
            await publish_home(ctx, event["user"], client)


async def publish_home(ctx: SlackContext, user_id: str, client: AsyncWebClient) -> None:
    """The 7 archetypes at a glance (their objective), each with a button to its card, and
    the quiz. The view depends only on the language: built once per language."""
    user = await ctx.users.get(client, user_id)
    await client.views_publish(user_id=user_id, view=home_view(ctx.runtime.answerer, user.lang))


@functools.lru_cache(maxsize=len(LANGS))
def home_view(answerer: Answerer, lang: str) -> dict:
    return render.home_view(answerer.help(lang, f"{COMMAND} "), answerer.row("objectif", lang), answerer.quiz(lang))

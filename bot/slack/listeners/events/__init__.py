"""Events API: the App Home tab, published each time a user opens it (in their language), and
the app leaving a workspace (`app_uninstalled`, or its bot token revoked): that workspace's
installation is deleted, with its data.

Slack delivers an event again (`X-Slack-Retry-Num`) when it saw no answer in time, or thinks
so: each event id is handled once, the retries are acknowledged and dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.answers import Answerer
from bot.core.messages import LANGS
from bot.slack import render
from bot.slack.context import COMMAND, SlackContext
from bot.store import AlreadyHandled


def register(app: AsyncApp, ctx: SlackContext) -> None:
    async def once_per_event(body: dict, next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        """Mark the event's id in the database first (any instance sees the mark); a delivery
        already marked is acknowledged and dropped. A middleware of these listeners, not of the
        app: Bolt builds a middleware's arguments at each request, commands and clicks included."""
        event_id = body.get("event_id")
        if isinstance(event_id, str):
            try:
                await ctx.runtime.store.mark_handled(f"slack:{event_id}")
            except AlreadyHandled:
                return BoltResponse(status=200, body="")
        await next()
        return None

    @app.event("app_home_opened", middleware=[once_per_event])
    async def app_home_opened(event: dict, client: AsyncWebClient) -> None:
        if event.get("tab") == "home":
            ctx.after_ack.start(publish_home(ctx, event["user"], client))

    revocation = AsyncTokenRevocationListeners(app.installation_store) if app.installation_store else None

    async def forget_workspace(context: AsyncBoltContext) -> None:
        """Its quizzes and its installation rows in one transaction, then Bolt's own clean-up."""
        await ctx.runtime.store.delete_workspace(context.team_id, context.enterprise_id)
        if revocation is not None:
            await revocation.handle_app_uninstalled_events(context)

    @app.event("app_uninstalled", middleware=[once_per_event])
    async def app_uninstalled(context: AsyncBoltContext) -> None:
        await forget_workspace(context)

    @app.event("tokens_revoked", middleware=[once_per_event])
    async def tokens_revoked(event: dict, context: AsyncBoltContext) -> None:
        """Without its bot token the app can do nothing there: as good as uninstalled. (It has
        no user tokens: it asks for no user scope.)"""
        if event.get("tokens", {}).get("bot"):
            await forget_workspace(context)


async def publish_home(ctx: SlackContext, user_id: str, client: AsyncWebClient) -> None:
    """The 7 archetypes at a glance (their objective), each with a button to its card, and
    the quiz. The view depends only on the language: built once per language."""
    user = await ctx.users.get(client, user_id)
    await client.views_publish(user_id=user_id, view=home_view(ctx.runtime.answerer, user.lang))


@functools.lru_cache(maxsize=len(LANGS))
def home_view(answerer: Answerer, lang: str) -> dict:
    return render.home_view(answerer.help(lang, f"{COMMAND} "), answerer.row("objectif", lang), answerer.quiz(lang))

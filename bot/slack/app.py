"""The Bolt app: one Web API client, the listeners, and a last-resort error handler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot import metrics
from bot.core.messages import message
from bot.runtime import Runtime
from bot.slack import render
from bot.slack.context import SlackContext
from bot.slack.distribution import oauth_settings
from bot.slack.listeners import register_listeners
from bot.slack.settings import SlackSettings
from bot.slack.team import TeamBoard
from bot.slack.users import UserDirectory

log = logging.getLogger(__name__)

RATE_LIMIT_RETRIES = 2  # each waits the Retry-After Slack sends (about a second for chat.update)


class _SameTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself and, given a client as well,
    warns that the client's token wins. It is the same token: the warning would only puzzle
    whoever reads the logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("As you gave `client` as well")


logging.getLogger("slack_bolt.AsyncApp").addFilter(_SameTokenWarning())


def build_app(runtime: Runtime, settings: SlackSettings) -> AsyncApp:
    """Bolt makes a client per request by copying this one, so the API URL (GovSlack, tests)
    and the retry handlers apply to every call the listeners make, and to the OAuth flow's.
    Distributed, the client has no token: Bolt gives each request its workspace's."""
    client = AsyncWebClient(token=settings.bot_token, base_url=settings.api_url, retry_handlers=metrics.counted({
        "connection": AsyncConnectionErrorRetryHandler(),
        "rate_limited": AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)}))
    oauth = oauth_settings(settings, runtime.store.engine) if settings.distributed else None
    app = AsyncApp(client=client, signing_secret=settings.signing_secret, oauth_settings=oauth, name="labtype")
    ctx = SlackContext(runtime, UserDirectory(settings.lang), TeamBoard(runtime))
    register_listeners(app, ctx)
    app.error(apologise(ctx))
    return app


def apologise(ctx: SlackContext) -> Callable[..., Awaitable[BoltResponse | None]]:
    """The error handler for failures before the acknowledgement: log the traceback for us,
    and make the HTTP answer an apology instead of Bolt's 500. (After the acknowledgement,
    listeners apologise themselves: `bot.slack.reply.apology`.)"""

    async def on_error(error: Exception, body: dict, response: BoltResponse | None) -> BoltResponse | None:
        log.error("a Slack listener failed", exc_info=error)
        if response is None:  # acknowledged already: nothing to change
            return None
        user = body.get("user") or {}
        text = message("slack_error", ctx.users.cached_lang(user.get("id") or body.get("user_id")))
        if body.get("type") == "view_submission":
            return BoltResponse(status=200, body={"response_action": "update", "view": render.notice_modal(text)})
        return BoltResponse(status=200, body={"response_type": "ephemeral", **render.notice(text).args()})

    return on_error

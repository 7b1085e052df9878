"""The Bolt app: one Web API client, the listeners, and a last-resort error handler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import aiohttp
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
from bot.slack.afterack import AfterAck
from bot.slack.context import SlackContext
from bot.slack.distribution import oauth_settings
from bot.slack.listeners import register_listeners
from bot.slack.settings import SlackSettings
from bot.slack.team import TeamBoard
from bot.slack.users import UserDirectory

log = logging.getLogger(__name__)

RATE_LIMIT_RETRIES = 2  # each waits the Retry-After Slack sends (about a second for chat.update)
WEB_API_TIMEOUT_S = 30  # slack_sdk's default for a call


class _SameTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself and, given a client as well,
    warns that the client's token wins. It is the same token: the warning would only puzzle
    whoever reads the logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("As you gave `client` as well")


logging.getLogger("slack_bolt.AsyncApp").addFilter(_SameTokenWarning())


def http_session() -> aiohttp.ClientSession:
    """The one HTTP connection pool of the Web API calls and the response_url replies, made in
    the running loop; whoever makes it closes it. Without it slack_sdk opens a session, and so a
    new TCP (and TLS) connection, for every call: most of what a click cost."""
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WEB_API_TIMEOUT_S))


def build_app(runtime: Runtime, settings: SlackSettings, after_ack: AfterAck,
              session: aiohttp.ClientSession | None = None) -> AsyncApp:
    """Bolt makes a client per request by copying this one, `session` included, so the API URL
    (GovSlack, tests), the retry handlers and the connection pool apply to every call the
    listeners make, and to the OAuth flow's. Distributed, the client has no token: Bolt gives
    each request its workspace's. Each listener runs to its end before Bolt answers Slack
    (`process_before_response`); what it does after acknowledging goes on in `after_ack`."""
    client = AsyncWebClient(token=settings.bot_token, base_url=settings.api_url, session=session,
                            retry_handlers=metrics.counted({
        "connection": AsyncConnectionErrorRetryHandler(),
        "rate_limited": AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)}))
    oauth = oauth_settings(settings, runtime.store.engine) if settings.distributed else None
    app = AsyncApp(client=client, signing_secret=settings.signing_secret, oauth_settings=oauth, name="labtype",
                   process_before_response=True)
    ctx = SlackContext(runtime, UserDirectory(settings.lang), TeamBoard(runtime), after_ack)
    register_listeners(app, ctx)
    app.error(apologise(ctx))
    return app


def apologise(ctx: SlackContext) -> Callable[..., Awaitable[BoltResponse]]:
    """The error handler for a listener's failure (before its acknowledgement: what follows
    it runs in `AfterAck`, whose work apologises itself, `bot.slack.reply.apology`): log the
    traceback for us, and make the HTTP answer an apology instead of Bolt's 500."""

    async def on_error(error: Exception, body: dict) -> BoltResponse:
        log.error("a Slack listener failed", exc_info=error)
        user = body.get("user") or {}
        text = message("slack_error", ctx.users.cached_lang(user.get("id") or body.get("user_id")))
        if body.get("type") == "view_submission":
            return BoltResponse(status=200, body={"response_action": "update", "view": render.notice_modal(text)})
        return BoltResponse(status=200, body={"response_type": "ephemeral", **render.notice(text).args()})

    return on_error

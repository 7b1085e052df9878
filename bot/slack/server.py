"""Serving the app: HTTP (Starlette on uvicorn) or Socket Mode, until cancelled.

`run_slack` is a coroutine rather than a blocking call so the `labtype` command can run Slack
and Matrix in one asyncio loop. For the same reason it leaves signals alone: uvicorn would
otherwise take SIGINT/SIGTERM while serving and re-raise them after, behind the other
front end's back. Whoever owns the loop cancels the task to stop; HTTP requests being
answered are finished first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Generator, Mapping

import uvicorn
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.config import ConfigError
from bot.core.messages import message
from bot.runtime import Runtime
from bot.slack.app import build_app
from bot.slack.settings import Mode, SlackSettings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # slash commands, interactivity and events all come here
TOKEN_REFUSED = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"})
SHUTDOWN_GRACE = 5  # seconds given to requests in progress when stopping


async def run_slack(runtime: Runtime, env: Mapping[str, str], mode: Mode = "auto") -> None:
    """Serve Slack until cancelled. `mode` "auto": Socket Mode when SLACK_APP_TOKEN is set,
    else HTTP on HOST:PORT. Raises `bot.config.ConfigError` when a variable is missing."""
    settings = SlackSettings.from_env(env, mode)
    app = build_app(runtime, settings)
    await check_token(app, settings)
    if settings.app_token:
        await serve_socket_mode(app, settings.app_token)
    else:
        await serve_http(app, settings.host, settings.port)


async def check_token(app: AsyncApp, settings: SlackSettings) -> None:
    """Refuse to start on a token Slack rejects, rather than fail every command later. If Slack
    cannot be reached now, start anyway: Bolt checks the token again on the first request."""
    try:
        await app.client.auth_test()
    except SlackApiError as error:
        if error.response.get("error") in TOKEN_REFUSED:
            raise ConfigError(message("slack_token_refused", settings.lang, error=error.response["error"])) from None
        log.warning("could not check the Slack token: %s", error.response.get("error"))
    except (OSError, asyncio.TimeoutError) as error:
        log.warning("could not reach Slack to check the token: %s", error)


def asgi_app(app: AsyncApp) -> Starlette:
    handler = AsyncSlackRequestHandler(app)

    async def slack_events(request: Request) -> Response:
        return await handler.handle(request)

    return Starlette(routes=[Route(EVENTS_PATH, endpoint=slack_events, methods=["POST"])])


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:  # leave signals alone: see the module docstring
        yield


async def serve_http(app: AsyncApp, host: str, port: int) -> None:
    """uvicorn, a production server, as a task of the running loop; stopping it lets requests in
    progress finish (up to SHUTDOWN_GRACE seconds)."""
    config = uvicorn.Config(asgi_app(app), host=host, port=port, lifespan="off", ws="none", access_log=False,
                            log_config=None, timeout_graceful_shutdown=SHUTDOWN_GRACE)
    server = _Server(config)
    serving = asyncio.create_task(server.serve(), name="slack-http")
    log.info("serving Slack requests on http://%s:%s%s", host, port, EVENTS_PATH)
    try:
        await asyncio.shield(serving)
    finally:
        server.should_exit = True
        await serving


async def serve_socket_mode(app: AsyncApp, app_token: str) -> None:
    """No public URL needed: the app opens a websocket to Slack (or SLACK_API_URL's server)."""
    handler = AsyncSocketModeHandler(app, app_token)
    await handler.connect_async()
    log.info("Slack app connected in Socket Mode")
    try:
        await asyncio.Event().wait()
    finally:
        client = handler.client
        await handler.close_async()
        # close_async cancels the client's tasks without waiting for them to end
        tasks = [t for t in (client.message_processor, client.current_session_monitor, client.message_receiver) if t]
        await asyncio.gather(*tasks, return_exceptions=True)

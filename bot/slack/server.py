"""Serving the app: HTTP (Starlette on uvicorn) or Socket Mode, until cancelled.

`run_slack` is a coroutine rather than a blocking call so the `labtype` command can run Slack
and Matrix in one asyncio loop. For the same reason it leaves signals alone: uvicorn would
otherwise take SIGINT/SIGTERM while serving and re-raise them after, behind the other
front end's back. Whoever owns the loop cancels the task to stop (the CLI does on SIGTERM):
HTTP requests being answered are finished first, then the work the listeners go on with after
acknowledging (posting, editing the team message: `bot.slack.afterack`), so nothing is left half
done.

Besides Slack's requests the server answers probes: `GET /healthz` (the process is alive),
`GET /readyz` (the database answers; 503 if not) and `GET /metrics` (Prometheus).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Generator, Mapping
from dataclasses import dataclass
import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import (
    AsyncSlackRequestHandler,
    to_async_bolt_request,
    to_starlette_response,
)
from slack_bolt.async_app import AsyncApp
from slack_bolt.request import payload_utils
from slack_sdk.errors import SlackApiError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot import metrics
from bot.config import ConfigError
from bot.core.messages import message
from bot.runtime import Runtime, freeze_start_up_objects
from bot.slack.afterack import AfterAck
from bot.slack.app import build_app, http_session
from bot.slack.distribution import INSTALL_PATH, REDIRECT_PATH
from bot.slack.gate import SlackGate
from bot.slack.settings import Mode, SlackSettings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # slash commands, interactivity and events all come here
TOKEN_REFUSED = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"})
SHUTDOWN_GRACE = 5  # seconds given to requests in progress when stopping


async def run_slack(runtime: Runtime, env: Mapping[str, str], mode: Mode = "auto") -> None:
    """Serve Slack until cancelled. `mode` "auto": Socket Mode when SLACK_APP_TOKEN is set,
    else HTTP on HOST:PORT. Raises `bot.config.ConfigError` when a variable is missing."""
    settings = SlackSettings.from_env(env, mode)
    after_ack = AfterAck()
    async with http_session() as session:
        app = build_app(runtime, settings, after_ack, session)
        if not settings.distributed:  # distributed, each workspace's token is checked as its requests come
            await check_token(app, settings)
        freeze_start_up_objects()
        try:
            if settings.app_token:
                await serve_socket_mode(app, settings.app_token)
            else:
                await serve_http(app, runtime, settings)
        finally:
            await after_ack.finish(SHUTDOWN_GRACE)


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


@dataclass
class RequestKind:
    """What a Slack request is, for the metrics; filled in once the gate has let it in (an
    unsigned request stays "other")."""

    name: str = "other"


def request_kind(body: dict) -> str:
    for kind, test in (("command", payload_utils.is_slash_command), ("action", payload_utils.is_action),
                       ("view", payload_utils.is_view), ("shortcut", payload_utils.is_shortcut),
                       ("options", payload_utils.is_options), ("event", payload_utils.is_event)):
        if test(body):
            return kind
    return "other"


def asgi_app(app: AsyncApp, runtime: Runtime, signing_secret: str) -> Starlette:
    """The events endpoint, whose gate turns away what is too large, unsigned or malformed before
    Bolt sees it; and the operators' health, readiness and metrics pages."""
    gate = SlackGate(signing_secret)

    async def dispatch(request: Request, kind: RequestKind) -> Response:
        """The request named for the metrics once signed and parsed (here rather than as a Bolt
        middleware: Bolt builds every argument a listener could ask for, for each middleware)."""
        admitted = await gate.admit(request)
        if isinstance(admitted, Response):
            return admitted
        bolt_request = to_async_bolt_request(request, admitted)
        kind.name = request_kind(bolt_request.body)
        return to_starlette_response(await app.async_dispatch(bolt_request))

    async def slack_events(request: Request) -> Response:
        started = time.perf_counter()
        kind = RequestKind()
        response = await dispatch(request, kind)
        metrics.SLACK_REQUEST_SECONDS.labels(kind.name).observe(time.perf_counter() - started)
        metrics.SLACK_REQUESTS.labels(kind.name, str(response.status_code)).inc()
        return response

    async def healthz(_: Request) -> Response:
        return PlainTextResponse("ok")

    async def readyz(_: Request) -> Response:
        """Ready when the database answers a read (the knowledge was validated at start-up)."""
        try:
            await runtime.store.get_quiz("readyz")
        except Exception as error:  # noqa: BLE001 - any failure means: do not send traffic here
            log.warning("not ready: the database does not answer: %s", error)
            return JSONResponse({"database": "unreachable", "knowledge": "loaded"}, status_code=503)
        return JSONResponse({"database": "ok", "knowledge": "loaded"})

    async def metrics_page(_: Request) -> Response:
        try:
            metrics.QUIZZES_ACTIVE.set(await runtime.store.count_open_quizzes())
        except Exception as error:  # noqa: BLE001 - the other figures are still worth serving
            log.warning("could not count the open quizzes: %s", error)
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    oauth_pages = AsyncSlackRequestHandler(app)

    async def oauth_page(request: Request) -> Response:  # Bolt's install page and redirect
        return await oauth_pages.handle(request)

    oauth_routes = [Route(path, endpoint=oauth_page, methods=["GET"]) for path in (INSTALL_PATH, REDIRECT_PATH)]
    return Starlette(routes=[
        *(oauth_routes if app.oauth_flow else []),
        Route(EVENTS_PATH, endpoint=slack_events, methods=["POST"]),
        Route("/healthz", endpoint=healthz, methods=["GET"]),
        Route("/readyz", endpoint=readyz, methods=["GET"]),
        Route("/metrics", endpoint=metrics_page, methods=["GET"]),
    ])


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:  # leave signals alone: see the module docstring
        yield


async def serve_http(app: AsyncApp, runtime: Runtime, settings: SlackSettings) -> None:
    """uvicorn, a production server, as a task of the running loop; stopping it lets requests in
    progress finish (up to SHUTDOWN_GRACE seconds)."""
    host, port = settings.host, settings.port
    config = uvicorn.Config(asgi_app(app, runtime, settings.signing_secret), host=host, port=port, lifespan="off",
                            ws="none", access_log=False, log_config=None, timeout_graceful_shutdown=SHUTDOWN_GRACE)
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

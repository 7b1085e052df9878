"""A fake Slack Web API server for tests (aiohttp, 127.0.0.1, port 0).

It runs in a background thread with its own event loop, so it works the same
whether the code under test runs in uvicorn's thread, in the test's event loop,
or anywhere else. Point the app at it with ``SLACK_API_URL=fake.api_url``
(``AsyncWebClient(base_url=fake.api_url)``; the trailing slash matters).

Endpoints
* ``POST|GET /api/<method>``  -- Web API; params are taken from the query
  string + form body (urlencoded or multipart) + JSON body;
* ``POST /response/<id>``     -- target for ``response_url``s
  (``fake.response_url("abc")``), records the JSON bodies;
* ``POST /upload/<file_id>``   -- the upload URL ``files.getUploadURLExternal``
  hands out (step 2 of ``files_upload_v2``); ``uploads()`` has the bytes;
* ``GET /link/?ticket=...``    -- Socket Mode websocket (``fake.socket_mode``,
  see socket_server.py), handed out by ``apps.connections.open``.

Everything is recorded in thread-safe lists; see ``calls()``, ``wait_for_calls()``
/ ``await_calls()``, ``responses()``, ``uploads()``, ``fail_next()``, ``rate_limit_next()``,
``set_response()``, ``set_user()``, ``set_channel()``, ``reset()``.

OAuth (distribution): ``GET /oauth/v2/authorize`` plays the user approving the install (it
redirects to ``redirect_uri`` with a fresh ``code`` and the ``state``, for the workspace given by
``install_as()``); ``oauth.v2.access`` trades a code for that workspace's own bot token, checking
the client id and secret; ``auth.test`` then answers for the workspace of the token it is given.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Union

from aiohttp import web
from multidict import CIMultiDict

from tests.slack.socket_server import SocketModeServer

BOT_TOKEN = "xoxb-test-bot-token"
APP_TOKEN = "xapp-1-A_TEST-test-app-token"
TEAM_ID = "T_TEST"
TEAM_DOMAIN = "labtype-test"
BOT_USER_ID = "U_BOT"
BOT_ID = "B_BOT"
APP_ID = "A_TEST"
ENTERPRISE_ID = None

# params whose value is JSON when sent form-encoded (slack_sdk json-encodes them)
_JSON_FORM_FIELDS = ("blocks", "attachments", "view", "metadata", "unfurls", "user_auth_blocks")


@dataclass(frozen=True)
class Installation:
    """A workspace (or, `org_wide`, an Enterprise Grid organisation) that installed the app."""

    team_id: str | None
    enterprise_id: str | None = None
    org_wide: bool = False

    @property
    def bot_token(self) -> str:
        return f"xoxb-{self.enterprise_id or 'none'}-{self.team_id or 'org'}"

    @property
    def bot_user_id(self) -> str:
        return f"U_BOT_{self.team_id or self.enterprise_id}"


@dataclass
class Call:
    """One Web API call received by the fake."""

    method: str  # e.g. "chat.postMessage"
    params: dict  # merged query + form/JSON body (JSON-ish form fields decoded)
    headers: CIMultiDict  # request headers (case-insensitive), incl. Authorization
    http_method: str  # GET / POST
    content_type: str
    token: Optional[str]  # from "Authorization: Bearer ..." or the "token" param
    status: int = 200  # HTTP status we answered
    response: Any = None  # JSON body we answered
    time: float = field(default_factory=time.time)

    def __getitem__(self, key: str) -> Any:  # call["channel"] shortcut
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


@dataclass
class ResponsePost:
    """One POST received on a response_url (``/response/<id>``)."""

    id: str
    body: Any  # parsed JSON (dict) or raw text if not JSON
    headers: CIMultiDict
    status: int = 200
    time: float = field(default_factory=time.time)


@dataclass
class _Fault:
    status: int
    body: dict
    headers: dict


Handler = Callable[["FakeSlack", Call], Union[dict, tuple]]


class FakeSlack:
    """Fake Slack Web API + response_url + Socket Mode server.

    Usage (sync, any thread)::

        with FakeSlack() as fake:
            os.environ["SLACK_API_URL"] = fake.api_url
            ...
            assert fake.calls("chat.postMessage")[0].token == fake.bot_token
    """

    def __init__(
        self,
        *,
        bot_token: str = BOT_TOKEN,
        app_token: str = APP_TOKEN,
        team_id: str = TEAM_ID,
        team_domain: str = TEAM_DOMAIN,
        bot_user_id: str = BOT_USER_ID,
        bot_id: str = BOT_ID,
        app_id: str = APP_ID,
        default_locale: str = "fr-FR",
        check_tokens: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.team_id = team_id
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.default_locale = default_locale
        #: when True, Web API methods need a valid token (bot token, or the
        #: app token for apps.connections.open) like real Slack does
        self.check_tokens = check_tokens
        #: extra tokens accepted as bot/user tokens
        self.valid_tokens: set[str] = {bot_token}
        self.host = host
        self._req_port = port
        self.port: Optional[int] = None

        self._lock = threading.Condition()
        self._calls: list[Call] = []
        self._responses: list[ResponsePost] = []
        self._faults: dict[str, list[_Fault]] = {}
        self._response_faults: list[tuple[Optional[str], int, str]] = []
        self._handlers: dict[str, Handler] = {}
        self._delays: dict[str, float] = {}  # method (or "*") → seconds before answering
        self._users: dict[str, dict] = {"U_EN": {"locale": "en-US", "name": "english.user"}}
        self._channels: dict[str, dict] = {}
        self._ts_counter = itertools.count(1)
        self._view_counter = itertools.count(1)
        self._views: dict[str, dict] = {}
        self._file_counter = itertools.count(1)
        self._uploads: dict[str, dict] = {}  # file id → {"filename", "length", "alt_txt", "data"}
        #: OAuth: the app's credentials, the workspace the next approval installs, codes handed
        #: out and not yet exchanged, and the workspace of each bot token it issued
        self.client_id = "1111.2222"
        self.client_secret = "test-client-secret"
        self._installing: Optional[Installation] = None
        self._redirect_url: Optional[str] = None
        self._codes: dict[str, Installation] = {}
        self._token_owners: dict[str, Installation] = {}
        self._code_counter = itertools.count(1)

        self.socket_mode = SocketModeServer(app_id=app_id)

        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._thread: Optional[threading.Thread] = None
        self._runner: Optional[web.AppRunner] = None

        self._builtin: dict[str, Handler] = {
            "api.test": FakeSlack._api_test,
            "auth.test": FakeSlack._auth_test,
            "chat.postMessage": FakeSlack._chat_post_message,
            "chat.update": FakeSlack._chat_update,
            "chat.postEphemeral": FakeSlack._chat_post_ephemeral,
            "chat.delete": FakeSlack._chat_delete,
            "chat.getPermalink": FakeSlack._chat_get_permalink,
            "views.open": FakeSlack._views_open,
            "views.push": FakeSlack._views_open,
            "views.update": FakeSlack._views_update,
            "views.publish": FakeSlack._views_publish,
            "users.info": FakeSlack._users_info,
            "conversations.info": FakeSlack._conversations_info,
            "conversations.open": FakeSlack._conversations_open,
            "reactions.add": FakeSlack._ok,
            "reactions.remove": FakeSlack._ok,
            "apps.connections.open": FakeSlack._apps_connections_open,
            "files.getUploadURLExternal": FakeSlack._files_get_upload_url_external,
            "files.completeUploadExternal": FakeSlack._files_complete_upload_external,
            "oauth.v2.access": FakeSlack._oauth_v2_access,
        }

    # ==================================================================
    # lifecycle
    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:PORT``."""
        if self.port is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """Value for SLACK_API_URL / AsyncWebClient(base_url=...) -- ends with '/api/'."""
        return self.url + "/api/"

    def response_url(self, id: str = "default") -> str:
        """A response_url pointing at this fake (``http://127.0.0.1:PORT/response/<id>``)."""
        return f"{self.url}/response/{id}"

    def start(self, timeout: float = 5.0) -> "FakeSlack":
        if self._thread is not None:
            raise RuntimeError("already started")
        started = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._astart())
            except BaseException as e:  # pragma: no cover
                errors.append(e)
                started.set()
                loop.close()
                return
            started.set()
            try:
                loop.run_forever()
            finally:
                try:
                    loop.run_until_complete(loop.shutdown_asyncgens())
                    loop.run_until_complete(loop.shutdown_default_executor())
                finally:
                    loop.close()

        self._thread = threading.Thread(target=run, name="fake-slack", daemon=True)
        self._thread.start()
        if not started.wait(timeout):
            raise TimeoutError("fake slack did not start")
        if errors:
            raise errors[0]
        return self

    async def _astart(self) -> None:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{id}", self._handle_response_url)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        app.router.add_get("/oauth/v2/authorize", self._handle_authorize)
        self.socket_mode.attach(app)
        self.socket_mode.bind_loop(asyncio.get_running_loop())
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._req_port)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def _astop(self) -> None:
        await self.socket_mode.aclose_all()
        if self._runner is not None:
            await self._runner.cleanup()

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread is None or self._loop is None:
            return
        loop = self._loop
        try:
            asyncio.run_coroutine_threadsafe(self._astop(), loop).result(timeout)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> "FakeSlack":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ==================================================================
    # configuration (thread-safe)
    def fail_next(
        self,
        method: str,
        error: str = "internal_error",
        *,
        times: int = 1,
        status: int = 200,
        extra: Optional[dict] = None,
        headers: Optional[dict] = None,
    ) -> None:
        """The next ``times`` calls of ``method`` answer ``{"ok": false, "error": error, **extra}``
        with HTTP ``status`` (Slack answers API errors with 200). Faults queue up."""
        body = {"ok": False, "error": error, **(extra or {})}
        with self._lock:
            q = self._faults.setdefault(method, [])
            for _ in range(times):
                q.append(_Fault(status=status, body=body, headers=dict(headers or {})))

    def slow_down(self, seconds: float, *methods: str) -> None:
        """Every later call of `methods` (of every method when none is named) answers after
        `seconds`: a Slack having a slow day."""
        with self._lock:
            for method in methods or ("*",):
                self._delays[method] = seconds

    def rate_limit_next(self, method: str, retry_after: int = 1, *, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer HTTP 429 + ``Retry-After: retry_after``
        with body ``{"ok": false, "error": "ratelimited"}`` (slack_sdk's retry handler
        sleeps ``int(Retry-After) + random()`` seconds)."""
        self.fail_next(
            method,
            "ratelimited",
            times=times,
            status=429,
            headers={"Retry-After": str(int(retry_after))},
        )

    def fail_next_response(self, id: Optional[str] = None, *, status: int = 404, body: str = "expired_url") -> None:
        """Next POST on response_url ``id`` (any id if None) answers ``status``/``body``."""
        with self._lock:
            self._response_faults.append((id, status, body))

    def set_response(self, method: str, response: Union[dict, Handler, None]) -> None:
        """Override a method: a dict (returned as-is, deep-copied) or a callable
        ``(fake, call) -> dict | (status, dict) | (status, dict, headers)``. None removes it."""
        with self._lock:
            if response is None:
                self._handlers.pop(method, None)
            elif callable(response):
                self._handlers[method] = response
            else:
                frozen = copy.deepcopy(response)
                self._handlers[method] = lambda fake, call: copy.deepcopy(frozen)

    def set_user(self, user_id: str, **fields: Any) -> None:
        """Configure users.info for ``user_id`` (e.g. ``locale="en-US"``, ``tz=...``,
        ``real_name=...``, ``deleted=True``, ``is_bot=True``). ``missing=True`` -> user_not_found."""
        with self._lock:
            self._users.setdefault(user_id, {}).update(fields)

    def set_channel(self, channel_id: str, **fields: Any) -> None:
        """Configure conversations.info (e.g. ``name="general"``, ``is_private=True``,
        ``is_member=False``). ``missing=True`` -> channel_not_found."""
        with self._lock:
            self._channels.setdefault(channel_id, {}).update(fields)

    def forget_calls(self) -> None:
        """Forget the calls recorded so far (e.g. the app's start-up token check)."""
        with self._lock:
            self._calls.clear()

    def reset(self) -> None:
        """Forget calls, response posts, pending faults, overrides and socket-mode records
        (users/channels configuration and the ts counter are kept)."""
        with self._lock:
            self._calls.clear()
            self._responses.clear()
            self._faults.clear()
            self._response_faults.clear()
            self._handlers.clear()
        self.socket_mode.reset()

    # ==================================================================
    # inspection (thread-safe)
    def calls(self, method: Optional[str] = None) -> list[Call]:
        """Recorded calls (all, or only ``method``), oldest first -- failed/429 ones included."""
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def call_count(self, method: Optional[str] = None) -> int:
        return len(self.calls(method))

    def last_call(self, method: Optional[str] = None) -> Call:
        found = self.calls(method)
        if not found:
            raise AssertionError(f"no call to {method or 'any method'}; got {self.methods()}")
        return found[-1]

    def methods(self) -> list[str]:
        """Method names of all recorded calls, in order."""
        with self._lock:
            return [c.method for c in self._calls]

    def responses(self, id: Optional[str] = None) -> list[ResponsePost]:
        """Posts received on response_urls (all, or only ``/response/<id>``)."""
        with self._lock:
            return [r for r in self._responses if id is None or r.id == id]

    def wait_for_calls(self, method: Optional[str] = None, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block (thread) until ``count`` calls of ``method`` were recorded. Do NOT use it from
        an event loop that runs the code under test -- use ``await_calls`` there."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self._calls if method is None or c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"expected {count} call(s) to {method}, got {len(found)}; all: {[c.method for c in self._calls]}"
                    )
                self._lock.wait(left)

    async def await_calls(self, method: Optional[str] = None, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Async version of wait_for_calls (polls; never blocks the caller's loop)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls(method)
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise TimeoutError(f"expected {count} call(s) to {method}, got {len(found)}; all: {self.methods()}")
            await asyncio.sleep(0.01)

    def wait_for_responses(self, id: Optional[str] = None, count: int = 1, timeout: float = 5.0) -> list[ResponsePost]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [r for r in self._responses if id is None or r.id == id]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"expected {count} response_url post(s) on {id}, got {len(found)}")
                self._lock.wait(left)

    async def await_responses(self, id: Optional[str] = None, count: int = 1, timeout: float = 5.0) -> list[ResponsePost]:
        deadline = time.monotonic() + timeout
        while True:
            found = self.responses(id)
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise TimeoutError(f"expected {count} response_url post(s) on {id}, got {len(found)}")
            await asyncio.sleep(0.01)

    # ==================================================================
    # HTTP handlers (run in the fake's loop)
    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict = dict(request.query)
        ctype = request.content_type or ""
        if request.can_read_body:
            if ctype == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    return self._json(400, {"ok": False, "error": "invalid_json"})
                if isinstance(body, dict):
                    params.update(body)
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for k, v in form.items():
                    if isinstance(v, web.FileField):
                        params[k] = {"filename": v.filename, "size": len(v.file.read())}
                    else:
                        params[k] = v
                for k in _JSON_FORM_FIELDS:
                    if isinstance(params.get(k), str):
                        try:
                            params[k] = json.loads(params[k])
                        except ValueError:
                            pass
            else:
                raw = await request.read()
                if raw:
                    params["_raw_body"] = raw.decode("utf-8", "replace")
        token = None
        auth = request.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            token = auth[7:].strip()
        elif isinstance(params.get("token"), str):
            token = params["token"]

        call = Call(
            method=method,
            params=params,
            headers=CIMultiDict(request.headers),
            http_method=request.method,
            content_type=ctype,
            token=token,
        )

        with self._lock:
            delay = self._delays.get(method, self._delays.get("*", 0.0))
        if delay:
            await asyncio.sleep(delay)
        status, body, headers = self._dispatch(call)
        call.status = status
        call.response = body
        with self._lock:
            self._calls.append(call)
            self._lock.notify_all()
        return self._json(status, body, headers)

    def _dispatch(self, call: Call) -> tuple[int, dict, dict]:
        with self._lock:
            q = self._faults.get(call.method)
            fault = q.pop(0) if q else None
            handler = self._handlers.get(call.method)
        if fault is not None:
            return fault.status, dict(fault.body), dict(fault.headers)
        if self.check_tokens and call.method not in ("api.test", "oauth.v2.access"):
            if not call.token:
                return 200, {"ok": False, "error": "not_authed"}, {}
            if call.method == "apps.connections.open":
                if call.token != self.app_token:
                    err = "not_allowed_token_type" if call.token in self.valid_tokens else "invalid_auth"
                    return 200, {"ok": False, "error": err}, {}
            elif call.token not in self.valid_tokens:
                err = "not_allowed_token_type" if call.token == self.app_token else "invalid_auth"
                return 200, {"ok": False, "error": err}, {}
        if handler is None:
            handler = self._builtin.get(call.method)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        try:
            result = handler(self, call)
        except _ApiError as e:
            return 200, {"ok": False, "error": e.error}, {}
        if isinstance(result, tuple):
            if len(result) == 2:
                return result[0], result[1], {}
            return result[0], result[1], dict(result[2])
        return 200, result, {}

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        rid = request.match_info["id"]
        raw = await request.read()
        text = raw.decode("utf-8", "replace")
        try:
            body: Any = json.loads(text)
        except ValueError:
            body = text
        status, reply = 200, "ok"
        with self._lock:
            for i, (fid, fstatus, fbody) in enumerate(self._response_faults):
                if fid is None or fid == rid:
                    del self._response_faults[i]
                    status, reply = fstatus, fbody
                    break
            self._responses.append(ResponsePost(id=rid, body=body, headers=CIMultiDict(request.headers), status=status))
            self._lock.notify_all()
        return web.Response(status=status, text=reply)

    @staticmethod
    def _json(status: int, body: Any, headers: Optional[dict] = None) -> web.Response:
        return web.Response(
            status=status,
            text=json.dumps(body),
            content_type="application/json",
            charset="utf-8",
            headers=headers or None,
        )

    # ==================================================================
    # builtin method implementations (called with self._lock NOT held)
    def next_ts(self) -> str:
        """A new unique, increasing message ts: 1700000000.000100, 1700000000.000200, ..."""
        n = next(self._ts_counter) * 100
        return f"{1700000000 + n // 1_000_000}.{n % 1_000_000:06d}"

    def _bot_message(self, call: Call, ts: str) -> dict:
        p = call.params
        msg: dict = {
            "type": "message",
            "subtype": "bot_message" if p.get("username") else None,
            "text": p.get("text", ""),
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "ts": ts,
            "bot_profile": {
                "id": self.bot_id,
                "app_id": self.app_id,
                "name": "labtype",
                "deleted": False,
                "team_id": self.team_id,
            },
        }
        if msg["subtype"] is None:
            del msg["subtype"]
        for k in ("blocks", "attachments", "thread_ts", "metadata"):
            if p.get(k) is not None:
                msg[k] = p[k]
        return msg

    @staticmethod
    def _channel_id(call: Call) -> str:
        channel = call.params.get("channel")
        if not channel:
            raise _ApiError("channel_not_found")
        channel = str(channel)
        with_user = channel.startswith(("U", "W"))
        return ("D" + channel[1:]) if with_user else channel

    @staticmethod
    def _require_content(call: Call) -> None:
        p = call.params
        if not (p.get("text") or p.get("blocks") or p.get("attachments")):
            raise _ApiError("no_text")

    def _ok(self, call: Call) -> dict:
        return {"ok": True}

    def _api_test(self, call: Call) -> dict:
        return {"ok": True, "args": {k: v for k, v in call.params.items()}}

    # ==================================================================
    # OAuth
    def install_as(self, installation: Installation, redirect_url: str) -> None:
        """The next approval on the authorize page installs `installation` and sends the browser
        back to `redirect_url` (the app's Redirect URL, as set in its settings)."""
        with self._lock:
            self._installing = installation
            self._redirect_url = redirect_url

    def uninstall(self, installation: Installation) -> None:
        """The workspace removes the app: its token stops working (the events are the test's to send)."""
        with self._lock:
            self.valid_tokens.discard(installation.bot_token)

    @property
    def authorize_url(self) -> str:
        return f"{self.url}/oauth/v2/authorize"

    async def _handle_authorize(self, request: web.Request) -> web.Response:
        """The user clicks "Allow": back to the app with a one-time code and the state it sent."""
        with self._lock:
            installation, redirect_url = self._installing, self._redirect_url
            if installation is None or request.query.get("client_id") != self.client_id:
                return web.Response(status=400, text="invalid client_id or nothing to install")
            code = f"code-{next(self._code_counter)}"
            self._codes[code] = installation
        target = request.query.get("redirect_uri") or redirect_url
        raise web.HTTPFound(f"{target}?code={code}&state={request.query.get('state', '')}")

    def _oauth_v2_access(self, call: Call) -> dict:
        client_id, client_secret = call.params.get("client_id"), call.params.get("client_secret")
        auth = call.headers.get("Authorization", "")
        if auth.lower().startswith("basic "):
            client_id, _, client_secret = base64.b64decode(auth[6:]).decode().partition(":")
        if (client_id, client_secret) != (self.client_id, self.client_secret):
            raise _ApiError("invalid_client_id" if client_id != self.client_id else "bad_client_secret")
        with self._lock:
            installation = self._codes.pop(call.params.get("code", ""), None)
            if installation is None:
                raise _ApiError("invalid_code")
            self.valid_tokens.add(installation.bot_token)
            self._token_owners[installation.bot_token] = installation
        enterprise = {"id": installation.enterprise_id, "name": "Org"} if installation.enterprise_id else None
        team = None if installation.org_wide else {"id": installation.team_id, "name": f"Team {installation.team_id}"}
        return {"ok": True, "app_id": self.app_id, "authed_user": {"id": "U_INSTALLER"},
                "scope": "commands,chat:write,chat:write.public,files:write,users:read", "token_type": "bot",
                "access_token": installation.bot_token, "bot_user_id": installation.bot_user_id,
                "team": team, "enterprise": enterprise, "is_enterprise_install": installation.org_wide}

    def _auth_test(self, call: Call) -> dict:
        if call.token == self.app_token:
            return {"ok": True, "app_name": "labtype", "app_id": self.app_id}
        owner = self._token_owners.get(call.token or "")
        if owner is not None:
            return {"ok": True, "url": f"https://{owner.team_id or owner.enterprise_id}.slack.com/", "team": "Team",
                    "user": "labtype", "team_id": owner.team_id or owner.enterprise_id,
                    "enterprise_id": owner.enterprise_id, "user_id": owner.bot_user_id,
                    "bot_id": f"B_{owner.team_id or owner.enterprise_id}", "is_enterprise_install": owner.org_wide}
        return {
            "ok": True,
            "url": f"https://{self.team_domain}.slack.com/",
            "team": "Labtype Test",
            "user": "labtype",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _chat_post_message(self, call: Call) -> dict:
        channel = self._channel_id(call)
        self._check_channel(channel)
        self._require_content(call)
        ts = self.next_ts()
        return {"ok": True, "channel": channel, "ts": ts, "message": self._bot_message(call, ts)}

    def _chat_update(self, call: Call) -> dict:
        channel = self._channel_id(call)
        ts = call.params.get("ts")
        if not ts:
            raise _ApiError("message_not_found")
        self._require_content(call)
        msg = self._bot_message(call, str(ts))
        msg["edited"] = {"user": self.bot_user_id, "ts": self.next_ts()}
        return {"ok": True, "channel": channel, "ts": str(ts), "text": call.params.get("text", ""), "message": msg}

    def _chat_post_ephemeral(self, call: Call) -> dict:
        channel = self._channel_id(call)
        self._check_channel(channel)
        if not call.params.get("user"):
            raise _ApiError("user_not_in_channel")
        self._require_content(call)
        return {"ok": True, "message_ts": self.next_ts()}

    def _chat_delete(self, call: Call) -> dict:
        channel = self._channel_id(call)
        if not call.params.get("ts"):
            raise _ApiError("message_not_found")
        return {"ok": True, "channel": channel, "ts": str(call.params["ts"])}

    def uploads(self) -> dict[str, dict]:
        """File id → what was uploaded: filename, length, alt_txt, data (bytes, None until step 2)."""
        with self._lock:
            return copy.deepcopy(self._uploads)

    def _files_get_upload_url_external(self, call: Call) -> dict:
        """Step 1 of files_upload_v2: a file id and the URL to POST its bytes to."""
        filename, length = call.params.get("filename"), call.params.get("length")
        if not filename or not str(length or "").isdigit() or int(length) <= 0:
            raise _ApiError("invalid_arguments")
        file_id = f"F{next(self._file_counter):010d}"
        with self._lock:
            self._uploads[file_id] = {"filename": filename, "length": int(length),
                                      "alt_txt": call.params.get("alt_txt"), "data": None}
        return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    async def _handle_upload(self, request: web.Request) -> web.Response:
        """Step 2: the file's bytes; like Slack's upload host, the length must be the announced one."""
        file_id, data = request.match_info["file_id"], await request.read()
        with self._lock:
            upload = self._uploads.get(file_id)
            if upload is None or upload["length"] != len(data):
                return web.Response(status=400, text="invalid upload")
            upload["data"] = data
            self._lock.notify_all()
        return web.Response(text=f"OK - {len(data)}")

    def _files_complete_upload_external(self, call: Call) -> dict:
        """Step 3: share the uploaded files in `channel_id` (in `thread_ts`'s thread when given)."""
        try:
            files = json.loads(call.params.get("files") or "[]")
        except ValueError:
            raise _ApiError("invalid_arguments")
        channel = call.params.get("channel_id")
        if channel:
            self._check_channel(str(channel))
        shared = []
        with self._lock:
            for f in files:
                upload = self._uploads.get(f.get("id"))
                if upload is None or upload["data"] is None:
                    raise _ApiError("file_not_found" if upload is None else "file_upload_not_complete")
                shared.append({"id": f["id"], "name": upload["filename"], "title": f.get("title") or upload["filename"],
                               "size": upload["length"], "alt_txt": upload["alt_txt"]})
        if not shared:
            raise _ApiError("invalid_arguments")
        return {"ok": True, "files": shared}

    def _chat_get_permalink(self, call: Call) -> dict:
        channel = self._channel_id(call)
        ts = str(call.params.get("message_ts", ""))
        return {
            "ok": True,
            "channel": channel,
            "permalink": f"https://{self.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}",
        }

    def _view_response(self, view: Any, view_id: Optional[str] = None) -> dict:
        if isinstance(view, str):
            try:
                view = json.loads(view)
            except ValueError:
                raise _ApiError("invalid_arguments")
        if not isinstance(view, dict) or "type" not in view:
            raise _ApiError("invalid_arguments")
        vid = view_id or f"V{next(self._view_counter):010d}"
        out = {
            "id": vid,
            "team_id": self.team_id,
            "type": view["type"],
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{vid}",
            "title": view.get("title"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": None,
            "root_view_id": vid,
            "app_id": self.app_id,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }
        with self._lock:
            self._views[vid] = out
        return out

    def _views_open(self, call: Call) -> dict:
        if not call.params.get("trigger_id") and not call.params.get("interactivity_pointer"):
            raise _ApiError("invalid_arguments")
        return {"ok": True, "view": self._view_response(call.params.get("view"))}

    def _views_update(self, call: Call) -> dict:
        vid = call.params.get("view_id")
        ext = call.params.get("external_id")
        if not vid and not ext:
            raise _ApiError("invalid_arguments")
        if vid:
            with self._lock:
                known = vid in self._views
            if not known and not str(vid).startswith("V"):
                raise _ApiError("not_found")
        return {"ok": True, "view": self._view_response(call.params.get("view"), view_id=vid)}

    def _views_publish(self, call: Call) -> dict:
        if not call.params.get("user_id"):
            raise _ApiError("invalid_arguments")
        view = self._view_response(call.params.get("view"))
        if view["type"] != "home":
            raise _ApiError("invalid_arguments")
        return {"ok": True, "view": view}

    def _users_info(self, call: Call) -> dict:
        uid = call.params.get("user")
        if not uid:
            raise _ApiError("user_not_found")
        with self._lock:
            conf = dict(self._users.get(uid, {}))
        if conf.pop("missing", False):
            raise _ApiError("user_not_found")
        locale = conf.pop("locale", self.default_locale)
        name = conf.pop("name", uid.lower())
        real_name = conf.pop("real_name", name.replace(".", " ").title())
        user: dict = {
            "id": uid,
            "team_id": self.team_id,
            "name": name,
            "deleted": False,
            "color": "9f69e7",
            "real_name": real_name,
            "tz": "Europe/Paris",
            "tz_label": "Central European Time",
            "tz_offset": 3600,
            "profile": {
                "real_name": real_name,
                "display_name": name,
                "real_name_normalized": real_name,
                "display_name_normalized": name,
                "email": f"{name}@example.com",
                "team": self.team_id,
            },
            "is_admin": False,
            "is_owner": False,
            "is_bot": False,
            "is_app_user": False,
            "updated": 1700000000,
        }
        user.update(conf)
        include_locale = call.params.get("include_locale")
        if include_locale in (True, 1, "1", "true", "True"):
            user["locale"] = locale
        return {"ok": True, "user": user}

    def _check_channel(self, channel: str) -> None:
        with self._lock:
            conf = self._channels.get(channel, {})
        if conf.get("missing"):
            raise _ApiError("channel_not_found")

    def _conversations_info(self, call: Call) -> dict:
        cid = call.params.get("channel")
        if not cid:
            raise _ApiError("channel_not_found")
        with self._lock:
            conf = dict(self._channels.get(cid, {}))
        if conf.pop("missing", False):
            raise _ApiError("channel_not_found")
        is_im = cid.startswith("D")
        chan: dict = {
            "id": cid,
            "created": 1600000000,
            "is_archived": False,
            "is_member": True,
        }
        if is_im:
            chan.update({"is_im": True, "user": "U" + cid[1:], "is_open": True, "priority": 0})
        else:
            name = conf.get("name", cid.lower())
            chan.update(
                {
                    "name": name,
                    "name_normalized": name,
                    "is_channel": True,
                    "is_group": False,
                    "is_im": False,
                    "is_mpim": False,
                    "is_private": cid.startswith("G"),
                    "is_general": False,
                    "is_shared": False,
                    "is_ext_shared": False,
                    "is_org_shared": False,
                    "context_team_id": self.team_id,
                    "creator": "U_CREATOR",
                    "topic": {"value": "", "creator": "", "last_set": 0},
                    "purpose": {"value": "", "creator": "", "last_set": 0},
                }
            )
        if call.params.get("include_locale") in (True, 1, "1", "true", "True"):
            chan["locale"] = conf.pop("locale", self.default_locale)
        if call.params.get("include_num_members") in (True, 1, "1", "true", "True"):
            chan["num_members"] = conf.pop("num_members", 3)
        conf.pop("locale", None)
        conf.pop("num_members", None)
        chan.update(conf)
        return {"ok": True, "channel": chan}

    def _conversations_open(self, call: Call) -> dict:
        users = str(call.params.get("users", "")).split(",")
        if not users or not users[0]:
            if call.params.get("channel"):
                return {"ok": True, "channel": {"id": call.params["channel"]}, "already_open": True}
            raise _ApiError("users_list_not_supplied")
        if len(users) == 1:
            return {"ok": True, "channel": {"id": "D" + users[0][1:]}, "already_open": False}
        return {"ok": True, "channel": {"id": "G" + "".join(u[1:4] for u in users)}}

    def _apps_connections_open(self, call: Call) -> dict:
        ticket = self.socket_mode.new_ticket()
        return {"ok": True, "url": f"ws://{self.host}:{self.port}{self.socket_mode.path}?ticket={ticket}&app_id={self.app_id}"}


class _ApiError(Exception):
    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error

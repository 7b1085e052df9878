"""A minimal local server that plays Slack's Socket Mode websocket endpoint.

It is an aiohttp websocket handler, mounted by ``FakeSlack`` on its own aiohttp
app (same host/port as the fake Web API), so that ``apps.connections.open``
can hand out ``ws://127.0.0.1:PORT/link/?ticket=...`` -- the same shape as
Slack's ``wss://wss-primary.slack.com/link/?ticket=...``.

The aiohttp server runs in FakeSlack's background thread/loop; every public
method here is callable from any thread (the test's own event loop included):

* ``push(envelope)`` / ``push_slash_command(payload)`` / ``push_interactive``
  / ``push_event`` send an envelope to the connected client and return the
  envelope_id;
* ``acks()`` / ``wait_for_ack()`` (blocking) / ``await_ack()`` (async, polls,
  never blocks the caller's loop) give back what the client answered, i.e.
  ``{"envelope_id": ..., "payload": {...}}`` (payload only when the app acked
  with a body).

Protocol notes (what slack_sdk's aiohttp SocketModeClient expects):
* on connect Slack sends ``{"type": "hello", "num_connections": N,
  "debug_info": {...}, "connection_info": {"app_id": ...}}`` -- the client
  does not require it, but we send it like Slack does;
* envelopes: ``{"envelope_id", "type": "slash_commands"|"interactive"|
  "events_api", "payload": {...}, "accepts_response_payload": bool,
  ("retry_attempt", "retry_reason" for events_api)}``;
* the client pings with ``sdk-ping-pong:<time>`` payloads; aiohttp's
  ``WebSocketResponse(autoping=True)`` answers pongs automatically;
* ``{"type": "disconnect", "reason": "refresh_requested"}`` makes the client
  call apps.connections.open again and reconnect (``send_disconnect``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Optional

from aiohttp import WSMsgType, web


@dataclass
class SocketConnection:
    id: int
    ticket: Optional[str]
    ws: web.WebSocketResponse
    opened_at: float = field(default_factory=time.time)
    closed: bool = False


class SocketModeServer:
    """Fake Slack Socket Mode endpoint (see module docstring)."""

    path = "/link/"

    def __init__(self, app_id: str = "A_TEST", send_hello: bool = True) -> None:
        self.app_id = app_id
        self.send_hello = send_hello
        self._lock = threading.Condition()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._conns: list[SocketConnection] = []
        self._conn_ids = itertools.count(1)
        self._tickets: dict[str, float] = {}
        self._acks: list[dict] = []
        self._messages: list[Any] = []  # every text frame received (parsed when JSON)
        self._sent: list[dict] = []  # every frame we sent
        self._connects = 0

    # ------------------------------------------------------------------
    # wiring (called by FakeSlack)
    def attach(self, app: web.Application) -> None:
        app.router.add_get(self.path, self._handle)

    def bind_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def new_ticket(self) -> str:
        ticket = uuid.uuid4().hex
        with self._lock:
            self._tickets[ticket] = time.time()
        return ticket

    # ------------------------------------------------------------------
    # inspection (thread-safe)
    @property
    def connection_count(self) -> int:
        """Number of currently open connections."""
        with self._lock:
            return sum(1 for c in self._conns if not c.closed)

    @property
    def total_connects(self) -> int:
        """Number of websocket connections accepted so far (reconnects included)."""
        with self._lock:
            return self._connects

    def acks(self, envelope_id: Optional[str] = None) -> list[dict]:
        with self._lock:
            return [dict(a) for a in self._acks if envelope_id is None or a.get("envelope_id") == envelope_id]

    def messages(self) -> list[Any]:
        """Everything the client sent (acks and anything else), parsed JSON when possible."""
        with self._lock:
            return list(self._messages)

    def sent(self) -> list[dict]:
        """Everything the server sent (hello, envelopes, disconnects)."""
        with self._lock:
            return list(self._sent)

    def wait_connected(self, count: int = 1, timeout: float = 5.0) -> None:
        """Block until ``count`` connections are open (do NOT call from the loop running the client)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while sum(1 for c in self._conns if not c.closed) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no socket mode connection after {timeout}s")
                self._lock.wait(left)

    async def await_connected(self, count: int = 1, timeout: float = 5.0) -> None:
        """Async version: polls, so the caller's loop (which may run the client) keeps running."""
        deadline = time.monotonic() + timeout
        while self.connection_count < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no socket mode connection after {timeout}s")
            await asyncio.sleep(0.01)

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict:
        """Block until the client acked ``envelope_id``; returns the ack dict."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for a in self._acks:
                    if a.get("envelope_id") == envelope_id:
                        return dict(a)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no ack for envelope {envelope_id} after {timeout}s")
                self._lock.wait(left)

    async def await_ack(self, envelope_id: str, timeout: float = 5.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            found = self.acks(envelope_id)
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise TimeoutError(f"no ack for envelope {envelope_id} after {timeout}s")
            await asyncio.sleep(0.01)

    # ------------------------------------------------------------------
    # pushing (thread-safe; waits for the frame to be written)
    def push(self, envelope: dict, timeout: float = 5.0) -> str:
        """Send a raw envelope to the most recent open connection. Adds an envelope_id if missing."""
        envelope = dict(envelope)
        envelope.setdefault("envelope_id", str(uuid.uuid4()))
        self._send(envelope, timeout)
        return envelope["envelope_id"]

    def push_slash_command(self, payload: dict, envelope_id: Optional[str] = None) -> str:
        """``payload`` is the slash command as a dict (the form fields, see signing.slash_command_payload)."""
        return self.push(_envelope("slash_commands", payload, envelope_id, accepts_response_payload=True))

    def push_interactive(self, payload: dict, envelope_id: Optional[str] = None) -> str:
        """``payload`` is the interactivity payload dict (block_actions, view_submission, message_action...)."""
        accepts = payload.get("type") in ("block_suggestion", "view_submission", "view_closed")
        return self.push(_envelope("interactive", payload, envelope_id, accepts_response_payload=accepts))

    def push_event(self, payload: dict, envelope_id: Optional[str] = None, retry_attempt: int = 0) -> str:
        """``payload`` is the full event_callback dict (see signing.app_home_opened_payload)."""
        env = _envelope("events_api", payload, envelope_id, accepts_response_payload=False)
        env["retry_attempt"] = retry_attempt
        env["retry_reason"] = ""
        return self.push(env)

    def send_disconnect(self, reason: str = "refresh_requested", timeout: float = 5.0) -> None:
        """Ask the client to reconnect (it will call apps.connections.open again)."""
        self._send(
            {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}},
            timeout,
        )

    def close_all(self, timeout: float = 5.0) -> None:
        """Close every open websocket from the server side (thread-safe)."""
        if self._loop is None or self._loop.is_closed():
            return
        fut = asyncio.run_coroutine_threadsafe(self.aclose_all(), self._loop)
        fut.result(timeout)

    async def aclose_all(self) -> None:
        """Close all connections; must run in the server loop (FakeSlack uses it on shutdown)."""
        with self._lock:
            conns = [c for c in self._conns if not c.closed]
        for c in conns:
            try:
                await c.ws.close(code=1001, message=b"server shutdown")
            except Exception:
                pass

    def reset(self) -> None:
        """Forget recorded acks/messages (connections are kept)."""
        with self._lock:
            self._acks.clear()
            self._messages.clear()
            self._sent.clear()

    # ------------------------------------------------------------------
    # internals
    def _send(self, message: dict, timeout: float) -> None:
        if self._loop is None:
            raise RuntimeError("socket mode server is not running")
        with self._lock:
            conns = [c for c in self._conns if not c.closed]
        if not conns:
            raise RuntimeError("no socket mode client connected")
        conn = conns[-1]

        async def _do() -> None:
            await conn.ws.send_str(json.dumps(message))

        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self._loop:
            raise RuntimeError("call push() from another thread/loop than the fake server's")
        asyncio.run_coroutine_threadsafe(_do(), self._loop).result(timeout)
        with self._lock:
            self._sent.append(message)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket")
        with self._lock:
            known = ticket in self._tickets
        if not known:
            # Slack answers the handshake with an error for bad/expired tickets
            return web.Response(status=401, text="invalid ticket")
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        with self._lock:
            conn = SocketConnection(id=next(self._conn_ids), ticket=ticket, ws=ws)
            self._conns.append(conn)
            self._connects += 1
            n_open = sum(1 for c in self._conns if not c.closed)
            self._lock.notify_all()
        if self.send_hello:
            hello = {
                "type": "hello",
                "num_connections": n_open,
                "debug_info": {
                    "host": "applink-fake-1",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": self.app_id},
            }
            await ws.send_str(json.dumps(hello))
            with self._lock:
                self._sent.append(hello)
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    try:
                        data: Any = json.loads(msg.data)
                    except ValueError:
                        data = msg.data
                    with self._lock:
                        self._messages.append(data)
                        if isinstance(data, dict) and "envelope_id" in data:
                            self._acks.append(data)
                        self._lock.notify_all()
                elif msg.type == WSMsgType.ERROR:
                    break
        finally:
            with self._lock:
                conn.closed = True
                self._lock.notify_all()
        return ws


def _envelope(
    type_: str, payload: dict, envelope_id: Optional[str], accepts_response_payload: bool
) -> dict:
    return {
        "envelope_id": envelope_id or str(uuid.uuid4()),
        "type": type_,
        "payload": payload,
        "accepts_response_payload": accepts_response_payload,
    }

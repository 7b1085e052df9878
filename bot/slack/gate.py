"""The door of the HTTP endpoint: what reaches Bolt is small, signed by Slack and well formed.

Bolt reads the whole body, parses it and only then checks the signature, so anyone on the
internet could make it read 50 MB or trip its parser (a 500 and a traceback per request). Here the
order is the safe one: the size first (from Content-Length, then while reading), the signature
over the raw bytes next, and the shape last, so an unsigned request costs a header check and an
HMAC, never a parse.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import Callable
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

MAX_BODY_BYTES = 1_000_000
"""Slack's largest payloads (a modal's state, a message's blocks) are tens of kilobytes."""
MAX_AGE_SECONDS = 300  # Slack's rule: a request signed more than five minutes ago is a replay
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


class SlackGate:
    def __init__(self, signing_secret: str, clock: Callable[[], float] = time.time) -> None:
        self.secret = signing_secret.encode()
        self.clock = clock

    async def admit(self, request: Request) -> bytes | Response:
        """The body, when the request may go on to Bolt; else the refusal to send back
        (413 too large, 401 not signed by Slack, 400 signed but malformed)."""
        length = request.headers.get("content-length", "")
        if length and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return _refuse(413 if length.isdigit() else 400, "request too large" if length.isdigit() else "invalid request")
        body = await _read_at_most(request, MAX_BODY_BYTES)
        if body is None:
            return _refuse(413, "request too large")
        if not self._signed(request, body):
            return _refuse(401, "invalid request")  # Bolt's own answer to a bad signature
        if not well_formed(body, request.headers.get("content-type", "")):
            return _refuse(400, "malformed request")
        return body

    def _signed(self, request: Request, body: bytes) -> bool:
        timestamp = request.headers.get("x-slack-request-timestamp", "")
        signature = request.headers.get("x-slack-signature", "")
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return False
        if abs(self.clock() - int(timestamp)) > MAX_AGE_SECONDS:
            return False
        # Slack's scheme, over the raw bytes (slack_sdk's verifier decodes them first, and raises on binary)
        expected = hmac.new(self.secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(f"v0={expected}", signature)


def well_formed(body: bytes, content_type: str) -> bool:
    """What Bolt's parser and routing take without raising: UTF-8; a JSON object for the Events
    API; form fields for commands, whose `payload` (interactivity) is a JSON object; and in those
    objects, the fields Bolt and our listeners read have the types Slack sends."""
    try:
        text = body.decode("utf-8")
        if not text:
            return True
        if content_type.split(";")[0].strip() == "application/json" or text.startswith("{"):
            return _plausible(json.loads(text))
        fields = dict(parse_qsl(text, keep_blank_values=True, errors="strict"))
        if "payload" in text and fields.get("payload") is not None:
            return _plausible(json.loads(fields["payload"]))
        return True
    except (UnicodeDecodeError, ValueError, RecursionError):  # json.JSONDecodeError is a ValueError
        return False


_TEXT_FIELDS = ("type", "callback_id", "trigger_id", "response_url", "user_id", "token", "challenge")
_OBJECT_FIELDS = ("event", "view", "container", "channel", "team", "message", "state", "enterprise")


def _plausible(payload: object) -> bool:
    """The JSON object's top-level fields that Bolt and the listeners read, in Slack's types."""
    if not isinstance(payload, dict):
        return False
    if any(not isinstance(payload[f], str) for f in _TEXT_FIELDS if f in payload):
        return False
    if any(payload[f] is not None and not isinstance(payload[f], dict) for f in _OBJECT_FIELDS if f in payload):
        return False
    user = payload.get("user")  # interactivity: {"id", "name", …} (an event's own user, inside it, is an id)
    if user is not None and not (isinstance(user, dict) and isinstance(user.get("id", ""), str)):
        return False
    if payload.get("type") == "view_submission" and not isinstance(payload.get("view"), dict):
        return False
    event = payload.get("event")
    if event is not None and not isinstance(event.get("type", ""), str):
        return False
    actions = payload.get("actions", [])
    return isinstance(actions, list) and all(
        isinstance(a, dict) and all(isinstance(a.get(f, ""), str) for f in ("action_id", "block_id", "value"))
        for a in actions)


async def _read_at_most(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it passes `limit` bytes (the rest is never read)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse(status: int, reason: str) -> Response:
    return JSONResponse({"error": reason}, status_code=status)

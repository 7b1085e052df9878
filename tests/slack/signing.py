"""Build Slack requests the way Slack sends them: signed, with realistic payloads.

Two layers:
* ``*_payload(...) -> dict`` -- the payload as a dict. This is also exactly
  what Socket Mode puts in an envelope's ``payload`` (see
  socket_server.SocketModeServer.push_slash_command/push_interactive/push_event);
* ``*_body(...) -> str``      -- the HTTP body Slack POSTs to the app:
  slash commands: urlencoded form fields; interactivity (block_actions,
  message_action, view_submission...): urlencoded ``payload=<json>``;
  Events API: a JSON document.

``signed_headers(secret, body)`` adds X-Slack-Signature / X-Slack-Request-Timestamp
(v0 = HMAC-SHA256 over ``v0:{ts}:{body}``) and the right Content-Type;
``post_signed(url, body, secret)`` sends it with aiohttp and returns
``(status, headers, text)``.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any, Mapping, Optional
from urllib.parse import urlencode

TEAM_ID = "T_TEST"
TEAM_DOMAIN = "labtype-test"
APP_ID = "A_TEST"
BOT_USER_ID = "U_BOT"
BOT_ID = "B_BOT"
VERIFICATION_TOKEN = "legacy-verification-token"  # deprecated field Slack still sends

_seq = itertools.count(1)


def _trigger_id() -> str:
    n = next(_seq)
    return f"{1000000000000 + n}.{1379717998065}.{n:032x}"


def _action_ts() -> str:
    return f"{time.time():.6f}"


# ----------------------------------------------------------------------------
# signing
def compute_signature(secret: str, body: str | bytes, timestamp: str | int) -> str:
    """``v0=`` + hex HMAC-SHA256(secret, ``v0:{timestamp}:{body}``)."""
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    base = f"v0:{timestamp}:{body}".encode("utf-8")
    return "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()


def content_type_for(body: str | bytes) -> str:
    """JSON bodies (Events API) vs urlencoded (commands, interactivity)."""
    head = body.lstrip()[:1]
    return "application/json" if head in ("{", b"{") else "application/x-www-form-urlencoded"


def signed_headers(
    secret: str,
    body: str | bytes,
    timestamp: Optional[int | str] = None,
    *,
    content_type: Optional[str] = None,
) -> dict[str, str]:
    """Headers for a request Slack would send: signature, timestamp, content type.

    ``timestamp`` defaults to now; pass ``int(time.time()) - 301`` for a stale one
    (Bolt rejects ``abs(now - ts) > 300`` with 401)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": content_type or content_type_for(body),
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": compute_signature(secret, body, ts),
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    }


async def post_signed(
    url: str,
    body: str,
    secret: Optional[str],
    *,
    timestamp: Optional[int | str] = None,
    headers: Optional[dict[str, str]] = None,
    timeout: float = 10.0,
) -> tuple[int, Mapping[str, str], str]:
    """POST ``body`` to ``url`` signed with ``secret`` (unsigned if None; ``headers``
    override/extend). Returns ``(status, response_headers, response_text)``; the headers
    mapping is case-insensitive."""
    import aiohttp
    from multidict import CIMultiDict

    h = signed_headers(secret, body, timestamp) if secret is not None else {"Content-Type": content_type_for(body)}
    h.update(headers or {})
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        async with session.post(url, data=body.encode("utf-8"), headers=h) as resp:
            return resp.status, CIMultiDict(resp.headers), await resp.text()


def form_body(fields: dict[str, Any]) -> str:
    """urlencode like Slack (booleans as 'true'/'false', None dropped)."""
    out = {}
    for k, v in fields.items():
        if v is None:
            continue
        out[k] = ("true" if v else "false") if isinstance(v, bool) else v
    return urlencode(out)


def interactive_body(payload: dict) -> str:
    """Interactivity requests are ``payload=<url-encoded JSON>``."""
    return urlencode({"payload": json.dumps(payload)})


# ----------------------------------------------------------------------------
# slash commands
def slash_command_payload(
    text: str = "",
    user_id: str = "U_USER",
    channel_id: str = "C_GENERAL",
    response_url: str = "https://hooks.slack.com/commands/T_TEST/1/abc",
    *,
    command: str = "/labtype",
    user_name: str = "test.user",
    channel_name: str = "general",
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    api_app_id: str = APP_ID,
    trigger_id: Optional[str] = None,
    enterprise_id: Optional[str] = None,
    enterprise_name: Optional[str] = None,
    is_enterprise_install: bool = False,
) -> dict:
    """Slash command fields (all strings, as Slack sends them)."""
    d = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "true" if is_enterprise_install else "false",
        "response_url": response_url,
        "trigger_id": trigger_id or _trigger_id(),
    }
    if enterprise_id:
        d["enterprise_id"] = enterprise_id
        d["enterprise_name"] = enterprise_name or "Enterprise"
    return d


def slash_command_body(
    text: str = "",
    user_id: str = "U_USER",
    channel_id: str = "C_GENERAL",
    response_url: str = "https://hooks.slack.com/commands/T_TEST/1/abc",
    **kwargs: Any,
) -> str:
    """Form-encoded slash command body (see slash_command_payload for kwargs)."""
    return form_body(slash_command_payload(text, user_id, channel_id, response_url, **kwargs))


# ----------------------------------------------------------------------------
# interactivity
def _user(user_id: str, user_name: str, team_id: str) -> dict:
    return {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id}


def bot_message(
    text: str = "hello",
    ts: str = "1700000000.000100",
    blocks: Optional[list] = None,
    *,
    bot_user_id: str = BOT_USER_ID,
    bot_id: str = BOT_ID,
    app_id: str = APP_ID,
    team_id: str = TEAM_ID,
    thread_ts: Optional[str] = None,
) -> dict:
    """A message posted by the bot, as it appears inside interactivity payloads."""
    m: dict = {
        "type": "message",
        "user": bot_user_id,
        "bot_id": bot_id,
        "app_id": app_id,
        "text": text,
        "ts": ts,
        "team": team_id,
        "blocks": blocks or [],
    }
    if thread_ts:
        m["thread_ts"] = thread_ts
    return m


def block_actions_payload(
    action_id: str,
    value: Optional[str] = None,
    *,
    block_id: str = "actions",
    action_type: str = "button",
    user_id: str = "U_USER",
    user_name: str = "test.user",
    channel_id: Optional[str] = "C_GENERAL",
    channel_name: str = "general",
    message: Optional[dict] = None,
    message_ts: Optional[str] = None,
    is_ephemeral: bool = False,
    view: Optional[dict] = None,
    response_url: Optional[str] = "https://hooks.slack.com/actions/T_TEST/1/abc",
    trigger_id: Optional[str] = None,
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    api_app_id: str = APP_ID,
    action: Optional[dict] = None,
    state: Optional[dict] = None,
) -> dict:
    """block_actions payload for a click in a message (default) or in a view (``view=``).

    ``action`` overrides the generated action dict entirely (e.g. a static_select
    with ``selected_option``). For buttons the action has ``value`` and ``text``."""
    if action is None:
        action = {
            "action_id": action_id,
            "block_id": block_id,
            "type": action_type,
            "action_ts": _action_ts(),
        }
        if action_type == "button":
            action["text"] = {"type": "plain_text", "text": value or action_id, "emoji": True}
            if value is not None:
                action["value"] = value
        elif action_type == "static_select":
            action["selected_option"] = {
                "text": {"type": "plain_text", "text": value or "", "emoji": True},
                "value": value,
            }
        elif value is not None:
            action["value"] = value
    p: dict = {
        "type": "block_actions",
        "user": _user(user_id, user_name, team_id),
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or _trigger_id(),
        "team": {"id": team_id, "domain": team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "actions": [action],
    }
    if view is not None:
        p["container"] = {"type": "view", "view_id": view.get("id", "V0000000001")}
        p["view"] = view
    else:
        if message is None:
            message = bot_message(ts=message_ts or "1700000000.000100")
        ts = message_ts or message.get("ts", "1700000000.000100")
        p["container"] = {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel_id,
            "is_ephemeral": is_ephemeral,
        }
        p["channel"] = {"id": channel_id, "name": channel_name}
        if not is_ephemeral:  # Slack omits `message` for clicks in ephemeral messages
            p["message"] = message
        p["state"] = state or {"values": {}}
    if response_url is not None:
        p["response_url"] = response_url
    return p


def block_actions_body(action_id: str, value: Optional[str] = None, **kwargs: Any) -> str:
    return interactive_body(block_actions_payload(action_id, value, **kwargs))


def message_action_payload(
    callback_id: str,
    message: Optional[dict] = None,
    channel: Optional[dict] = None,
    *,
    user_id: str = "U_USER",
    user_name: str = "test.user",
    response_url: str = "https://hooks.slack.com/app/T_TEST/1/abc",
    trigger_id: Optional[str] = None,
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
) -> dict:
    """Message shortcut (``app.shortcut(callback_id)`` / ``app.message_shortcut``).

    ``message`` defaults to a user message; ``channel`` to ``{"id": "C_GENERAL", "name": "general"}``."""
    if message is None:
        message = {
            "type": "message",
            "user": "U_OTHER",
            "text": "a message to act on",
            "ts": "1700000000.000100",
            "team": team_id,
        }
    if channel is None:
        channel = {"id": "C_GENERAL", "name": "general"}
    return {
        "type": "message_action",
        "token": VERIFICATION_TOKEN,
        "action_ts": _action_ts(),
        "team": {"id": team_id, "domain": team_domain},
        "user": _user(user_id, user_name, team_id),
        "channel": channel,
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or _trigger_id(),
        "response_url": response_url,
        "message_ts": message.get("ts"),
        "message": message,
    }


def message_action_body(callback_id: str, message: Optional[dict] = None, channel: Optional[dict] = None, **kwargs: Any) -> str:
    return interactive_body(message_action_payload(callback_id, message, channel, **kwargs))


def view_submission_payload(
    view: dict,
    *,
    values: Optional[dict] = None,
    user_id: str = "U_USER",
    user_name: str = "test.user",
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    api_app_id: str = APP_ID,
    view_id: str = "V0000000001",
    response_urls: Optional[list] = None,
    trigger_id: Optional[str] = None,
) -> dict:
    """view_submission for a modal. ``view`` is the view you opened (type, callback_id,
    blocks, private_metadata, title, submit...); ``values`` is
    ``{block_id: {action_id: {"type": "plain_text_input", "value": "..."}}}``."""
    full = {
        "id": view_id,
        "team_id": team_id,
        "type": view.get("type", "modal"),
        "blocks": view.get("blocks", []),
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "state": {"values": values if values is not None else view.get("state", {}).get("values", {})},
        "hash": "1700000000.abcdef",
        "title": view.get("title", {"type": "plain_text", "text": "Labtype", "emoji": True}),
        "clear_on_close": view.get("clear_on_close", False),
        "notify_on_close": view.get("notify_on_close", False),
        "close": view.get("close"),
        "submit": view.get("submit", {"type": "plain_text", "text": "Submit", "emoji": True}),
        "previous_view_id": None,
        "root_view_id": view_id,
        "app_id": api_app_id,
        "external_id": view.get("external_id", ""),
        "app_installed_team_id": team_id,
        "bot_id": BOT_ID,
    }
    return {
        "type": "view_submission",
        "team": {"id": team_id, "domain": team_domain},
        "user": _user(user_id, user_name, team_id),
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or _trigger_id(),
        "view": full,
        "response_urls": response_urls or [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def view_submission_body(view: dict, **kwargs: Any) -> str:
    return interactive_body(view_submission_payload(view, **kwargs))


# ----------------------------------------------------------------------------
# Events API
def event_callback_payload(
    event: dict,
    *,
    team_id: str = TEAM_ID,
    api_app_id: str = APP_ID,
    bot_user_id: str = BOT_USER_ID,
    event_id: Optional[str] = None,
    event_time: Optional[int] = None,
) -> dict:
    """Wrap an event in the Events API envelope (``type: event_callback``)."""
    n = next(_seq)
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": None,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{n:010d}",
        "event_time": event_time or int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-fake-{n}",
    }


def app_home_opened_payload(
    user_id: str = "U_USER",
    channel_id: str = "D_USER",
    *,
    tab: str = "home",
    view: Optional[dict] = None,
    **kwargs: Any,
) -> dict:
    """app_home_opened event_callback (``view`` is present once a Home view was published)."""
    event: dict = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": channel_id,
        "tab": tab,
        "event_ts": _action_ts(),
    }
    if view is not None:
        event["view"] = view
    return event_callback_payload(event, **kwargs)


def app_home_opened_body(user_id: str = "U_USER", channel_id: str = "D_USER", **kwargs: Any) -> str:
    return json.dumps(app_home_opened_payload(user_id, channel_id, **kwargs))


def message_event_payload(
    text: str,
    user_id: str = "U_USER",
    channel_id: str = "C_GENERAL",
    *,
    channel_type: str = "channel",
    ts: Optional[str] = None,
    thread_ts: Optional[str] = None,
    **kwargs: Any,
) -> dict:
    """A plain user ``message`` event_callback (``channel_type`` im/channel/group)."""
    ts = ts or _action_ts()
    event: dict = {
        "type": "message",
        "user": user_id,
        "text": text,
        "ts": ts,
        "channel": channel_id,
        "event_ts": ts,
        "channel_type": channel_type,
        "team": kwargs.get("team_id", TEAM_ID),
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event_callback_payload(event, **kwargs)


def event_body(payload: dict) -> str:
    return json.dumps(payload)


def url_verification_body(challenge: str = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P") -> str:
    return json.dumps({"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"})

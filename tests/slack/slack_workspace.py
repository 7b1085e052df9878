"""Playing Slack's part against the app: sending what Slack sends, clicking what the app drew.

`running_app` starts the real thing, `run_slack` in HTTP mode (uvicorn, real sockets) in the
test's own event loop, as `labtype slack` runs it. `Workspace` then sends it signed slash
commands, clicks, shortcuts and events, and reads back what it said: acknowledgements,
response_url posts and Web API calls recorded by `FakeSlack`. Buttons are found in the blocks
the app sent, and their action_id and value are sent back unchanged, as Slack does.

Listeners keep working after acknowledging (Bolt runs them in the background), so whatever
follows a request is awaited on the fake (`await_calls`, `replies`), never assumed.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.runtime import Runtime, build_runtime
from bot.slack import run_slack
from tests.slack import signing
from tests.slack.fake_slack import FakeSlack

SIGNING_SECRET = "test-signing-secret"
# How long an answer may take to come: generous, since the suite shares a small machine (a wait
# ends as soon as the answer is there, so this costs nothing when all goes well).
REPLY_TIMEOUT_S = 20.0
_RESPONSE_IDS = itertools.count(1)


def get_free_port(host: str = "127.0.0.1") -> int:
    """A port free right now (another process could take it before the app binds it: unlikely here)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Button:
    action_id: str
    value: str
    text: str
    block_id: str

    @property
    def name(self) -> str:
        return self.action_id.split(":")[0]


def buttons(blocks: list[dict]) -> list[Button]:
    """Every button in `blocks`, in order (in actions blocks and as section accessories)."""
    found = []
    for block in blocks:
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        for element in elements:
            if element.get("type") == "button":
                found.append(Button(element["action_id"], element.get("value", ""), element["text"]["text"],
                                    block.get("block_id", "")))
    return found


def button(blocks: list[dict], name: str, text: str | None = None) -> Button:
    """The first button called `name` (and showing `text`, if given)."""
    for candidate in buttons(blocks):
        if candidate.name == name and (text is None or candidate.text == text):
            return candidate
    raise AssertionError(f"no {name!r} button {text or ''} in {[(b.action_id, b.text) for b in buttons(blocks)]}")


def texts(blocks: list[dict]) -> str:
    """All the text of `blocks`, one text object a line (to search in)."""
    lines = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                lines.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return "\n".join(lines)


@dataclass
class Workspace:
    fake: FakeSlack
    url: str
    runtime: Runtime

    @staticmethod
    def response_id() -> str:
        """A response_url id never used before in this test run (apps come and go, the fake stays)."""
        return f"r{next(_RESPONSE_IDS)}"

    async def send(self, body: str, expect: int = 200, **options: Any) -> tuple[int, str]:
        status, _, text = await signing.post_signed(self.url, body, SIGNING_SECRET, **options)
        assert status == expect, (status, text)
        return status, text

    async def command(self, text: str, user: str = "U_USER", channel: str = "C_GENERAL") -> tuple[dict, str]:
        """`/labtype text`: the acknowledgement (JSON, {} when empty) and the response_url id."""
        rid = self.response_id()
        _, ack = await self.send(signing.slash_command_body(text, user, channel, self.fake.response_url(rid)))
        return (json.loads(ack) if ack else {}), rid

    async def click(self, pressed: Button, user: str = "U_USER", channel: str = "C_GENERAL",
                    message: dict | None = None, view: dict | None = None) -> str:
        """Click `pressed` in an ephemeral message (default), in the public `message`, or in a
        `view` (App Home); returns the response_url id of the click."""
        rid = self.response_id()
        action = {"action_id": pressed.action_id, "block_id": pressed.block_id, "type": "button",
                  "value": pressed.value, "text": {"type": "plain_text", "text": pressed.text}, "action_ts": "1.2"}
        payload = signing.block_actions_payload(
            pressed.action_id, action=action, user_id=user, channel_id=channel, view=view,
            message=message, is_ephemeral=message is None and view is None,
            response_url=None if view is not None else self.fake.response_url(rid))
        _, ack = await self.send(signing.interactive_body(payload))
        assert ack == "", ack
        return rid

    async def replies(self, rid: str, count: int = 1) -> list[dict]:
        """What the app posted on the response_url `rid` (waits for `count` posts)."""
        return [post.body for post in await self.fake.await_responses(rid, count, timeout=REPLY_TIMEOUT_S)]

    async def reply(self, rid: str) -> dict:
        (body,) = await self.replies(rid)
        return body

    async def posted(self, count: int = 1, method: str = "chat.postMessage") -> dict:
        """The message of the `count`-th call of `method` (chat.postMessage or chat.update),
        as Slack stores it: text, blocks, ts, metadata, thread_ts."""
        call = (await self.fake.await_calls(method, count, timeout=REPLY_TIMEOUT_S))[count - 1]
        assert call.response["ok"], call.response
        return call.response["message"]


@contextlib.asynccontextmanager
async def running_app(fake: FakeSlack, data_dir: Path, **env: str) -> AsyncIterator[Workspace]:
    """`run_slack` serving HTTP on a free port until the block ends, then cancelled (as the CLI
    does on Ctrl-C) and awaited, so nothing is left running."""
    port = get_free_port()
    runtime = await build_runtime(data_dir)
    environment = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "LABTYPE_LANG": "fr", **env}
    task = asyncio.create_task(run_slack(runtime, environment))
    try:
        await _until_listening(port, task)
        if "SLACK_CLIENT_ID" not in env:
            assert fake.last_call().method == "auth.test"  # the one token is checked at start-up
        fake.forget_calls()
        yield Workspace(fake, f"http://127.0.0.1:{port}/slack/events", runtime)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await runtime.store.close()


async def _until_listening(port: int, task: asyncio.Task) -> None:
    for _ in range(500):
        if task.done():
            task.result()
            raise RuntimeError("run_slack returned before serving")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.01)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise TimeoutError(f"nothing listening on port {port}")

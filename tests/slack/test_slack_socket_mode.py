"""Socket Mode: the same app over Slack's websocket (here a local one), no public URL."""

from __future__ import annotations

import asyncio
import contextlib
import os

from bot.runtime import build_runtime
from bot.slack import run_slack
from tests.slack import signing
from tests.slack.slack_workspace import button


async def test_socket_mode_answers_commands_and_clicks_then_disconnects_when_cancelled(slack_env, tmp_path):
    fake, runtime = slack_env, await build_runtime(tmp_path)
    env = {**os.environ, "SLACK_APP_TOKEN": fake.app_token, "LABTYPE_LANG": "fr"}
    del env["SLACK_SIGNING_SECRET"]  # Socket Mode needs none: the websocket is ours
    task = asyncio.create_task(run_slack(runtime, env))
    try:
        await fake.socket_mode.await_connected()
        assert fake.last_call("apps.connections.open").token == fake.app_token
        command = signing.slash_command_payload("solutionneur", response_url=fake.response_url("s1"))
        ack = await fake.socket_mode.await_ack(fake.socket_mode.push_slash_command(command))
        assert ack["payload"]["text"] == "2. Solutionneur" and ack["payload"]["response_type"] == "ephemeral"

        share = button(ack["payload"]["blocks"], "share")
        click = signing.block_actions_payload(share.action_id, share.value, response_url=fake.response_url("s2"))
        envelope = fake.socket_mode.push_interactive(click)
        assert await fake.socket_mode.await_ack(envelope) == {"envelope_id": envelope}
        (shared,) = await fake.await_calls("chat.postMessage")
        assert shared["text"] == "2. Solutionneur"
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await runtime.store.close()
    for _ in range(200):
        if fake.socket_mode.connection_count == 0:
            break
        await asyncio.sleep(0.01)
    assert fake.socket_mode.connection_count == 0

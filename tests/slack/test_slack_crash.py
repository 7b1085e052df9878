"""The Slack server (HTTP mode, its own process) SIGKILLed and restarted while a team clicks
through its quiz: between requests and in the middle of them (a fixed seed). Every click Slack got
a 200 for is in the database afterwards; a click whose request died is clicked again, as a member
would, and counted once; the stored answers are what each member chose."""

from __future__ import annotations

import asyncio
import os
import random
from pathlib import Path

import aiohttp

from bot.store import open_store
from tests.forked import Forked
from tests.slack import signing
from tests.slack.slack_workspace import SIGNING_SECRET, button, get_free_port

MEMBERS = 10
KILLS = 10
SEED = 20261202


async def test_a_team_clicks_while_the_server_is_killed_and_restarted(fake_slack, tmp_path, engine):
    rng = random.Random(SEED)
    port = get_free_port()
    env = {"SLACK_BOT_TOKEN": fake_slack.bot_token, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": fake_slack.api_url, "HOST": "127.0.0.1", "PORT": str(port),
           "LABTYPE_DATA_DIR": str(tmp_path / "data"), "LABTYPE_LANG": "fr", "LOG_LEVEL": "INFO"}
    env.pop("SLACK_APP_TOKEN", None)
    server = Forked(["slack", "--mode", "http"], env, Path(os.environ.get("LABTYPE_CRASH_LOG", tmp_path / "slack.log")))
    url = f"http://127.0.0.1:{port}/slack/events"

    async def up() -> None:
        for _ in range(1200):
            try:
                async with aiohttp.ClientSession() as session, session.get(url.replace("/slack/events", "/healthz")):
                    return
            except aiohttp.ClientError:
                assert server.alive(), server.tail()
                await asyncio.sleep(0.05)
        raise AssertionError(f"the server did not come up:\n{server.tail()}")

    async def restart() -> None:
        server.kill()
        server.start()
        await up()

    async def send(body: str, kill_meanwhile: bool = False) -> bool:
        """POST signed; True when the server acknowledged (200). With `kill_meanwhile`, the
        server is killed while the request is in flight (a few ms after it left)."""
        request = asyncio.ensure_future(signing.post_signed(url, body, SIGNING_SECRET, timeout=30))
        if kill_meanwhile:
            await asyncio.sleep(rng.choice((0.0, 0.001, 0.003, 0.01)))
            await restart()
        try:
            status, _, _ = await request
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return False
        assert status == 200, status
        return True

    server.start()
    try:
        await up()
        await send(signing.slash_command_body("quiz", user_id="U_BOSS", channel_id="C_TEAM",
                                              response_url=fake_slack.response_url("start")))
        (posted,) = await fake_slack.await_calls("chat.postMessage", timeout=30)
        join = button(posted.response["message"]["blocks"], "join")
        quiz_id = join.value
        plans = {f"U_M{n:02d}": tuple(rng.randrange(len(q.options)) for q in engine.quiz.questions)
                 for n in range(MEMBERS)}
        clicks = [(member, None) for member in plans]  # None: the join click
        clicks += [(member, q) for q in range(engine.length) for member in plans]
        kills = sorted(rng.sample(range(len(clicks)), KILLS))
        acknowledged: list[tuple[str, int]] = []
        for n, (member, question) in enumerate(clicks):
            if question is None:
                action, value = join.action_id, quiz_id
            else:
                option = plans[member][question]
                action, value = f"answer:{option}", f"{quiz_id}:{question}:{option}"
            payload = signing.block_actions_payload(action, value, user_id=member, user_name=member.lower(),
                                                    channel_id="C_TEAM", is_ephemeral=True,
                                                    response_url=fake_slack.response_url(f"{member}-{n}"))
            body = signing.interactive_body(payload)
            kill_now = n in kills
            if kill_now and rng.random() < 0.5:  # between requests
                await restart()
                kill_now = False
            while not await send(body, kill_meanwhile=kill_now):  # the request died: click again
                kill_now = False
                await up()
            if question is not None:
                acknowledged.append((member, question))
        assert server.kills == KILLS
    finally:
        server.stop()

    store = await open_store(tmp_path / "data")
    try:
        stored = {p.participant: p.answers for p in await store.participations(quiz_id)}
    finally:
        await store.close()
    assert stored == plans
    assert all(question < len(stored[member]) for member, question in acknowledged)

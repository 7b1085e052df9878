"""Three `labtype slack` HTTP processes on one real PostgreSQL behave like one.

The test's client plays the load balancer: requests go round-robin over the three instances (a
refused connection goes to the next one, as a balancer's health check would). A quiz is started
on one instance; 30 members join and answer every question at once, each click on the next
instance; one instance is stopped (SIGTERM) and started again mid-quiz. Then: every member is
counted once with all their answers, no request got a 5xx, the team message was never edited
backwards, and its last edit and metadata show the 30.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.core.quiz import load_quiz
from bot.store import open_store
from tests.slack import signing
from tests.slack.fake_slack import FakeSlack
from tests.slack.slack_workspace import SIGNING_SECRET, get_free_port

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = 30
QUESTIONS = len(load_quiz().questions)
SCENARIO_TIMEOUT_S = 120


class Instance:
    """One `labtype slack --mode http` process."""

    def __init__(self, env: dict[str, str], data_dir: Path) -> None:
        self.port = get_free_port()
        self.env = {**env, "PORT": str(self.port), "LABTYPE_DATA_DIR": str(data_dir)}
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    async def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "bot.cli", "slack", "--mode", "http"], cwd=ROOT,
                                        env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        async with aiohttp.ClientSession() as session:
            for _ in range(600):
                if self.process.poll() is not None:
                    raise RuntimeError(f"instance exited {self.process.returncode}: {self.process.stderr.read()}")
                try:
                    async with session.get(self.url.replace("/slack/events", "/readyz")) as ready:
                        if ready.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)
        raise TimeoutError("instance not ready")

    async def stop(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        returncode = await asyncio.to_thread(self.process.wait, 30)
        _, stderr = self.process.communicate()
        assert returncode == 0, stderr

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Balancer:
    """Round-robin over the instances; a refused connection is tried on the next instance."""

    def __init__(self, instances: list[Instance], session: aiohttp.ClientSession) -> None:
        self.instances = instances
        self.next = itertools.cycle(range(len(instances)))
        self.session = session
        self.statuses: list[int] = []

    async def send(self, body: str) -> str:
        for _ in range(len(self.instances) * 20):
            instance = self.instances[next(self.next)]
            try:
                async with self.session.post(instance.url, data=body.encode(),
                                             headers=signing.signed_headers(SIGNING_SECRET, body)) as response:
                    self.statuses.append(response.status)
                    return await response.text()
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.02)
        raise AssertionError("no instance answered")


@pytest.fixture
async def instances(slack_env: FakeSlack, postgres_url: str, tmp_path: Path):
    env = {**os.environ, "DATABASE_URL": postgres_url, "HOST": "127.0.0.1", "LABTYPE_LANG": "fr"}
    started = [Instance(env, tmp_path / f"instance-{n}") for n in range(3)]
    try:
        for instance in started:  # one after the other: the first one migrates the database
            await instance.start()
        yield started
    finally:
        for instance in started:
            instance.kill()


async def test_three_instances_count_30_members_once_and_the_team_message_ends_at_30(
        slack_env: FakeSlack, instances: list[Instance], postgres_url: str, tmp_path: Path):
    fake = slack_env
    store = await open_store(tmp_path / "check", {"DATABASE_URL": postgres_url})
    try:
        await run_scenario(fake, instances, store)
    finally:
        await store.close()


async def finished_count(store, quiz_id: str) -> int:
    return sum(len(participation.answers) == QUESTIONS for participation in await store.participations(quiz_id))


async def run_scenario(fake: FakeSlack, instances: list[Instance], store) -> None:
    async with aiohttp.ClientSession() as session:
        balancer = Balancer(instances, session)

        async def click(user: str, action_id: str, value: str, message: dict | None = None) -> dict:
            rid = f"{user}-{action_id}-{value}"
            payload = signing.block_actions_payload(
                action_id, value, user_id=user, channel_id="C_TEAM", message=message, is_ephemeral=message is None,
                response_url=fake.response_url(rid))
            assert await balancer.send(signing.interactive_body(payload)) == ""
            return (await fake.await_responses(rid, timeout=30))[0].body

        async def member(n: int, team: dict, quiz_id: str) -> None:
            user = f"U_M{n:02d}"
            question = await click(user, "join", quiz_id, message=team)
            for index in range(QUESTIONS):
                assert question["text"] == f"Question {index + 1}/{QUESTIONS}", question["text"]
                option = n % 3
                question = await click(user, f"answer:{option}", f"{quiz_id}:{index}:{option}")
            assert question["text"].startswith("Votre labo ressemble le plus à : ")

        async def scenario() -> str:
            await balancer.send(signing.slash_command_body("quiz", "U_BOSS", "C_TEAM", fake.response_url("start")))
            (post,) = await fake.await_calls("chat.postMessage")
            team = post.response["message"]
            quiz_id = next(element["value"] for block in team["blocks"] if block["type"] == "actions"
                           for element in block["elements"] if element["action_id"].startswith("join"))
            members = [asyncio.create_task(member(n, team, quiz_id)) for n in range(MEMBERS)]
            finished = asyncio.gather(*members)
            while await finished_count(store, quiz_id) < MEMBERS // 3 and not finished.done():  # mid-quiz
                await asyncio.sleep(0.05)
            await instances[1].stop()  # the others carry on, then it comes back
            await instances[1].start()
            await finished
            return quiz_id

        quiz_id = await asyncio.wait_for(scenario(), SCENARIO_TIMEOUT_S)

    assert [status for status in balancer.statuses if status >= 500] == []
    updates = await settled_updates(fake)
    shown = [update["metadata"]["event_payload"]["participants"] for update in updates if update.get("metadata")]
    assert shown == sorted(shown), f"the team message went backwards: {shown}"
    assert shown[-1] == MEMBERS
    participations = await store.participations(quiz_id)
    assert len(participations) == MEMBERS
    assert all(len(participation.answers) == QUESTIONS for participation in participations)


async def settled_updates(fake: FakeSlack) -> list[dict]:
    """The chat.update calls in the order Slack received them, once none came for a second."""
    count = -1
    while count != fake.call_count("chat.update"):
        count = fake.call_count("chat.update")
        await asyncio.sleep(1.0)
    return [call.params for call in fake.calls("chat.update")]

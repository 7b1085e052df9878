"""Signed slash commands and quiz answer clicks over HTTP on loopback, 32 connections at a time,
against one or more real servers, each its own process started as production starts it
(`labtype slack --mode http`: uvicorn with httptools, on uvloop).

Scenarios: one instance on SQLite, one on PostgreSQL, three on PostgreSQL (the client spreads
requests round-robin over the three, as a load balancer would). The fake Slack Web API runs in
this process; the response_url posts come back to a receiver in the client's own loop, so a
click is timed from its POST until the app's answer to it has arrived (the next question), which
includes recording the answer.

- commands: the lookup's tuning set (but "quiz", which posts a team message), from 50 users;
  timed to the acknowledgement, which carries the answer.
- clicks: members of one team quiz joining and answering every question, each click waiting
  for the answer to the previous one (as a person does), with no pause: the servers' capacity.
  Cost per recorded answer: the servers' CPU time (user + system) over the click phase divided by
  the answers recorded, as the servers' /metrics count them.
- clicks at a person's pace: 32 members of another quiz at once, each clicking PACE_S after the
  previous answer arrived (faster than anyone reads a question and its seven options), their
  starts spread over that pause: the latency people feel in the busiest workshop.

Each phase also prints the CPU time per request of the servers and of this process (the client
and the fake Slack Web API, which share the machine's two cores with the servers and
PostgreSQL): with 32 requests always in flight and no pause between them, a request's latency is
about 32 × the time the busiest core spends per request, so these say where the latency goes.
Run it on a quiet machine (`uptime` first: a load average under 1) with
`.venv/bin/python -m bench.slack postgresql` (or `sqlite`, `postgresql-3`, none for all three).

Targets (2-core machine): commands at least 300 requests/s; p99 under 100 ms for one instance
on PostgreSQL; each server process peaking under 150 MB. Three instances cannot be faster on
two cores: that scenario shows what spreading costs, not a speed-up. The clicks without a pause
cannot meet a latency target by construction: 32 of them always in flight on one core wait
about 32 × a click's CPU time (Little's law), so that phase measures throughput and cost; the
paced phase measures latency.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from aiohttp import web

from bench.lookup import percentile
from tests.core.query_set import load_query_set
from tests.slack import signing
from tests.slack.fake_slack import FakeSlack

CONNECTIONS = 32
COMMANDS = 4000
MEMBERS = 320  # answer clicks: MEMBERS × (1 join + QUESTIONS answers)
PACED_MEMBERS = 96  # clicks at a person's pace: three rounds of 32 at once
PACE_S = 0.5  # a paced member's pause between an answer arriving and the next click
MAX_SECONDS = 40.0
WARM_UP = 200  # first requests: auth.test, each user's users.info, imports warming up
USERS = 50
SECRET = "bench-signing-secret"
SERVER = [sys.executable, "-m", "bot.cli", "slack", "--mode", "http"]  # what production runs (`labtype slack`)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def peak_memory_mb(pid: int) -> float:
    """VmHWM: the most resident memory the process ever had."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


async def wait_listening(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        return
    raise TimeoutError("the server did not start")


@dataclass
class Phase:
    latencies: list[float]
    failures: int
    wall: float

    def summary(self, unit: str) -> str:
        lat = self.latencies
        return (f"{len(lat)} {unit} ({self.failures} failed) in {self.wall:.1f} s: {len(lat) / self.wall:.0f}/s; "
                f"median {statistics.median(lat):.1f} ms, p99 {percentile(lat, 0.99):.1f} ms, max {max(lat):.1f} ms")


class Responses:
    """A response_url receiver in the client's loop: each click waits for its own answer."""

    def __init__(self) -> None:
        self.waiting: dict[str, asyncio.Future] = {}
        self.port = free_port()
        self.ids = itertools.count(1)

    async def start(self) -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/r/{rid}", self.receive)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", self.port).start()
        return runner

    async def receive(self, request: web.Request) -> web.Response:
        future = self.waiting.pop(request.match_info["rid"], None)
        if future is not None and not future.done():
            future.set_result(await request.json())
        return web.json_response({"ok": True})

    def new(self) -> tuple[str, asyncio.Future]:
        rid = str(next(self.ids))
        future = self.waiting[rid] = asyncio.get_running_loop().create_future()
        return f"http://127.0.0.1:{self.port}/r/{rid}", future


async def post(session: aiohttp.ClientSession, url: str, body: str) -> tuple[int, str]:
    """One signed POST. A pooled connection the server has just closed as idle (uvicorn's
    keep-alive timeout) is reset when reused: the request never reached the app, so it is sent
    once more on a new connection, as an HTTP client or a load balancer does."""
    for attempt in range(2):
        try:
            async with session.post(url, data=body.encode(), headers=signing.signed_headers(SECRET, body)) as response:
                return response.status, await response.text()
        except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError):
            if attempt:
                raise
    raise AssertionError("unreachable")


async def commands(urls: list[str], count: int) -> Phase:
    """`count` commands over CONNECTIONS connections, round-robin over the instances."""
    queries = [expected.query for expected in load_query_set() if expected.kind != "quiz"]  # a quiz posts, too
    bodies = itertools.cycle([signing.slash_command_body(query, user_id=f"U{n % USERS:04d}")
                              for n, query in enumerate(queries)])
    targets = itertools.cycle(urls)
    latencies: list[float] = []
    failures = 0
    to_send = iter(range(count))
    started = time.perf_counter()

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal failures
        for _ in to_send:
            if time.perf_counter() - started > MAX_SECONDS:
                break
            begin = time.perf_counter()
            status, text = await post(session, next(targets), next(bodies))
            if status == 200 and text and json.loads(text).get("blocks"):
                latencies.append((time.perf_counter() - begin) * 1000)
            else:
                failures += 1

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONNECTIONS)) as session:
        await asyncio.gather(*(worker(session) for _ in range(CONNECTIONS)))
    return Phase(latencies, failures, time.perf_counter() - started)


async def clicks(urls: list[str], fake: FakeSlack, members: int, questions: int, pause: float = 0.0) -> Phase:
    """One team quiz; `members` people join it and answer every question, CONNECTIONS at a time,
    each click `pause` seconds after the answer to the previous one (the first within `pause`)."""
    responses = Responses()
    runner = await responses.start()
    targets = itertools.cycle(urls)
    latencies: list[float] = []
    failures = 0
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONNECTIONS)) as session:
            posted = fake.call_count("chat.postMessage")
            await post(session, urls[0], signing.slash_command_body("quiz", "U_BOSS", "C_TEAM"))
            team = (await fake.await_calls("chat.postMessage", posted + 1))[posted]
            quiz_id = next(element["value"] for block in team["blocks"] if block["type"] == "actions"
                           for element in block["elements"] if element["action_id"].startswith("join"))
            people = iter(range(members))
            pauses = random.Random(members)
            started = time.perf_counter()

            async def click(user: str, action_id: str, value: str) -> bool:
                response_url, answered = responses.new()
                payload = signing.block_actions_payload(action_id, value, user_id=user, channel_id="C_TEAM",
                                                        is_ephemeral=True, response_url=response_url)
                begin = time.perf_counter()
                status, _ = await post(session, next(targets), signing.interactive_body(payload))
                try:
                    await asyncio.wait_for(answered, 10)
                except asyncio.TimeoutError:
                    return False
                latencies.append((time.perf_counter() - begin) * 1000)
                return status == 200

            async def member() -> None:
                nonlocal failures
                for n in people:
                    if time.perf_counter() - started > MAX_SECONDS:
                        break
                    user = f"U_M{n:04d}"
                    await asyncio.sleep(pauses.uniform(0, pause))
                    failures += not await click(user, "join", quiz_id)
                    for question in range(questions):
                        option = (n + question) % 3
                        await asyncio.sleep(pause)
                        failures += not await click(user, f"answer:{option}", f"{quiz_id}:{question}:{option}")

            await asyncio.gather(*(member() for _ in range(CONNECTIONS)))
            wall = time.perf_counter() - started
    finally:
        await runner.cleanup()
    return Phase(latencies, failures, wall)


async def answers_recorded(urls: list[str]) -> float:
    """The sum over the instances of labtype_quiz_answers_recorded_total."""
    total = 0.0
    async with aiohttp.ClientSession() as session:
        for url in urls:
            async with session.get(url.replace("/slack/events", "/metrics")) as response:
                for line in (await response.text()).splitlines():
                    if line.startswith("labtype_quiz_answers_recorded_total{"):
                        total += float(line.rsplit(" ", 1)[1])
    return total


@contextmanager
def database(engine: str) -> Iterator[dict[str, str]]:
    """The environment that points the servers at a fresh database of `engine`."""
    if engine == "sqlite":
        yield {}
        return
    from tests.postgres_server import PostgresServer

    server = PostgresServer().start()
    try:
        yield {"DATABASE_URL": server.create_database("bench")}
    finally:
        server.stop()


def run(engine: str, instances: int) -> None:
    from bot.core.quiz import load_quiz

    questions = len(load_quiz().questions)
    with ExitStack() as stack:
        fake = stack.enter_context(FakeSlack())
        data_dir = stack.enter_context(tempfile.TemporaryDirectory())
        database_env = stack.enter_context(database(engine))
        servers, urls = [], []
        for n in range(instances):
            port = free_port()
            env = {**os.environ, **database_env, "SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SECRET,
                   "SLACK_API_URL": fake.api_url, "HOST": "127.0.0.1", "PORT": str(port),
                   "LABTYPE_DATA_DIR": data_dir if engine == "sqlite" else f"{data_dir}/{n}", "LABTYPE_LANG": "fr"}
            env.pop("SLACK_APP_TOKEN", None)
            servers.append(subprocess.Popen(SERVER, env=env))
            urls.append(f"http://127.0.0.1:{port}/slack/events")
        try:
            for server, url in zip(servers, urls):
                asyncio.run(wait_listening(int(url.split(":")[2].split("/")[0]), server))
            asyncio.run(commands(urls, WARM_UP))
            cpu_before, client_before = sum(cpu_seconds(server.pid) for server in servers), time.process_time()
            command_phase = asyncio.run(commands(urls, COMMANDS))
            command_cpu = sum(cpu_seconds(server.pid) for server in servers) - cpu_before
            command_client_cpu = time.process_time() - client_before
            cpu_before, client_before = sum(cpu_seconds(server.pid) for server in servers), time.process_time()
            edits_before = fake.call_count("chat.update")
            click_phase = asyncio.run(clicks(urls, fake, MEMBERS, questions))
            edits = fake.call_count("chat.update") - edits_before
            cpu = sum(cpu_seconds(server.pid) for server in servers) - cpu_before
            click_client_cpu = time.process_time() - client_before
            recorded = asyncio.run(answers_recorded(urls))
            paced_phase = asyncio.run(clicks(urls, fake, PACED_MEMBERS, questions, PACE_S))
            memory = max(peak_memory_mb(server.pid) for server in servers)
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(10)
    print(f"{engine}, {instances} instance(s), {CONNECTIONS} connections")
    commands_done, clicks_done = max(len(command_phase.latencies), 1), max(len(click_phase.latencies), 1)
    print(f"  commands: {command_phase.summary('answers')}")
    print(f"    CPU per command: server {command_cpu * 1000 / commands_done:.2f} ms, "
          f"this client (and the fake Slack) {command_client_cpu * 1000 / commands_done:.2f} ms")
    print(f"  clicks (join + answers, each until its answer arrived): {click_phase.summary('clicks')}")
    print(f"    CPU per click: server {cpu * 1000 / clicks_done:.2f} ms, "
          f"this client (and the fake Slack) {click_client_cpu * 1000 / clicks_done:.2f} ms")
    print(f"  {recorded:.0f} answers recorded; server CPU {cpu * 1000 / max(recorded, 1):.2f} ms per recorded answer "
          f"(all of the click phase's work, {edits} team-message edits); peak memory {memory:.0f} MB per server")
    print(f"  clicks at a person's pace ({CONNECTIONS} members at once, {PACE_S} s between an answer and the next "
          f"click): {paced_phase.summary('clicks')}")


SCENARIOS = {"sqlite": ("sqlite", 1), "postgresql": ("postgresql", 1), "postgresql-3": ("postgresql", 3)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", metavar="|".join(SCENARIOS), help="default: all three")
    names = parser.parse_args(argv or []).scenarios or list(SCENARIOS)
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(unknown)}")
    for variable in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        os.environ.pop(variable, None)
    for name in names:
        run(*SCENARIOS[name])


if __name__ == "__main__":
    main(sys.argv[1:])

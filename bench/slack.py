"""Signed `/labtype` slash commands over HTTP on loopback, 32 connections at a time.

The server is the real one (`run_slack` in HTTP mode on uvicorn) in its own process, talking to
a fake Slack Web API in this one; the queries are the lookup's tuning set (but "quiz", which posts a team message), from 50 users.
Targets (2-core machine): at least 300 requests/s, p99 under 100 ms (Slack gives up at 3 s),
and a server process peaking under 150 MB.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from bench.lookup import percentile
from tests.core.query_set import load_query_set
from tests.slack import signing
from tests.slack.fake_slack import FakeSlack

CONNECTIONS = 32
REQUESTS = 6000
MAX_SECONDS = 30.0
WARM_UP = 200  # first requests: auth.test, each user's users.info, imports warming up
USERS = 50
SECRET = "bench-signing-secret"
SERVER = ("import asyncio, os, pathlib\n"
          "from bot.runtime import build_runtime\n"
          "from bot.slack import run_slack\n"
          "async def main():\n"
          "    await run_slack(await build_runtime(pathlib.Path(os.environ['LABTYPE_DATA_DIR'])), os.environ, 'http')\n"
          "asyncio.run(main())\n")


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


async def wait_listening(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
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


async def fire(url: str, count: int) -> tuple[list[float], int, float]:
    """`count` commands over CONNECTIONS connections: (latencies in ms, failures, wall seconds)."""
    queries = [expected.query for expected in load_query_set() if expected.kind != "quiz"]  # a quiz posts, too
    bodies = itertools.cycle([signing.slash_command_body(query, user_id=f"U{n % USERS:04d}")
                              for n, query in enumerate(queries)])
    latencies: list[float] = []
    failures = 0
    to_send = iter(range(count))
    started = time.perf_counter()

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal failures
        for _ in to_send:
            if time.perf_counter() - started > MAX_SECONDS:
                break
            body = next(bodies)
            begin = time.perf_counter()
            async with session.post(url, data=body.encode(), headers=signing.signed_headers(SECRET, body)) as response:
                answer = await response.json(content_type=None)
            if response.status == 200 and answer and answer.get("blocks"):
                latencies.append((time.perf_counter() - begin) * 1000)
            else:
                failures += 1

    connector = aiohttp.TCPConnector(limit=CONNECTIONS)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(CONNECTIONS)))
    return latencies, failures, time.perf_counter() - started


def main() -> None:
    for variable in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        os.environ.pop(variable, None)
    port = free_port()
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SECRET,
               "SLACK_API_URL": fake.api_url, "HOST": "127.0.0.1", "PORT": str(port), "LABTYPE_DATA_DIR": data_dir,
               "LABTYPE_LANG": "fr"}
        env.pop("SLACK_APP_TOKEN", None)
        server = subprocess.Popen([sys.executable, "-c", SERVER], env=env)
        try:
            url = f"http://127.0.0.1:{port}/slack/events"
            asyncio.run(wait_listening(port, server))
            asyncio.run(fire(url, WARM_UP))
            latencies, failures, wall = asyncio.run(fire(url, REQUESTS))
            memory = peak_memory_mb(server.pid)
        finally:
            server.terminate()
            server.wait(10)
    print(f"/labtype over HTTP, {CONNECTIONS} connections, {len(latencies)} answers ({failures} failed) in {wall:.1f} s: "
          f"{len(latencies) / wall:.0f} requests/s (target >= 300)")
    print(f"latency: median {statistics.median(latencies):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms, "
          f"max {max(latencies):.1f} ms (target p99 < 100 ms)")
    print(f"server peak memory (VmHWM): {memory:.0f} MB (target < 150 MB)")


if __name__ == "__main__":
    main()

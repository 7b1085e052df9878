"""Matrix command → answer latency through a local Synapse, and the homeserver's share of it.

Starts the tests' throw-away Synapse (tests/matrix/synapse_server.py) and the real bot, then a
client sends `!labtype …` commands one after another (the lookup's query set, in turn) and
times each from just before its send until the bot's reply reaches the client's long-poll
sync. For the homeserver's share: the round trip of a plain message between two clients with
no bot involved, and the bot's own send call (Synapse persisting the answer); the rest of the
bot's handling is timed too.

Target (2-core machine): median under 150 ms, p99 under 400 ms.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import nio

from bench.lookup import percentile
from bot.matrix import bot as matrix_bot
from bot.matrix.bot import MatrixBot
from bot.matrix.settings import MatrixSettings
from bot.runtime import build_runtime
from tests.core.query_set import load_query_set
from tests.matrix.synapse_server import SynapseServer

COMMANDS = 200
WARM_UP = 10


class Arrivals:
    """When each awaited event reached a client, keyed by what identifies it."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._changed = asyncio.Event()

    def record(self, key: str | None) -> None:
        if key:
            self.times[key] = time.perf_counter()
            self._changed.set()

    async def wait_for(self, key: str) -> float:
        while key not in self.times:
            self._changed.clear()
            await asyncio.wait_for(self._changed.wait(), 10)
        return self.times[key]


async def timed_round_trips(sender: nio.AsyncClient, room_id: str, bodies: list[str], arrivals: Arrivals) -> list[float]:
    """Milliseconds from sending each body until `arrivals` has the event answering it."""
    latencies = []
    for body in bodies:
        start = time.perf_counter()
        sent = await sender.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": body})
        assert isinstance(sent, nio.RoomSendResponse), sent
        latencies.append((await arrivals.wait_for(sent.event_id) - start) * 1000)
    return latencies


async def client(server: SynapseServer, name: str) -> nio.AsyncClient:
    user = server.register_user(f"{name}_{secrets.token_hex(3)}", secrets.token_hex(8))
    person = nio.AsyncClient(server.base_url, user.user_id)
    person.restore_login(user.user_id, user.device_id, user.access_token)
    await person.sync(timeout=0)
    return person


def listen(person: nio.AsyncClient, key: Callable[[nio.RoomMessage], str | None]) -> tuple[Arrivals, asyncio.Task]:
    arrivals = Arrivals()

    async def on_message(room: nio.MatrixRoom, event: nio.RoomMessage) -> None:
        arrivals.record(key(event))

    person.add_event_callback(on_message, (nio.RoomMessageText, nio.RoomMessageNotice))
    return arrivals, asyncio.create_task(person.sync_forever(timeout=30_000))


async def joined(person: nio.AsyncClient, room_id: str, user_id: str) -> None:
    while user_id not in person.rooms.get(room_id, nio.MatrixRoom(room_id, "")).users:
        await person.sync(timeout=1000)


async def measure(server: SynapseServer, data_dir: Path) -> dict[str, list[float]]:
    bot_user = server.register_user(f"labtype_{secrets.token_hex(3)}", secrets.token_hex(8), inhibit_login=True)
    settings = MatrixSettings.from_env({"MATRIX_HOMESERVER": server.base_url, "MATRIX_USER_ID": bot_user.user_id,
                                        "MATRIX_PASSWORD": bot_user.password})
    data_dir.mkdir()
    runtime = await build_runtime(data_dir)
    bot = MatrixBot(runtime, settings)
    sends = time_calls(bot.commands.outbox, "send")
    handlings = time_calls(matrix_bot, "run_command")
    alice, bob = await client(server, "alice"), await client(server, "bob")
    bot_task = asyncio.create_task(bot.run())
    tasks: list[asyncio.Task] = []
    try:
        await bot.ready.wait()
        with_bot = (await alice.room_create(invite=[bot_user.user_id])).room_id
        without_bot = (await alice.room_create(invite=[bob.user_id])).room_id
        await bob.join(without_bot)
        await joined(alice, with_bot, bot_user.user_id)
        await joined(alice, without_bot, bob.user_id)

        replies, alice_sync = listen(alice, lambda e: (e.source["content"].get("m.relates_to", {})
                                                         .get("m.in_reply_to", {}).get("event_id")))
        pings, bob_sync = listen(bob, lambda e: e.event_id)
        tasks += [alice_sync, bob_sync]
        queries = [q.query for q in load_query_set() if q.kind != "quiz"]
        commands = [f"!labtype {queries[i % len(queries)]}" for i in range(WARM_UP + COMMANDS)]
        await timed_round_trips(alice, with_bot, commands[:WARM_UP], replies)
        sends.clear()
        handlings.clear()
        return {
            "command": await timed_round_trips(alice, with_bot, commands[WARM_UP:], replies),
            "bot_send": list(sends),
            "bot_work": [handling - send for handling, send in zip(handlings, sends, strict=True)],
            "plain": await timed_round_trips(alice, without_bot, [f"ping {n}" for n in range(COMMANDS)], pings),
        }
    finally:
        for task in (*tasks, bot_task):
            task.cancel()
        await asyncio.gather(*tasks, bot_task, return_exceptions=True)
        await alice.close()
        await bob.close()
        await runtime.store.close()


def time_calls(target: object, name: str) -> list[float]:
    """Record how long each call of `target.name` (a coroutine method) takes, in ms."""
    durations: list[float] = []
    call: Callable[..., Awaitable] = getattr(target, name)

    async def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return await call(*args, **kwargs)
        finally:
            durations.append((time.perf_counter() - start) * 1000)

    setattr(target, name, timed)
    return durations


def line(label: str, values: list[float]) -> str:
    return (f"{label}, {len(values)}: median {statistics.median(values):.1f} ms, "
            f"p99 {percentile(values, 0.99):.1f} ms, max {max(values):.1f} ms")


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="labtype-bench-matrix-") as tmp:
        server = SynapseServer(Path(tmp) / "synapse")
        server.start()
        try:
            figures = asyncio.run(measure(server, Path(tmp) / "bot"))
        finally:
            server.stop()
    print(line("command → answer through Synapse", figures["command"]) + " (target: median < 150 ms, p99 < 400 ms)")
    print(line("  homeserver alone: a plain message between two clients, no bot", figures["plain"]))
    print(line("  the bot's send call (Synapse persisting the answer)", figures["bot_send"]))
    print(line("  the bot's own work (handling a command, minus its send call)", figures["bot_work"]))


if __name__ == "__main__":
    main()

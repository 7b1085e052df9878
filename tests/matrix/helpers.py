"""Test doubles with real parts: a `Human` is a matrix-nio client acting like a person in
Element; a `BotRunner` runs the real labtype bot against the test Synapse. Plus what a quiz
participant looks for in the thread (`start_quiz`, `next_poll`, `results`, `profiles`), and the
bot's invitation to a private room (`accept_invitation`)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import nio
from aiohttp import web

from bot.core.quiz import canonical_option, shown_number
from bot.matrix.bot import MatrixBot
from bot.matrix.settings import MatrixSettings
from bot.runtime import Runtime, build_runtime
from bot.teamquiz import option_seed

ENCRYPTION = {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}
POLL_START = "org.matrix.msc3381.poll.start"
QUIZ_RESULT = "org.labtype.quiz_result"
TEAM_PROFILE = "org.labtype.team_profile"


def relation(event: dict) -> dict:
    return event.get("content", {}).get("m.relates_to") or {}


def replied_to(event: dict) -> str | None:
    return (relation(event).get("m.in_reply_to") or {}).get("event_id")


def thread_of(event: dict) -> str | None:
    rel = relation(event)
    return rel.get("event_id") if rel.get("rel_type") == "m.thread" else None


class Human:
    """Sends messages, reactions and poll votes the way Element does, and records every room
    event it receives (decrypted), as the event dicts a client sees."""

    def __init__(self, client: nio.AsyncClient) -> None:
        self.client = client
        self.user_id = client.user_id
        self.events: list[dict] = []
        self.sync_filter: dict | None = None  # e.g. a long timeline, for one who watches a busy room
        client.add_event_callback(self._record, nio.Event)

    async def _record(self, room: nio.MatrixRoom, event: nio.Event) -> None:
        self.events.append({**event.source, "room_id": room.room_id})

    # -- acting -----------------------------------------------------------------------------------

    async def send(self, room_id: str, body: str, *, thread: str | None = None, reply_to: str | None = None,
                   edit_of: str | None = None) -> str:
        content: dict[str, Any] = {"msgtype": "m.text", "body": body}
        if thread:
            content["m.relates_to"] = {"rel_type": "m.thread", "event_id": thread, "is_falling_back": reply_to is None,
                                       "m.in_reply_to": {"event_id": reply_to or self.latest_in_thread(thread)}}
        elif reply_to:
            content["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
        elif edit_of:
            content = {"msgtype": "m.text", "body": f"* {body}", "m.new_content": content,
                       "m.relates_to": {"rel_type": "m.replace", "event_id": edit_of}}
        return await self._send(room_id, "m.room.message", content)

    async def react(self, room_id: str, target: str, key: str) -> str:
        return await self._send(room_id, "m.reaction",
                                {"m.relates_to": {"rel_type": "m.annotation", "event_id": target, "key": key}})

    async def vote(self, room_id: str, poll_id: str, answer_id: str, *, form: str = "unstable") -> str:
        """A poll vote as Element sends it (`unstable`), or in a stable form: `stable`
        (js-sdk's stable names) or `v2` (the current MSC3381 text, `m.selections`)."""
        reference = {"rel_type": "m.reference", "event_id": poll_id}
        event_type, content = {
            "unstable": ("org.matrix.msc3381.poll.response",
                         {"org.matrix.msc3381.poll.response": {"answers": [answer_id]}}),
            "stable": ("m.poll.response", {"m.poll.response": {"answers": [answer_id]}}),
            "v2": ("m.poll.response", {"m.selections": [answer_id]}),
        }[form]
        return await self._send(room_id, event_type, {**content, "m.relates_to": reference})

    async def _send(self, room_id: str, event_type: str, content: dict) -> str:
        if self.client.should_query_keys:
            await self.client.keys_query()
        response = await self.client.room_send(room_id, event_type, content, ignore_unverified_devices=True)
        assert isinstance(response, nio.RoomSendResponse), response
        return response.event_id

    async def create_room(self, *invite: str, encrypted: bool = False, wait: bool = True) -> str:
        """A room with these users invited; returns once they have joined (unless not `wait`)."""
        response = await self.client.room_create(invite=list(invite), initial_state=[ENCRYPTION] if encrypted else [])
        assert isinstance(response, nio.RoomCreateResponse), response
        await self.wait(lambda: not wait or all(self.membership(response.room_id, user) == "join" for user in invite))
        return response.room_id

    async def invite(self, room_id: str, user_id: str) -> None:
        assert isinstance(await self.client.room_invite(room_id, user_id), nio.RoomInviteResponse)
        await self.wait(lambda: self.membership(room_id, user_id) == "join")

    # -- observing --------------------------------------------------------------------------------

    async def wait(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Sync (long-polling, so it wakes as soon as events arrive) until `predicate()` is truthy."""
        deadline = time.monotonic() + timeout
        while not (value := predicate()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.user_id}: condition not met within {timeout} s")
            response = await self.client.sync(timeout=1000, sync_filter=self.sync_filter)
            assert isinstance(response, nio.SyncResponse), response
        return value

    async def settle(self, seconds: float = 0.5) -> None:
        """Keep syncing for a while, to see that nothing (more) arrives."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            await self.client.sync(timeout=max(1, int(left * 1000)), sync_filter=self.sync_filter)

    def membership(self, room_id: str, user_id: str) -> str | None:
        members = [e for e in self.events if e["room_id"] == room_id and e.get("type") == "m.room.member"
                   and e.get("state_key") == user_id]
        return members[-1]["content"].get("membership") if members else None

    def from_user(self, user_id: str | None, room_id: str | None = None) -> list[dict]:
        """Events sent by `user_id` (by anyone but this human when None)."""
        return [e for e in self.events if (e.get("sender") == user_id if user_id else e.get("sender") != self.user_id)
                and (room_id is None or e["room_id"] == room_id)]

    def replies(self, user_id: str | None, event_id: str) -> list[dict]:
        """`user_id`'s events replying to `event_id` (as a reply, or a thread fallback to it)."""
        return [e for e in self.from_user(user_id) if replied_to(e) == event_id]

    def latest_in_thread(self, root: str) -> str:
        in_thread = [e["event_id"] for e in self.events if thread_of(e) == root]
        return in_thread[-1] if in_thread else root

    def polls(self, user_id: str, room_id: str, *, mentioning: str | None = None) -> list[dict]:
        return [e for e in self.from_user(user_id, room_id) if e.get("type") == POLL_START
                and (mentioning is None or e["content"]["m.mentions"].get("user_ids") == [mentioning])]


# -- the quiz in a thread, as a participant sees it --------------------------------------------


async def alice_and_bob(human: Callable[..., Any], bot_id: str, encrypted: bool = False) -> tuple[Human, Human, str]:
    """Alice and Bob (`human` is the fixture) in a room Alice made with the bot, encrypted if asked."""
    alice, bob = await human("alice", encryption=encrypted), await human("bob", encryption=encrypted)
    room = await alice.create_room(bot_id, encrypted=encrypted)
    await alice.client.room_invite(room, bob.user_id)
    await bob.client.join(room)
    return alice, bob, room


async def start_quiz(person: Human, bot_id: str, room: str) -> tuple[str, dict]:
    """`!labtype quiz` → (the thread root, the starter's first poll)."""
    await person.send(room, "!labtype quiz")
    (root,) = await person.wait(lambda: [e for e in person.from_user(bot_id, room)
                                         if "lance le quiz" in e["content"].get("body", "")])
    (poll,) = await person.wait(lambda: person.polls(bot_id, room, mentioning=person.user_id))
    return root["event_id"], poll


async def next_poll(person: Human, bot_id: str, room: str, count: int) -> dict:
    """Wait for `person`'s `count`-th poll and return it."""
    polls = await person.wait(lambda: len(person.polls(bot_id, room, mentioning=person.user_id)) >= count and
                              person.polls(bot_id, room, mentioning=person.user_id))
    assert len(polls) == count, "one poll per question, no duplicates"
    return polls[-1]


async def accept_invitation(person: Human, bot_id: str, known: tuple[str, ...] = ()) -> str:
    """Wait for the bot's invitation to a direct chat (not one of `known`), accept it, return the room."""
    room_id = await person.wait(lambda: next((r for r, room in person.client.invited_rooms.items()
                                              if room.inviter == bot_id and r not in known), None))
    assert isinstance(await person.client.join(room_id), nio.JoinResponse)
    await person.wait(lambda: room_id in person.client.rooms)
    return room_id


async def shown(bot: BotRunner, root: str, user_id: str, index: int, option: int) -> int:
    """The number under which `user_id` sees the canonical `option` (0-based) of question `index`
    (0-based) in the quiz of thread `root`: options are shuffled per participant."""
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)
    return shown_number(bot.runtime.engine.quiz.questions[index], option_seed(quiz_id, user_id), option)


async def canonical(bot: BotRunner, root: str, user_id: str, index: int, number: int) -> int:
    """The canonical option `user_id` chose by answering `number` to question `index`."""
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)
    return canonical_option(bot.runtime.engine.quiz.questions[index], option_seed(quiz_id, user_id), number)


def results(person: Human, bot_id: str, room: str) -> list[dict]:
    return [e for e in person.from_user(bot_id, room) if QUIZ_RESULT in e.get("content", {})]


def profiles(person: Human, bot_id: str, room: str) -> list[dict]:
    return [e for e in person.from_user(bot_id, room) if TEAM_PROFILE in e.get("content", {})]


@dataclasses.dataclass
class BotRunner:
    """The real bot (`MatrixBot`, which `run_matrix` runs) as a task, on its data dir."""

    settings: MatrixSettings
    data_dir: Path
    runtime: Runtime | None = None
    bot: MatrixBot | None = None
    task: asyncio.Task | None = None

    @property
    def user_id(self) -> str:
        return self.settings.user_id

    async def start(self, ready_timeout: float = 15.0) -> BotRunner:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.runtime = await build_runtime(self.data_dir)
        self.bot = MatrixBot(self.runtime, self.settings)
        self.task = asyncio.create_task(self.bot.run())
        ready = asyncio.create_task(self.bot.ready.wait())
        await asyncio.wait({ready, self.task}, timeout=ready_timeout, return_when=asyncio.FIRST_COMPLETED)
        if self.task.done():
            failed, self.task = self.task, None
            failed.result()  # raises the bot's error
        assert ready.done(), "the bot did not finish its first sync"
        return self

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None
        if self.runtime is not None:
            await self.runtime.store.close()
            self.runtime = None


def bot_settings(homeserver: str, user_id: str, password: str, **env: str) -> MatrixSettings:
    """Settings as `run_matrix` reads them from the environment, with a short back-off."""
    settings = MatrixSettings.from_env({"MATRIX_HOMESERVER": homeserver, "MATRIX_USER_ID": user_id,
                                        "MATRIX_PASSWORD": password, **env})
    return dataclasses.replace(settings, max_backoff=1.0)


class GatewayProxy:
    """A reverse proxy in front of Synapse, as nginx would be: 502 Bad Gateway (an HTML page)
    while Synapse is away. With `fail_sends`, the next event sends reach Synapse but their
    answer is lost: a 502 instead (the proxy timed out, say)."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.bad_gateways = 0
        self.fail_sends = 0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.url = ""

    async def start(self) -> GatewayProxy:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)  # long-polls may be in flight
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("authorization", "content-type")}
        try:
            async with self._session.request(request.method, self.upstream + request.path_qs, headers=headers,
                                             data=await request.read()) as upstream:
                body = await upstream.read()
        except aiohttp.ClientError:
            return self._bad_gateway()
        if self.fail_sends and request.method == "PUT" and "/send/" in request.path:
            self.fail_sends -= 1  # the event was sent, but its sender never learns it
            return self._bad_gateway()
        return web.Response(status=upstream.status, body=body, content_type=upstream.content_type or "application/json")

    def _bad_gateway(self) -> web.Response:
        self.bad_gateways += 1
        return web.Response(status=502, text="<html><body>502 Bad Gateway</body></html>", content_type="text/html")

"""Private rooms for anonymous quizzes: each member answers in a direct chat with the bot.

In a named quiz everything happens in the quiz's thread. In an anonymous one the thread would
show who answered what (a poll is addressed to its member, and votes are room events anyone can
read), so each member's questions, votes and result go to a direct chat between them and the bot,
made as Element makes one: `createRoom` with `is_direct` (the invite carries the flag, so the
member's client files the room under People), preset `trusted_private_chat`, encrypted from its
first event (`m.room.encryption` in the initial state), and listed in the bot's own `m.direct`
account data. The room is kept in the store (one scope per bot account: two bots sharing a
database keep their own rooms) and reused for the member's later quizzes; a member who left it,
or declined the invitation, gets a new one next time.

Nothing is sent there before the member joins: Element shows an invited member the invitation
only, and a room key shared before their devices are tracked would not reach them. So the
question waiting for them is asked when their join arrives (`bot.matrix.quiz.private`), in
order, like any event, after a restart too. Which quiz a private room serves is stored as well:
the member's latest anonymous quiz (polls say their own quiz, so an older poll still answers
its own).
"""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

from nio import AsyncClient, DirectRoomsResponse, RoomCreateResponse, RoomGetStateEventResponse, RoomPreset

from bot.matrix.outbox import SendFailed
from bot.store import Store

log = logging.getLogger(__name__)

MEMBER_ROOMS = "matrix.private_room"  # setting scope (+ ":" + the bot's user id): member id → room id
ROOM_QUIZ = "matrix.private_quiz"  # setting scope: private room id → id of the quiz answered there
ENCRYPTION = {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}


class PrivateRooms:
    def __init__(self, client: AsyncClient, store: Store, bot_user_id: str) -> None:
        self.client = client
        self.store = store
        self.scope = f"{MEMBER_ROOMS}:{bot_user_id}"

    async def open(self, member: str, quiz_id: str) -> tuple[str, bool]:
        """The member's private room, made (and the member invited) unless they are in it or
        invited to it already, now serving `quiz_id`; and whether they have joined it."""
        room_id = await self.room_of(member)
        membership = await self._membership(room_id, member) if room_id else None
        if membership not in ("join", "invite"):
            room_id = await self._create(member)
        await self.store.set_setting(ROOM_QUIZ, room_id, quiz_id)
        return room_id, membership == "join"

    async def room_of(self, member: str) -> str | None:
        return await self.store.get_setting(self.scope, member)

    async def quiz_in(self, room_id: str, member: str) -> str | None:
        """The quiz `member` answers in `room_id`, when that room is their private room."""
        if await self.room_of(member) != room_id:
            return None
        return await self.store.get_setting(ROOM_QUIZ, room_id)

    async def _membership(self, room_id: str, member: str) -> str | None:
        """As the homeserver has it now (nio's room list may not have synced a new room yet)."""
        state = await self.client.room_get_state_event(room_id, "m.room.member", member)
        return state.content.get("membership") if isinstance(state, RoomGetStateEventResponse) else None

    async def _create(self, member: str) -> str:
        created = await self.client.room_create(is_direct=True, preset=RoomPreset.trusted_private_chat,
                                                invite=[member], initial_state=[ENCRYPTION])
        if not isinstance(created, RoomCreateResponse):
            raise SendFailed(f"private room for {member}: {created}")
        await self.store.set_setting(self.scope, member, created.room_id)
        await self._list_as_direct(member, created.room_id)
        log.info("private room %s made for %s", created.room_id, member)
        return created.room_id

    async def _list_as_direct(self, member: str, room_id: str) -> None:
        """Add the room to the bot's `m.direct` (what Element reads to list direct chats). Left
        as it was when it cannot be read: overwriting it would lose the other members' rooms."""
        listed = await self.client.list_direct_rooms()
        if isinstance(listed, DirectRoomsResponse):
            rooms = {user: list(ids) for user, ids in listed.rooms.items()}
        elif getattr(listed, "status_code", None) == "M_NOT_FOUND":  # no direct chat yet
            rooms = {}
        else:
            log.warning("could not read m.direct to list %s: %s", room_id, listed)
            return
        rooms[member] = [*(r for r in rooms.get(member, []) if r != room_id), room_id]
        path = f"/_matrix/client/v3/user/{quote(self.client.user_id)}/account_data/m.direct"
        response = await self.client.send("PUT", path, json.dumps(rooms),
                                          headers={"Authorization": f"Bearer {self.client.access_token}",
                                                   "Content-Type": "application/json"})
        response.release()
        if response.status != 200:
            log.warning("could not list %s in m.direct: HTTP %s", room_id, response.status)

"""Sending events and files, the one place that talks to nio's `room_send` and `upload`.

Every send made while handling an event carries a transaction id derived from that event and
the send's rank (`labtype.<event id>.<n>`). `PUT /rooms/{room}/send/{type}/{txnId}` is
idempotent per device: when a restart replays an event whose answers were already sent (the
bot was killed before saving its sync position), the homeserver returns the event ids it
stored the first time instead of posting the answers again.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import hashlib
import io
import itertools
import logging
from collections.abc import Iterator
from uuid import uuid4

from nio import AsyncClient, RoomSendResponse, UploadResponse

from bot.matrix.render import Content, Upload

log = logging.getLogger(__name__)

GATEWAY_ERRORS = (502, 503, 504)  # what a reverse proxy answers while the homeserver is away


class SendFailed(Exception):
    """The homeserver refused an event."""


_TRIGGER: contextvars.ContextVar[tuple[str, itertools.count] | None] = contextvars.ContextVar("trigger", default=None)


@contextlib.contextmanager
def handling(event_id: str) -> Iterator[None]:
    """The sends made in this block answer `event_id`: their transaction ids derive from it."""
    token = _TRIGGER.set((event_id, itertools.count()))
    try:
        yield
    finally:
        _TRIGGER.reset(token)


def transaction_id() -> str:
    """The next send's transaction id: derived from the event being handled, else random."""
    trigger = _TRIGGER.get()
    if trigger is None:
        return str(uuid4())
    event_id, rank = trigger
    return f"labtype.{hashlib.sha256(event_id.encode()).hexdigest()[:32]}.{next(rank)}"


class Outbox:
    def __init__(self, client: AsyncClient, max_backoff: float) -> None:
        self.client = client
        self.max_backoff = max_backoff

    async def send(self, room_id: str, content: Content, event_type: str = "m.room.message") -> str:
        """Send (encrypted when the room is) and return the event id.

        nio retries connection errors itself; a gateway error (the homeserver behind its proxy
        is restarting) is retried here, with back-off, under the same transaction id so that a
        send which did arrive is not posted twice. `ignore_unverified_devices`: the bot shares
        public typology content, so it encrypts to every device in the room, verified or not,
        rather than refuse to answer."""
        transaction, delay = transaction_id(), 0.0
        room = self.client.rooms.get(room_id)
        if room and room.encrypted and self.client.should_query_keys:
            await self.client.keys_query()  # a member who has just joined: their devices get the room key
        while True:
            response = await self.client.room_send(room_id, event_type, content, tx_id=transaction,
                                                   ignore_unverified_devices=True)
            if isinstance(response, RoomSendResponse):
                return response.event_id
            if getattr(response.transport_response, "status", None) not in GATEWAY_ERRORS:
                raise SendFailed(f"{event_type} to {room_id}: {response}")
            delay = min(self.max_backoff, delay * 2 or 0.5)
            log.warning("sending to %s failed (%s); retrying in %.1f s", room_id, response, delay)
            await asyncio.sleep(delay)

    async def upload(self, room_id: str, data: bytes, mimetype: str, filename: str) -> Upload:
        """Put `data` in the homeserver's media repository, encrypted (AES-CTR, the keys then go in
        the event's `file`) when the room is encrypted, so that the file is as private as the room."""
        room = self.client.rooms.get(room_id)
        encrypt = bool(room and room.encrypted)
        response, keys = await self.client.upload(io.BytesIO(data), content_type=mimetype, filename=filename,
                                                  encrypt=encrypt, filesize=len(data))
        if not isinstance(response, UploadResponse):
            raise SendFailed(f"upload of {filename} for {room_id}: {response}")
        return Upload(response.content_uri, mimetype, filename, len(data), keys if encrypt else None)

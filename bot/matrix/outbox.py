"""Sending events, the one place that talks to nio's `room_send`."""

from __future__ import annotations

import asyncio
import logging
from uuid import uuid4

from nio import AsyncClient, RoomSendResponse

from bot.matrix.render import Content

log = logging.getLogger(__name__)

GATEWAY_ERRORS = (502, 503, 504)  # what a reverse proxy answers while the homeserver is away


class SendFailed(Exception):
    """The homeserver refused an event."""


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
        transaction, delay = str(uuid4()), 0.0
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

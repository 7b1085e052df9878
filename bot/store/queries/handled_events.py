"""The marks of the platform events already handled, which make their handling idempotent."""

from __future__ import annotations

import time

from sqlalchemy import bindparam, select

from bot.store.errors import AlreadyHandled
from bot.store.queries.base import Queries, per_engine
from bot.store.schema import handled_events


MARK_HANDLED = per_engine(lambda insert: insert(handled_events).values(
    event_id=bindparam("event_id"), handled=bindparam("now")).on_conflict_do_nothing(index_elements=["event_id"]))


class HandledEventQueries(Queries):
    async def mark_handled(self, event_id: str) -> None:
        """Record `event_id` as handled in this transaction; AlreadyHandled if it was before."""
        result = await self.connection.execute(MARK_HANDLED[self.engine_name], {"event_id": event_id, "now": time.time()})
        if result.rowcount != 1:
            raise AlreadyHandled(event_id)

    async def was_handled(self, event_id: str) -> bool:
        query = select(handled_events.c.event_id).where(handled_events.c.event_id == event_id)
        return (await self.connection.execute(query)).first() is not None

"""The team message's edits: one instance at a time holds a quiz's edit lease, and edits in
order, so the message never goes backwards."""

from __future__ import annotations

import time

from sqlalchemy import bindparam, or_, select, update

from bot.store.queries.base import Queries
from bot.store.schema import quizzes


LEASE = select(quizzes.c.editor_until).where(quizzes.c.id == bindparam("quiz_key"))


class TeamEditQueries(Queries):
    async def team_edit_held(self, quiz_id: str) -> bool:
        """Whether an instance holds the quiz's edit lease now (a read: it locks nothing)."""
        until = (await self.connection.execute(LEASE, {"quiz_key": quiz_id})).scalar()
        return until is not None and until >= time.time()

    async def claim_team_edit(self, quiz_id: str, lease_s: float) -> bool:
        """Take the quiz's edit lease unless another instance holds one that has not run out."""
        now = time.time()
        result = await self.connection.execute(
            update(quizzes).where(quizzes.c.id == quiz_id,
                                  or_(quizzes.c.editor_until.is_(None), quizzes.c.editor_until < now))
            .values(editor_until=now + lease_s))
        return result.rowcount == 1

    async def end_team_edit(self, quiz_id: str, version: int, shown: bool, lease_s: float) -> bool:
        """After an edit built from `version` (`shown`: Slack took it): let go of the lease if
        the quiz is still at `version` and return True; else keep it (renewed) and return False,
        for the holder to edit again."""
        if shown:
            await self.connection.execute(update(quizzes).where(quizzes.c.id == quiz_id, quizzes.c.shown_version < version)
                                          .values(shown_version=version))
        released = await self.connection.execute(
            update(quizzes).where(quizzes.c.id == quiz_id, quizzes.c.version == version).values(editor_until=None))
        if released.rowcount == 1:
            return True
        await self.connection.execute(update(quizzes).where(quizzes.c.id == quiz_id)
                                      .values(editor_until=time.time() + lease_s))
        return False

    async def drop_team_edit(self, quiz_id: str) -> None:
        await self.connection.execute(update(quizzes).where(quizzes.c.id == quiz_id).values(editor_until=None))

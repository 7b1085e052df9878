"""Retention: what has been inactive for too long goes (`LABTYPE_RETENTION_DAYS`)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import delete, exists, select

from bot.store.queries.quizzes import QuizQueries
from bot.store.schema import handled_events, participations, quizzes, slack_oauth_states


class RetentionQueries(QuizQueries):
    async def purge(self, before: float) -> int:
        """Delete the quizzes (closed or left open) inactive since `before`, with their members'
        answers, and the handled-event marks older than that; returns how many quizzes went."""
        stale = [row.id for row in await self.connection.execute(_inactive_since(before))]
        await self._delete_quizzes(stale)
        await self.connection.execute(delete(handled_events).where(handled_events.c.handled < before))
        now_utc = datetime.now(timezone.utc).replace(tzinfo=None)  # slack_sdk writes naive UTC times
        await self.connection.execute(delete(slack_oauth_states).where(slack_oauth_states.c.expire_at < now_utc))
        return len(stale)


def _inactive_since(before: float):
    """Quizzes with no activity since `before`: created before it, and no member's change since."""
    recent = select(participations.c.quiz_id).where(participations.c.quiz_id == quizzes.c.id,
                                                    participations.c.updated >= before)
    return select(quizzes.c.id).where(quizzes.c.created < before, ~exists(recent))

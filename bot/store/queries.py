"""The store's queries, run inside one transaction (`Transaction`), the same text on both engines.

Each read-modify-write reads with FOR UPDATE (PostgreSQL row lock; on SQLite the transaction
already holds the write lock since BEGIN IMMEDIATE), so concurrent writers queue instead of
overwriting each other. Every change the team message shows bumps the quiz's `version`.
"""

from __future__ import annotations

import json
import time

from sqlalchemy import Row, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.errors import AlreadyHandled, StaleAnswer
from bot.store.models import Participation, TeamQuiz
from bot.store.schema import handled_events, participations, quizzes, settings

QUIZ_COLUMNS = (quizzes.c.id, quizzes.c.platform, quizzes.c.channel, quizzes.c.starter, quizzes.c.lang,
                quizzes.c.anonymous, quizzes.c.closed, quizzes.c.meta, quizzes.c.version)
PARTICIPATION_COLUMNS = (participations.c.quiz_id, participations.c.participant, participations.c.name,
                         participations.c.answers)


class Transaction:
    """One transaction's worth of store operations; obtained from `Store.transaction()`."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self._insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert

    # -- handled events -----------------------------------------------------------------------------

    async def mark_handled(self, event_id: str) -> None:
        """Record `event_id` as handled in this transaction; AlreadyHandled if it was before."""
        statement = self._insert(handled_events).values(event_id=event_id, handled=time.time())
        result = await self.connection.execute(statement.on_conflict_do_nothing(index_elements=["event_id"]))
        if result.rowcount != 1:
            raise AlreadyHandled(event_id)

    async def was_handled(self, event_id: str) -> bool:
        query = select(handled_events.c.event_id).where(handled_events.c.event_id == event_id)
        return (await self.connection.execute(query)).first() is not None

    # -- quizzes ------------------------------------------------------------------------------------

    async def create_quiz(self, quiz: TeamQuiz) -> None:
        await self.connection.execute(quizzes.insert().values(
            id=quiz.id, platform=quiz.platform, channel=quiz.channel, starter=quiz.starter, lang=quiz.lang,
            anonymous=quiz.anonymous, closed=quiz.closed, created=time.time(), meta=json.dumps(quiz.meta),
            version=quiz.version))

    async def get_quiz(self, quiz_id: str, for_update: bool = False) -> TeamQuiz | None:
        query = select(*QUIZ_COLUMNS).where(quizzes.c.id == quiz_id)
        row = (await self.connection.execute(query.with_for_update() if for_update else query)).first()
        return _quiz(row) if row else None

    async def close_quiz(self, quiz_id: str) -> TeamQuiz | None:
        """Close the quiz (a new version); None if there is no such quiz."""
        row = (await self.connection.execute(
            update(quizzes).where(quizzes.c.id == quiz_id)
            .values(closed=True, version=quizzes.c.version + 1).returning(*QUIZ_COLUMNS))).first()
        return _quiz(row) if row else None

    async def update_meta(self, quiz_id: str, **meta: object) -> TeamQuiz:
        """Merge `meta` into the quiz's platform references (not a new version: not shown)."""
        current = await self.get_quiz(quiz_id, for_update=True)
        if current is None:
            raise KeyError(quiz_id)
        merged = {**current.meta, **meta}
        await self.connection.execute(update(quizzes).where(quizzes.c.id == quiz_id).values(meta=json.dumps(merged)))
        return TeamQuiz(**{**current.__dict__, "meta": merged})

    # -- participations -----------------------------------------------------------------------------

    async def get_participation(self, quiz_id: str, participant: str, for_update: bool = False) -> Participation | None:
        query = select(*PARTICIPATION_COLUMNS).where(participations.c.quiz_id == quiz_id,
                                                     participations.c.participant == participant)
        row = (await self.connection.execute(query.with_for_update() if for_update else query)).first()
        return _participation(row) if row else None

    async def participations(self, quiz_id: str) -> list[Participation]:
        """Every member of the quiz, in the order they joined."""
        query = (select(*PARTICIPATION_COLUMNS).where(participations.c.quiz_id == quiz_id)
                 .order_by(participations.c.joined, participations.c.participant))
        return [_participation(row) for row in await self.connection.execute(query)]

    async def join(self, quiz_id: str, participant: str, name: str) -> Participation:
        """Add the member (or update their display name) and keep their answers."""
        now = time.time()
        statement = self._insert(participations).values(
            quiz_id=quiz_id, participant=participant, name=name, answers="[]", updated=now, joined=now)
        statement = statement.on_conflict_do_update(index_elements=["quiz_id", "participant"],
                                                    set_={"name": statement.excluded.name})
        await self.connection.execute(statement)
        await self._bump(quiz_id)
        joined = await self.get_participation(quiz_id, participant)
        assert joined is not None
        return joined

    async def record_answer(self, quiz_id: str, participant: str, question_index: int, option: int) -> Participation:
        """Append `option` as the answer to question `question_index`, which must be the next one."""
        current = await self.get_participation(quiz_id, participant, for_update=True)
        if current is None or question_index != len(current.answers):
            raise StaleAnswer(question_index)
        return await self.write_answers(current, (*current.answers, option))

    async def drop_last_answer(self, quiz_id: str, participant: str, shown: int | None = None) -> Participation:
        """Undo the last answer; with `shown` (the index of the question on the participant's
        screen), only if that question is still the current one, so a double "back" undoes one."""
        current = await self.get_participation(quiz_id, participant, for_update=True)
        if current is None or (shown is not None and shown != len(current.answers)):
            raise StaleAnswer(shown)
        return await self.write_answers(current, current.answers[:-1])

    # -- settings -----------------------------------------------------------------------------------

    async def get_setting(self, scope: str, key: str) -> str | None:
        query = select(settings.c.value).where(settings.c.scope == scope, settings.c.key == key)
        return (await self.connection.execute(query)).scalar()

    async def set_setting(self, scope: str, key: str, value: str) -> None:
        statement = self._insert(settings).values(scope=scope, key=key, value=value)
        await self.connection.execute(statement.on_conflict_do_update(
            index_elements=["scope", "key"], set_={"value": statement.excluded.value}))

    # -- internals ----------------------------------------------------------------------------------

    async def write_answers(self, current: Participation, answers: tuple[int, ...]) -> Participation:
        """Replace the answers of `current`, read FOR UPDATE in this transaction."""
        await self.connection.execute(
            update(participations)
            .where(participations.c.quiz_id == current.quiz_id, participations.c.participant == current.participant)
            .values(answers=json.dumps(list(answers)), updated=time.time()))
        await self._bump(current.quiz_id)
        return Participation(current.quiz_id, current.participant, current.name, answers)

    async def _bump(self, quiz_id: str) -> None:
        await self.connection.execute(update(quizzes).where(quizzes.c.id == quiz_id)
                                      .values(version=quizzes.c.version + 1))


def _quiz(row: Row) -> TeamQuiz:
    return TeamQuiz(row.id, row.platform, row.channel, row.starter, row.lang, bool(row.anonymous), bool(row.closed),
                    json.loads(row.meta), row.version)


def _participation(row: Row) -> Participation:
    return Participation(row.quiz_id, row.participant, row.name, tuple(json.loads(row.answers)))



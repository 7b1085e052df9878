"""The members of a quiz and their answers (today's, and those for the lab in two years).
Each read-modify-write reads the member's row FOR UPDATE."""

from __future__ import annotations

import json
import time

from sqlalchemy import Row, select, update

from bot.store.errors import StaleAnswer
from bot.store.models import Participation
from bot.store.queries.quizzes import QuizQueries
from bot.store.schema import participations

PARTICIPATION_COLUMNS = (participations.c.quiz_id, participations.c.participant, participations.c.name,
                         participations.c.answers, participations.c.tomorrow)


class ParticipationQueries(QuizQueries):
    async def get_participation(self, quiz_id: str, participant: str, for_update: bool = False) -> Participation | None:
        query = select(*PARTICIPATION_COLUMNS).where(participations.c.quiz_id == quiz_id,
                                                     participations.c.participant == participant)
        row = (await self.connection.execute(query.with_for_update() if for_update else query)).first()
        return participation_of(row) if row else None

    async def participations(self, quiz_id: str) -> list[Participation]:
        """Every member of the quiz, in the order they joined."""
        query = (select(*PARTICIPATION_COLUMNS).where(participations.c.quiz_id == quiz_id)
                 .order_by(participations.c.joined, participations.c.participant))
        return [participation_of(row) for row in await self.connection.execute(query)]

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

    async def write_answers(self, current: Participation, answers: tuple[int, ...]) -> Participation:
        """Replace the answers of `current`, read FOR UPDATE in this transaction."""
        await self.connection.execute(
            update(participations)
            .where(participations.c.quiz_id == current.quiz_id, participations.c.participant == current.participant)
            .values(answers=json.dumps(list(answers)), updated=time.time()))
        await self._bump(current.quiz_id)
        return Participation(current.quiz_id, current.participant, current.name, answers, current.tomorrow)

    async def write_tomorrow(self, current: Participation, tomorrow: tuple[int, ...] | None) -> Participation:
        """Replace the "in two years" answers of `current`, read FOR UPDATE in this transaction
        (`()`: started, nothing answered yet; None: not started)."""
        await self.connection.execute(
            update(participations)
            .where(participations.c.quiz_id == current.quiz_id, participations.c.participant == current.participant)
            .values(tomorrow=None if tomorrow is None else json.dumps(list(tomorrow)), updated=time.time()))
        await self._bump(current.quiz_id)
        return Participation(current.quiz_id, current.participant, current.name, current.answers, tomorrow)


def participation_of(row: Row) -> Participation:
    tomorrow = None if row.tomorrow is None else tuple(json.loads(row.tomorrow))
    return Participation(row.quiz_id, row.participant, row.name, tuple(json.loads(row.answers)), tomorrow)

"""The members of a quiz and their answers (today's, and those for the lab in two years).
Answers are written from a member read FOR UPDATE in the same transaction (`member_for_update`):
the caller (`bot.teamquiz.TeamQuizService`) checks the click against it, then writes.

The statements of a click (reading and writing a member, the team's members) are built once, with
bound parameters: SQLAlchemy then compiles each once and finds it in its cache by a key computed
once, instead of building and hashing a new statement at every answer.
"""

from __future__ import annotations

import json
import time

from sqlalchemy import Row, bindparam, select, update

from bot.store.models import Participation, TeamQuiz
from bot.store.queries.base import per_engine
from bot.store.queries.quizzes import QUIZ_COLUMNS, QuizQueries, quiz_of
from bot.store.schema import participations, quizzes

PARTICIPATION_COLUMNS = (participations.c.quiz_id, participations.c.participant, participations.c.name,
                         participations.c.answers, participations.c.tomorrow)
_THIS_MEMBER = (participations.c.quiz_id == bindparam("member_quiz"),
                participations.c.participant == bindparam("member_id"))
GET_PARTICIPATION = select(*PARTICIPATION_COLUMNS).where(*_THIS_MEMBER)
GET_PARTICIPATION_FOR_UPDATE = GET_PARTICIPATION.with_for_update()
MEMBERS = (select(*PARTICIPATION_COLUMNS).where(participations.c.quiz_id == bindparam("member_quiz"))
           .order_by(participations.c.joined, participations.c.participant))
# The member and their quiz in one round trip, the member's row locked (not the quiz's: every
# member's answer would queue behind the others').
MEMBER_FOR_UPDATE = (select(*QUIZ_COLUMNS, *PARTICIPATION_COLUMNS)
                     .join_from(participations, quizzes, quizzes.c.id == participations.c.quiz_id)
                     .where(*_THIS_MEMBER).with_for_update(of=participations))
WRITE_ANSWERS = update(participations).where(*_THIS_MEMBER).values(answers=bindparam("new_answers"),
                                                                   updated=bindparam("now"))
WRITE_TOMORROW = update(participations).where(*_THIS_MEMBER).values(tomorrow=bindparam("new_tomorrow"),
                                                                    updated=bindparam("now"))


def _upsert_member(insert):
    """A new member, or a member's new display name (their answers kept)."""
    statement = insert(participations).values(quiz_id=bindparam("member_quiz"), participant=bindparam("member_id"),
                                              name=bindparam("member_name"), answers="[]", updated=bindparam("now"),
                                              joined=bindparam("now"))
    return statement.on_conflict_do_update(index_elements=["quiz_id", "participant"],
                                           set_={"name": statement.excluded.name})


JOIN = per_engine(_upsert_member)


class ParticipationQueries(QuizQueries):
    async def get_participation(self, quiz_id: str, participant: str, for_update: bool = False) -> Participation | None:
        statement = GET_PARTICIPATION_FOR_UPDATE if for_update else GET_PARTICIPATION
        row = (await self.connection.execute(statement, {"member_quiz": quiz_id, "member_id": participant})).first()
        return participation_of(row) if row else None

    async def member_for_update(self, quiz_id: str, participant: str) -> tuple[TeamQuiz, Participation] | None:
        """The quiz and the member's participation, locked for this transaction; None when
        either is missing (a member who never joined, or no such quiz)."""
        row = (await self.connection.execute(MEMBER_FOR_UPDATE, {"member_quiz": quiz_id, "member_id": participant})).first()
        return (quiz_of(row), participation_of(row)) if row else None

    async def participations(self, quiz_id: str) -> list[Participation]:
        """Every member of the quiz, in the order they joined."""
        return [participation_of(row) for row in await self.connection.execute(MEMBERS, {"member_quiz": quiz_id})]

    async def join(self, quiz_id: str, participant: str, name: str, shown: bool = True) -> Participation:
        """Add the member (or update their display name) and keep their answers. `shown`: the
        team message shows the change (a new version); a member who has not finished is not in it."""
        await self.connection.execute(JOIN[self.engine_name], {"member_quiz": quiz_id, "member_id": participant,
                                                               "member_name": name, "now": time.time()})
        if shown:
            await self._bump(quiz_id)
        joined = await self.get_participation(quiz_id, participant)
        assert joined is not None
        return joined

    async def write_answers(self, current: Participation, answers: tuple[int, ...], shown: bool = True) -> Participation:
        """Replace the answers of `current`, read FOR UPDATE in this transaction. `shown`: the
        team message shows the change, so the quiz gets a new version (the caller knows: the
        team message shows the members who have finished, not the answers on the way)."""
        await self.connection.execute(WRITE_ANSWERS, {**self._member(current), "new_answers": json.dumps(list(answers))})
        if shown:
            await self._bump(current.quiz_id)
        return Participation(current.quiz_id, current.participant, current.name, answers, current.tomorrow)

    async def write_tomorrow(self, current: Participation, tomorrow: tuple[int, ...] | None,
                             shown: bool = True) -> Participation:
        """Replace the "in two years" answers of `current`, read FOR UPDATE in this transaction
        (`()`: started, nothing answered yet; None: not started); `shown` as for `write_answers`."""
        await self.connection.execute(WRITE_TOMORROW, {
            **self._member(current), "new_tomorrow": None if tomorrow is None else json.dumps(list(tomorrow))})
        if shown:
            await self._bump(current.quiz_id)
        return Participation(current.quiz_id, current.participant, current.name, current.answers, tomorrow)

    @staticmethod
    def _member(current: Participation) -> dict[str, object]:
        return {"member_quiz": current.quiz_id, "member_id": current.participant, "now": time.time()}


def participation_of(row: Row) -> Participation:
    tomorrow = None if row.tomorrow is None else tuple(json.loads(row.tomorrow))
    return Participation(row.quiz_id, row.participant, row.name, tuple(json.loads(row.answers)), tomorrow)

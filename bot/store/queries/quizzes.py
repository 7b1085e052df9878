"""The team quizzes themselves: created, read, closed, their platform references, their version
(bumped by every change the team message shows)."""

from __future__ import annotations

import json
import time

from sqlalchemy import Row, bindparam, delete, func, select, update

from bot.store.models import TeamQuiz
from bot.store.queries.base import Queries
from bot.store.schema import participations, quizzes

QUIZ_COLUMNS = (quizzes.c.id, quizzes.c.platform, quizzes.c.channel, quizzes.c.starter, quizzes.c.lang,
                quizzes.c.anonymous, quizzes.c.closed, quizzes.c.meta, quizzes.c.version, quizzes.c.team_id,
                quizzes.c.enterprise_id, quizzes.c.shown_version)
# Built once with bound parameters (see participations.py): read at every click and team edit.
GET_QUIZ = select(*QUIZ_COLUMNS).where(quizzes.c.id == bindparam("quiz_key"))
GET_QUIZ_FOR_UPDATE = GET_QUIZ.with_for_update()
BUMP = update(quizzes).where(quizzes.c.id == bindparam("quiz_key")).values(version=quizzes.c.version + 1)


class QuizQueries(Queries):
    async def create_quiz(self, quiz: TeamQuiz) -> None:
        await self.connection.execute(quizzes.insert().values(
            id=quiz.id, platform=quiz.platform, channel=quiz.channel, starter=quiz.starter, lang=quiz.lang,
            anonymous=quiz.anonymous, closed=quiz.closed, created=time.time(), meta=json.dumps(quiz.meta),
            version=quiz.version, team_id=quiz.team_id, enterprise_id=quiz.enterprise_id))

    async def get_quiz(self, quiz_id: str, for_update: bool = False) -> TeamQuiz | None:
        row = (await self.connection.execute(GET_QUIZ_FOR_UPDATE if for_update else GET_QUIZ, {"quiz_key": quiz_id})).first()
        return quiz_of(row) if row else None

    async def close_quiz(self, quiz_id: str) -> TeamQuiz | None:
        """Close the quiz (a new version); None if there is no such quiz."""
        row = (await self.connection.execute(
            update(quizzes).where(quizzes.c.id == quiz_id)
            .values(closed=True, version=quizzes.c.version + 1).returning(*QUIZ_COLUMNS))).first()
        return quiz_of(row) if row else None

    async def update_meta(self, quiz_id: str, **meta: object) -> TeamQuiz:
        """Merge `meta` into the quiz's platform references (not a new version: not shown)."""
        current = await self.get_quiz(quiz_id, for_update=True)
        if current is None:
            raise KeyError(quiz_id)
        merged = {**current.meta, **meta}
        await self.connection.execute(update(quizzes).where(quizzes.c.id == quiz_id).values(meta=json.dumps(merged)))
        return TeamQuiz(**{**current.__dict__, "meta": merged})

    async def count_open_quizzes(self) -> int:
        return (await self.connection.execute(select(func.count()).select_from(quizzes)
                                              .where(quizzes.c.closed.is_(False)))).scalar_one()

    async def _bump(self, quiz_id: str) -> None:
        await self.connection.execute(BUMP, {"quiz_key": quiz_id})

    async def _delete_quizzes(self, quiz_ids: list[str]) -> None:
        """The quizzes and their members' answers."""
        if quiz_ids:
            await self.connection.execute(delete(participations).where(participations.c.quiz_id.in_(quiz_ids)))
            await self.connection.execute(delete(quizzes).where(quizzes.c.id.in_(quiz_ids)))


def quiz_of(row: Row) -> TeamQuiz:
    return TeamQuiz(row.id, row.platform, row.channel, row.starter, row.lang, bool(row.anonymous), bool(row.closed),
                    json.loads(row.meta), row.version, row.team_id, row.enterprise_id, row.shown_version)

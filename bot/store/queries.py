"""The store's queries, run inside one transaction (`Transaction`), the same text on both engines.

Each read-modify-write reads with FOR UPDATE (PostgreSQL row lock; on SQLite the transaction
already holds the write lock since BEGIN IMMEDIATE), so concurrent writers queue instead of
overwriting each other. Every change the team message shows bumps the quiz's `version`.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

from sqlalchemy import Row, delete, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.errors import AlreadyHandled, StaleAnswer
from bot.store.models import FORGOTTEN, Participation, TeamQuiz
from bot.store.schema import (
    handled_events,
    participations,
    quizzes,
    settings,
    slack_bots,
    slack_installations,
    slack_oauth_states,
)

QUIZ_COLUMNS = (quizzes.c.id, quizzes.c.platform, quizzes.c.channel, quizzes.c.starter, quizzes.c.lang,
                quizzes.c.anonymous, quizzes.c.closed, quizzes.c.meta, quizzes.c.version, quizzes.c.team_id,
                quizzes.c.enterprise_id, quizzes.c.shown_version)
PARTICIPATION_COLUMNS = (participations.c.quiz_id, participations.c.participant, participations.c.name,
                         participations.c.answers, participations.c.tomorrow)


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
            version=quiz.version, team_id=quiz.team_id, enterprise_id=quiz.enterprise_id))

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

    # -- the team message's edits (one instance at a time, in order) ----------------------------------

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

    # -- retention and personal data ------------------------------------------------------------------

    @staticmethod
    def _inactive_since(before: float):
        """Quizzes with no activity since `before`: created before it, and no member's change since."""
        recent = select(participations.c.quiz_id).where(participations.c.quiz_id == quizzes.c.id,
                                                        participations.c.updated >= before)
        return select(quizzes.c.id).where(quizzes.c.created < before, ~exists(recent))

    async def purge(self, before: float) -> int:
        """Delete the quizzes (closed or left open) inactive since `before`, with their members'
        answers, and the handled-event marks older than that; returns how many quizzes went."""
        stale = [row.id for row in await self.connection.execute(self._inactive_since(before))]
        await self._delete_quizzes(stale)
        await self.connection.execute(delete(handled_events).where(handled_events.c.handled < before))
        now_utc = datetime.now(timezone.utc).replace(tzinfo=None)  # slack_sdk writes naive UTC times
        await self.connection.execute(delete(slack_oauth_states).where(slack_oauth_states.c.expire_at < now_utc))
        return len(stale)

    async def workspace_quiz_ids(self, team_id: str | None, enterprise_id: str | None = None) -> list[str]:
        """The Slack quizzes of a workspace (`team_id`), or of a whole organisation (`enterprise_id`
        alone, after an org-wide uninstall)."""
        if team_id is not None:
            where = quizzes.c.team_id == team_id
        elif enterprise_id is not None:
            where = quizzes.c.enterprise_id == enterprise_id
        else:
            return []
        return [row.id for row in await self.connection.execute(select(quizzes.c.id).where(where))]

    async def export_quizzes(self, quiz_ids: list[str]) -> list[dict]:
        """The quizzes with every member's answers, as JSON-ready dicts."""
        if not quiz_ids:
            return []
        rows = await self.connection.execute(select(quizzes).where(quizzes.c.id.in_(quiz_ids)).order_by(quizzes.c.created))
        members = await self.connection.execute(select(participations).where(participations.c.quiz_id.in_(quiz_ids))
                                                .order_by(participations.c.joined))
        by_quiz: dict[str, list[dict]] = {}
        for member in members:
            by_quiz.setdefault(member.quiz_id, []).append(_member_json(member))
        return [{**_quiz_json(row), "members": by_quiz.get(row.id, [])} for row in rows]

    async def delete_workspace(self, team_id: str | None, enterprise_id: str | None = None) -> int:
        ids = await self.workspace_quiz_ids(team_id, enterprise_id)
        await self._delete_quizzes(ids)
        for table in (slack_installations, slack_bots):
            if team_id is not None:
                await self.connection.execute(delete(table).where(table.c.team_id == team_id))
            elif enterprise_id is not None:
                await self.connection.execute(delete(table).where(table.c.enterprise_id == enterprise_id,
                                                                  table.c.is_enterprise_install.is_(True)))
        return len(ids)

    async def export_installations(self, *where) -> list[dict]:
        """Slack installations matching `where`, without their tokens."""
        rows = await self.connection.execute(select(slack_installations).where(*where)
                                             .order_by(slack_installations.c.installed_at))
        return [{column: (value.isoformat() if isinstance(value, datetime) else value)
                 for column, value in row._mapping.items() if "token" not in column} for row in rows]

    async def export_person(self, person: str) -> dict:
        """What the store holds about one person (a Slack or Matrix user id): their answers in
        every quiz, the quizzes they started, and the settings that name them."""
        answers = await self.connection.execute(select(participations).where(participations.c.participant == person)
                                                .order_by(participations.c.joined))
        started = await self.connection.execute(select(quizzes).where(quizzes.c.starter == person)
                                                .order_by(quizzes.c.created))
        named = await self.connection.execute(select(settings).where(self._names(person)))
        return {"person": person,
                "answers": [{"quiz": row.quiz_id, **_member_json(row)} for row in answers],
                "quizzes_started": [_quiz_json(row) for row in started],
                "settings": [{"scope": row.scope, "key": row.key, "value": row.value} for row in named],
                "slack_installations": await self.export_installations(slack_installations.c.user_id == person)}

    async def delete_person(self, person: str) -> dict[str, int]:
        """Forget a person: their answers go, the settings that name them go, and the quizzes
        they started keep going for the others without saying who started them."""
        answers = await self.connection.execute(delete(participations).where(participations.c.participant == person))
        named = await self.connection.execute(delete(settings).where(self._names(person)))
        installs = await self.connection.execute(delete(slack_installations).where(slack_installations.c.user_id == person))
        started = await self.connection.execute(update(quizzes).where(quizzes.c.starter == person)
                                                .values(starter=FORGOTTEN, version=quizzes.c.version + 1))
        return {"answers": answers.rowcount, "settings": named.rowcount, "quizzes_started": started.rowcount,
                "slack_installations": installs.rowcount}

    def _names(self, person: str):
        quoted = json.dumps(person)  # as it appears inside a JSON value (a Matrix poll's participant)
        return or_(settings.c.key == person, settings.c.value.contains(quoted, autoescape=True))

    async def _delete_quizzes(self, quiz_ids: list[str]) -> None:
        if quiz_ids:
            await self.connection.execute(delete(participations).where(participations.c.quiz_id.in_(quiz_ids)))
            await self.connection.execute(delete(quizzes).where(quizzes.c.id.in_(quiz_ids)))

    async def count_open_quizzes(self) -> int:
        return (await self.connection.execute(select(func.count()).select_from(quizzes)
                                              .where(quizzes.c.closed.is_(False)))).scalar_one()

    # -- internals ----------------------------------------------------------------------------------

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

    async def _bump(self, quiz_id: str) -> None:
        await self.connection.execute(update(quizzes).where(quizzes.c.id == quiz_id)
                                      .values(version=quizzes.c.version + 1))


def _quiz(row: Row) -> TeamQuiz:
    return TeamQuiz(row.id, row.platform, row.channel, row.starter, row.lang, bool(row.anonymous), bool(row.closed),
                    json.loads(row.meta), row.version, row.team_id, row.enterprise_id, row.shown_version)


def _quiz_json(row: Row) -> dict:
    """A quiz as a GDPR export shows it."""
    return {"id": row.id, "platform": row.platform, "channel": row.channel, "team_id": row.team_id,
            "enterprise_id": row.enterprise_id, "starter": row.starter, "lang": row.lang,
            "anonymous": bool(row.anonymous), "closed": bool(row.closed), "created": _when(row.created),
            "meta": json.loads(row.meta)}


def _member_json(row: Row) -> dict:
    """A member's participation as a GDPR export shows it (options numbered from 1, as shown)."""
    tomorrow = None if row.tomorrow is None else [option + 1 for option in json.loads(row.tomorrow)]
    return {"participant": row.participant, "name": row.name,
            "answers": [option + 1 for option in json.loads(row.answers)], "tomorrow": tomorrow,
            "updated": _when(row.updated)}


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


def _participation(row: Row) -> Participation:
    tomorrow = None if row.tomorrow is None else tuple(json.loads(row.tomorrow))
    return Participation(row.quiz_id, row.participant, row.name, tuple(json.loads(row.answers)), tomorrow)



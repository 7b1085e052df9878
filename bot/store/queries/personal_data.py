"""Personal-data requests (GDPR): what the store holds about a Slack workspace or a person,
exported as JSON-ready dicts or deleted."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import Row, delete, or_, select, update

from bot.store.models import FORGOTTEN
from bot.store.queries.quizzes import QuizQueries
from bot.store.schema import participations, quizzes, settings, slack_bots, slack_installations


class PersonalDataQueries(QuizQueries):
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
        named = await self.connection.execute(select(settings).where(_names(person)))
        return {"person": person,
                "answers": [{"quiz": row.quiz_id, **_member_json(row)} for row in answers],
                "quizzes_started": [_quiz_json(row) for row in started],
                "settings": [{"scope": row.scope, "key": row.key, "value": row.value} for row in named],
                "slack_installations": await self.export_installations(slack_installations.c.user_id == person)}

    async def delete_person(self, person: str) -> dict[str, int]:
        """Forget a person: their answers go, the settings that name them go, and the quizzes
        they started keep going for the others without saying who started them."""
        answers = await self.connection.execute(delete(participations).where(participations.c.participant == person))
        named = await self.connection.execute(delete(settings).where(_names(person)))
        installs = await self.connection.execute(delete(slack_installations).where(slack_installations.c.user_id == person))
        started = await self.connection.execute(update(quizzes).where(quizzes.c.starter == person)
                                                .values(starter=FORGOTTEN, version=quizzes.c.version + 1))
        return {"answers": answers.rowcount, "settings": named.rowcount, "quizzes_started": started.rowcount,
                "slack_installations": installs.rowcount}


def _names(person: str):
    quoted = json.dumps(person)  # as it appears inside a JSON value (a Matrix poll's participant)
    return or_(settings.c.key == person, settings.c.value.contains(quoted, autoescape=True))


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

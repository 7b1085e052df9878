"""Settings: small named values by scope (a room's language, the Matrix sync position…)."""

from __future__ import annotations

from sqlalchemy import select

from bot.store.queries.base import Queries
from bot.store.schema import settings


class SettingQueries(Queries):
    async def get_setting(self, scope: str, key: str) -> str | None:
        query = select(settings.c.value).where(settings.c.scope == scope, settings.c.key == key)
        return (await self.connection.execute(query)).scalar()

    async def set_setting(self, scope: str, key: str, value: str) -> None:
        statement = self._insert(settings).values(scope=scope, key=key, value=value)
        await self.connection.execute(statement.on_conflict_do_update(
            index_elements=["scope", "key"], set_={"value": statement.excluded.value}))

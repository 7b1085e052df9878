"""Settings: small named values by scope (a room's language, the Matrix sync position…)."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from bot.store.queries.base import Queries, per_engine
from bot.store.schema import settings


def _upsert_setting(insert):
    statement = insert(settings).values(scope=bindparam("scope"), key=bindparam("key"), value=bindparam("value"))
    return statement.on_conflict_do_update(index_elements=["scope", "key"], set_={"value": statement.excluded.value})


SET_SETTING = per_engine(_upsert_setting)


class SettingQueries(Queries):
    async def get_setting(self, scope: str, key: str) -> str | None:
        query = select(settings.c.value).where(settings.c.scope == scope, settings.c.key == key)
        return (await self.connection.execute(query)).scalar()

    async def set_setting(self, scope: str, key: str, value: str) -> None:
        await self.connection.execute(SET_SETTING[self.engine_name], {"scope": scope, "key": key, "value": value})

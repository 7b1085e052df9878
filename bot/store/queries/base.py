"""What every group of queries runs on: the transaction's connection and the engine's INSERT
(PostgreSQL's or SQLite's, for ON CONFLICT)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection


class Queries:
    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self._insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert

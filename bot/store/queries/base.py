"""What every group of queries runs on: the transaction's connection, and the engine's own
INSERT … ON CONFLICT for upserts."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Executable
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def per_engine(build: Callable[[Callable], Executable]) -> dict[str, Executable]:
    """An upsert built once per engine, with bound parameters, from that engine's `insert`.
    Built at each call, it was compiled anew each time, and its `excluded` alias (a copy of the
    table's columns, full of reference cycles) left garbage only a collection frees: joins and
    Matrix sync positions made most of the collector's work, stalling every request in flight."""
    return {name: build(insert) for name, insert in _INSERTS.items()}


class Queries:
    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self.engine_name = connection.dialect.name  # which of a `per_engine` statement to run

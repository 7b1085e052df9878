"""Which database, and an engine that behaves the same on both: DATABASE_URL (PostgreSQL via
asyncpg, with DATABASE_POOL_SIZE connections per process) or else `labtype.sqlite3` in the data
directory (SQLite via aiosqlite).

SQLite: WAL, `synchronous=FULL` (a committed answer survives a power cut; answers are rare
writes), a 30 s busy timeout, and transactions begun by hand so that writers take the write
lock first (BEGIN IMMEDIATE): two writers never both read the same row and both append to it.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import URL, event, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.store.errors import StoreError

SQLITE_FILE = "labtype.sqlite3"
WRITE = "labtype_write"  # execution option: this connection's transactions write
BUSY_TIMEOUT_S = 30
CONNECT_TIMEOUT_S = 10
# PostgreSQL connections per process (DATABASE_POOL_SIZE), kept open: more requests than that
# wait for one. No overflow: a connection opened for a burst and closed after it cost more than
# the wait (connecting, then preparing the statements again). 20: in the Slack benchmark, 10 made
# the 32 requests in flight queue behind the few answers waiting for a quiz's row lock.
POOL_SIZE = 20
MIN_POOL_SIZE = 2  # the Matrix bot holds one for its lock (`Store.exclusive`) as long as it runs
MAX_POOL_SIZE = 1000


def database_url(env: Mapping[str, str], data_dir: Path) -> URL:
    """DATABASE_URL as platforms give it (postgres://, postgresql://, any +driver, ?host=/dir
    for a Unix socket, ?sslmode=…), else the SQLite file in `data_dir`."""
    raw = env.get("DATABASE_URL", "").strip()
    if not raw:
        return URL.create("sqlite+aiosqlite", database=str(data_dir / SQLITE_FILE))
    try:
        url = make_url(raw)
    except ArgumentError:
        raise StoreError("store_bad_url", url=_hide_password(raw)) from None
    backend = url.get_backend_name()
    if backend in ("postgres", "postgresql"):
        query = dict(url.query)
        if "sslmode" in query:  # libpq's name; asyncpg calls it ssl
            query.setdefault("ssl", query.pop("sslmode"))
        return url.set(drivername="postgresql+asyncpg", query=query)
    if backend == "sqlite" and url.database:
        return url.set(drivername="sqlite+aiosqlite")
    raise StoreError("store_bad_url", url=url.render_as_string(hide_password=True))


def pool_size(env: Mapping[str, str]) -> int:
    """DATABASE_POOL_SIZE, or POOL_SIZE; StoreError unless a whole number from MIN_POOL_SIZE to
    MAX_POOL_SIZE."""
    raw = env.get("DATABASE_POOL_SIZE", "").strip()
    if not raw:
        return POOL_SIZE
    if not raw.isdigit() or not MIN_POOL_SIZE <= int(raw) <= MAX_POOL_SIZE:
        raise StoreError("store_bad_pool_size", value=raw[:40], least=MIN_POOL_SIZE, most=MAX_POOL_SIZE)
    return int(raw)


def describe(url: URL) -> str:
    """The database as an operator recognises it, password hidden."""
    return url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)


def create_engine(url: URL, pool_size: int = POOL_SIZE) -> AsyncEngine:
    if url.get_backend_name() == "sqlite":
        engine = create_async_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine.sync_engine, "connect", _sqlite_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    application = f"labtype pid {os.getpid()} on {socket.gethostname()}"[:63]
    return create_async_engine(url, pool_size=pool_size, max_overflow=0, connect_args={
        "timeout": CONNECT_TIMEOUT_S, "server_settings": {"application_name": application}})


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN: _sqlite_begin says which
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", f"busy_timeout={BUSY_TIMEOUT_S * 1000}"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection) -> None:
    writes = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _hide_password(raw: str) -> str:
    scheme, _, rest = raw.partition("://")
    credentials, at, host = rest.rpartition("@")
    return f"{scheme}://{credentials.split(':')[0]}:***@{host}" if at and ":" in credentials else raw

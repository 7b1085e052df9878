"""State that must outlive a restart: team quizzes, members' answers, settings, handled events.

`open_store(data_dir, env)` gives the one `Store`: PostgreSQL when DATABASE_URL is set, else
SQLite in the data directory, which then belongs to this process alone (`DataDirLock`).
Modules: `store` (the interface), `queries/` (the SQL, one transaction at a time, a module per
concern), `schema` (tables), `migrations/` + `migrate` (Alembic), `database` (URLs, engines),
`locks`, `files`, `errors`, `models`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from bot.store.database import database_url, pool_size
from bot.store.errors import AlreadyHandled, ProcessAlreadyRunning, StoreClosed, StoreError
from bot.store.files import prepare_data_dir, secure_sqlite_files
from bot.store.locks import DataDirLock
from bot.store.models import Participation, TeamQuiz
from bot.store.queries import Transaction
from bot.store.store import Store


async def open_store(data_dir: Path, env: Mapping[str, str] = os.environ) -> Store:
    """The store the environment asks for, migrated and checked writable; StoreError if not
    (ProcessAlreadyRunning when another process has this SQLite data directory)."""
    url = database_url(env, data_dir)
    if url.get_backend_name() != "sqlite":
        return await Store.open(url, pool_size=pool_size(env))
    prepare_data_dir(data_dir)
    lock = DataDirLock(data_dir)
    lock.acquire()
    try:
        secure_sqlite_files(Path(url.database))
        return await Store.open(url, data_dir_lock=lock)
    except BaseException:
        lock.release()
        raise


__all__ = ["AlreadyHandled", "Participation", "ProcessAlreadyRunning", "Store", "StoreClosed", "StoreError", "TeamQuiz",
           "Transaction", "open_store"]

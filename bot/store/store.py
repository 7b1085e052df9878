"""The one store interface: `Store`, async, on SQLAlchemy 2 (SQLite or PostgreSQL).

Every method is one transaction; `transaction()` groups several, and with `event_id` records
"event handled" in that same transaction (a replayed id raises AlreadyHandled before any
effect). `engine` is exposed for other tables living in the same database (Slack's OAuth stores).
Answers have no method here: `bot.teamquiz.TeamQuizService` checks and writes them in one
`transaction()` (`member_for_update`, then `write_answers`/`write_tomorrow`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import URL, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.store.database import POOL_SIZE, WRITE, create_engine, describe
from bot.store.errors import ProcessAlreadyRunning, StoreClosed, StoreError
from bot.store.locks import DataDirLock, advisory_key
from bot.store.models import Participation, TeamQuiz
from bot.store.queries import Transaction
from bot.store.schema import slack_installations

log = logging.getLogger(__name__)

PROBE_EVENT = "labtype:start-up write check"


class Store:
    def __init__(self, engine: AsyncEngine, url: URL, data_dir_lock: DataDirLock | None = None) -> None:
        self.engine = engine
        self.url = url
        self._writer = engine.execution_options(**{WRITE: True})
        self._data_dir_lock = data_dir_lock
        self._held: list[AsyncConnection] = []  # connections holding exclusive() locks
        self._closed = False
        # SQLite has one writer at a time; queueing this process's writers here spares them
        # SQLite's busy-wait sleeps (the data directory is this process's alone).
        self._one_writer = asyncio.Lock() if url.get_backend_name() == "sqlite" else contextlib.nullcontext()

    @classmethod
    async def open(cls, url: URL, data_dir_lock: DataDirLock | None = None, upgrade: bool = True,
                   pool_size: int = POOL_SIZE) -> Store:
        """Connect, apply pending migrations, check that a write commits; StoreError if not."""
        store = cls(create_engine(url, pool_size), url, data_dir_lock)
        try:
            if upgrade:
                await store.upgrade()
            await store._check_writable()
        except BaseException as error:
            await store.close()
            if isinstance(error, (DBAPIError, OSError)):
                raise store._refusal(error) from None
            raise
        return store

    @property
    def engine_name(self) -> str:
        return self.url.get_backend_name()

    @property
    def where(self) -> str:
        """The database as an operator recognises it (file path or URL, password hidden)."""
        return describe(self.url)

    async def close(self) -> None:
        """Release everything; the store cannot be used afterwards (StoreClosed)."""
        self._closed = True
        for connection in self._held:
            await connection.close()
        self._held.clear()
        await self.engine.dispose()
        if self._data_dir_lock:
            self._data_dir_lock.release()

    async def upgrade(self) -> str:
        """Apply pending migrations (one transaction); returns the revision now in force."""
        from bot.store import migrate  # Alembic is needed at start-up only

        async with self._writer.begin() as connection:
            return await connection.run_sync(migrate.upgrade)

    @asynccontextmanager
    async def transaction(self, event_id: str | None = None) -> AsyncIterator[Transaction]:
        """A write transaction; with `event_id`, marked handled in it (AlreadyHandled if it was)."""
        self._check_open()
        async with self._one_writer, self._writer.begin() as connection:
            tx = Transaction(connection)
            if event_id is not None:
                await tx.mark_handled(event_id)
            yield tx

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Transaction]:
        """Several reads on one connection (writing in it is not allowed on SQLite)."""
        self._check_open()
        async with self.engine.connect() as connection:
            yield Transaction(connection)

    async def exclusive(self, name: str) -> None:
        """Hold the lock `name` (e.g. "matrix:@bot:example.org") until `close()`, or raise
        ProcessAlreadyRunning naming the holder. PostgreSQL: a session advisory lock, dropped by the
        server when the process dies. SQLite: the data-directory lock already makes this process
        the only one."""
        if self.engine_name == "sqlite":
            return
        key = advisory_key(name)
        connection = await self.engine.connect()
        got = (await connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})).scalar()
        if not got:
            holder = (await connection.execute(text(
                "SELECT a.application_name FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = :high AND l.objid::bigint = :low"),
                {"high": (key >> 32) & 0xFFFFFFFF, "low": key & 0xFFFFFFFF})).scalar()
            await connection.close()
            raise ProcessAlreadyRunning("store_exclusive_taken", name=name, holder=holder or "?")
        await connection.commit()  # the lock is the session's: no transaction left open
        self._held.append(connection)

    # -- handled events ---------------------------------------------------------------------------

    async def mark_handled(self, event_id: str) -> None:
        """For effects that are only a mark: AlreadyHandled if `event_id` was marked before."""
        async with self.transaction(event_id):
            pass

    async def was_handled(self, event_id: str) -> bool:
        async with self.reading() as tx:
            return await tx.was_handled(event_id)

    # -- quizzes ------------------------------------------------------------------------------------

    async def create_quiz(self, quiz: TeamQuiz, *, event_id: str | None = None) -> None:
        async with self.transaction(event_id) as tx:
            await tx.create_quiz(quiz)

    async def get_quiz(self, quiz_id: str) -> TeamQuiz | None:
        async with self.reading() as tx:
            return await tx.get_quiz(quiz_id)

    async def close_quiz(self, quiz_id: str, *, event_id: str | None = None) -> TeamQuiz | None:
        async with self.transaction(event_id) as tx:
            return await tx.close_quiz(quiz_id)

    async def update_meta(self, quiz_id: str, *, event_id: str | None = None, **meta: object) -> TeamQuiz:
        async with self.transaction(event_id) as tx:
            return await tx.update_meta(quiz_id, **meta)

    # -- participations -----------------------------------------------------------------------------

    async def get_participation(self, quiz_id: str, participant: str) -> Participation | None:
        async with self.reading() as tx:
            return await tx.get_participation(quiz_id, participant)

    async def participations(self, quiz_id: str) -> list[Participation]:
        async with self.reading() as tx:
            return await tx.participations(quiz_id)

    async def join(self, quiz_id: str, participant: str, name: str, *, event_id: str | None = None) -> Participation:
        async with self.transaction(event_id) as tx:
            return await tx.join(quiz_id, participant, name)

    # -- settings -----------------------------------------------------------------------------------

    async def get_setting(self, scope: str, key: str) -> str | None:
        async with self.reading() as tx:
            return await tx.get_setting(scope, key)

    async def set_setting(self, scope: str, key: str, value: str, *, event_id: str | None = None) -> None:
        async with self.transaction(event_id) as tx:
            await tx.set_setting(scope, key, value)

    # -- the team message's edits --------------------------------------------------------------------

    async def claim_team_edit(self, quiz_id: str, lease_s: float) -> bool:
        """Take the quiz's edit lease if no one holds it. Read first: the members finishing during
        an edit each see the lease held without writing the quiz's row, which they would otherwise
        queue for one after the other (and their own answers' version bumps behind them)."""
        async with self.reading() as tx:
            if await tx.team_edit_held(quiz_id):
                return False
        async with self.transaction() as tx:
            return await tx.claim_team_edit(quiz_id, lease_s)

    async def end_team_edit(self, quiz_id: str, version: int, shown: bool, lease_s: float) -> bool:
        async with self.transaction() as tx:
            return await tx.end_team_edit(quiz_id, version, shown, lease_s)

    async def drop_team_edit(self, quiz_id: str) -> None:
        async with self.transaction() as tx:
            await tx.drop_team_edit(quiz_id)

    # -- retention and personal data ----------------------------------------------------------------

    async def purge(self, before: float) -> int:
        async with self.transaction() as tx:
            return await tx.purge(before)

    async def count_open_quizzes(self) -> int:
        async with self.reading() as tx:
            return await tx.count_open_quizzes()

    async def export_workspace(self, team_id: str) -> dict:
        async with self.reading() as tx:
            return {"workspace": team_id,
                    "quizzes": await tx.export_quizzes(await tx.workspace_quiz_ids(team_id)),
                    "slack_installations": await tx.export_installations(slack_installations.c.team_id == team_id)}

    async def delete_workspace(self, team_id: str | None, enterprise_id: str | None = None) -> int:
        """The quizzes of a Slack workspace (or, `team_id` None, of an organisation) and their
        members' answers; returns how many quizzes went."""
        async with self.transaction() as tx:
            return await tx.delete_workspace(team_id, enterprise_id)

    async def export_person(self, person: str) -> dict:
        async with self.reading() as tx:
            return await tx.export_person(person)

    async def delete_person(self, person: str) -> dict[str, int]:
        async with self.transaction() as tx:
            return await tx.delete_person(person)

    # -- internals ----------------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise StoreClosed(self.where)

    async def _check_writable(self) -> None:
        """Commit a real write (and undo it): a read-only file system or database, or a full
        disk, is found at start-up rather than at the first answer."""
        async with self.transaction() as tx:
            await tx.mark_handled(PROBE_EVENT)
            await tx.connection.execute(text("DELETE FROM handled_events WHERE event_id = :id"), {"id": PROBE_EVENT})

    def _refusal(self, error: DBAPIError | OSError) -> StoreError:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        if self.engine_name == "sqlite" or _read_only(error):
            return StoreError("store_unwritable", where=self.where, reason=reason)
        return StoreError("store_unreachable", where=self.where, reason=reason)


def _read_only(error: BaseException) -> bool:
    return "read-only" in str(error) or "read only" in str(error)



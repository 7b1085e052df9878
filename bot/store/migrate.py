"""Schema migrations with Alembic, applied at start-up and by `labtype db upgrade`.

The whole upgrade is one transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: transactional DDL
under an advisory lock, so instances starting together migrate once). A database made by the
first store (tables, no alembic_version) is stamped at revision 0001, then upgraded.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

MIGRATIONS = Path(__file__).parent / "migrations"
LEGACY_REVISION = "0001"
MIGRATION_LOCK = 0x6C6162_7479_7065  # pg_advisory_xact_lock key: "labtype"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection) -> str:
    """Bring the schema to the newest revision inside the caller's transaction; returns it."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    config = alembic_config(connection)
    tables = inspect(connection).get_table_names()
    if "alembic_version" not in tables and "quizzes" in tables:
        command.stamp(config, LEGACY_REVISION)
    command.upgrade(config, "head")
    return current_revision(connection)

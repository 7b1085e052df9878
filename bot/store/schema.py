"""The tables as the newest migration leaves them (SQLAlchemy Core), for the queries.

Changing a table means a new revision in `migrations/versions/` AND the same change here; the
test `tests/store/test_migrations.py` checks that both agree on each engine.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, Table, Text, text

metadata = MetaData()

quizzes = Table(
    "quizzes", metadata,
    Column("id", Text, primary_key=True),
    Column("platform", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("starter", Text, nullable=False),
    Column("lang", Text, nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("closed", Boolean, nullable=False, server_default=text("false")),
    Column("created", Float, nullable=False),
    Column("meta", Text, nullable=False, server_default=text("'{}'")),  # JSON object
    Column("version", Integer, nullable=False, server_default=text("0")),
)

participations = Table(
    "participations", metadata,
    Column("quiz_id", Text, ForeignKey("quizzes.id"), primary_key=True),
    Column("participant", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("answers", Text, nullable=False),  # JSON list of 0-based option indexes
    Column("updated", Float, nullable=False),
    Column("joined", Float, nullable=False, server_default=text("0")),  # orders members; legacy rows: their rank
)

settings = Table(
    "settings", metadata,
    Column("scope", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

handled_events = Table(
    "handled_events", metadata,
    Column("event_id", Text, primary_key=True),
    Column("handled", Float, nullable=False),  # time.time(): lets a retention job purge old marks
    Index("handled_events_by_time", "handled"),
)

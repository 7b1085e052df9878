"""The tables as the newest migration leaves them (SQLAlchemy Core), for the queries.

Changing a table means a new revision in `migrations/versions/` AND the same change here; the
test `tests/store/test_migrations.py` checks that both agree on each engine.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
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
    Column("team_id", Text, nullable=True),  # Slack: the workspace the quiz runs in
    Column("enterprise_id", Text, nullable=True),  # Slack: its Enterprise Grid organisation, if any
    Column("shown_version", Integer, nullable=False, server_default=text("0")),  # the team message shows this one
    Column("editor_until", Float, nullable=True),  # the lease of the instance editing the team message
    Index("quizzes_by_team", "team_id"),
    Index("quizzes_by_enterprise", "enterprise_id"),
)

participations = Table(
    "participations", metadata,
    Column("quiz_id", Text, ForeignKey("quizzes.id"), primary_key=True),
    Column("participant", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("answers", Text, nullable=False),  # JSON list of 0-based option indexes
    Column("tomorrow", Text, nullable=True),  # "Et dans deux ans ?": NULL = not started, else like answers
    Column("updated", Float, nullable=False),
    Column("joined", Float, nullable=False, server_default=text("0")),  # orders members; legacy rows: their rank
    Index("participations_by_participant", "participant"),
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

# Distribution (Slack OAuth): slack_sdk's own tables, as its stores define them.
slack_installations = SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
slack_bots = SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
slack_oauth_states = SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")

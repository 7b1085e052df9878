"""The schema of the first store (stdlib sqlite3, before SQLAlchemy): quizzes, participations, settings.

A database written by that version has these tables and no alembic_version table: it is stamped
at this revision instead of running it (see bot.store.migrate).

Revision ID: 0001
Revises:
"""

from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quizzes",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("platform", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("starter", sa.Text, nullable=False),
        sa.Column("lang", sa.Text, nullable=False),
        sa.Column("anonymous", sa.Boolean, nullable=False),
        sa.Column("closed", sa.Boolean, nullable=False, server_default=sa.text("false")),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("meta", sa.Text, nullable=False, server_default=sa.text("'{}'")),
    )
    op.create_table(
        "participations",
        sa.Column("quiz_id", sa.Text, sa.ForeignKey("quizzes.id"), primary_key=True),
        sa.Column("participant", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("updated", sa.Float, nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("scope", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("settings", "participations", "quizzes"):
        op.drop_table(table)

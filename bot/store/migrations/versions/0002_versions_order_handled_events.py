"""A version per quiz (edits built from an older state can be refused), the members' join order
(PostgreSQL has no rowid), and the ids of handled events (idempotent event handling).

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("quizzes", sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("0")))
    op.add_column("participations", sa.Column("joined", sa.Float, nullable=False, server_default=sa.text("0")))
    if op.get_bind().dialect.name == "sqlite":  # the first store listed members by rowid: keep that order
        op.execute("UPDATE participations SET joined = (SELECT COUNT(*) FROM participations AS earlier "
                   "WHERE earlier.quiz_id = participations.quiz_id AND earlier.rowid <= participations.rowid)")
    op.create_table(
        "handled_events",
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("handled", sa.Float, nullable=False),
    )
    op.create_index("handled_events_by_time", "handled_events", ["handled"])


def downgrade() -> None:
    op.drop_index("handled_events_by_time", "handled_events")
    op.drop_table("handled_events")
    with op.batch_alter_table("participations") as batch:
        batch.drop_column("joined")
    with op.batch_alter_table("quizzes") as batch:
        batch.drop_column("version")

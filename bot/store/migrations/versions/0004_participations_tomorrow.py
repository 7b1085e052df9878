""""Et dans deux ans ?": each member's answers for the lab in two years, next to today's.

`participations.tomorrow` is NULL while the member has not started it, else a JSON list of
canonical option indexes like `answers` (an empty list: started, nothing answered yet).

Revision ID: 0004
Revises: 0003
"""

from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("participations", sa.Column("tomorrow", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participations") as batch:
        batch.drop_column("tomorrow")

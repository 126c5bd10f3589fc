"""What reading each publication's document gave: facts, summary, or why it failed.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        # pending, done, failed (to be retried), gave-up or skipped
        batch.add_column(sa.Column("read_status", sa.String(20), nullable=False, server_default="pending"))
        batch.add_column(sa.Column("read_attempts", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("read_error", sa.Text))
        batch.add_column(sa.Column("read_at", sa.DateTime))
        batch.add_column(sa.Column("facts", sa.JSON))
        batch.add_column(sa.Column("summary", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        for column in ("summary", "facts", "read_at", "read_error", "read_attempts", "read_status"):
            batch.drop_column(column)

"""A source can be paused by ops: it is not read until resumed, and its health is not judged.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("paused_at", sa.DateTime))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("paused_at")

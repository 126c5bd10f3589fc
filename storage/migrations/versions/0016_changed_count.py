"""What a cycle found changed at a source, counted apart from what it found new: a
publication whose date moved is no new publication.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source_reads") as batch:
        batch.add_column(sa.Column("changed", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("source_reads") as batch:
        batch.drop_column("changed")

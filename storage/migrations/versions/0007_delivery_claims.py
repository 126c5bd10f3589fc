"""Which cycle has claimed an alert or digest for delivery, and when: two cycles racing
(after a lost lock) can then never both post the same message.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("alerts", "digests"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("claimed_by", sa.String(40)))
            batch.add_column(sa.Column("claimed_at", sa.DateTime))


def downgrade() -> None:
    for table in ("alerts", "digests"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("claimed_at")
            batch.drop_column("claimed_by")

"""A fencing token for the cycle lock: each holder of the lock takes the next number, and
each claim on an alert or digest records the number of the holder that made it. A claim
with a lower number than the current holder's was made by a cycle that has ended, killed
or not, and is taken over at once rather than after a lease.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fences",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("token", sa.BigInteger, nullable=False),
    )
    for table in ("alerts", "digests"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("claim_fence", sa.BigInteger))


def downgrade() -> None:
    for table in ("alerts", "digests"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("claim_fence")
    op.drop_table("fences")

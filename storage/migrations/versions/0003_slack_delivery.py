"""Delivery state for Slack: attempts of unknown outcome, threads and digests.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("sending_at", sa.DateTime),
        sa.Column("delivered_at", sa.DateTime),
        sa.Column("delivered_to", sa.String(100)),
        sa.Column("message_ts", sa.String(40)),
        sa.Column("last_error", sa.Text),
    )
    with op.batch_alter_table("alerts") as batch:
        # Set, and committed, before a post: still set afterwards means the outcome is
        # unknown, and Slack is searched for the message before posting again.
        batch.add_column(sa.Column("sending_at", sa.DateTime))
        batch.add_column(sa.Column("channel", sa.String(100)))
        batch.add_column(sa.Column("thread_ts", sa.String(40)))
        batch.add_column(
            sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id", name="fk_alerts_digest"))
        )


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        for column in ("digest_id", "thread_ts", "channel", "sending_at"):
            batch.drop_column(column)
    op.drop_table("digests")

"""Cycle status, per-source health, and ops messages in the outbox.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cycles") as batch:
        # running, ok, failed, interrupted or timed-out
        batch.add_column(sa.Column("status", sa.String(20), nullable=False, server_default="running"))
    op.execute(
        "UPDATE cycles SET status = CASE WHEN ok THEN 'ok' WHEN ok IS NULL THEN 'interrupted' "
        "ELSE 'failed' END"
    )
    with op.batch_alter_table("cycles") as batch:
        batch.drop_column("ok")
    with op.batch_alter_table("source_reads") as batch:
        batch.add_column(sa.Column("read", sa.Integer, nullable=False, server_default="0"))
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("max_seen", sa.Integer))
        # The health problem ops were told about, and when they were last told.
        batch.add_column(sa.Column("problem", sa.Text))
        batch.add_column(sa.Column("problem_since", sa.DateTime))
        batch.add_column(sa.Column("problem_told_at", sa.DateTime))
    with op.batch_alter_table("alerts") as batch:
        # Ops messages have no publication: the source they concern, and their text.
        batch.add_column(sa.Column("source", sa.String(100)))
        batch.add_column(sa.Column("body", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("body")
        batch.drop_column("source")
    with op.batch_alter_table("sources") as batch:
        for column in ("problem_told_at", "problem_since", "problem", "max_seen"):
            batch.drop_column(column)
    with op.batch_alter_table("source_reads") as batch:
        batch.drop_column("read")
    with op.batch_alter_table("cycles") as batch:
        batch.add_column(sa.Column("ok", sa.Boolean))
        batch.drop_column("status")

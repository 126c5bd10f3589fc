"""Sources, publications, the alert outbox and cycle records.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("baselined_at", sa.DateTime),
        sa.Column("last_ok_at", sa.DateTime),
        sa.Column("last_count", sa.Integer),
        sa.Column("failing_since", sa.DateTime),
        sa.Column("consecutive_failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
    )
    op.create_table(
        "publications",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("source", sa.String(100), nullable=False, index=True),
        sa.Column("authority", sa.String(200), nullable=False),
        sa.Column("urn", sa.String(20), nullable=False, index=True),
        sa.Column("type", sa.String(30), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("published", sa.Date, index=True),
        sa.Column("event_date", sa.Date),
        sa.Column("page_url", sa.Text, nullable=False),
        sa.Column("first_seen", sa.DateTime, nullable=False),
        sa.Column("last_seen", sa.DateTime, nullable=False),
        sa.Column("changed_at", sa.DateTime),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("publication_id", sa.String(40), sa.ForeignKey("publications.id"), index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("delivered_at", sa.DateTime, index=True),
        sa.Column("delivered_to", sa.String(100)),
        sa.Column("message_ts", sa.String(40)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
    )
    op.create_table(
        "cycles",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("started_at", sa.DateTime, nullable=False, index=True),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("ok", sa.Boolean),
        sa.Column("counts", sa.JSON),
        sa.Column("errors", sa.JSON),
    )
    op.create_table(
        "source_reads",
        sa.Column("cycle_id", sa.String(40), primary_key=True),
        sa.Column("source", sa.String(100), primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("seen", sa.Integer, nullable=False, server_default="0"),
        sa.Column("new", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error", sa.Text),
    )


def downgrade() -> None:
    for table in ("source_reads", "cycles", "alerts", "publications", "sources"):
        op.drop_table(table)

"""Sector news items, linked to the publications they report on.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "news_items",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("source", sa.String(100), nullable=False, index=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("canonical_url", sa.Text, nullable=False, unique=True),
        sa.Column("published", sa.Date, index=True),
        sa.Column("authority", sa.String(200), nullable=False),
        sa.Column("urn", sa.String(20), nullable=False, index=True),
        sa.Column("summary", sa.Text),
        sa.Column("links_to", sa.String(40), sa.ForeignKey("publications.id")),
        sa.Column("first_seen", sa.DateTime, nullable=False),
    )
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(
            sa.Column("news_id", sa.String(40), sa.ForeignKey("news_items.id", name="fk_alerts_news"))
        )


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("news_id")
    op.drop_table("news_items")

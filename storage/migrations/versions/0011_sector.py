"""The sector: every local authority the reports site lists, with its "Latest report"
date as the listing last showed it and as it was when its provider page was last read.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sector_authorities",
        sa.Column("urn", sa.String(20), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("latest_report", sa.Date),
        sa.Column("rating", sa.String(100)),
        sa.Column("listed_at", sa.DateTime, nullable=False),
        sa.Column("read_report", sa.Date),
        sa.Column("read_at", sa.DateTime),
    )


def downgrade() -> None:
    op.drop_table("sector_authorities")

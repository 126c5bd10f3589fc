"""The validators (ETag, Last-Modified) of each page's and feed's last good response, so
that the next cycle asks with If-None-Match / If-Modified-Since and an unchanged page costs
a 304. Kept in the store, they survive restarts and serve every instance.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "validators",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("validators")

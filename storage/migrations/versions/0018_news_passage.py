"""A stored story keeps what it reports on its authority: the kind of publication, and
the passage that decided it is about the authority, shown where comms read the story.
Each story read is remembered with the authorities it was read for, so that a story
stored for one authority is read again when a listing names another.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("news_items") as batch:
        batch.add_column(sa.Column("kind", sa.String(40)))
        batch.add_column(sa.Column("passage", sa.Text()))
    op.create_table(
        "news_reads",
        sa.Column("canonical_url", sa.Text(), primary_key=True),
        sa.Column("urns", sa.Text(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("news_reads")
    with op.batch_alter_table("news_items") as batch:
        batch.drop_column("passage")
        batch.drop_column("kind")

"""What browsing needs: indexes for the web pages' newest-first order, their authority
list and their "last changed" stamp, and each alert's Slack permalink.

Newest first puts undated publications last: PostgreSQL says so with NULLS LAST, while
SQLite already sorts NULL below every date, so each gets the index its order can use.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

STAMPS = [("publications", "first_seen"), ("publications", "changed_at"), ("publications", "read_at")]
STAMPS += [("news_items", "first_seen")]


def upgrade() -> None:
    nulls = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    op.create_index(
        "ix_publications_newest",
        "publications",
        [sa.text(f"published DESC{nulls}"), sa.text("first_seen DESC"), sa.text("id DESC")],
    )
    op.create_index("ix_publications_urn_authority", "publications", ["urn", "authority"])
    for table, column in STAMPS:
        op.create_index(f"ix_{table}_{column}", table, [column])
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(sa.Column("permalink", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("permalink")
    for table, column in STAMPS:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
    op.drop_index("ix_publications_urn_authority", table_name="publications")
    op.drop_index("ix_publications_newest", table_name="publications")

"""An index for each authority's latest publication of a type (the sector table's full
inspection and visit): without it the query reads every publication's row, its document
text included.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_publications_type_urn_published", "publications", ["type", "urn", "published"])


def downgrade() -> None:
    op.drop_index("ix_publications_type_urn_published", table_name="publications")

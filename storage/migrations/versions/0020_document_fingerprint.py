"""Each read document's fingerprint (SHA-256 of its bytes): a publication re-published at
the same link is fetched again, and read again only when its document differs.

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("document_sha256", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("document_sha256")

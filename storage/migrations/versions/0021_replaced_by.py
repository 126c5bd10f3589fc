"""A publication withdrawn for a corrected copy at a new link names the copy: its alert
is the copy's, and the pages and `list` mark it as replaced.

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("replaced_by", sa.String(40)))


def downgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("replaced_by")

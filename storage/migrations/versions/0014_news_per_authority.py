"""A news story may report on several authorities (a round-up): one row for each, so the
story's canonical URL is unique with the authority's URN, no longer alone.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# SQLite's constraint had no name: batch mode names it by this convention to drop it.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
STORY = "uq_news_items_story_authority"


def _old_name() -> str:
    sqlite = op.get_bind().dialect.name == "sqlite"
    return "uq_news_items_canonical_url" if sqlite else "news_items_canonical_url_key"


def upgrade() -> None:
    with op.batch_alter_table("news_items", naming_convention=NAMING) as batch:
        batch.drop_constraint(_old_name(), type_="unique")
        batch.create_unique_constraint(STORY, ["canonical_url", "urn"])


def downgrade() -> None:
    with op.batch_alter_table("news_items", naming_convention=NAMING) as batch:
        batch.drop_constraint(STORY, type_="unique")
        batch.create_unique_constraint(_old_name(), ["canonical_url"])

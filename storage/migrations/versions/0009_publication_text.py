"""Each publication's cleaned document text, and a full-text index over it and the title:
SQLite's FTS5 (an external-content table kept by triggers), PostgreSQL's tsvector with a
GIN index.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE publication_search USING fts5("
    "title, text, content='publications', content_rowid='rowid', tokenize='porter unicode61')",
    "CREATE TRIGGER publication_search_insert AFTER INSERT ON publications BEGIN "
    "INSERT INTO publication_search(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER publication_search_delete AFTER DELETE ON publications BEGIN "
    "INSERT INTO publication_search(publication_search, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
    "CREATE TRIGGER publication_search_update AFTER UPDATE OF title, text ON publications BEGIN "
    "INSERT INTO publication_search(publication_search, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO publication_search(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "INSERT INTO publication_search(publication_search) VALUES ('rebuild')",
]
POSTGRES_UP = [
    "ALTER TABLE publications ADD COLUMN search tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(title, '') || ' ' || coalesce(text, ''))) STORED",
    "CREATE INDEX ix_publications_search ON publications USING gin (search)",
]


def upgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("text", sa.Text))
    for statement in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER publication_search_{name}")
        op.execute("DROP TABLE publication_search")
    else:
        op.execute("DROP INDEX ix_publications_search")
        op.execute("ALTER TABLE publications DROP COLUMN search")
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("text")

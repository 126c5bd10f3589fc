"""Alembic environment: runs on the connection the store hands over, or on alembic.ini's URL."""

from alembic import context
from sqlalchemy import create_engine

from storage.models import Base

config = context.config
connection = config.attributes.get("connection")


def _run(conn) -> None:
    # render_as_batch lets column changes work on SQLite, which cannot ALTER most things.
    context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://").connect() as conn:
        _run(conn)

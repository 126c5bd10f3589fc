"""A scratch copy of a store, for a dry run: the cycle runs on the copy, so the real store
is left exactly as it was, its sources' baselines included.

The copy is a SQLite file whatever the store's own database is: the rows are read through
the models' tables, which both backends share, and written in dependency order.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from storage.lock import database_file
from storage.models import Base
from storage.store import Store, StoreProblem, schema_problem, unreachable

# Rows are copied this many at a time, so a large store's copy does not hold it all.
BATCH = 1000


def scratch_copy(url: str, folder: Path) -> str:
    """A new SQLite store in `folder` holding every row of the store at `url`; its URL.

    The source store is opened without migrating and only read; a store that does not
    exist yet (a SQLite file never written, a database with no schema) gives an empty copy
    without being created. A store this version cannot read, or cannot reach, raises
    StoreProblem saying which.
    """
    copy_url = f"sqlite:///{folder / 'dry-run.db'}"
    copy = Store(copy_url)
    try:
        existing = database_file(make_url(url))
        if existing is not None and not Path(existing).exists():
            return copy_url
        source = Store(url, migrate=False)
        try:
            try:
                found = source.schema_version()
            except SQLAlchemyError as exc:
                raise StoreProblem(unreachable(url, exc)) from exc
            if found is None:
                return copy_url
            if problem := schema_problem(url, found):
                raise problem
            with source.engine.connect() as reading, copy.engine.begin() as writing:
                # A new schema is not quite empty (its migrations seed the running totals):
                # the copy holds the store's rows alone.
                for table in reversed(Base.metadata.sorted_tables):
                    writing.execute(delete(table))
                for table in Base.metadata.sorted_tables:
                    rows = reading.execute(select(table)).mappings()
                    while batch := [dict(row) for row in rows.fetchmany(BATCH)]:
                        writing.execute(insert(table), batch)
        finally:
            source.close()
    finally:
        copy.close()
    return copy_url

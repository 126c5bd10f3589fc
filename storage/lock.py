"""Locks shared by every process using one store: one mechanism for each purpose.

SQLite stores take a lock file beside the database; PostgreSQL stores take a session
advisory lock on a connection of their own, which the server releases by itself if the
holder dies. The migration waits for its lock; a cycle does not wait for its own, and
neither does a sector backfill, which has a lock of its own so that home cycles go on
while it reads.
"""

from __future__ import annotations

import logging
import time
from enum import IntEnum
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

logger = logging.getLogger(__name__)
# Seconds between tries for a lock taken with patience.
POLL = 0.1


class LockName(IntEnum):
    """Each lock's advisory key (arbitrary constants naming this product's locks)."""

    CYCLE = 0x0F57ED
    MIGRATION = 0x0F57EE
    # A sector backfill's, apart from the cycle's: home cycles go on while it reads.
    BACKFILL = 0x0F57EF


def database_file(url: URL) -> str | None:
    """The file of a SQLite database; None for PostgreSQL or an in-memory database."""
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return url.database
    return None


class StoreLock:
    """A named lock across the processes that share this store's database."""

    def __init__(self, engine: Engine, name: LockName):
        self.engine = engine
        self.name = name
        self._file: FileLock | None = None
        self._connection: Connection | None = None

    def acquire(self, *, wait: bool, patience: float = 0.0) -> bool:
        """Take the lock; without `wait`, False when another process holds it still after
        `patience` seconds (at once by default)."""
        if self.engine.url.get_backend_name() == "postgresql":
            deadline = time.monotonic() + patience
            while not (got := self._advisory(wait)) and time.monotonic() < deadline:
                time.sleep(POLL)
            return got
        database = database_file(self.engine.url)
        path = f"{database}.{self.name.name.lower()}.lock" if database else ".ofsted-watch.lock"
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(path)
        try:
            lock.acquire(timeout=-1 if wait else patience, poll_interval=POLL)
        except Timeout:
            return False
        self._file = lock
        return True

    def _advisory(self, wait: bool) -> bool:
        """Take the advisory lock on a connection of its own; False when another holds it."""
        connection = self.engine.connect()
        query = "SELECT pg_advisory_lock(:k), true" if wait else "SELECT pg_try_advisory_lock(:k)"
        try:
            got = bool(connection.execute(text(query), {"k": int(self.name)}).scalar())
            connection.commit()
        except BaseException:
            connection.close()  # the connection is the lock's: nothing else would close it
            raise
        if not got:
            connection.close()
            return False
        self._connection = connection
        return True

    def held(self) -> bool:
        """Whether this process still holds the lock. A PostgreSQL lock is lost with its
        connection (terminated by an admin, a failover, a network cut): asked before each
        post, so a cycle that lost it stops instead of racing the next one."""
        if self._file is not None:
            return self._file.is_locked
        if self._connection is None:
            return False
        try:
            found = self._connection.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND pid = pg_backend_pid() AND objid = :k"
                ),
                {"k": int(self.name)},
            ).scalar()
            self._connection.commit()
        except SQLAlchemyError:
            return False
        return bool(found)

    def release(self) -> None:
        """Give the lock back. A connection the server already closed released it too."""
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": int(self.name)})
                connection.commit()
            except SQLAlchemyError as exc:
                logger.warning(
                    "the %s lock's database connection was lost (%s); the server released the lock",
                    self.name.name.lower(),
                    str(exc).splitlines()[0],
                )
            finally:
                connection.close()
        if self._file is not None:
            self._file.release()
            self._file = None

    def __enter__(self) -> StoreLock:
        self.acquire(wait=True)
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()

"""One cycle at a time across processes sharing a store.

SQLite stores take a file lock beside the database; PostgreSQL stores take a session
advisory lock, which the server releases by itself if the holder dies.
"""

from __future__ import annotations

from filelock import FileLock, Timeout
from sqlalchemy import text

from storage import Store

# An arbitrary constant naming this product's lock among the database's advisory locks.
ADVISORY_KEY = 0x0F57ED


class CycleLock:
    def __init__(self, store: Store):
        self.store = store
        self._file: FileLock | None = None
        self._connection = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another process holds it."""
        url = self.store.engine.url
        if url.get_backend_name() == "postgresql":
            self._connection = self.store.engine.connect()
            got = self._connection.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                           {"k": ADVISORY_KEY}).scalar()
            self._connection.commit()
            if not got:
                self._connection.close()
                self._connection = None
            return bool(got)
        self._file = self.store.file_lock(".lock") or FileLock(".ofsted-watch.lock")
        try:
            self._file.acquire(timeout=0)
        except Timeout:
            self._file = None
            return False
        return True

    def release(self) -> None:
        if self._connection is not None:
            self._connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
            self._connection.commit()
            self._connection.close()
            self._connection = None
        if self._file is not None:
            self._file.release()
            self._file = None

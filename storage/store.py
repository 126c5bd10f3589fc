"""The store: the engine, its sessions, the locks every process shares, and the
migrations. What each table means lives in the modules over it (publications.py,
sources.py, outbox.py ...)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from errors import Problem
from storage.lock import LockName, StoreLock, database_file
from storage.models import Base

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration's revision: a store already there needs no migration run (and no
# import of Alembic). A test holds it equal to the migrations' head.
SCHEMA_VERSION = "0023"


class StoreProblem(Problem):
    """The store cannot be used as configured: said to ops in one line, as it stands."""


class SchemaTooNew(StoreProblem):
    """The store was migrated by a newer version of the product than this one."""


class SchemaTooOld(StoreProblem):
    """The store's schema is older than this version's, for a command that never migrates."""


class StoreUnavailable(StoreProblem):
    """An SQLite store's folder cannot be made where the configuration puts it."""


class StoreMissing(StoreProblem):
    """A command that only looks found no store where the configuration puts it."""


def unreachable(url: str, exc: Exception) -> str:
    """One line for a store that cannot be used: where it is (without its password) and why."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"the store {shown_url(url)} cannot be used: {reason[0] if reason else type(exc).__name__}"


def schema_problem(url: str, found: str | None) -> StoreProblem | None:
    """What stops a command that never migrates from reading a store whose schema is
    `found`; None when it is this version's."""
    shown = shown_url(url)
    if found is None:
        return StoreMissing(f"the store {shown} has no schema yet: once, serve or migrate creates it")
    if found > SCHEMA_VERSION:
        return SchemaTooNew(
            f"the store's schema ({found}) is newer than this version of ofsted-watch knows "
            f"({SCHEMA_VERSION}): run the newer version, or restore a copy of the store"
        )
    if found < SCHEMA_VERSION:
        return SchemaTooOld(
            f"the store {shown} has schema {found}, older than this version's ({SCHEMA_VERSION}): "
            "run `ofsted-watch migrate` (once and serve migrate too)"
        )
    return None


Model = TypeVar("Model", bound=Base)


def fetch(session: Session, model: type[Model], key) -> Model:
    """The row with this key; one that has gone is a clear error, not an AttributeError."""
    found = session.get(model, key)
    if found is None:
        raise LookupError(f"no {model.__tablename__} row {key!r} in the store")
    return found


def _transactional_ddl(engine: Engine) -> Engine:
    """An engine whose transactions hold DDL too. Python's sqlite3 driver runs CREATE and
    ALTER outside any transaction, so a migration killed part-way would leave half a
    schema behind; this is SQLAlchemy's documented remedy: the driver's own transaction
    handling off, and SQLAlchemy's BEGIN emitted instead. Other databases need nothing."""
    if engine.url.get_backend_name() != "sqlite":
        return engine
    migrating = create_engine(engine.url, poolclass=NullPool)

    @event.listens_for(migrating, "connect")
    def _driver_leaves_transactions_alone(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(migrating, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return migrating


def utcnow() -> datetime:
    """Naive UTC, the one form every timestamp takes in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def shown_url(url: str) -> str:
    """A store's URL as logs and messages show it: without its password."""
    return make_url(url).render_as_string(hide_password=True)


def engine_for(url: str, *, create: bool = True) -> Engine:
    """The engine for a store's URL. Without `create`, an SQLite store must exist already:
    nothing is made, not its folder nor an empty file (StoreMissing)."""
    parsed = make_url(url)
    # "postgres://", as many hosts and tools print it, is PostgreSQL; and the psycopg (3)
    # driver is the one installed, where SQLAlchemy would assume psycopg2.
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if (database := database_file(parsed)) and not create and not Path(database).is_file():
        resolved = "" if Path(database).is_absolute() else f" ({Path(database).resolve()})"
        raise StoreMissing(
            f"there is no store at {shown_url(url)}{resolved}: once, serve or migrate creates it; "
            "if one should be there, check [storage] url or DATABASE_URL"
        )
    if database:
        folder = Path(database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a read-only root, as in a locked-down container
            raise StoreUnavailable(
                f"the store {shown_url(url)} cannot be created: its folder {str(folder)!r} cannot be made "
                f"({exc.strerror}); set [storage] url or DATABASE_URL to a writable place"
            ) from exc
    engine = create_engine(parsed, pool_pre_ping=True)
    if parsed.get_backend_name() == "sqlite" and database:
        event.listen(engine, "connect", _write_ahead)
    return engine


def _write_ahead(dbapi_connection, _record) -> None:
    """SQLite in write-ahead mode: the web pages read while a cycle writes, and a commit
    costs one fsync rather than several. Full synchronous commits stay: a delivered mark
    must survive a power cut, or an alert could be posted twice."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


_shared: dict[str, Store] = {}


def shared_store(url: str) -> Store:
    """One Store per database in this process: a crawl's pipelines and spiders share it,
    so the schema is checked and connections pooled once."""
    if url not in _shared:
        _shared[url] = Store(url)
    return _shared[url]


class Store:
    def __init__(self, url: str, *, migrate: bool = True, create: bool = True):
        self.url = url
        self.engine = engine_for(url, create=create)
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        self._open = threading.local()
        if migrate and not self.is_current():
            self.migrate()

    def schema_version(self) -> str | None:
        """The schema's revision ("0012"), from one query; None for a store with none yet.
        Raises SQLAlchemyError when the store cannot be reached."""
        with self.engine.connect() as connection:
            try:  # one query when there is a schema, as on every start but the first
                return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except SQLAlchemyError:
                connection.rollback()
                if inspect(connection).has_table("alembic_version"):
                    raise
                return None

    @classmethod
    def existing(cls, url: str) -> Store:
        """The store as it is, for a command that only looks: never created, migrated or
        written to. StoreMissing, SchemaTooOld or SchemaTooNew when this version cannot
        read it; SQLAlchemyError when it cannot be reached."""
        store = cls(url, migrate=False, create=False)
        try:
            if problem := schema_problem(url, store.schema_version()):
                raise problem
        except BaseException:
            store.close()
            raise
        return store

    def is_current(self) -> bool:
        """Whether the schema is at SCHEMA_VERSION, from one query."""
        try:
            return self.schema_version() == SCHEMA_VERSION
        except SQLAlchemyError:
            return False

    def migrate(self) -> None:
        """Bring the schema to the newest version; a no-op when it already is.

        Processes starting together (the service and an ops command, say) take turns,
        or both would try to create the same tables. The whole upgrade is one transaction,
        on SQLite too, so a process killed part-way leaves the schema as it was. Alembic is
        imported only here: most commands find the schema current and never need it.
        """
        import logging

        from alembic import command
        from alembic.config import Config as AlembicConfig

        if isinstance(problem := schema_problem(self.url, self.schema_version()), SchemaTooNew):
            raise problem

        # Alembic's INFO chatter on every start says nothing to ops.
        logging.getLogger("alembic").setLevel(logging.WARNING)
        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        engine = _transactional_ddl(self.engine)
        try:
            with self.lock(LockName.MIGRATION), engine.begin() as connection:
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "head")
        finally:
            if engine is not self.engine:
                engine.dispose()

    def lock(self, name: LockName) -> StoreLock:
        """A lock across every process sharing this store (see storage.lock)."""
        return StoreLock(self.engine, name)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction, committed when the block ends. Inside another of this store's
        (in this thread), it is part of that one, so that several steps (a page's
        sightings, say) commit or roll back together."""
        if (open_session := getattr(self._open, "session", None)) is not None:
            yield open_session
            return
        with self._session.begin() as session:
            self._open.session = session
            try:
                yield session
            finally:
                self._open.session = None

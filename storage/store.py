"""The store: decides what is new, and queues alerts in the same transaction."""

from __future__ import annotations

import enum
import threading
from collections.abc import Iterator, Mapping, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from sqlalchemy import create_engine, event, func, inspect, or_, select, text, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from config import normalised
from errors import Problem
from storage import history, replacements
from storage.lock import LockName, StoreLock, database_file
from storage.models import Alert, Base, Cycle, Publication, Validator
from storage.reading import Reading
from vocabulary import BACKFILL_CYCLE, FILE_ID, SUCCEEDED, AlertKind, CycleStatus, ReadStatus

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration's revision: a store already there needs no migration run (and no
# import of Alembic). A test holds it equal to the migrations' head.
SCHEMA_VERSION = "0022"
# What identifies a publication's content: a change in any of these is news.
TRACKED_FIELDS = ("title", "published", "url")


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


class Change(enum.Enum):
    NEW = "new"
    CHANGED = "changed"
    KNOWN = "known"


@dataclass(frozen=True)
class Triage:
    """What a page's publications need, by id."""

    settled: frozenset[str]  # stored exactly as listed, reading settled: nothing is new
    to_read: frozenset[str]  # never read, due a retry, or their document moved
    known: frozenset[str] = frozenset()  # stored at all, as listed or not
    # Read, and listed again otherwise than as stored (re-published at the same link):
    # the document's fingerprint when it was read, to fetch it again and compare.
    recheck: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Sighting:
    """A publication as a page lists it this cycle, to be recorded."""

    fields: Mapping  # what the page gave, as the store records it
    alert: bool  # whether what is new about it is news (not a baseline)
    reading: Reading | None = None  # what reading its document gave, if it was read now
    sector: bool = False  # another authority's than the home ones
    alone: bool = False  # a sector publication alerted on its own too (a peer's)


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

    # Publications

    def triage(self, listed: list[Mapping]) -> Triage:
        """What one page's publications need, from one query for the page."""
        by_id = {fields["id"]: fields for fields in listed}
        if not by_id:
            return Triage(frozenset(), frozenset())
        names = sorted({name for fields in listed for name in fields})
        query = select(
            Publication.read_status, Publication.document_sha256, *(getattr(Publication, n) for n in names)
        ).where(Publication.id.in_(by_id))
        with self.session() as s:
            rows = s.execute(query).all()
        settled, read, recheck = set(), set(), {}
        for status, fingerprint, *values in rows:
            stored = dict(zip(names, values, strict=True))
            unsettled = status in (ReadStatus.PENDING, ReadStatus.FAILED)
            same_document = stored["url"] == by_id[stored["id"]]["url"]
            if not unsettled and stored == by_id[stored["id"]]:
                settled.add(stored["id"])
            if not unsettled and same_document:
                read.add(stored["id"])
            if status == ReadStatus.DONE and same_document and stored != by_id[stored["id"]]:
                recheck[stored["id"]] = fingerprint
        known = frozenset(row.id for row in rows)
        return Triage(frozenset(settled), frozenset(by_id.keys() - read), known, recheck)

    def seen(self, ids: list[str]) -> None:
        """Note that these publications were listed again, in one update."""
        if ids:
            with self.session() as s:
                seen = update(Publication).where(Publication.id.in_(ids)).values(last_seen=utcnow())
                # Settled publications are not loaded: no object in the session to refresh.
                s.execute(seen.execution_options(synchronize_session=False))

    def record_publications(
        self, sightings: list[Sighting], *, max_read_attempts: int = 3, listed: Set[str] | None = None
    ) -> list[Change]:
        """Insert or update a page's publications in one transaction; new and changed ones
        queue an alert when asked. What each is, in order.

        A reading that failed is retried on later cycles up to max_read_attempts. A
        `sector` publication (another authority's than the home ones) queues only when
        new, for the sector digest, and also an alert of its own when `alone` (a peer's
        full inspection, say). `listed`: every id the page lists, when it is known; a new
        publication that is a corrected copy of one it no longer lists is recorded as
        that one changed (see storage.replacements).
        """
        now = utcnow()
        ids = {sighting.fields["id"] for sighting in sightings}
        with self.session() as s:
            query = select(Publication).where(Publication.id.in_(ids)).with_for_update()
            stored = {publication.id: publication for publication in s.scalars(query)}
            changes, alerts = [], []
            for sighting in sightings:
                change, queued = _record(s, stored, sighting, now, max_read_attempts, listed)
                changes.append(change)
                alerts += queued
            if alerts:
                s.flush()  # an alert's foreign key needs the publication row first
                s.add_all(alerts)
            return changes

    def publication(self, publication_id: str) -> Publication:
        """One publication; LookupError naming the id when there is none."""
        with self.session() as s:
            return fetch(s, Publication, publication_id)

    def publication_id(self, reference: str) -> str:
        """The id of the publication a person named: by its id, or by its document's link
        as a browser shows it (its file id, or the link as stored). LookupError otherwise."""
        wanted = reference.strip()
        link = normalised(wanted)
        with self.session() as s:
            if s.get(Publication, wanted) is not None:
                return wanted
            if link is not None:
                by_link = s.scalar(select(Publication.id).where(Publication.url == link).limit(1))
                named = FILE_ID.search(urlsplit(link).path)
                if by_link is not None:
                    return by_link
                if named and s.get(Publication, named.group(1)) is not None:
                    return named.group(1)
        raise LookupError(f"no publication {reference!r} is stored")

    def resend(self, publication_id: str) -> int:
        """Queue a publication's alert again, to be posted as a new message; its alert id."""
        with self.session() as s:
            fetch(s, Publication, publication_id)
            alert = Alert(
                publication_id=publication_id, kind=AlertKind.RESENT, created_at=utcnow(), attempts=0
            )
            s.add(alert)
            s.flush()
            return alert.id

    def backfill(self, since: date, until: date | None, home_urns: set[str]) -> tuple[int, int]:
        """Queue an alert for each publication published in the range that never had one
        (a baseline's, say): the home authorities' as their own alerts, every other
        authority's only for the sector digest, as a sweep would have told them. How many
        of each. Run twice, the second queues nothing."""
        query = select(Publication).where(
            Publication.published >= since,
            ~select(Alert.id).where(Alert.publication_id == Publication.id).exists(),
        )
        if until is not None:
            query = query.where(Publication.published <= until)
        now = utcnow()
        with self.session() as s:
            found = list(s.scalars(query.order_by(Publication.published, Publication.id)))
            kinds = {p.id: AlertKind.NEW if p.urn in home_urns else AlertKind.SECTOR for p in found}
            s.add_all(
                Alert(publication_id=p.id, kind=kinds[p.id], created_at=now, attempts=0, on_request=True)
                for p in found
            )
        home = sum(1 for kind in kinds.values() if kind == AlertKind.NEW)
        return home, len(found) - home

    def reread(self, publication_id: str) -> str:
        """Read a publication's document again on the next cycle, with its attempts afresh;
        the status it had."""
        with self.session() as s:
            publication = fetch(s, Publication, publication_id)
            was = publication.read_status
            publication.read_status, publication.read_attempts = ReadStatus.PENDING, 0
            return was

    def listed_on(self, source: str) -> list[Publication]:
        """The publications a source's page listed, as stored (for a page that answered
        "unchanged"), in the page's order: newest first."""
        query = select(Publication).where(Publication.source == source)
        with self.session() as s:
            return list(s.scalars(query.order_by(Publication.event_date.desc(), Publication.id.desc())))

    def read_texts(self, batch: int = 50) -> Iterator[tuple[str, str, str]]:
        """(id, authority, cleaned text) of every publication whose document was read,
        a batch at a time, so that a large store is never in memory at once."""
        query = (
            select(Publication.id, Publication.authority, Publication.text)
            .where(Publication.text.is_not(None))
            .order_by(Publication.id)
        )
        with self.session() as s:
            for row in s.execute(query.execution_options(yield_per=batch)):
                yield row.id, row.authority, row.text

    def publications(self, since: date | None = None) -> list[Publication]:
        """Newest first: by publication date, undated ones last, then by first sighting."""
        query = select(Publication)
        if since is not None:
            query = query.where(Publication.published >= since)
        query = query.order_by(
            Publication.published.is_(None),
            Publication.published.desc(),
            Publication.first_seen.desc(),
            Publication.id.desc(),
        )
        with self.session() as s:
            return list(s.scalars(query))

    # Cycles

    def start_cycle(self, cycle_id: str, *, backfill_gone: bool = False) -> None:
        """Record a new running cycle. Another of its kind (a home cycle, or a sector
        backfill's) still "running" died without finishing, as one of each runs at a time;
        so did a backfill's when `backfill_gone` (its lock was found free)."""
        now = utcnow()
        backfill = Cycle.id.startswith(BACKFILL_CYCLE)
        dead = backfill if cycle_id.startswith(BACKFILL_CYCLE) else ~backfill
        if backfill_gone:
            dead = or_(dead, backfill)
        with self.session() as s:
            orphans = list(s.scalars(select(Cycle).where(Cycle.status == CycleStatus.RUNNING, dead)))
            for orphan in orphans:
                orphan.status, orphan.finished_at = CycleStatus.INTERRUPTED, orphan.finished_at or now
                orphan.errors = (orphan.errors or []) + [
                    "the process running this cycle ended before it could record how it went "
                    f"(killed, or the machine stopped); found by the next cycle at {now:%Y-%m-%d %H:%M} UTC"
                ]
            history.count_ended(s, orphans)
            s.add(Cycle(id=cycle_id, started_at=now, status=CycleStatus.RUNNING))

    def finish_cycle(self, cycle_id: str, *, status: str, counts: dict, errors: list[str]) -> None:
        with self.session() as s:
            cycle = fetch(s, Cycle, cycle_id)
            ending = cycle.status == CycleStatus.RUNNING  # counted once, however often it is recorded
            cycle.finished_at = utcnow()
            cycle.status = status
            cycle.counts = counts
            cycle.errors = errors
            if ending:
                history.count_ended(s, [cycle])

    def running_cycle(self, *, backfill: bool = False) -> Cycle | None:
        """The home cycle under way, or with `backfill` the sector backfill's; None when none is."""
        kind = Cycle.id.startswith(BACKFILL_CYCLE)
        query = (
            select(Cycle)
            .where(Cycle.status == CycleStatus.RUNNING, kind if backfill else ~kind)
            .order_by(Cycle.started_at.desc())
        )
        with self.session() as s:
            return s.scalars(query.limit(1)).first()

    def cycles(self, limit: int = 10) -> list[Cycle]:
        with self.session() as s:
            return list(s.scalars(select(Cycle).order_by(Cycle.started_at.desc()).limit(limit)))

    def statistics(self) -> dict:
        """Totals for metrics, from the running totals kept as cycles end (so they survive
        restarts and pruning) and indexed queries: nothing here reads all of history."""
        with self.session() as s:
            totals = history.totals(s)
            publications = s.scalar(select(func.count()).select_from(Publication))
            given_up = s.scalar(
                select(func.count())
                .select_from(Publication)
                .where(Publication.read_status == ReadStatus.GAVE_UP)
            )
        last, success = self.last_ended(), self.last_success()
        return {
            "cycles": totals[history.CYCLES],
            "source_failures": totals[history.SOURCE_FAILURES],
            "publications": publications,
            "new_publications": totals[history.NEW_PUBLICATIONS].get("", 0),
            "last_success": success.finished_at.replace(tzinfo=UTC).timestamp()
            if success and success.finished_at
            else None,
            "given_up": given_up,
            "last_duration": (last.finished_at - last.started_at).total_seconds()
            if last and last.finished_at
            else None,
        }

    def prune_history(self, days: int) -> int:
        """Delete the ended cycles, and their source reads, older than `days`, a small batch
        per transaction; how many cycles. The last to end, the last to run its course and
        the last successful stay: health and metrics tell them however old they are."""
        last = (self.last_ended(), self.last_finished(), self.last_success())
        kept = {cycle.id for cycle in last if cycle is not None}
        pruned = 0
        while True:
            with self.session() as s:
                batch = history.prunable(s, days, kept, utcnow())
                if batch:
                    history.forget(s, batch)
            if not batch:
                return pruned
            pruned += len(batch)

    def last_ended(self) -> Cycle | None:
        """The last cycle to finish, however it went."""
        query = select(Cycle).where(Cycle.finished_at.is_not(None)).order_by(Cycle.finished_at.desc())
        with self.session() as s:
            return s.scalars(query.limit(1)).first()

    def last_finished(self) -> Cycle | None:
        """The last cycle that ran its course; one cut short by shutdown says nothing."""
        query = (
            select(Cycle)
            .where(Cycle.finished_at.is_not(None), Cycle.status != CycleStatus.INTERRUPTED)
            .order_by(Cycle.finished_at.desc())
        )
        with self.session() as s:
            return s.scalars(query.limit(1)).first()

    def last_success(self) -> Cycle | None:
        query = select(Cycle).where(Cycle.status.in_(SUCCEEDED)).order_by(Cycle.finished_at.desc())
        with self.session() as s:
            return s.scalars(query.limit(1)).first()


def _record(
    s: Session,
    stored: dict[str, Publication],
    sighting: Sighting,
    now: datetime,
    max_read_attempts: int,
    listed: Set[str] | None,
) -> tuple[Change, list[Alert]]:
    """One publication inserted or updated in the session; what it is and the alerts it queues."""
    fields, reading = sighting.fields, sighting.reading
    existing = stored.get(fields["id"])
    changes: list[dict] = []
    if existing is None:
        existing = Publication(
            **fields, first_seen=now, last_seen=now, read_status=ReadStatus.PENDING, read_attempts=0
        )
        s.add(existing)
        stored[existing.id] = existing  # a page that lists it twice updates it the second time
        change = Change.NEW
    else:
        changes = [
            {"field": f, "old": _plain(getattr(existing, f)), "new": _plain(fields[f])}
            for f in TRACKED_FIELDS
            if getattr(existing, f) != fields[f]
        ]
        changed = bool(changes)
        if existing.url != fields["url"]:  # a new document is read afresh
            existing.read_status, existing.read_attempts = ReadStatus.PENDING, 0
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.last_seen = now
        if changed:
            existing.changed_at = now
        change = Change.CHANGED if changed else Change.KNOWN
    if reading is not None and change is not Change.NEW and (read_anew := _read_anew(s, existing, reading)):
        # Its alert went out with another summary, or none: the message is brought up to
        # date, and its thread says why.
        change, changes = Change.CHANGED, changes + [read_anew]
        existing.changed_at = now
    old = (
        replacements.withdrawn(s, existing, reading, listed)
        if reading is not None and change is Change.NEW and listed is not None
        else None
    )
    if old is not None and reading is not None:
        # A corrected copy at a new link: the publication people were told of, changed.
        old.replaced_by, old.changed_at = existing.id, now
        quoted = replacements.amended(old.text or "", reading.text or "")
        change = Change.CHANGED
        changes = [{"field": "replaced", "old": old.url, "new": existing.url, "amended": quoted}]
    if reading is not None:
        _apply_reading(s, existing, reading, now, max_read_attempts)
    kinds = []
    if sighting.alert and change is not Change.KNOWN and (not sighting.sector or sighting.alone):
        kinds.append(change.value)
    if sighting.alert and sighting.sector and change is Change.NEW:
        kinds.append(AlertKind.SECTOR)
    alerts = [
        Alert(
            publication_id=fields["id"],
            kind=kind,
            created_at=now,
            attempts=0,
            changes=changes if kind == AlertKind.CHANGED else None,
        )
        for kind in kinds
    ]
    return change, alerts


def _plain(value):
    """A tracked field's value as JSON can hold it."""
    return value.isoformat() if isinstance(value, date) else value


def _read_anew(s: Session, publication: Publication, reading: Reading) -> dict | None:
    """What a reading changes of a publication people were told of: its summary arrived
    (the document had given up), its document was replaced at the same link, or it was
    read again (ops asked) and says otherwise now. None when nothing, or when nobody was
    told of it yet."""
    if reading.status != ReadStatus.DONE:
        return None
    told = select(Alert.id).where(Alert.publication_id == publication.id, Alert.delivered_at.is_not(None))
    if s.scalar(told.limit(1)) is None:
        return None
    if publication.summary is None:
        return {"field": "summary", "old": None, "new": "available"}
    if reading.replaces:
        return {"field": "document", "old": None, "new": "replaced"}
    if (reading.summary, reading.facts) != (publication.summary, publication.facts):
        return {"field": "summary", "old": None, "new": "read again"}
    return None


def _apply_reading(
    s: Session, publication: Publication, reading: Reading, now: datetime, max_attempts: int
) -> None:
    publication.read_at = now
    publication.read_attempts = (publication.read_attempts or 0) + 1
    if reading.status == ReadStatus.DONE:
        publication.read_status = ReadStatus.DONE
        publication.read_error = None
        publication.facts = reading.facts
        publication.summary = reading.summary
        publication.text = reading.text
        publication.document_sha256 = reading.fingerprint
        if reading.validators:  # the document is asked with these when it may have changed
            etag, modified = reading.validators
            s.merge(Validator(url=publication.url, etag=etag, last_modified=modified, saved_at=now))
    elif reading.status == ReadStatus.SKIPPED:
        publication.read_status = ReadStatus.SKIPPED
        publication.read_error = reading.error
    else:
        final = publication.read_attempts >= max_attempts
        publication.read_status = ReadStatus.GAVE_UP if final else ReadStatus.FAILED
        publication.read_error = reading.error

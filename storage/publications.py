"""Publications: what a page's listing needs (triage), and recording what it listed;
the store decides what is new, changed or known, and queues alerts in the same
transaction."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from config import normalised
from storage import replacements
from storage.models import Alert, Publication, Validator
from storage.reading import Reading
from storage.store import Store, fetch, utcnow
from vocabulary import FILE_ID, AlertKind, ReadStatus

# What identifies a publication's content: a change in any of these is news.
TRACKED_FIELDS = ("title", "published", "url")


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


class Publications:
    def __init__(self, store: Store):
        self.store = store

    def triage(self, listed: list[Mapping]) -> Triage:
        """What one page's publications need, from one query for the page."""
        by_id = {fields["id"]: fields for fields in listed}
        if not by_id:
            return Triage(frozenset(), frozenset())
        names = sorted({name for fields in listed for name in fields})
        query = select(
            Publication.read_status, Publication.document_sha256, *(getattr(Publication, n) for n in names)
        ).where(Publication.id.in_(by_id))
        with self.store.session() as s:
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
            with self.store.session() as s:
                seen = update(Publication).where(Publication.id.in_(ids)).values(last_seen=utcnow())
                # Settled publications are not loaded: no object in the session to refresh.
                s.execute(seen.execution_options(synchronize_session=False))

    def record(
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
        with self.store.session() as s:
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

    def get(self, publication_id: str) -> Publication:
        """One publication; LookupError naming the id when there is none."""
        with self.store.session() as s:
            return fetch(s, Publication, publication_id)

    def named(self, reference: str) -> str:
        """The id of the publication a person named: by its id, or by its document's link
        as a browser shows it (its file id, or the link as stored). LookupError otherwise."""
        wanted = reference.strip()
        link = normalised(wanted)
        with self.store.session() as s:
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

    def listed_on(self, source: str) -> list[Publication]:
        """The publications a source's page listed, as stored (for a page that answered
        "unchanged"), in the page's order: newest first."""
        query = select(Publication).where(Publication.source == source)
        with self.store.session() as s:
            return list(s.scalars(query.order_by(Publication.event_date.desc(), Publication.id.desc())))

    def read_texts(self, batch: int = 50) -> Iterator[tuple[str, str, str]]:
        """(id, authority, cleaned text) of every publication whose document was read,
        a batch at a time, so that a large store is never in memory at once."""
        query = (
            select(Publication.id, Publication.authority, Publication.text)
            .where(Publication.text.is_not(None))
            .order_by(Publication.id)
        )
        with self.store.session() as s:
            for row in s.execute(query.execution_options(yield_per=batch)):
                yield row.id, row.authority, row.text

    def all(self, since: date | None = None) -> list[Publication]:
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
        with self.store.session() as s:
            return list(s.scalars(query))


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

"""The tables, as SQLAlchemy models. The schema itself is owned by the migrations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from errors import Failure
from vocabulary import CycleStatus, FailureKind, ReadStatus


class Base(DeclarativeBase):
    pass


class Source(Base):
    """A place that is read every cycle, such as one authority's provider page."""

    __tablename__ = "sources"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Set by the first successful read; until then, nothing found there is alerted.
    baselined_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_ok_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_count: Mapped[int | None] = mapped_column(Integer)
    failing_since: Mapped[datetime | None] = mapped_column(DateTime)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    max_seen: Mapped[int | None] = mapped_column(Integer)
    # The health problem ops were told about, since when, and when they were last told.
    problem: Mapped[str | None] = mapped_column(Text)
    problem_since: Mapped[datetime | None] = mapped_column(DateTime)
    problem_told_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set while ops have paused the source: it is not read, and its health is not judged.
    paused_at: Mapped[datetime | None] = mapped_column(DateTime)


class Publication(Base):
    """One document Ofsted published, identified by its file id."""

    __tablename__ = "publications"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    authority: Mapped[str] = mapped_column(String(200))
    urn: Mapped[str] = mapped_column(String(20), index=True)
    type: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    event_date: Mapped[date | None] = mapped_column(Date)
    page_url: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)
    changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Reading the document: a vocabulary.ReadStatus.
    read_status: Mapped[str] = mapped_column(String(20), default=ReadStatus.PENDING)
    read_attempts: Mapped[int] = mapped_column(Integer, default=0)
    read_error: Mapped[str | None] = mapped_column(Text)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    facts: Mapped[dict | None] = mapped_column(JSON)
    summary: Mapped[dict | None] = mapped_column(JSON)
    # The document's cleaned text, for full-text search (see migration 0009).
    text: Mapped[str | None] = mapped_column(Text, deferred=True)
    # SHA-256 of the document's bytes as read: a re-published one is compared with it (0020).
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    # The corrected copy at a new link that replaced it (see storage.replacements; 0021).
    replaced_by: Mapped[str | None] = mapped_column(String(40))


class Alert(Base):
    """The outbox: a message owed to people, written with the change that caused it."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    publication_id: Mapped[str | None] = mapped_column(ForeignKey("publications.id"), index=True)
    # "new" or "changed" publication, or "ops" (a message to ops about a source)
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[str | None] = mapped_column(Text)  # an ops message's text
    news_id: Mapped[str | None] = mapped_column(ForeignKey("news_items.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # Where it went: "console", or a Slack channel id with the message ts.
    delivered_to: Mapped[str | None] = mapped_column(String(100))
    message_ts: Mapped[str | None] = mapped_column(String(40))
    # A link to the posted message, as Slack gave it (chat.getPermalink), for the web pages.
    permalink: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Set (and committed) just before a post; still set afterwards means the outcome is
    # unknown, so Slack is searched for the message before it is posted again.
    sending_at: Mapped[datetime | None] = mapped_column(DateTime)
    channel: Mapped[str | None] = mapped_column(String(100))  # as routed, name or id
    thread_ts: Mapped[str | None] = mapped_column(String(40))
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("digests.id"))
    # The cycle delivering it now, since when, and its fencing token (see Outbox.claim).
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    claim_fence: Mapped[int | None] = mapped_column(BigInteger)
    # A "changed" alert's differences: [{"field": "published", "old": ..., "new": ...}].
    changes: Mapped[list | None] = mapped_column(JSON)
    # Queued on request (a backfill), for the record: history, never news (migration 0019).
    on_request: Mapped[bool] = mapped_column(Boolean, default=False)


class Digest(Base):
    """One message listing a burst of alerts for a channel; the alerts are threaded under it."""

    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sending_at: Mapped[datetime | None] = mapped_column(DateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    delivered_to: Mapped[str | None] = mapped_column(String(100))
    message_ts: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    claim_fence: Mapped[int | None] = mapped_column(BigInteger)


class NewsItem(Base):
    """A sector news story about a watched authority's Ofsted findings."""

    __tablename__ = "news_items"
    # A round-up is a row for each authority it reports on (migration 0014).
    __table_args__ = (UniqueConstraint("canonical_url", "urn", name="uq_news_items_story_authority"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    authority: Mapped[str] = mapped_column(String(200))
    urn: Mapped[str] = mapped_column(String(20), index=True)
    summary: Mapped[str | None] = mapped_column(Text)
    # The kind of publication it reports on this authority (a PublicationType), and the
    # passage that decided it is about the authority (migration 0018).
    kind: Mapped[str | None] = mapped_column(String(40))
    passage: Mapped[str | None] = mapped_column(Text)
    # The publication the story reports on, when it could be told.
    links_to: Mapped[str | None] = mapped_column(ForeignKey("publications.id"))
    first_seen: Mapped[datetime] = mapped_column(DateTime)


class NewsRead(Base):
    """A story read, and the authorities it was read for (those its listing named), so
    that it is fetched again only for an authority not read for before (migration 0018)."""

    __tablename__ = "news_reads"

    canonical_url: Mapped[str] = mapped_column(Text, primary_key=True)
    urns: Mapped[str] = mapped_column(Text)  # space-separated
    read_at: Mapped[datetime] = mapped_column(DateTime)


class Cycle(Base):
    """One run of the whole job: crawl, read, store, deliver."""

    __tablename__ = "cycles"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default=CycleStatus.RUNNING)  # a CycleStatus
    counts: Mapped[dict | None] = mapped_column(JSON)
    errors: Mapped[list | None] = mapped_column(JSON)  # each a Failure, stored (migration 0023)

    @property
    def failures(self) -> list[Failure]:
        return [Failure.loaded(entry) for entry in self.errors or []]


class Validator(Base):
    """What a page's or feed's last good response said to ask it again with: its ETag and
    Last-Modified, sent back as If-None-Match and If-Modified-Since (see migration 0013)."""

    __tablename__ = "validators"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(DateTime)


class SectorAuthority(Base):
    """A local authority as the reports site's listing shows it (see scraper/sector_listing.py)."""

    __tablename__ = "sector_authorities"

    urn: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    latest_report: Mapped[date | None] = mapped_column(Date)  # as the listing last showed it
    rating: Mapped[str | None] = mapped_column(String(100))
    listed_at: Mapped[datetime] = mapped_column(DateTime)
    # The listing's date when the provider page was last read in full, and when that was:
    # a listing date unlike read_report means the page has something new.
    read_report: Mapped[date | None] = mapped_column(Date)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)


class SourceRead(Base):
    """What one cycle found when it read one source."""

    __tablename__ = "source_reads"

    cycle_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    source: Mapped[str] = mapped_column(String(100), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    ok: Mapped[bool] = mapped_column(Boolean)
    seen: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)  # publications stored that changed
    read: Mapped[int] = mapped_column(Integer, default=0)  # documents read
    error: Mapped[str | None] = mapped_column(Text)  # the failure in words
    failure_kind: Mapped[str | None] = mapped_column(String(20))  # a FailureKind (migration 0023)

    @property
    def failure(self) -> Failure | None:
        """Why the read failed; None when it did not."""
        if self.ok:
            return None
        return Failure(FailureKind(self.failure_kind or FailureKind.READ), self.error or "no reason recorded")


class Total(Base):
    """A running total of history, kept as each cycle ends, so that metrics stay right
    when old cycles and source reads are pruned (see storage.history; migration 0022):
    "cycles" by status, "source_failures" by source, "new_publications" under key "".
    """

    __tablename__ = "totals"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Fence(Base):
    """A lock's fencing token: the number its latest holder took (see migration 0015)."""

    __tablename__ = "fences"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    token: Mapped[int] = mapped_column(BigInteger)


class DeliveryOutage(Base):
    """A time Slack could not be reached, or refused the configuration, with its reason:
    open (no end) while it lasts (see migration 0017)."""

    __tablename__ = "delivery_outages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text)

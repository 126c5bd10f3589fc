"""What the spiders yield, as dataclasses (Scrapy handles them through itemadapter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from errors import Failure
from storage.reading import Reading
from storage.sector import ListedAuthority

# What the pipelines add to a publication item, or the spider for them: not the page's.
_NOT_LISTED = ("to_read", "recheck", "read_fingerprint", "reading", "news_after")


@dataclass
class PublicationItem:
    """One publication listed on a provider page."""

    id: str  # the file id at the end of the document link
    source: str  # the source key, e.g. "ofsted:80492"
    authority: str
    urn: str
    type: str
    title: str
    url: str  # the document
    published: date | None
    event_date: date | None  # the inspection's date, not the publication's
    page_url: str
    to_read: bool = True  # its document is to be read: never read, due a retry, or moved
    # Read before, and listed otherwise now at the same link: its document is fetched again
    # (conditionally) and read only if it differs from this fingerprint of the one read.
    recheck: bool = False
    read_fingerprint: str | None = None
    reading: Reading | None = None  # set by ReadPipeline when the document was read
    # Set for a page the sector listing showed had a new report before the page had ever
    # been read: publications after this date are news all the same.
    news_after: date | None = None

    def listing(self) -> dict:
        """The fields the provider page gave, as the store records them."""
        return {name: value for name, value in vars(self).items() if name not in _NOT_LISTED}


@dataclass
class SeenItem:
    """Publications a page lists that the store holds already, exactly as listed and read."""

    source: str
    ids: list[str]


@dataclass
class SourceReadItem:
    """The outcome of reading one source, yielded after its publications."""

    source: str
    name: str
    ok: bool
    seen: int  # publications found
    failure: Failure | None  # why the read failed, for ops
    # The validators of its pages' good answers, to ask with next time (see conditional).
    validators: dict[str, tuple[str | None, str | None]] | None = None


@dataclass
class SectorListingItem:
    """Every authority the reports site's listing shows, from a listing that passed its checks."""

    authorities: list[ListedAuthority]


@dataclass
class ArticleReading:
    """What a news article says about a watched authority."""

    authority: str
    urn: str
    summary: str
    kind: str  # the type of publication it reports on the authority (a PublicationType)
    passage: str  # the passage that decided it is about the authority


@dataclass
class NewsArticleItem:
    """A sector news article that names a watched authority in its listing."""

    source: str  # the source key, e.g. "news:Community Care"
    title: str
    url: str
    published: date | None
    listing_text: str  # the feed's summary or the listing's teaser
    html: str | None  # the article page, or None when it could not be fetched
    named: list[str] = field(default_factory=list)  # the URNs of the authorities its listing named
    reading: list[ArticleReading] | None = None  # set by ReadPipeline: each authority it reports on

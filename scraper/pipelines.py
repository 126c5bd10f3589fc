"""Item pipelines: read each publication's document, then store what was found."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter, defaultdict
from dataclasses import replace

import scrapy
from scrapy import signals
from scrapy.exceptions import DropItem

import authorities
from config import origin
from reader.pool import ReadingPool
from scraper import progress
from scraper.conditional import CONDITIONAL, unchanged
from scraper.failures import item_failure, items_failed
from scraper.items import (
    ArticleReading,
    NewsArticleItem,
    PublicationItem,
    SectorListingItem,
    SeenItem,
    SourceReadItem,
)
from storage import Change, Store
from storage.models import NewsItem
from storage.news import News
from storage.publications import Publications, Sighting
from storage.reading import Reading
from storage.sector import Sector
from storage.sources import Sources
from storage.store import shared_store
from vocabulary import NEWS_PREFIX, SECTOR_SOURCE, PublicationType, ReadStatus, counted

logger = logging.getLogger(__name__)
# A peer's publications of these types are alerted on their own, as a home authority's.
PEER_TYPES = (PublicationType.ILACS, PublicationType.MONITORING_VISIT)


def _store(crawler) -> Store:
    return shared_store(crawler.settings["WATCH"].database_url)


class ReadPipeline:
    """Reads what the spiders found: each publication's document, each news article.

    Documents are downloaded through Scrapy's engine, so robots.txt, the delay, retries
    with back-off and the User-Agent apply to them as to pages. A news article that is
    not about a watched authority's Ofsted findings is dropped here.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.store = _store(crawler)
        watch = crawler.settings["WATCH"]
        self.trusted_origins = watch.ofsted.trusted_origins
        self.authorities = watch.news_authorities
        self.pool = ReadingPool(watch.reading.workers, watch.document_timeout, watch.reading.max_memory_mb)
        # Documents downloaded and waiting for a worker are held in memory: a backfill
        # finds documents far faster than two workers read them, so only a few at once,
        # but enough that a worker finishing one finds the next already downloaded.
        self.in_hand = asyncio.Semaphore(watch.reading.workers * 2)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def close_spider(self):
        self.pool.close()
        self.store.close()

    async def process_item(self, item):
        if isinstance(item, NewsArticleItem):
            item.reading = await self._read_article(item)
        elif isinstance(item, PublicationItem) and (item.to_read or item.recheck):
            self.crawler.stats.inc_value(progress.DOCUMENTS_BEGUN)
            async with self.in_hand:
                item.reading = await self._read(item)
            if item.reading is not None and item.reading.status != ReadStatus.DONE:
                logger.warning(
                    "publication %s not read: %s",
                    item.id,
                    item.reading.error,
                    extra={"source": item.source},
                )
        return item

    async def _read_article(self, item: NewsArticleItem) -> list[ArticleReading]:
        from reader import news  # only crawls that read news need its libraries

        text = ""
        if item.html:
            outcome, found = await self.pool.article(item.html, item.url)
            if outcome == "done":
                text = str(found)
            else:
                logger.warning("article not read, using the listing's text: %s: %s", item.url, found)
        text = text or item.listing_text
        # A round-up reports on several authorities, each with its own kind of publication.
        reported = news.reports(item.title, text, self.authorities, item.url, item.published)
        if not reported and not news.unreadable(text):  # an unreadable one is said as skipped
            logger.debug("news item not about a watched authority's Ofsted findings: %s", item.url)
        return [
            ArticleReading(
                authority=report.authority.name,
                urn=report.authority.urn,
                summary=news.summarise(text, report.authority),
                kind=report.kind,
                passage=report.passage,
            )
            for report in reported
        ]

    async def _read(self, item: PublicationItem) -> Reading | None:
        """What reading the document gives; None for one fetched again (its listing changed)
        that is the document read before: there is nothing new to read."""
        if origin(item.url) not in self.trusted_origins:
            # The reason goes into the alert: it names no address a page put there.
            return Reading.skipped(
                "the document's link points outside the reports site, so it was not fetched"
            )
        self.pool.start()  # before the download: with no worker to read it, it is not fetched
        # A document read before is asked with its validators: unchanged, it costs a 304.
        request = scrapy.Request(item.url, dont_filter=True, meta={CONDITIONAL: item.recheck})
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # noqa: BLE001 - any download failure is retried next cycle
            return Reading.failed(f"the download failed: {str(exc) or type(exc).__name__}")
        fingerprint = hashlib.sha256(response.body).hexdigest()
        if item.recheck and (unchanged(response) or fingerprint == item.read_fingerprint):
            return None
        declared = response.headers.get("Content-Length")
        encoded = response.headers.get("Content-Encoding")
        outcome, found = await self.pool.read(
            response.status,
            response.headers.get("Content-Type", b"").decode("latin-1"),
            response.body,
            int(declared) if declared and not encoded and declared.isdigit() else None,
        )
        if outcome != "done" or not isinstance(found, dict):
            return Reading.failed(str(found))
        etag, modified = (response.headers.get(name) for name in ("ETag", "Last-Modified"))
        return Reading.done(
            found["facts"],
            found["summary"],
            found.get("text"),
            fingerprint=fingerprint,
            validators=(etag and etag.decode("latin-1"), modified and modified.decode("latin-1"))
            if etag or modified
            else None,
            # Read before but never fingerprinted: whether it changed is told by what it says.
            replaces=item.recheck and item.read_fingerprint is not None,
        )


class StorePipeline:
    """Records publications; the store decides what is new and queues its alert.

    A page's publications are held until all it listed has come through reading, then
    stored in one transaction, with the sightings of those already settled and, for a
    provider page, its place in the sector's record of what has been read. A source's
    first successful read is its baseline: what it already lists is stored without
    alerting, unless the cycle's context says to alert them. Source outcomes are recorded when the
    crawl has finished, once every item has been stored: items finish out of order while
    documents download, and a read is good only when all it found is stored. A crawl
    stopped early (shutdown, timeout) stores what it holds and records no outcome.
    """

    def __init__(self, crawler):
        settings = crawler.settings
        self.store = _store(crawler)
        self.news = News(self.store)
        self.window_days = settings["WATCH"].linking.window_days
        self.max_read_attempts = settings["WATCH"].reading.max_attempts
        context = settings["WATCH_CONTEXT"]
        self.cycle_id = context.cycle
        self.alert_existing = context.alert_existing
        self.baselined: dict[str, bool] = {}
        self.new: Counter[str] = Counter()
        self.changed: Counter[str] = Counter()  # publications already stored that changed
        self.read: Counter[str] = Counter()
        self.outcomes: list[SourceReadItem] = []
        self.sector = Sector(self.store)
        ofsted = settings["WATCH"].ofsted
        self.home = ofsted.home_urns
        self.peers = self.sector.peers(ofsted.peers, self.home, authorities.regions(ofsted.regions_file))
        # Per page: how many publications it listed (once its outcome is in), how many
        # are accounted for (stored, or seen as settled), and those held to be stored:
        # publications to record, and the ids of settled ones seen again.
        self.listed: dict[str, int] = {}
        self.stored: Counter[str] = Counter()
        self.held: defaultdict[str, list[PublicationItem]] = defaultdict(list)
        self.seen: defaultdict[str, list[str]] = defaultdict(list)
        # Per source: why each of its items that failed in a pipeline failed. A source with
        # any is a failed read: what failed was not stored, so it is new again next cycle.
        self.failed: defaultdict[str, list[str]] = defaultdict(list)

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.item_error, signal=signals.item_error)
        return pipeline

    def item_error(self, item, response, spider, failure) -> None:
        """An item that raised in a pipeline (this one or another): counted against its
        source, whose read then fails. Scrapy has logged it (see failures.ItemErrors)."""
        self.failed[getattr(item, "source", SECTOR_SOURCE)].append(item_failure(failure.value))

    def spider_closed(self, spider, reason):
        # A page with an item lost on the way: what came through is kept.
        for source in list(self.held.keys() | self.seen.keys()):
            try:
                with self.store.session():
                    stored = self._store_page(source)
            except Exception as exc:  # noqa: BLE001 - counted against the source, said once
                why = item_failure(exc)
                self.failed[source].append(why)
                logger.error(
                    "what came through of the page could not be stored: %s", why, extra={"source": source}
                )
                continue
            self._say_stored(source, stored)
        if reason == "finished":
            self.outcomes = [self._with_failures(outcome) for outcome in self.outcomes]
            Sources(self.store).record_reads(
                self.cycle_id,
                [
                    {
                        "key": item.source,
                        "name": item.name,
                        "ok": item.ok,
                        "seen": item.seen,
                        "new": self.new[item.source],
                        "changed": self.changed[item.source],
                        "read": self.read[item.source],
                        "failure": item.failure,
                        "validators": item.validators,
                    }
                    for item in self.outcomes
                ],
            )
            for outcome in self.outcomes:
                self._say_outcome(outcome)
        else:
            logger.warning("the crawl ended early (%s): no source's read is recorded", reason)
        self.store.close()

    def process_item(self, item):
        if isinstance(item, PublicationItem):
            self.held[item.source].append(item)
            self._page_complete(item.source)
        elif isinstance(item, NewsArticleItem):
            self._article(item)
        elif isinstance(item, SourceReadItem):
            self.outcomes.append(item)
            if item.ok:
                self.listed[item.source] = item.seen
                self._page_complete(item.source)
        elif isinstance(item, SectorListingItem):
            self.sector.record(item.authorities)
        elif isinstance(item, SeenItem):
            self.seen[item.source] += item.ids
            self._page_complete(item.source)
        return item

    def _alerts(self, source: str) -> bool:
        """Whether what this source shows is news: not on its first (baseline) read."""
        if source not in self.baselined:
            self.baselined[source] = Sources(self.store).is_baselined(source)
        return self.alert_existing or self.baselined[source]

    def _article(self, item: NewsArticleItem) -> None:
        source = item.source
        if item.reading is None:
            raise DropItem(f"a news article that was not read: {item.url}")
        alert = self._alerts(source)
        for reading in item.reading:  # each authority it reports on (often none)
            fields = {
                "source": source,
                "title": item.title,
                "url": item.url,
                "published": item.published,
                "authority": reading.authority,
                "urn": reading.urn,
                "summary": reading.summary,
                "kind": reading.kind,
                "passage": reading.passage,
            }
            change, stored = self.news.record(fields, alert=alert, window_days=self.window_days)
            if change is Change.NEW and stored is not None:
                self._said_news(item, reading, stored, alert)
        # Once what it reports is stored: it is not fetched again for these authorities.
        self.news.read(item.url, item.named)

    def _said_news(
        self, item: NewsArticleItem, reading: ArticleReading, stored: NewsItem, alert: bool
    ) -> None:
        self.new[item.source] += 1
        logger.info(
            "news about %s: %r%s%s",
            reading.authority,
            item.title,
            f", reporting on publication {stored.links_to}" if stored.links_to else "",
            "" if alert else " (baseline, not alerted)",
            extra={"source": item.source},
        )

    def _page_complete(self, source: str) -> None:
        """Once all a page listed is accounted for: its publications stored and, in the
        same transaction, a provider page marked read in the sector, so an interrupted
        backfill goes on where it stopped."""
        held = len(self.held.get(source, ())) + len(self.seen.get(source, ()))
        if self.listed.get(source, -1) != self.stored[source] + held:
            return
        del self.listed[source]
        with self.store.session():
            stored = self._store_page(source)
            if source != SECTOR_SOURCE and source.startswith("ofsted:"):
                self.sector.mark_read(source.removeprefix("ofsted:"))
        self._say_stored(source, stored)  # once committed: a page that failed stored nothing

    def _store_page(self, source: str) -> list[tuple[PublicationItem, Sighting, Change]]:
        """What is held of a page, recorded: its settled publications' sighting, the rest
        recorded; each recorded publication with its sighting and what it was."""
        seen = self.seen.pop(source, [])
        Publications(self.store).seen(seen)
        self.stored[source] += len(seen)
        items = self.held.pop(source, [])
        if not items:
            return []
        self.stored[source] += len(items)
        alert = self._alerts(source)
        sightings = [
            Sighting(
                item.listing(),
                # A page the listing showed had moved before it was ever read: what is
                # newer than the listing's old date is news, the rest its baseline.
                alert=alert or bool(item.news_after and item.published and item.published > item.news_after),
                reading=item.reading,
                sector=item.urn not in self.home,
                alone=item.urn in self.peers and item.type in PEER_TYPES,
            )
            for item in items
        ]
        changes = Publications(self.store).record(
            sightings, max_read_attempts=self.max_read_attempts, listed={*seen, *(item.id for item in items)}
        )
        return list(zip(items, sightings, changes, strict=True))

    def _say_stored(self, source: str, stored: list[tuple[PublicationItem, Sighting, Change]]) -> None:
        """Count and log what a page's transaction stored."""
        for item, sighting, change in stored:
            if item.reading and item.reading.status == ReadStatus.DONE:
                self.read[source] += 1
            if change is not Change.KNOWN:
                (self.new if change is Change.NEW else self.changed)[source] += 1
                logger.info(
                    "%s publication %s %r%s",
                    change.value,
                    item.id,
                    item.title,
                    "" if sighting.alert else " (baseline, not alerted)",
                    extra={"source": source},
                )

    def _with_failures(self, outcome: SourceReadItem) -> SourceReadItem:
        """A source's outcome, failed when any of its items failed in the pipelines."""
        failed = self.failed.get(outcome.source)
        if not failed or not outcome.ok:
            return outcome
        return replace(outcome, ok=False, failure=items_failed(failed))

    def _say_outcome(self, item: SourceReadItem) -> None:
        source = item.source
        if item.ok and source == SECTOR_SOURCE:
            logger.info("the listing shows %d authorities", item.seen, extra={"source": source})
        elif item.ok and source.startswith(NEWS_PREFIX):
            logger.info(
                "read %s: %d new",
                counted(item.seen, "story", "stories"),
                self.new[source],
                extra={"source": source},
            )
        elif item.ok:
            logger.info(
                "read %s: %d new, %d changed, %s read",
                counted(item.seen, "publication", "publications"),
                self.new[source],
                self.changed[source],
                counted(self.read[source], "document", "documents"),
                extra={"source": source},
            )
        else:
            logger.error(
                "source %s (%s) failed: %s", source, item.name, item.failure, extra={"source": source}
            )

"""Item pipelines: read each publication's document, then store what was found."""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from urllib.parse import urlsplit

import scrapy
from scrapy import signals

from reader.publication import read_pdf
from reader.text import ReadError
from scraper.items import PublicationItem, SourceReadItem
from storage import Change, Store

logger = logging.getLogger(__name__)


def _store(crawler) -> Store:
    return Store(crawler.settings["WATCH"].database_url)


class ReadPipeline:
    """Downloads and reads the document of every publication not yet read.

    Downloads go through Scrapy's engine, so robots.txt, the delay, retries with
    back-off and the User-Agent apply to documents as to pages.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.store = _store(crawler)
        self.trusted_hosts = crawler.settings["WATCH"].ofsted.trusted_hosts

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def close_spider(self):
        self.store.close()

    async def process_item(self, item):
        if isinstance(item, PublicationItem) and self.store.needs_reading(item["id"], item["url"]):
            item["reading"] = await self._read(item)
            if item["reading"]["status"] != "done":
                logger.warning("publication %s not read: %s", item["id"],
                               item["reading"]["error"], extra={"source": item["source"]})
        return item

    async def _read(self, item) -> dict:
        if urlsplit(item["url"]).hostname not in self.trusted_hosts:
            return {"status": "skipped", "error": f"the document is on an untrusted host: {item['url']}"}
        request = scrapy.Request(item["url"], dont_filter=True)
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # noqa: BLE001 - any download failure is retried next cycle
            return {"status": "failed", "error": f"the download failed: {exc or type(exc).__name__}"}
        declared = response.headers.get("Content-Length")
        encoded = response.headers.get("Content-Encoding")
        try:
            found = read_pdf(
                response.status,
                response.headers.get("Content-Type", b"").decode("latin-1"),
                response.body,
                int(declared) if declared and not encoded else None,
            )
        except ReadError as exc:
            return {"status": "failed", "error": str(exc)}
        return {"status": "done", **found}


class StorePipeline:
    """Records publications; the store decides what is new and queues its alert.

    A source's first successful read is its baseline: what it already lists is stored
    without alerting, unless WATCH_ALERT_EXISTING is set. Source outcomes are recorded
    when the crawl has finished, once every item has been stored: items finish out of
    order while documents download, and a read is good only when all it found is stored.
    A crawl stopped early (shutdown, timeout) records no outcome.
    """

    def __init__(self, crawler):
        settings = crawler.settings
        self.store = _store(crawler)
        self.max_read_attempts = settings["WATCH"].reading.max_attempts
        self.cycle_id = settings.get("WATCH_CYCLE") or uuid.uuid4().hex[:12]
        self.alert_existing = settings.getbool("WATCH_ALERT_EXISTING")
        self.baselined: dict[str, bool] = {}
        self.new = Counter()
        self.read = Counter()
        self.outcomes: list[SourceReadItem] = []

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def spider_closed(self, spider, reason):
        if reason == "finished":
            for outcome in self.outcomes:
                self._record_outcome(outcome)
        else:
            logger.warning("the crawl ended early (%s): no source's read is recorded", reason)
        self.store.close()

    def process_item(self, item):
        if isinstance(item, PublicationItem):
            self._publication(item)
        elif isinstance(item, SourceReadItem):
            self.outcomes.append(item)
        return item

    def _publication(self, item: PublicationItem) -> None:
        source = item["source"]
        if source not in self.baselined:
            self.baselined[source] = self.store.is_baselined(source)
        alert = self.alert_existing or self.baselined[source]
        fields = {k: v for k, v in item.items() if k != "reading"}
        change = self.store.record_publication(fields, alert=alert, reading=item.get("reading"),
                                               max_read_attempts=self.max_read_attempts)
        if item.get("reading", {}).get("status") == "done":
            self.read[source] += 1
        if change is not Change.KNOWN:
            self.new[source] += 1
            logger.info("%s publication %s %r%s", change.value, item["id"], item["title"],
                        "" if alert else " (baseline, not alerted)", extra={"source": source})

    def _record_outcome(self, item: SourceReadItem) -> None:
        source = item["source"]
        self.store.record_source_read(
            self.cycle_id, source, item["name"], ok=item["ok"], seen=item["seen"],
            new=self.new[source], read=self.read[source], error=item["error"],
        )
        if item["ok"]:
            logger.info("read %d publications: %d new or changed, %d documents read",
                        item["seen"], self.new[source], self.read[source], extra={"source": source})
        else:
            logger.error("read failed: %s", item["error"], extra={"source": source})

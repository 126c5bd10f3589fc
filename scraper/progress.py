"""A Scrapy extension that says how a long crawl is getting on, after Scrapy's LogStats:
every WATCH_PROGRESS_INTERVAL seconds, "sources read 12 of 153; documents read 40 of 52
found so far; about 25 min left", while there is work in hand. The time left is the
sources still to read at the pace so far. A quiet cycle is over before the first line.
"""

from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall

from scraper.items import PublicationItem, SourceReadItem

logger = logging.getLogger(__name__)
# Stats keys: what the spider will read, and the documents begun and read.
SOURCES = "watch/sources"
DOCUMENTS_BEGUN = "watch/documents_begun"
DOCUMENTS_READ = "watch/documents_read"


class Progress:
    def __init__(self, crawler: Crawler, interval: float):
        self.stats = crawler.stats
        self.interval = interval
        self.sources_read = 0
        self.said = ""
        self.started = time.monotonic()
        self.task: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("WATCH_PROGRESS_INTERVAL", 30.0)
        if interval <= 0:
            raise NotConfigured
        progress = cls(crawler, interval)
        crawler.signals.connect(progress.opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.closed, signal=signals.spider_closed)
        crawler.signals.connect(progress.scraped, signal=signals.item_scraped)
        return progress

    def opened(self, spider) -> None:
        self.started = time.monotonic()
        self.task = LoopingCall(self.log)
        self.task.start(self.interval, now=False)

    def closed(self, spider, reason) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()

    def scraped(self, item, spider) -> None:
        if isinstance(item, SourceReadItem):
            self.sources_read += 1
        elif isinstance(item, PublicationItem) and item.reading is not None:
            self.stats.inc_value(DOCUMENTS_READ)

    def log(self) -> None:
        sources = self.stats.get_value(SOURCES, 0)
        begun = self.stats.get_value(DOCUMENTS_BEGUN, 0)
        read = self.stats.get_value(DOCUMENTS_READ, 0)
        line = f"sources read {self.sources_read} of {sources}; documents read {read} of {begun} found so far"
        if line == self.said or (self.sources_read >= sources and read >= begun):
            return  # nothing new, or nothing left: the crawl's own lines say the rest
        self.said = line
        if 0 < self.sources_read < sources:
            pace = (time.monotonic() - self.started) / self.sources_read
            line += f"; about {_duration(pace * (sources - self.sources_read))} left"
        logger.info("progress: %s", line)


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 1:
        return "a minute"
    return f"{minutes} min" if minutes < 90 else f"{minutes / 60:.1f} h"

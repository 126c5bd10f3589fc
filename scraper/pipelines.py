"""Item pipelines: store what the spiders found, and what each source's read came to."""

from __future__ import annotations

import logging
import uuid
from collections import Counter

from scraper.items import PublicationItem, SourceReadItem
from storage import Change, Store

logger = logging.getLogger(__name__)


class StorePipeline:
    """Records publications; the store decides what is new and queues its alert.

    A source's first successful read is its baseline: what it already lists is stored
    without alerting, unless WATCH_ALERT_EXISTING is set.
    """

    def __init__(self, crawler):
        settings = crawler.settings
        self.store = Store(settings["WATCH"].database_url)
        self.cycle_id = settings.get("WATCH_CYCLE") or uuid.uuid4().hex[:12]
        self.alert_existing = settings.getbool("WATCH_ALERT_EXISTING")
        self.baselined: dict[str, bool] = {}
        self.new = Counter()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def close_spider(self):
        self.store.close()

    def process_item(self, item):
        if isinstance(item, PublicationItem):
            self._publication(item)
        elif isinstance(item, SourceReadItem):
            self._source_read(item)
        return item

    def _publication(self, item: PublicationItem) -> None:
        source = item["source"]
        if source not in self.baselined:
            self.baselined[source] = self.store.is_baselined(source)
        alert = self.alert_existing or self.baselined[source]
        change = self.store.record_publication(dict(item), alert=alert)
        if change is not Change.KNOWN:
            self.new[source] += 1
            logger.info("%s: %s publication %s %r%s", source, change.value, item["id"],
                        item["title"], "" if alert else " (baseline, not alerted)")

    def _source_read(self, item: SourceReadItem) -> None:
        self.store.record_source_read(
            self.cycle_id, item["source"], item["name"], ok=item["ok"], seen=item["seen"],
            new=self.new[item["source"]], error=item["error"],
        )
        if item["ok"]:
            logger.info("%s: read %d publications, %d new or changed", item["source"],
                        item["seen"], self.new[item["source"]])
        else:
            logger.error("%s: read failed: %s", item["source"], item["error"])

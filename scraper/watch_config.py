"""A Scrapy add-on that applies the product's config file, and the sources ops have
paused, to the crawl's settings."""

import logging
import os
from collections.abc import Iterable, Iterator
from typing import TypeVar

import config
from product import PATH_ENV
from storage.sources import Sources
from storage.store import shared_store

logger = logging.getLogger(__name__)
Source = TypeVar("Source", config.Authority, config.NewsSource)


class WatchConfig:
    """Loads config.toml (or WATCH_CONFIG / $OFSTED_WATCH_CONFIG) into settings["WATCH"]."""

    def update_settings(self, settings) -> None:
        # The crawl child has parsed it already; `scrapy crawl` has not.
        watch = settings.get("WATCH") or config.load(settings.get("WATCH_CONFIG") or os.environ.get(PATH_ENV))
        settings.set("WATCH", watch, priority="addon")
        settings.set("USER_AGENT", watch.user_agent, priority="addon")
        settings.set("DOWNLOAD_DELAY", watch.crawl.delay, priority="addon")
        settings.set("DOWNLOAD_TIMEOUT", watch.crawl.timeout, priority="addon")
        settings.set("RETRY_TIMES", watch.crawl.retries, priority="addon")
        settings.set("RETRY_BACKOFF", watch.crawl.backoff, priority="addon")
        settings.set("DOWNLOAD_MAXSIZE", watch.reading.max_bytes, priority="addon")
        settings.set("WATCH_PAUSED", Sources(shared_store(watch.database_url)).paused(), priority="addon")


def unpaused(settings, sources: Iterable[Source]) -> Iterator[Source]:
    """The sources to read this crawl: those ops have not paused."""
    for source in sources:
        if source.source in settings["WATCH_PAUSED"]:
            logger.info("paused: not read until resumed", extra={"source": source.source})
        else:
            yield source

"""A Scrapy add-on that applies the product's config file to the crawl's settings, and
gives `scrapy crawl` a cycle's context of its own (a cycle's crawl child is handed one)."""

import logging
from collections.abc import Iterable, Iterator
from typing import TypeVar

import config
from scraper.context import CycleContext
from storage.sources import Sources
from storage.store import shared_store

logger = logging.getLogger(__name__)
Source = TypeVar("Source", config.Authority, config.NewsSource)


def watch_of(settings) -> config.Config:
    """The config a crawl runs on: parsed already by the crawl child; for `scrapy crawl`,
    config.toml (or WATCH_CONFIG / $OFSTED_WATCH_CONFIG)."""
    return settings.get("WATCH") or config.load(settings.get("WATCH_CONFIG"))


class WatchConfig:
    """Applies the config to the crawl's settings (settings["WATCH"] and Scrapy's own)."""

    def update_settings(self, settings) -> None:
        watch = watch_of(settings)
        settings.set("WATCH", watch, priority="addon")
        settings.set("USER_AGENT", watch.user_agent, priority="addon")
        settings.set("DOWNLOAD_DELAY", watch.crawl.delay, priority="addon")
        settings.set("DOWNLOAD_TIMEOUT", watch.crawl.timeout, priority="addon")
        settings.set("RETRY_TIMES", watch.crawl.retries, priority="addon")
        settings.set("RETRY_BACKOFF", watch.crawl.backoff, priority="addon")
        settings.set("DOWNLOAD_MAXSIZE", watch.reading.max_bytes, priority="addon")
        if settings.get("WATCH_CONTEXT") is None:
            paused = Sources(shared_store(watch.database_url)).paused()
            context = CycleContext.begun(settings.get("WATCH_CONFIG"), watch.database_url, paused)
            settings.set("WATCH_CONTEXT", context, priority="addon")


def unpaused(context: CycleContext, sources: Iterable[Source]) -> Iterator[Source]:
    """The sources to read this crawl: those ops have not paused."""
    for source in sources:
        if source.source in context.paused:
            logger.info("paused: not read until resumed", extra={"source": source.source})
        else:
            yield source

"""The `news` spider: sector news sources, feeds (RSS or Atom) and HTML listings.

Only articles whose listing entry names a watched authority are fetched; whether an
article is really about that authority's Ofsted findings is decided when it is read.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

import scrapy
from twisted.python.failure import Failure

from config import normalised
from reader.names import named
from scraper import progress
from scraper.conditional import CONDITIONAL, VALIDATORS, unchanged
from scraper.failures import describe, failed_read, failed_request
from scraper.items import NewsArticleItem, SourceReadItem
from scraper.origins import ARTICLE
from scraper.provider_page import PageError, clean, parse_date
from scraper.watch_config import unpaused
from storage.news import News
from storage.sources import Sources
from storage.store import shared_store
from vocabulary import FailureKind

logger = logging.getLogger(__name__)
# The largest feed, listing or article page read: far above any real one (a few hundred
# KB), far below what would stall a cycle.
NEWS_MAX_BYTES = 5 * 1024 * 1024


class NewsSpider(scrapy.Spider):
    name = "news"

    @property
    def watch(self):
        return self.settings["WATCH"]

    @functools.cached_property
    def authorities(self):
        """The authorities whose news is looked for: built once a crawl, not once a feed
        (in sector mode, every English authority with its press forms)."""
        return self.watch.news_authorities

    async def start(self):
        for source in unpaused(self.settings["WATCH_CONTEXT"], self.watch.news):
            self.crawler.stats.inc_value(progress.SOURCES)
            yield scrapy.Request(
                source.url,
                callback=self.parse,
                errback=self.failed,
                cb_kwargs={"source": source},
                dont_filter=True,
                meta={"download_maxsize": NEWS_MAX_BYTES, CONDITIONAL: True},
            )

    def parse(self, response, source):
        store = shared_store(self.watch.database_url)
        if unchanged(response):  # as at its last good read: nothing new to look at
            seen = Sources(store).last_count(source.source)
            yield SourceReadItem(source=source.source, name=source.name, ok=True, seen=seen, failure=None)
            return
        try:
            entries = (
                self._feed(response, source) if source.kind == "feed" else self._listing(response, source)
            )
        except PageError as exc:
            yield SourceReadItem(
                source=source.source,
                name=source.name,
                ok=False,
                seen=0,
                failure=exc.failure.about(response.url),
            )
            return
        entries.sort(key=lambda e: e["published"] or date.min, reverse=True)
        authorities = self.authorities
        recent = entries[: self.watch.linking.max_items]
        known = News(store).known(entry["link"] for entry in recent if entry["link"])
        for entry in recent:
            urns = {a.urn for a in named(f"{entry['title']} {entry['text']}", authorities)}
            if not entry["link"] or not urns or urns <= known.get(entry["link"], set()):
                continue  # no link, not about a watched authority, or read for those it names
            link = normalised(entry["link"])
            if link is None:  # javascript:, file:, data:, user info, a backslash and the like
                logger.warning(
                    "news item skipped, its link is not a web page: %.200r",
                    entry["link"],
                    extra={"source": source.source},
                )
                continue
            entry["link"] = link  # stored as requested: as a browser reads it
            yield scrapy.Request(
                link,
                callback=self.article,
                errback=self.unfetched,
                cb_kwargs={"source": source, "entry": entry, "named": sorted(urns)},
                meta={ARTICLE: True, "download_maxsize": NEWS_MAX_BYTES},
            )
        yield SourceReadItem(
            source=source.source,
            name=source.name,
            ok=True,
            seen=len(entries),
            failure=None,
            validators=response.meta.get(VALIDATORS),
        )

    @staticmethod
    def _feed(response, source) -> list[dict]:
        # Imported when a feed is read: Scrapy loads every spider's module, and a cycle
        # that reads no feed need not pay feedparser's 50-60 ms.
        import feedparser

        parsed = feedparser.parse(response.body)
        if not parsed.entries and (parsed.bozo or not parsed.feed.get("title")):
            reason = parsed.get("bozo_exception") or "no feed found"
            raise PageError(FailureKind.UNUSABLE, f"not a readable RSS or Atom feed ({reason})")
        return _each(parsed.entries, _feed_entry, source)

    @staticmethod
    def _listing(response, source) -> list[dict]:
        items = response.css(source.item)
        if not items:
            raise PageError(FailureKind.LAYOUT, f"no item matches the selector {source.item!r}")
        return _each(items, lambda item: _listing_entry(item, response, source), source)

    def article(self, response, source, entry, named):
        yield self._item(source, entry, named, response.url, getattr(response, "text", None))

    def unfetched(self, failure: Failure):
        """The article could not be fetched: the listing's own text stands in for it."""
        request = failed_request(failure)
        source, entry, named = (request.cb_kwargs[k] for k in ("source", "entry", "named"))
        logger.warning(
            "article not fetched, using the listing's text: %s: %s",
            request.url,
            describe(failure),
            extra={"source": source.source},
        )
        yield self._item(source, entry, named, request.url, None)

    @staticmethod
    def _item(source, entry, named, url, html) -> NewsArticleItem:
        return NewsArticleItem(
            source=source.source,
            title=entry["title"],
            url=url,
            published=entry["published"],
            listing_text=entry["text"],
            html=html,
            named=named,
        )

    def failed(self, failure: Failure):
        source = failed_request(failure).cb_kwargs["source"]
        yield SourceReadItem(
            source=source.source, name=source.name, ok=False, seen=0, failure=failed_read(failure)
        )


def _listing_date(when) -> date | None:
    text = when.attrib.get("datetime") or clean(" ".join(when.css("::text").getall()))
    for fmt in ("%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    return parse_date(text)


def _each(raw: Iterable, entry: Callable[[Any], dict], source) -> list[dict]:
    """Each listed item as an entry; an item that cannot be read is skipped with a
    warning, and the rest are still read."""
    entries = []
    for item in raw:
        try:
            entries.append(entry(item))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            logger.warning("news item skipped, it cannot be read: %s", exc, extra={"source": source.source})
    return entries


def _feed_entry(entry) -> dict:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    text = " ".join([entry.get("summary", "")] + [c.get("value", "") for c in entry.get("content", [])])
    return {
        "title": clean(entry.get("title")),
        "link": entry.get("link"),
        "published": date(*stamp[:3]) if stamp else None,
        "text": clean(scrapy.Selector(text=f"<div>{text}</div>").xpath("string()").get()),
    }


def _listing_entry(item, response, source) -> dict:
    link = item.css(source.link)
    when = item.css(source.date) if source.date else None
    return {
        "title": clean(" ".join(item.css(source.title).css("::text").getall())),
        "link": response.urljoin(link.attrib["href"]) if link and "href" in link.attrib else None,
        "published": _listing_date(when) if when else None,
        "text": clean(" ".join(item.css("::text").getall())),
    }

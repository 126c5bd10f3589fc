"""The `ofsted` spider: each watched authority's provider page on the Ofsted reports site."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import scrapy
from twisted.python.failure import Failure

from scraper import progress, provider_page
from scraper.failures import describe, failed_request
from scraper.items import PublicationItem, SourceReadItem
from scraper.watch_config import unpaused

logger = logging.getLogger(__name__)


class OfstedSpider(scrapy.Spider):
    name = "ofsted"

    @property
    def watch(self):
        return self.settings["WATCH"]

    async def start(self):
        for authority in unpaused(self.settings, self.watch.ofsted.authorities):
            self.crawler.stats.inc_value(progress.SOURCES)
            yield scrapy.Request(
                provider_page.provider_url(self.watch.ofsted.base_url, authority.urn),
                callback=self.parse,
                errback=self.failed,
                cb_kwargs={"authority": authority},
                dont_filter=True,
            )

    def parse(self, response, authority):
        try:
            if not hasattr(response, "text"):
                raise provider_page.PageError(
                    f"expected an HTML page, got {response.headers.get('Content-Type', b'?')!r}"
                )
            listed = provider_page.parse(response.text, response.url)
        except provider_page.PageError as exc:
            yield self._outcome(authority, error=f"{response.url}: {exc}")
            return
        trusted = self.watch.ofsted.trusted_hosts
        for publication in listed:
            if urlsplit(publication.url).hostname not in trusted:
                logger.warning(
                    "document link to an untrusted host, it will not be fetched: %s",
                    publication.url,
                    extra={"source": authority.source},
                )
            yield PublicationItem(
                id=publication.id,
                source=authority.source,
                authority=authority.name,
                urn=authority.urn,
                type=publication.type,
                title=publication.title,
                url=publication.url,
                published=publication.published,
                event_date=publication.event_date,
                page_url=response.url,
            )
        yield self._outcome(authority, seen=len(listed))

    def failed(self, failure: Failure):
        request = failed_request(failure)
        yield self._outcome(request.cb_kwargs["authority"], error=f"{request.url}: {describe(failure)}")

    @staticmethod
    def _outcome(authority, *, seen: int = 0, error: str | None = None) -> SourceReadItem:
        return SourceReadItem(
            source=authority.source, name=authority.name, ok=error is None, seen=seen, error=error
        )

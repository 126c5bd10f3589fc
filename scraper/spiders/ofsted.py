"""The `ofsted` spider: each watched authority's provider page on the Ofsted reports site,
and with `[ofsted] sector` on, the listing of every authority and the pages it shows moved."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

import scrapy
from twisted.python.failure import Failure

import authorities
import errors
from config import Authority, origin
from scraper import progress, provider_page, sector_listing
from scraper.conditional import CONDITIONAL, VALIDATORS, unchanged
from scraper.context import CycleContext
from scraper.failures import failed_read, failed_request
from scraper.items import PublicationItem, SectorListingItem, SeenItem, SourceReadItem
from scraper.watch_config import unpaused
from storage.publications import Publications
from storage.sector import ListedAuthority, Sector
from storage.store import shared_store
from vocabulary import SECTOR_NAME, SECTOR_SOURCE, FailureKind, counted

logger = logging.getLogger(__name__)
# The listing is read up to this many results: far more than England's 153 authorities.
MAX_LISTED = 500
# A page of the listing that answered 304: as at the last good read of the listing.
UNCHANGED = "unchanged"


class OfstedSpider(scrapy.Spider):
    name = "ofsted"

    @property
    def watch(self):
        return self.settings["WATCH"]

    @property
    def context(self) -> CycleContext:
        return self.settings["WATCH_CONTEXT"]

    async def start(self):
        # A sector backfill reads the sector alone, beside the home cycles, which leave
        # the sector to it meanwhile.
        context = self.context
        for authority in [] if context.backfill else unpaused(context, self.watch.ofsted.authorities):
            yield self._page(authority)
        if self.watch.ofsted.sector and context.sector and SECTOR_SOURCE not in context.paused:
            # Each page of the listing asked for, by its first row: what it gave, or why not.
            self.listing: dict[int, tuple[list[ListedAuthority], int] | errors.Failure | str | None] = {}
            self.listing_validators: dict[str, tuple[str | None, str | None]] = {}
            for start in range(0, 2 * sector_listing.ROWS, sector_listing.ROWS):
                yield self._listing_page(start)

    def _page(self, authority: Authority, news_after: date | None = None) -> scrapy.Request:
        self.crawler.stats.inc_value(progress.SOURCES)
        return scrapy.Request(
            provider_page.provider_url(self.watch.ofsted.base_url, authority.urn),
            callback=self.parse,
            errback=self.failed,
            cb_kwargs={"authority": authority, "news_after": news_after},
            meta={CONDITIONAL: True},
            dont_filter=True,
        )

    def _listing_page(self, start: int) -> scrapy.Request:
        self.listing[start] = None
        return scrapy.Request(
            sector_listing.listing_url(self.watch.ofsted.base_url, start),
            callback=self.parse_listing,
            errback=self.listing_failed,
            cb_kwargs={"start": start},
            meta={CONDITIONAL: True},
            dont_filter=True,
        )

    def parse_listing(self, response, start: int):
        self.listing_validators.update(response.meta.get(VALIDATORS) or {})
        try:
            if unchanged(response):
                self.listing[start] = UNCHANGED
            elif not hasattr(response, "text"):
                raise provider_page.PageError(FailureKind.UNUSABLE, "expected an HTML page")
            else:
                self.listing[start] = sector_listing.parse(response.text, response.url)
        except provider_page.PageError as exc:
            self.listing[start] = exc.failure.about(response.url)
        yield from self._listing_read()

    def listing_failed(self, failure: Failure):
        self.listing[failed_request(failure).cb_kwargs["start"]] = failed_read(failure)
        yield from self._listing_read()

    def _listing_read(self):
        """Once every page of the listing has answered: the listing's outcome, and a
        request for each provider page it shows has moved."""
        if None in self.listing.values():
            return  # a page is still to answer
        sector = Sector(shared_store(self.watch.database_url))
        # A page that answered "unchanged" lists what the store kept of the listing.
        kept = sector.listed() if UNCHANGED in self.listing.values() else []
        total = max((page[1] for page in self.listing.values() if isinstance(page, tuple)), default=len(kept))
        more = [s for s in range(0, min(total, MAX_LISTED), sector_listing.ROWS) if s not in self.listing]
        if more:  # the site lists more than two pages
            yield from (self._listing_page(start) for start in more)
            return
        failed = [page for page in self.listing.values() if isinstance(page, errors.Failure)]
        listed = list(
            {
                a.urn: a
                for page in [(kept, total), *self.listing.values()]
                if isinstance(page, tuple)
                for a in page[0]
            }.values()
        )
        # The listing prints full council names ("London Borough of Sutton"): each is named
        # as England's list names it, as the alerts and pages name the home authorities.
        places = authorities.regions(self.watch.ofsted.regions_file)
        listed = [
            replace(a, name=places[a.urn].name) if a.urn in places and places[a.urn].name else a
            for a in listed
        ]
        if not failed and (problem := sector.check(listed, total)):
            failed.append(
                errors.Failure(FailureKind.UNUSABLE, problem).about(
                    sector_listing.listing_url(self.watch.ofsted.base_url, 0)
                )
            )
        if failed:
            yield SourceReadItem(
                SECTOR_SOURCE, SECTOR_NAME, ok=False, seen=0, failure=errors.Failure.joined(failed)
            )
            return
        home = self.watch.ofsted.home_urns
        due = sector.due(listed, home, self.watch.ofsted.sweep_days)
        yield SectorListingItem(listed)
        if self.context.backfill:
            # Every page never read; those an earlier, interrupted backfill read are not.
            wanted = {d.urn for d in due}
            due += [d for d in sector.never_read(listed, home) if d.urn not in wanted]
        yield SourceReadItem(
            SECTOR_SOURCE,
            SECTOR_NAME,
            ok=True,
            seen=len(listed),
            failure=None,
            validators=self.listing_validators,
        )
        swept = [found for found in due if not found.moved]
        if swept:  # a sweep or a backfill: one line, not one per page
            logger.info("%s more to read: %s", counted(len(swept), "page", "pages"), swept[-1].why)
        for found in due:
            authority = Authority(name=found.name, urn=found.urn)
            if authority.source not in self.context.paused:
                if found.moved:
                    logger.info("to read: %s", found.why, extra={"source": authority.source})
                yield self._page(authority, found.news_after)

    def parse(self, response, authority, news_after=None):
        if unchanged(response):
            # As at its last good read: what the store holds of it stands for the page, so
            # that a document still to be read is read all the same.
            stored = Publications(shared_store(self.watch.database_url)).listed_on(authority.source)
            listed = [
                provider_page.Listed(p.id, p.title, p.url, p.type, p.published, p.event_date) for p in stored
            ]
        else:
            try:
                if not hasattr(response, "text"):
                    raise provider_page.PageError(
                        FailureKind.UNUSABLE,
                        f"expected an HTML page, got {response.headers.get('Content-Type', b'?')!r}",
                    )
                listed = provider_page.parse(response.text, response.url, authority.urn)
            except provider_page.PageError as exc:
                yield self._outcome(authority, failure=exc.failure.about(response.url))
                return
        trusted = self.watch.ofsted.trusted_origins
        items = []
        for publication in listed:
            if origin(publication.url) not in trusted:
                logger.warning(
                    "document link outside the reports site's origins, it will not be fetched: %s",
                    publication.url,
                    extra={"source": authority.source},
                )
            items.append(
                PublicationItem(
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
                    news_after=news_after,
                )
            )
        # What the store holds already, exactly as listed and read, is only noted as seen:
        # one query and one update for the page, not a transaction per publication.
        publications = Publications(shared_store(self.watch.database_url))
        triage = publications.triage([item.listing() for item in items])
        for item in items:
            item.to_read = item.id in triage.to_read
            item.recheck = item.id in triage.recheck
            item.read_fingerprint = triage.recheck.get(item.id)
        # Said as each is recorded, not again on every cycle that lists it unchanged; a
        # warning for a page read before, as what it lists now may be alerted.
        if gaps := provider_page.gaps([p for p in listed if p.id not in triage.settled]):
            level = logging.WARNING if triage.known else logging.INFO
            logger.log(level, "%s", gaps, extra={"source": authority.source})
        yield from (item for item in items if item.id not in triage.settled)
        if seen := [item.id for item in items if item.id in triage.settled]:
            yield SeenItem(source=authority.source, ids=seen)  # one per listing, as counted
        yield self._outcome(authority, seen=len(listed), validators=response.meta.get(VALIDATORS))

    def failed(self, failure: Failure):
        yield self._outcome(failed_request(failure).cb_kwargs["authority"], failure=failed_read(failure))

    @staticmethod
    def _outcome(
        authority, *, seen: int = 0, failure: errors.Failure | None = None, validators=None
    ) -> SourceReadItem:
        return SourceReadItem(
            source=authority.source,
            name=authority.name,
            ok=failure is None,
            seen=seen,
            failure=failure,
            validators=validators,
        )

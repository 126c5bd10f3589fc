"""The one origin check every outbound request passes, first hop and redirects alike.

Pages and documents may come only from the configured origins (scheme, host and port):
the Ofsted sites and each news source. A news article a feed links to may be on any
public host, but never on a loopback, private, link-local or otherwise non-global address,
unless that host is listed in `[crawl] private_hosts`. Only http and https are ever
requested: Scrapy's other download handlers (file, data, ftp, s3) are switched off in the
settings.

The origin check runs as the first downloader middleware, so the requests Scrapy makes
itself (robots.txt, each hop of a redirect) pass it too. An address written into a URL is
checked there; a name is checked by the DNS resolver Scrapy connects through
(PublicAddresses), on the address the connection will use, off the reactor's thread: a
name cannot resolve to a public address for the check and a private one for the
connection.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolverSimple
from zope.interface import implementer

from config import Origin, origin
from scraper.watch_config import watch_of

logger = logging.getLogger(__name__)
# Request meta key: this request is a news article, which may be on any public host.
ARTICLE = "watch_article"


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class OriginCheck:
    """Downloader middleware: refuses any request to an origin the product may not reach."""

    def __init__(self, origins: frozenset[Origin], private_hosts: frozenset[str]):
        self.origins = origins
        self.private_hosts = private_hosts

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OriginCheck:
        watch = crawler.settings["WATCH"]
        return cls(
            frozenset(o for url in watch.origin_urls if (o := origin(url))),
            frozenset(h.lower() for h in watch.crawl.private_hosts),
        )

    def process_request(self, request: Request, spider=None) -> None:
        if reason := self.refusal(request.url, article=bool(request.meta.get(ARTICLE))):
            logger.warning("request refused: %s", reason)
            raise IgnoreRequest(reason)

    def refusal(self, url: str, *, article: bool) -> str | None:
        """Why this URL may not be requested, or None when it may."""
        found = origin(url)
        if found is None:
            return f"{url[:200]!r} is not a plain http(s) URL (no user info, backslash or control character)"
        if found in self.origins:
            return None
        if not article:
            return f"{url[:200]} is not on a configured site"
        host = found[1].strip("[]")
        if host in self.private_hosts or not _is_address(host) or ipaddress.ip_address(host).is_global:
            return None  # a name's address is checked as it is resolved (PublicAddresses)
        return f"{url[:200]} is on a private, loopback or link-local address"


@implementer(IResolverSimple)
class PublicAddresses(CachingThreadedResolver):
    """Scrapy's DNS resolver (setting TWISTED_DNS_RESOLVER), whose answer is the address each
    connection is made to: a host that is neither a configured site's nor listed in
    `[crawl] private_hosts` must resolve to a global address, or the request fails."""

    trusted: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor) -> PublicAddresses:
        resolver = super().from_crawler(crawler, reactor)
        # Scrapy builds the resolver from the process's settings, which `scrapy crawl`
        # gives without the add-on's.
        watch = watch_of(crawler.settings)
        sites = {found[1] for url in watch.origin_urls if (found := origin(url))}
        resolver.trusted = frozenset(sites | {h.lower() for h in watch.crawl.private_hosts})
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # noqa: N802 - Twisted's name
        resolved = super().getHostByName(name, timeout)
        if name.lower() in self.trusted:
            return resolved
        return resolved.addCallback(self._public, name)

    @staticmethod
    def _public(address: str, name: str) -> str:
        if not ipaddress.ip_address(address).is_global:
            raise DNSLookupError(f"{name} resolves to a private, loopback or link-local address")
        return address

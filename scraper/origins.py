"""The one origin check every outbound request passes, first hop and redirects alike.

Pages and documents may come only from the configured origins (scheme, host and port):
the Ofsted sites and each news source. A news article a feed links to may be on any
public host, but never on a loopback, private, link-local or otherwise non-global address
(the name is resolved and every address it resolves to is checked), unless that host is
listed in `[crawl] private_hosts`. Only http and https are ever requested: Scrapy's other
download handlers (file, data, ftp, s3) are switched off in the settings.

The check runs as the first downloader middleware, so the requests Scrapy makes itself
(robots.txt, each hop of a redirect) pass it too.
"""

from __future__ import annotations

import ipaddress
import logging
import socket

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from config import Origin, origin

logger = logging.getLogger(__name__)
# Request meta key: this request is a news article, which may be on any public host.
ARTICLE = "watch_article"


def is_public(host: str) -> bool:
    """Whether every address the host resolves to is a global (public) one."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False
    addresses = {str(info[4][0]).split("%")[0] for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a).is_global for a in addresses)


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
            return f"{url[:200]!r} is not an http(s) URL"
        if found in self.origins:
            return None
        if not article:
            return f"{url[:200]} is not on a configured site"
        host = found[1]
        if host in self.private_hosts or is_public(host):
            return None
        return f"{url[:200]} is on a private, loopback or unknown address"

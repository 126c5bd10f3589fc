"""Conditional requests: a page or feed is asked for again with the validators its last
good response gave (If-None-Match from its ETag, If-Modified-Since from its Last-Modified),
and a 304 reaches the spider, which reads it as "unchanged".

Scrapy's HTTP cache middleware with its RFC 2616 policy does this by keeping whole
responses in a cache directory of one machine; here only the two validators are kept, in
the store, beside the source's outcome: they survive restarts, serve every instance that
shares the store, need no writable disk, and are saved only from a read that was good,
so a page whose read failed is fetched whole next time. Documents are never asked for
conditionally: a file id's document never changes, and is fetched only to be read.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from scraper.middlewares import error_page
from storage.sources import Sources
from storage.store import Store, shared_store

# Request meta: ask this page or feed with its validators, and take a 304 as an answer.
CONDITIONAL = "watch_conditional"
# Request meta, set on a 200 answer: {the URL first asked: (ETag, Last-Modified)}, for the
# spider to hand on with its source's outcome when its read is good.
VALIDATORS = "watch_validators"
NOT_MODIFIED = 304


class ConditionalRequests:
    """Downloader middleware: validators out with the request, new ones back from a 200."""

    def __init__(self, store: Store):
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequests:
        return cls(shared_store(crawler.settings["WATCH"].database_url))

    def process_request(self, request: Request, spider=None) -> None:
        if not request.meta.get(CONDITIONAL):
            return
        request.meta["handle_httpstatus_list"] = [
            *request.meta.get("handle_httpstatus_list", ()),
            NOT_MODIFIED,
        ]
        if found := Sources(self.store).validators(_first_url(request)):
            etag, modified = found
            if etag:
                request.headers.setdefault("If-None-Match", etag)
            if modified:
                request.headers.setdefault("If-Modified-Since", modified)

    def process_response(self, request: Request, response: Response, spider=None) -> Response:
        # Only a good page gives validators: never one kept from an earlier answer.
        request.meta.pop(VALIDATORS, None)
        if request.meta.get(CONDITIONAL) and response.status == 200 and error_page(response) is None:
            etag, modified = (response.headers.get(name) for name in ("ETag", "Last-Modified"))
            if etag or modified:
                request.meta[VALIDATORS] = {
                    _first_url(request): (
                        etag and etag.decode("latin-1"),
                        modified and modified.decode("latin-1"),
                    )
                }
        return response


def _first_url(request: Request) -> str:
    """The URL the spider asked for, before any redirect."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


def unchanged(response: Response) -> bool:
    """Whether the answer says the page is as it was at its last good read."""
    return response.status == NOT_MODIFIED

"""Downloader middleware: retries with back-off, including error pages served with 200."""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.misc import load_object

# The Ofsted site's framework error page, sometimes served with HTTP 200.
ERROR_PAGE_MARKERS = (b"Slim Application Error",)
MAX_PAUSE = 120.0


def error_page(response: Response) -> str | None:
    if isinstance(response, HtmlResponse) and any(m in response.body for m in ERROR_PAGE_MARKERS):
        return f"error page served with HTTP {response.status}"
    return None


class BackoffRetryMiddleware:
    """Scrapy's retry (its public get_retry_request, with Scrapy's RETRY_* settings), with an
    exponential pause (or the server's Retry-After) before each try, and error pages
    served with 200 retried like the errors they are."""

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.max_retry_times = settings.getint("RETRY_TIMES")
        self.retry_http_codes = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}
        self.priority_adjust = settings.getint("RETRY_PRIORITY_ADJUST")
        self.exceptions_to_retry = tuple(
            load_object(name) if isinstance(name, str) else name
            for name in settings.getlist("RETRY_EXCEPTIONS")
        )
        self.backoff = settings.getfloat("RETRY_BACKOFF", 2.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response, spider=None) -> Request | Response:
        if request.meta.get("dont_retry", False):
            return response
        reason = (
            f"HTTP {response.status}" if response.status in self.retry_http_codes else error_page(response)
        )
        if reason is None:
            return response
        retry = self._retry(request, reason)
        if retry is None:
            return response
        await self._pause(request, response.headers.get("Retry-After"))
        return retry

    async def process_exception(self, request: Request, exception: Exception, spider=None) -> Request | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            await self._pause(request)
        return retry

    def _retry(self, request: Request, reason: str | Exception) -> Request | None:
        spider = self.crawler.spider
        if spider is None:  # no crawl under way: nothing to retry for
            return None
        return get_retry_request(
            request,
            spider=spider,
            reason=reason,
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
            # The source's read, or the document's, reports the failure once, in words.
            give_up_log_level=logging.DEBUG,
        )

    async def _pause(self, request, retry_after: bytes | None = None) -> None:
        attempt = request.meta.get("retry_times", 0)
        pause = self.backoff * (2**attempt)
        if retry_after and retry_after.strip().isdigit():
            pause = max(pause, float(retry_after))
        await asyncio.sleep(min(pause, MAX_PAUSE))

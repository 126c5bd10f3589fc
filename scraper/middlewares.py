"""Downloader middleware: retries with back-off, including error pages served with 200."""

from __future__ import annotations

import asyncio

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import HtmlResponse

# The Ofsted site's framework error page, sometimes served with HTTP 200.
ERROR_PAGE_MARKERS = (b"Slim Application Error",)
MAX_PAUSE = 120.0


def error_page(response) -> str | None:
    if isinstance(response, HtmlResponse) and any(m in response.body for m in ERROR_PAGE_MARKERS):
        return f"error page served with HTTP {response.status}"
    return None


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, with an exponential pause (or the server's Retry-After) before each try."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff = settings.getfloat("RETRY_BACKOFF", 2.0)

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False):
            return response
        if response.status in self.retry_http_codes:
            reason = f"HTTP {response.status}"
        else:
            reason = error_page(response)
        if reason is None:
            return response
        retry = self._retry(request, reason)
        if retry is None:
            return response
        await self._pause(request, response.headers.get("Retry-After"))
        return retry

    async def process_exception(self, request, exception, spider=None):
        retry = super().process_exception(request, exception)
        if retry is not None:
            await self._pause(request)
        return retry

    async def _pause(self, request, retry_after: bytes | None = None) -> None:
        attempt = request.meta.get("retry_times", 0)
        pause = self.backoff * (2**attempt)
        if retry_after and retry_after.strip().isdigit():
            pause = max(pause, float(retry_after))
        await asyncio.sleep(min(pause, MAX_PAUSE))

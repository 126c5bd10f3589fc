"""A request that finally failed, as the spiders' errbacks receive it, in words for ops."""

from __future__ import annotations

from scrapy import Request
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure


def failed_request(failure: Failure) -> Request:
    """The request a failure is about (Scrapy attaches it to the failure)."""
    request = getattr(failure, "request", None)
    if not isinstance(request, Request):
        raise TypeError(f"a failure without its request: {failure!r}")
    return request


def describe(failure: Failure) -> str:
    """One line for ops saying why a request finally failed."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status} after retries"
    kind = type(error).__name__
    return f"{kind}: {error or kind}"

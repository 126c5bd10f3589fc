"""Failures in words for ops: a request that finally failed, as the spiders' errbacks
receive it, and an item that failed in the pipelines, as Scrapy reports it; each source's
read that failed so, of its kind."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.logformatter import LogFormatter, LogFormatterResult
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

import errors
from reader.pool import ReadingUnavailable
from scraper.items import PublicationItem
from vocabulary import FailureKind, counted


def failed_request(failure: Failure) -> Request:
    """The request a failure is about (Scrapy attaches it to the failure)."""
    request = getattr(failure, "request", None)
    if not isinstance(request, Request):
        raise TypeError(f"a failure without its request: {failure!r}")
    return request


# What ops can act on, for the errors Scrapy and Twisted name after their own classes:
# (words in the error's class name, what it means).
_PLAIN = (
    (("Refused",), "connection refused"),
    (("DNSLookup", "CannotResolveHost", "NoResolve"), "the host name could not be resolved"),
    (("Timeout", "TimedOut"), "no answer in time"),
    (
        ("ConnectionLost", "ResponseNeverReceived", "ConnectionDone", "ConnectionReset", "ResponseFailed"),
        "the connection was dropped before the answer was complete",
    ),
    (("SSL", "TLS", "Certificate"), "the secure connection could not be made"),
)


def describe(failure: Failure) -> str:
    """One line for ops saying why a request finally failed, in plain words."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status} after retries"
    kind = type(error).__name__
    for words, plain in _PLAIN:
        if any(word in kind for word in words):
            return plain
    return f"{kind}: {error or kind}"


def failed_read(failure: Failure) -> errors.Failure:
    """The read whose request finally failed: said of the request's URL."""
    return errors.Failure(FailureKind.READ, f"{failed_request(failure).url}: {describe(failure)}")


def item_failure(error: BaseException) -> str:
    """One line saying why an item failed in the pipelines."""
    if isinstance(error, ReadingUnavailable):
        return str(error)  # it says what could not start, and why
    # A database error wraps the driver's, whose words say what happened ("disk is full").
    error = getattr(error, "orig", None) or error
    first = (str(error).strip().splitlines() or [""])[0][:300]
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def items_failed(reasons: list[str]) -> errors.Failure:
    """The read of a source some of whose items failed in the pipelines, for these reasons
    (one an item): what failed was not stored."""
    distinct = list(dict.fromkeys(reasons))
    detail = f"{len(reasons)} of its items failed in the pipelines and were not stored: {distinct[0]}"
    if len(distinct) > 1:
        detail += f" (and {counted(len(distinct) - 1, 'other reason', 'other reasons')})"
    return errors.Failure(FailureKind.ITEMS, detail)


def item_name(item: object) -> str:
    """What an item is, for a log line: "publication 50300001 of ofsted:80492"."""
    kind = (
        "publication"
        if isinstance(item, PublicationItem)
        else type(item).__name__.removesuffix("Item").lower()
    )
    label = getattr(item, "id", None) or getattr(item, "url", None)
    source = getattr(item, "source", None)
    return " ".join(part for part in (kind, label, source and f"of {source}") if part)


class ItemErrors(LogFormatter):
    """Scrapy's line for an item that failed in the pipelines, as one line for ops (the
    item and why, not the item's whole repr); an error already said is said again only
    in the debug log, so a cause that fails every item is one line, not hundreds. The
    pipeline counts every failure all the same."""

    def __init__(self) -> None:
        super().__init__()
        self.said: set[str] = set()

    def item_error(self, item, exception, response, spider) -> LogFormatterResult:
        why = item_failure(exception)
        level = logging.DEBUG if why in self.said else logging.ERROR
        self.said.add(why)
        return {
            "level": level,
            "msg": "%(item)s failed in the pipelines: %(why)s",
            "args": {"item": item_name(item), "why": why},
        }

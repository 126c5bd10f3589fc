"""Logging for ops: one line per event on stdout, with level, cycle id and source.

Secrets never reach a log line: Slack tokens, and the value of SLACK_BOT_TOKEN however it
is shaped, are redacted from every formatted line, tracebacks included.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from datetime import UTC, datetime

from config import SLACK_TOKEN
from product import SLACK_TOKENS

FORMAT = "%(asctime)s %(levelname)s cycle=%(cycle)s source=%(source)s %(name)s: %(message)s"

_cycle = "-"


def set_cycle(cycle_id: str | None) -> None:
    """Label every later line with this cycle (one cycle runs at a time in a process)."""
    global _cycle
    _cycle = cycle_id or "-"


def redact(text: str) -> str:
    for name in SLACK_TOKENS:
        if token := os.environ.get(name):
            text = text.replace(token, "[redacted]")
    return SLACK_TOKEN.sub("[redacted]", text)


class _Quiet(logging.Filter):
    """Scrapy's start-up report, below INFO for ops. A filter on the handler, because
    Scrapy's own logging set-up resets its loggers' levels as it starts."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or record.name not in _CHATTER


class _Context(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.cycle = getattr(record, "cycle", None) or _cycle
        record.source = getattr(record, "source", None) or "-"
        return True


class _Redacting(logging.Formatter):
    # Every time the product shows is UTC and says so, log lines as much as `status`,
    # the pages and ops messages: "2026-11-22T07:00:03.120Z".
    def converter(self, seconds: float | None) -> time.struct_time:
        return time.gmtime(seconds)

    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"

    def __init__(self, fmt: str, *, tracebacks: bool):
        super().__init__(fmt)
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record)).replace("\n", " | ")

    def formatException(self, ei) -> str:  # noqa: N802 - logging's own name
        """A traceback only when asked for (--verbose); otherwise the error in one phrase."""
        if self.tracebacks:
            return super().formatException(ei)
        kind, error = ei[0], ei[1]
        return f"({kind.__name__ if kind else 'error'}: {str(error).splitlines()[0] if str(error) else ''})"


# Scrapy's start-up report (versions, settings, middlewares) and its per-minute stats say
# nothing to ops; a robots.txt that cannot be fetched fails the source's own read, which
# says so once (_REPEATS, below).
_CHATTER = (
    "scrapy.utils.log",
    "scrapy.addons",
    "scrapy.middleware",
    "scrapy.crawler",
    "scrapy.core.engine",
    "scrapy.extensions.logstats",
    "scrapy.extensions.telnet",
)
# slack_sdk logs a lost answer at ERROR before the product says what it means for the
# alert (kept, and looked for before it is posted again): the product's line is the one.
_REPEATS = ("scrapy.downloadermiddlewares.robotstxt", "slack_sdk")


class _Json(_Redacting):
    """One JSON object a line, for log shippers: time, level, logger, cycle, source,
    message, and the error (a traceback only when asked for)."""

    def __init__(self, *, tracebacks: bool):
        super().__init__(FORMAT, tracebacks=tracebacks)

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "cycle": getattr(record, "cycle", "-"),
            "source": getattr(record, "source", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, ensure_ascii=False, default=str))


def configure(
    cycle_id: str | None = None,
    stream=None,
    *,
    verbose: bool = False,
    level: str = "INFO",
    as_json: bool = False,
) -> None:
    """One line per event on `stream`, at `level`; `verbose` (or DEBUG) adds debug lines
    and tracebacks; `as_json` writes each line as a JSON object."""
    set_cycle(cycle_id)
    verbose = verbose or level == "DEBUG"
    number = logging.DEBUG if verbose else logging.getLevelName(level)
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setLevel(number)  # on the handler too: Scrapy resets the root logger's level
    handler.addFilter(_Context())
    if not verbose:
        handler.addFilter(_Quiet())
    handler.setFormatter(_Json(tracebacks=verbose) if as_json else _Redacting(FORMAT, tracebacks=verbose))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(number)
    # Libraries' request-by-request chatter is not an event for ops.
    quiet_libraries(verbose=verbose)


def quiet_libraries(*, verbose: bool) -> None:
    """Libraries' chatter off (again after Scrapy's own set-up, which resets its loggers)."""
    # APScheduler's own start and stop lines repeat the service's "serving" and "stopped".
    for noisy in (
        "alembic",
        "scrapy.core.scraper",
        "filelock",
        "apscheduler.executors.default",
        "apscheduler.scheduler",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for name in _CHATTER:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.WARNING)
    for name in _REPEATS:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.CRITICAL)

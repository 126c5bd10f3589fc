"""Logging for ops: one line per event on stdout, with level, cycle id and source.

Secrets never reach a log line: Slack tokens, and the value of SLACK_BOT_TOKEN however it
is shaped, are redacted from every formatted line, tracebacks included.
"""

from __future__ import annotations

import logging
import os
import sys

from config import SLACK_TOKEN

FORMAT = "%(asctime)s %(levelname)s cycle=%(cycle)s source=%(source)s %(name)s: %(message)s"

_cycle = "-"


def set_cycle(cycle_id: str | None) -> None:
    """Label every later line with this cycle (one cycle runs at a time in a process)."""
    global _cycle
    _cycle = cycle_id or "-"


def redact(text: str) -> str:
    token = os.environ.get("SLACK_BOT_TOKEN")
    if token:
        text = text.replace(token, "[redacted]")
    return SLACK_TOKEN.sub("[redacted]", text)


class _Context(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.cycle = getattr(record, "cycle", None) or _cycle
        record.source = getattr(record, "source", None) or "-"
        return True


class _Redacting(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record)).replace("\n", " | ")


def configure(level: int = logging.INFO, cycle_id: str | None = None, stream=None) -> None:
    set_cycle(cycle_id)
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setLevel(level)  # on the handler too: Scrapy resets the root logger's level
    handler.addFilter(_Context())
    handler.setFormatter(_Redacting(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Libraries' request-by-request chatter is not an event for ops.
    for noisy in ("alembic", "scrapy.core.scraper", "filelock", "apscheduler.executors.default"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

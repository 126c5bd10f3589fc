"""How the service's processes end once their work is done: logs flushed, then at once.

Everything a command does is stored and logged before it returns (every write is a
transaction), and the interpreter's own shutdown, collecting every Scrapy, Twisted and
SQLAlchemy object, takes longer than a quiet cycle's delivery. So a finished process
flushes what it wrote and ends without it. A crawl stopped mid-way (orphaned, or past
its deadline) ends the same way and loses nothing stored.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from typing import NoReturn


def end(code: int) -> NoReturn:
    """Flush the logs and the standard streams, and end the process with `code` now."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away (`list --json | head`) is no reason to fail at the end.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)

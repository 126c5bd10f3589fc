"""The crawl as the scheduler runs it: in a child process, with the product's logging.

    python -m service.crawl SPIDER [SPIDER ...] --cycle ID [--config FILE] [--alert-existing]

This is Scrapy's "run from a script" with CrawlerProcess, the spiders in turn (so that
news can link to publications stored moments before); `scrapy crawl SPIDER` does the
same crawl with Scrapy's own log format.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from typing import NoReturn

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet import defer

from config import ConfigError, load
from service import logs
from storage.store import shared_store

logger = logging.getLogger(__name__)
# How often the crawl checks that the cycle that started it is still there.
WATCH_INTERVAL = 0.5
EXIT_NO_STORE = 3
EXIT_ORPHANED = 4
EXIT_DEADLINE = 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.crawl")
    parser.add_argument("spiders", nargs="+")
    parser.add_argument("--cycle", required=True)
    parser.add_argument("--config")
    parser.add_argument("--alert-existing", action="store_true")
    parser.add_argument("--parent", type=int, help="the cycle's process id: the crawl ends with it")
    parser.add_argument("--deadline", type=float, help="seconds after which the crawl ends itself")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    logs.configure(cycle_id=args.cycle, verbose=args.verbose)
    _watch(args.parent, time.monotonic() + args.deadline if args.deadline else None)
    try:  # before the crawl starts: a store that cannot be opened is one clear line, now
        watch = load(args.config)
        shared_store(watch.database_url)
    except (ConfigError, SQLAlchemyError, OSError) as exc:
        logger.error("the crawl cannot open the store: %s", str(exc).splitlines()[0] or type(exc).__name__)
        return EXIT_NO_STORE
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scraper.settings")
    settings = get_project_settings()
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # logs.configure did
    settings.set("WATCH", watch, priority="cmdline")  # parsed once, here
    settings.set("WATCH_CYCLE", args.cycle, priority="cmdline")
    settings.set("WATCH_ALERT_EXISTING", args.alert_existing, priority="cmdline")
    if args.config:
        settings.set("WATCH_CONFIG", args.config, priority="cmdline")
    if not args.verbose:
        settings.set("LOG_VERSIONS", [], priority="cmdline")
    process = CrawlerProcess(settings)
    logs.quiet_libraries(verbose=args.verbose)

    @defer.inlineCallbacks
    def in_turn():
        for spider in args.spiders:
            yield process.crawl(spider)

    def stop(_):
        # Imported here: importing it earlier would install Twisted's default reactor
        # before start() installs the asyncio one Scrapy needs.
        from twisted.internet import reactor

        reactor.stop()  # type: ignore[misc]  # the module stands for the installed reactor

    in_turn().addBoth(stop)
    process.start(stop_after_crawl=False)
    return 0


def _watch(parent: int | None, deadline: float | None) -> None:
    """End the crawl if the cycle that started it dies (a kill -9 or the OOM killer
    included: nothing else would stop it, and the next cycle would start beside it
    without the lock), or at its own deadline."""

    def watch() -> None:
        while True:
            time.sleep(WATCH_INTERVAL)
            if parent is not None and os.getppid() != parent:
                logger.error("the cycle that started this crawl has gone; the crawl stops")
                _end(EXIT_ORPHANED)
            if deadline is not None and time.monotonic() > deadline:
                logger.error("the crawl passed its own deadline; it stops")
                _end(EXIT_DEADLINE)

    threading.Thread(target=watch, name="watch-cycle", daemon=True).start()


def _end(code: int) -> NoReturn:
    """Flush the logs and end the process now. After a crawl, everything is stored and
    logged, and the interpreter's own shutdown (collecting every Scrapy and Twisted
    object) would take longer than the crawl of a quiet cycle; every write is a
    transaction, so ending mid-crawl loses nothing stored."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _end(main())

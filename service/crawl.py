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

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings
from twisted.internet import defer

from service import logs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.crawl")
    parser.add_argument("spiders", nargs="+")
    parser.add_argument("--cycle", required=True)
    parser.add_argument("--config")
    parser.add_argument("--alert-existing", action="store_true")
    args = parser.parse_args(argv)
    logs.configure(cycle_id=args.cycle)
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scraper.settings")
    settings = get_project_settings()
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # logs.configure did
    settings.set("WATCH_CYCLE", args.cycle, priority="cmdline")
    settings.set("WATCH_ALERT_EXISTING", args.alert_existing, priority="cmdline")
    if args.config:
        settings.set("WATCH_CONFIG", args.config, priority="cmdline")
    process = CrawlerProcess(settings)

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


if __name__ == "__main__":
    code = main()
    # Everything is stored and logged: flush and end now. The interpreter's own
    # shutdown (collecting every Scrapy and Twisted object) would take longer than the
    # crawl of a quiet cycle.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)

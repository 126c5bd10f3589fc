"""The crawl child: the process in which a cycle's Scrapy crawl runs.

    python -m service.crawl [SPIDER ...] --cycle ID [--config FILE] [--alert-existing]

The child is Scrapy's "run from a script" with CrawlerProcess, the spiders in turn (so
that news can link to publications stored moments before); `scrapy crawl SPIDER` does the
same crawl with Scrapy's own log format.

`CrawlChild` is the cycle's side of it. The child is started before the cycle has its id
(`--cycle -`), from nothing but the config's path, so that `once` can start it before
loading anything itself: it reads the config and imports Scrapy on the other core while
the cycle does the same and opens the store and takes the lock, and is then told its
cycle on stdin (and whether a sector backfill has the sector meanwhile), or sent away
(stdin closed) when no cycle starts. `serve` starts the next cycle's child as a cycle
ends, so that it is ready by its turn. It reads from its config which spiders to run
(the news spider when news is watched) and its deadline.
This module imports nothing heavy at the top, so that starting the child costs the cycle
nothing, and because each document-reading worker imports the child's main module again
(multiprocessing does): the config's models alone are 20 MB a worker.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING

from service import ending
from vocabulary import ExitCode

if TYPE_CHECKING:
    from config import Config

logger = logging.getLogger(__name__)
# How often the crawl checks that the cycle that started it is still there.
WATCH_INTERVAL = 0.5
GONE = "the cycle that started this crawl has gone; the crawl stops"
# How long a terminated crawl has to stop before it is killed: Scrapy's graceful
# shutdown waits for requests in flight, and shutdown must finish within 10 seconds.
STOP_GRACE = 4.0
# A sector backfill reads ~150 pages and ~2,000 documents politely: hours, not minutes.
# It is resumable, so even this limit loses nothing.
BACKFILL_TIMEOUT = 6 * 3600.0
# prctl's option: the signal this process gets when its parent dies.
PR_SET_PDEATHSIG = 1
# The --cycle value that means "read the cycle's id from stdin".
FROM_STDIN = "-"
# Said after the cycle's id on stdin: a sector backfill reads the sector meanwhile.
WITHOUT_SECTOR = "without-sector"


def crawl_environment(database_url: str | None = None) -> dict[str, str]:
    """The crawl child's environment: this one, less the Slack token, which the crawl never
    needs (it does not reach Slack), and with `database_url` as its store when given."""
    env = {k: v for k, v in os.environ.items() if k != "SLACK_BOT_TOKEN"}
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


class CrawlChild:
    """A crawl child, started at once and told its cycle when the cycle has begun."""

    def __init__(
        self,
        config_path: str | None,
        *,
        alert_existing: bool = False,
        backfill: bool = False,
        verbose: bool = False,
        log_stream: IO[str] | None = None,
        database_url: str | None = None,
    ):
        args = [sys.executable, "-m", "service.crawl", "--cycle", FROM_STDIN, "--parent", str(os.getpid())]
        if config_path:
            args += ["--config", str(Path(config_path).resolve())]
        if alert_existing:
            args.append("--alert-existing")
        if backfill:
            args.append("--sector-backfill")
        if verbose:
            args.append("--verbose")
        # A session of its own, so that stopping it reaches any process it starts.
        self.process = subprocess.Popen(
            args,
            env=crawl_environment(database_url),
            stdin=subprocess.PIPE,
            stdout=log_stream,
            start_new_session=True,
            text=True,
        )

    def begin(self, cycle_id: str, *, sector: bool = True) -> None:
        """Tell the child its cycle: it crawls now; without `sector`, it leaves the sector
        to the backfill under way."""
        self._close_stdin(f"{cycle_id}\n" if sector else f"{cycle_id} {WITHOUT_SECTOR}\n")

    def dismiss(self) -> None:
        """No cycle starts (another holds the lock, say): the child ends without crawling."""
        self._close_stdin("")
        try:
            self.process.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            self.stop()

    def _close_stdin(self, line: str) -> None:
        stdin = self.process.stdin
        if stdin is None or stdin.closed:
            return
        with contextlib.suppress(BrokenPipeError, ValueError):  # the child ended already
            stdin.write(line)
        with contextlib.suppress(BrokenPipeError, ValueError):
            stdin.close()

    def wait(self, timeout: float) -> int:
        """The child's exit code; subprocess.TimeoutExpired past `timeout` seconds.

        Waits on the child's pidfd where the kernel has them: Popen.wait with a timeout
        polls, sleeping up to 50 ms at a time, which a quiet cycle would feel."""
        try:
            ended = os.pidfd_open(self.process.pid)
        except (AttributeError, OSError):  # no pidfd here, or the child is already reaped
            return self.process.wait(timeout=timeout)
        try:
            watch = select.poll()
            watch.register(ended, select.POLLIN)
            watch.poll(timeout * 1000)
        finally:
            os.close(ended)
        return self.process.wait(timeout=0)

    def stop(self) -> None:
        """Terminate the crawl, and kill it if it has not ended after STOP_GRACE seconds."""
        child = self.process
        self._close_stdin("")
        if child.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            logger.warning("the crawl did not stop within %.0f s; killing it", STOP_GRACE)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def timeout(config: Config, *, backfill: bool = False) -> float:
    """Seconds a crawl may take before it is stopped."""
    return max(config.crawl.cycle_timeout, BACKFILL_TIMEOUT) if backfill else config.crawl.cycle_timeout


def spiders(config: Config, *, backfill: bool = False) -> list[str]:
    """The spiders a cycle's crawl runs, in turn: news links to publications, so it is last."""
    return ["ofsted"] + (["news"] if config.news and not backfill else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.crawl")
    parser.add_argument("spiders", nargs="*", help="default: those the config calls for")
    parser.add_argument("--cycle", required=True, help=f"the cycle's id, or {FROM_STDIN}: read it from stdin")
    parser.add_argument("--config")
    parser.add_argument("--alert-existing", action="store_true")
    parser.add_argument("--sector-backfill", action="store_true")
    parser.add_argument("--parent", type=int, help="the cycle's process id: the crawl ends with it")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    _die_with(args.parent)
    told = Told(args.cycle, args.parent)  # before anything heavy: a child sent away ends now
    from config import ConfigError, load
    from service import logs

    logs.configure(verbose=args.verbose)
    _watch(args.parent)
    # Scrapy and the store load here, before the cycle has begun (see CrawlChild).
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings
    from sqlalchemy.exc import SQLAlchemyError
    from twisted.internet import defer

    from storage.store import StoreProblem, shared_store

    try:
        watch = load(args.config)
    except ConfigError as exc:
        # Started with the cycle's process, which reads the same file: when it cannot, it
        # says so and sends this crawl away, and one line is enough.
        cycle = told.cycle()
        logs.set_cycle(cycle)
        logger.error("the crawl cannot read its config: %s", exc)
        return ExitCode.NO_STORE
    verbose = args.verbose or watch.logging.level == "DEBUG"
    logs.configure(verbose=verbose, level=watch.logging.level, as_json=watch.logging.format == "json")
    # The project's settings by name: Scrapy would find them through scrapy.cfg in the
    # working folder, which an installed service does not run in.
    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    _preload(settings)
    # All start-up made lives as long as the crawl: kept out of the collector's full
    # passes, which would otherwise walk it every time (70 ms a pass on a sector sweep).
    gc.freeze()
    cycle = told.cycle()
    logs.set_cycle(cycle)
    # The crawl ends by itself a little after the cycle's timeout, counted as the cycle
    # counts it, from now: however long start-up took on a busy machine, or the wait.
    _end_after(timeout(watch, backfill=args.sector_backfill) + 2 * STOP_GRACE)
    try:  # before the crawl starts: a store that cannot be opened is one clear line, now
        shared_store(watch.database_url)
    except (SQLAlchemyError, OSError, StoreProblem) as exc:
        logger.error("the crawl cannot open the store: %s", str(exc).splitlines()[0] or type(exc).__name__)
        return ExitCode.NO_STORE
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # logs.configure did
    settings.set("WATCH", watch, priority="cmdline")  # parsed once, here
    settings.set("WATCH_CYCLE", cycle, priority="cmdline")
    settings.set("WATCH_ALERT_EXISTING", args.alert_existing, priority="cmdline")
    settings.set("WATCH_SECTOR_BACKFILL", args.sector_backfill, priority="cmdline")
    settings.set("WATCH_WITHOUT_SECTOR", told.without_sector, priority="cmdline")
    if args.config:
        settings.set("WATCH_CONFIG", args.config, priority="cmdline")
    if not verbose:
        settings.set("LOG_VERSIONS", [], priority="cmdline")
    process = CrawlerProcess(settings)
    logs.quiet_libraries(verbose=verbose)  # again: Scrapy's set-up resets its loggers

    @defer.inlineCallbacks
    def in_turn():
        for spider in args.spiders or spiders(watch, backfill=args.sector_backfill):
            yield process.crawl(spider)

    def stop(_):
        # Imported here: importing it earlier would install Twisted's default reactor
        # before start() installs the asyncio one Scrapy needs.
        from twisted.internet import reactor

        reactor.stop()  # type: ignore[misc]  # the module stands for the installed reactor

    in_turn().addBoth(stop)
    process.start(stop_after_crawl=False)
    return ExitCode.OK


class Told:
    """The cycle's id: as given, or (FROM_STDIN) read on a thread of its own from the
    moment the child starts, so that a child sent away (stdin closed with no id) ends at
    once, not after it has imported Scrapy, however long that takes on a busy machine."""

    def __init__(self, given: str, parent: int | None):
        self._id, self._parent, self._known = given, parent, threading.Event()
        self.without_sector = False
        if given == FROM_STDIN:
            threading.Thread(target=self._read, name="told-cycle", daemon=True).start()
        else:
            self._known.set()

    def _read(self) -> None:
        self._id, _, told = sys.stdin.readline().strip().partition(" ")
        self.without_sector = told == WITHOUT_SECTOR
        if not self._id:  # sent away: nothing of the crawl has begun, nothing to end
            ending.end(_without_cycle(self._parent))
        self._known.set()

    def cycle(self) -> str:
        """The cycle's id, once the cycle has begun."""
        self._known.wait()
        return self._id


def _preload(settings) -> None:
    """Import now what the crawl would import as it starts: its download handlers (the
    TLS set-up among them is the slowest), middlewares, pipelines and spiders."""
    from scrapy.spiderloader import get_spider_loader
    from scrapy.utils.misc import load_object

    for scheme in ("http", "https"):
        load_object(settings.getwithbase("DOWNLOAD_HANDLERS")[scheme])
    for components in ("DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "ITEM_PIPELINES", "EXTENSIONS"):
        for path, order in settings.getwithbase(components).items():
            if order is not None:
                load_object(path)
    get_spider_loader(settings)  # imports every spider module


def _die_with(parent: int | None) -> None:
    """Ask the kernel to kill this crawl the moment the cycle's process dies (Linux's
    PR_SET_PDEATHSIG): a kill -9 of the cycle leaves no crawl beside the next one. The
    watcher thread (_watch) stays, for systems without it."""
    if parent is None or not sys.platform.startswith("linux"):
        return
    import ctypes

    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0 and _gone(parent):
        ending.end(ExitCode.ORPHANED)  # the cycle died before the kernel was asked


def _watch(parent: int | None) -> None:
    """End the crawl if the cycle that started it dies (a kill -9 or the OOM killer
    included: nothing else would stop it, and the next cycle would start beside it
    without the lock)."""

    def watch() -> None:
        while True:
            time.sleep(WATCH_INTERVAL)
            if _gone(parent):
                logger.error(GONE)
                ending.end(ExitCode.ORPHANED)

    threading.Thread(target=watch, name="watch-cycle", daemon=True).start()


def _end_after(seconds: float) -> None:
    """End the crawl at its own deadline, whatever it is doing."""

    def end() -> None:
        logger.error("the crawl passed its own deadline; it stops")
        ending.end(ExitCode.DEADLINE)

    timer = threading.Timer(seconds, end)
    timer.daemon = True
    timer.start()


def _gone(parent: int | None) -> bool:
    return parent is not None and os.getppid() != parent


def _without_cycle(parent: int | None) -> int:
    """How a child told of no cycle ends: sent away (0), or left by a cycle that died."""
    if _gone(parent):
        logger.error(GONE)
        return ExitCode.ORPHANED
    return ExitCode.OK


if __name__ == "__main__":
    ending.end(main())

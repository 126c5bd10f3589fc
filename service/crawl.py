"""The crawl child: the process in which a cycle's Scrapy crawl runs.

    python -m service.crawl [SPIDER ...] < CONTEXT

The child is Scrapy's "run from a script" with CrawlerProcess, the spiders in turn (so
that news can link to publications stored moments before); `scrapy crawl SPIDER` does the
same crawl with Scrapy's own log format. Its one input is the cycle's CycleContext
(scraper.context), a line of JSON: on stdin when run as above.

`CrawlChild` is the cycle's side of it. A cycle's child is forked from the crawl server
(service.crawl_server), which has imported Scrapy once for the whole command, as soon
as the command starts: before the cycle has its id, so that it is ready while the cycle
opens the store and takes the lock. It is then told its cycle, the context on its
control socket, or sent away (the socket closed) when no cycle starts; once told, the
socket's end of file means the cycle's process has gone, and the crawl ends with it.
`serve` starts the next cycle's child as a cycle ends. The child reads from its config
which spiders to run (the news spider when news is watched) and its deadline.
This module imports nothing heavy at the top, because each document-reading worker
imports the crawl server's main module again (multiprocessing does).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import logging
import os
import signal
import socket
import sys
import threading
from typing import IO, TYPE_CHECKING

from product import SLACK_TOKENS
from service import crawl_server, ending
from vocabulary import ExitCode

if TYPE_CHECKING:
    from config import Config
    from scraper.context import CycleContext

logger = logging.getLogger(__name__)
GONE = "the cycle that started this crawl has gone; the crawl stops"
# How long a terminated crawl has to stop before it is killed: Scrapy's graceful
# shutdown waits for requests in flight, and shutdown must finish within 10 seconds.
STOP_GRACE = 4.0
# A sector backfill reads ~150 pages and ~2,000 documents politely: hours, not minutes.
# It is resumable, so even this limit loses nothing.
BACKFILL_TIMEOUT = 6 * 3600.0


def crawl_environment() -> dict[str, str]:
    """The crawl's environment: this one, less the Slack tokens, which the crawl never
    needs (it does not reach Slack)."""
    return {k: v for k, v in os.environ.items() if k not in SLACK_TOKENS}


@functools.cache
def server() -> crawl_server.Client:
    """This process's crawl server, started when first asked for a child."""
    return crawl_server.Client(crawl_environment())


class CrawlChild:
    """A crawl child, started at once and told its cycle when the cycle has begun."""

    def __init__(self, *, log_stream: IO[str] | None = None):
        self._control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with theirs:
            # Its log lines go to `log_stream`, else to this process's stdout.
            stdout = log_stream.fileno() if log_stream is not None else 1
            self.process = server().fork(theirs, stdout, 2)

    def begin(self, context: CycleContext) -> None:
        """Tell the child its cycle: it crawls now. The socket stays open while it does."""
        with contextlib.suppress(OSError):  # the child ended already: its exit code says why
            self._control.sendall(context.to_json().encode() + b"\n")

    def dismiss(self) -> None:
        """No cycle starts (another holds the lock, say): the child ends without crawling."""
        self._control.close()
        if self.wait(STOP_GRACE) is None:
            self.stop()

    def poll(self) -> int | None:
        """The child's exit code, or None while it runs."""
        return self._ended(self.process.poll())

    def wait(self, timeout: float | None) -> int | None:
        """The child's exit code; None when it still runs after `timeout` seconds."""
        return self._ended(self.process.wait(timeout))

    def _ended(self, code: int | None) -> int | None:
        if code is not None:
            self._control.close()
        return code

    def stop(self) -> None:
        """Terminate the crawl, and kill it if it has not ended after STOP_GRACE seconds."""
        if self.poll() is not None:
            return
        try:
            pid = self.process.pid
        except crawl_server.ChildLost:  # the server ended before starting it: nothing runs
            return
        _signal(pid, signal.SIGTERM)
        if self.wait(STOP_GRACE) is None:
            logger.warning("the crawl did not stop within %.0f s; killing it", STOP_GRACE)
            _signal(pid, signal.SIGKILL)
            self.wait(None)


def _signal(pid: int, signum: int) -> None:
    """Signal the child's process group, and so any process it started (the server made
    the group as it forked it); nothing when it has ended."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signum)


def timeout(config: Config, *, backfill: bool = False) -> float:
    """Seconds a crawl may take before it is stopped."""
    return max(config.crawl.cycle_timeout, BACKFILL_TIMEOUT) if backfill else config.crawl.cycle_timeout


def spiders(config: Config, *, backfill: bool = False) -> list[str]:
    """The spiders a cycle's crawl runs, in turn: news links to publications, so it is last."""
    return ["ofsted"] + (["news"] if config.news and not backfill else [])


def main(argv: list[str] | None = None) -> int:
    """A crawl run by hand or by a test: the context on stdin, then the crawl, here."""
    from scraper.context import CycleContext

    parser = argparse.ArgumentParser(prog="python -m service.crawl")
    parser.add_argument("spiders", nargs="*", help="default: those the config calls for")
    args = parser.parse_args(argv)
    preload()
    return crawl(CycleContext.from_json(sys.stdin.readline()), args.spiders)


def forked(control: socket.socket) -> int:
    """A crawl child forked by the crawl server: its cycle comes on `control`."""
    told = Told(control)
    return crawl(told.context())


def preload() -> None:
    """Import what the crawl needs, before its cycle has begun: Scrapy and the store, and
    what Scrapy would import as the crawl starts (see _preload)."""
    import scrapy.crawler  # noqa: F401
    import sqlalchemy.exc  # noqa: F401

    import config  # noqa: F401
    import storage.store  # noqa: F401
    from service import logs  # noqa: F401

    _preload(project_settings())


def project_settings():
    """The project's settings by name: Scrapy would find them through scrapy.cfg in the
    working folder, which an installed service does not run in."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    return settings


def crawl(context: CycleContext, names: list[str] | None = None) -> int:
    """The cycle's crawl, to its end: the spiders `names`, else those its config calls for."""
    from scrapy.crawler import CrawlerProcess
    from sqlalchemy.exc import SQLAlchemyError
    from twisted.internet import defer

    from config import Config, ConfigError, load
    from service import logs
    from storage.store import StoreProblem, shared_store

    logs.configure(context.cycle, verbose=context.verbose)
    os.chdir(context.folder)
    try:
        watch = (load(context.config) if context.config else Config()).on_store(context.store)
    except ConfigError as exc:
        logger.error("the crawl cannot read its config: %s", exc)
        return ExitCode.NO_STORE
    verbose = context.verbose or watch.logging.level == "DEBUG"
    logs.configure(
        context.cycle, verbose=verbose, level=watch.logging.level, as_json=watch.logging.format == "json"
    )
    # The crawl ends by itself a little after the cycle's timeout, counted as the cycle
    # counts it, from now.
    _end_after(timeout(watch, backfill=context.backfill) + 2 * STOP_GRACE)
    try:  # before the crawl starts: a store that cannot be opened is one clear line, now
        shared_store(watch.database_url)
    except (SQLAlchemyError, OSError, StoreProblem) as exc:
        said = (str(exc).splitlines() or [""])[0]
        logger.error("the crawl cannot open the store: %s", said or type(exc).__name__)
        return ExitCode.NO_STORE
    settings = project_settings()
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # logs.configure did
    settings.set("WATCH", watch, priority="cmdline")  # parsed once, here
    settings.set("WATCH_CONTEXT", context, priority="cmdline")
    if not verbose:
        settings.set("LOG_VERSIONS", [], priority="cmdline")
    process = CrawlerProcess(settings)
    logs.quiet_libraries(verbose=verbose)  # again: Scrapy's set-up resets its loggers

    @defer.inlineCallbacks
    def in_turn():
        for spider in names or spiders(watch, backfill=context.backfill):
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
    """The cycle's context, read on a thread of its own from the moment the child starts:
    a child sent away (the socket closed with nothing said) ends at once. Once told, the
    thread watches the socket: its end of file means the cycle's process has gone (a
    kill -9 or the OOM killer included: nothing else would stop this crawl, and the next
    cycle would start beside it without the lock)."""

    def __init__(self, control: socket.socket):
        self._control = control
        self._context: CycleContext | None = None
        self._known = threading.Event()
        threading.Thread(target=self._read, name="told-cycle", daemon=True).start()

    def _read(self) -> None:
        from scraper.context import CycleContext

        with self._control.makefile("rb") as lines:
            line = lines.readline()
            if not line:  # sent away: nothing of the crawl has begun, nothing to end
                ending.end(ExitCode.OK)
            try:
                self._context = CycleContext.from_json(line.decode())
            except (ValueError, TypeError) as exc:  # else the crawl would wait for it forever
                logger.error("the crawl was told no cycle it can read: %s", exc)
                ending.end(ExitCode.FAILED)
            self._known.set()
            lines.read()  # nothing more is said: this returns when the cycle's process ends
        logger.error(GONE)
        ending.end(ExitCode.ORPHANED)

    def context(self) -> CycleContext:
        """The cycle's context, once the cycle has begun."""
        self._known.wait()
        assert self._context is not None
        return self._context


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


def _end_after(seconds: float) -> None:
    """End the crawl at its own deadline, whatever it is doing."""

    def end() -> None:
        logger.error("the crawl passed its own deadline; it stops")
        ending.end(ExitCode.DEADLINE)

    timer = threading.Timer(seconds, end)
    timer.daemon = True
    timer.start()


if __name__ == "__main__":
    ending.end(main())

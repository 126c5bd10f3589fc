"""`serve`: the long-lived service. APScheduler runs cycles on the configured cron.

Cycles that could not start on time still run within the misfire grace (hours, not
APScheduler's default second); missed runs are coalesced into one, and never two at
once. At start, a catch-up cycle runs at once when the last good one is overdue.
SIGTERM and SIGINT stop the service within seconds: the crawl is terminated, the cycle
is recorded as interrupted, and queued alerts wait for the restart.
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import UTC, datetime

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, JobSubmissionEvent
from apscheduler.schedulers.blocking import BlockingScheduler

from config import Config
from errors import Problem
from service import crawl
from service import slash as slash_commands
from service.crawl import CrawlChild
from service.cycle import CycleBusy, Runner
from service.endpoint import HealthServer
from storage import Store
from storage.cycles import Cycles
from storage.outbox import Outbox
from storage.store import shown_url, utcnow
from vocabulary import counted
from wording import waiting

logger = logging.getLogger(__name__)
# How long shutdown waits for the cycle under way to record itself, within systemd's
# and Docker's usual 10 seconds.
SHUTDOWN_WAIT = 8.0
STILL_RUNNING = "a cycle is still running: this turn is skipped"


class _OwnWords(logging.Filter):
    """APScheduler's line for a turn skipped while the last cycle runs on, which the
    service says once in its own words (STILL_RUNNING) instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances reached" not in str(record.msg)


class Service:
    def __init__(
        self, config: Config, config_path: str | None, *, console: bool = False, verbose: bool = False
    ):
        self.config = config
        self.runner = Runner(config, config_path, console=console, verbose=verbose)
        self.idle = threading.Event()
        self.idle.set()
        self._started: datetime | None = None  # when the cycle under way began, UTC
        # The next cycle's crawl child, started as the last cycle ended: it has read the
        # config and imported Scrapy by its turn, so a quiet cycle takes half a second
        # from its fire time, not a second and more of starting Python first.
        self._ready: CrawlChild | None = None
        self.scheduler = BlockingScheduler(
            timezone=config.schedule.timezone,
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": config.schedule.misfire_grace,
            },
        )
        logging.getLogger("apscheduler.scheduler").addFilter(_OwnWords())
        self.scheduler.add_listener(self._skipped, EVENT_JOB_MAX_INSTANCES)

    def run(self) -> int:
        schedule = self.config.schedule
        catch_up = self._overdue()
        self.scheduler.add_job(
            self._cycle,
            schedule.trigger(),
            id="cycle",
            name="cycle",
            **({"next_run_time": datetime.now(UTC)} if catch_up else {}),
        )
        # From this thread, which lives as long as the service: the crawl server dies with
        # the thread that started it, and the scheduler's threads are its own.
        crawl.server().start()
        health = HealthServer(self.config).start() if self.config.health.port else None
        slash = slash_commands.start(self.config)  # its own thread: no cycle waits for it
        if health:
            health.slash = slash
        signal.signal(signal.SIGTERM, self._shutdown)
        signal.signal(signal.SIGINT, self._shutdown)
        job = self.scheduler.get_job("cycle")
        next_run = getattr(job, "next_run_time", None) or schedule.trigger().get_next_fire_time(
            None, datetime.now(UTC)
        )
        logger.info(
            "serving: cron %s in %s, next cycle %s; store %s; %s; alerts to %s%s",
            " or ".join(repr(cron) for cron in schedule.crons),
            schedule.timezone,
            "now (catching up)" if catch_up else f"at {next_run:%Y-%m-%d %H:%M %Z}",
            shown_url(self.config.database_url),
            counted(len(self.config.sources), "source", "sources"),
            self.runner.destination(),
            self._owed(),
        )
        try:
            self.scheduler.start()  # returns once shut down
        finally:
            if slash:  # closed while the cycle under way records itself
                slash.stop()
            if not self.idle.wait(SHUTDOWN_WAIT):
                logger.error("the cycle under way did not finish recording in time")
            self._dismiss_ready()
            if health:
                health.stop()
        logger.info("stopped")
        return 0

    def _owed(self) -> str:
        """What waits in the outbox as the service starts (after an outage, say)."""
        store = Store(self.config.database_url)
        try:
            counts = Outbox(store).counts()
        finally:
            store.close()
        return f", {waiting(counts)}" if counts["queued"] or counts["held"] else ""

    def _overdue(self) -> bool:
        store = Store(self.config.database_url)
        try:
            last = Cycles(store).last_success()
        finally:
            store.close()
        if last is None:
            logger.info("no successful cycle yet")
            return True
        overdue = utcnow() - (last.finished_at or last.started_at) > self.config.schedule.expected_window()
        if overdue:
            logger.info("the last successful cycle, at %s UTC, is overdue", last.finished_at)
        return overdue

    def _cycle(self) -> None:
        self.idle.clear()
        self._started = utcnow()
        child, self._ready = self._ready, None
        if child is not None and child.poll() is not None:  # it ended while it waited
            child = None
        try:
            self.runner.run(child=child)  # each problem is logged where it happens
        except CycleBusy as exc:
            logger.warning("skipping this turn: %s", exc)
        except Problem as exc:  # the crawl could not be started, say
            logger.error("%s", exc)
        except Exception:
            logger.exception("the cycle failed unexpectedly")
        finally:
            self._started = None
            try:
                if not self.runner.stopping.is_set():
                    self._ready = self.runner.crawl_child()
            except Problem as exc:  # tried again as the next cycle begins
                logger.error("%s", exc)
            finally:
                self.idle.set()

    def _dismiss_ready(self) -> None:
        """Send the waiting crawl child away: no cycle comes for it."""
        ready, self._ready = self._ready, None
        if ready is not None:
            ready.dismiss()

    def _skipped(self, event: JobSubmissionEvent) -> None:
        running = f" (the cycle under way started at {self._started:%H:%M:%S} UTC)" if self._started else ""
        logger.warning("%s%s", STILL_RUNNING, running)

    def _shutdown(self, signum, frame) -> None:
        logger.info("%s received: stopping", signal.Signals(signum).name)
        self.runner.stop()
        self.scheduler.shutdown(wait=False)

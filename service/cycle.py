"""One cycle of the job: crawl every source in a child process, check source health,
then deliver queued alerts, and record how it went.

The crawl runs in a child process because Twisted's reactor cannot be restarted, so a
long-lived service could otherwise crawl only once; a child also has a hard timeout
and can be stopped at shutdown.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from config import Config
from errors import Failure, Problem, UsageProblem
from scraper.context import CycleContext
from service import crawl, health, logs
from service.crawl import CrawlChild
from storage import Store
from storage.cycles import Cycles
from storage.lock import LockName
from storage.models import Publication
from storage.outbox import Outbox
from storage.sources import Sources
from vocabulary import BACKFILL_CYCLE, SECTOR_SOURCE, CycleStatus, FailureKind, PublicationType, counted

if TYPE_CHECKING:
    from alerts.reporter import Reporter

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hold:
    """The cycle lock as this process holds it: asked before each post, and the fencing
    token its delivery claims carry (see Outbox.claim)."""

    held: Callable[[], bool]
    fence: int


# How long a sector backfill tries for its lock: a home cycle looks at it for a moment.
BACKFILL_PATIENCE = 5.0


class CycleBusy(Problem):
    """Another process is running a cycle on the same store."""


@dataclass
class CycleResult:
    id: str
    status: str = CycleStatus.RUNNING
    # What stopped the home watch: a home authority's page, delivery, the cycle itself.
    failures: list[Failure] = field(default_factory=list)
    # News and sector sources that failed: the cycle is degraded, not failed.
    lesser: list[Failure] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == CycleStatus.OK

    @property
    def problems(self) -> list[Failure]:
        return self.failures + self.lesser

    def settle(self) -> None:
        """The outcome of a cycle that ran its course: failed when the home watch did not
        work, degraded when only news or sector sources failed."""
        if self.status == CycleStatus.RUNNING:
            self.status = (
                CycleStatus.FAILED
                if self.failures
                else CycleStatus.DEGRADED
                if self.lesser
                else CycleStatus.OK
            )


def summary(result: CycleResult) -> str:
    """The cycle's outcome in one line: its status, how many problems (each was logged
    where it happened) and its counts."""
    counts = ", ".join(f"{name} {value}" for name, value in result.counts.items())
    problems = len(result.problems)
    told = f", {counted(problems, 'problem', 'problems')} (said above)" if problems else ""
    return f"{result.status}{told}; {counts or 'nothing counted'}"


class NoToken(UsageProblem):
    """Slack delivery was asked for without a token: nothing would ever be delivered."""


def reporter(config: Config, *, console: bool) -> Reporter:
    """The console when asked for (`--console`, or `[slack] enabled = false`); otherwise
    Slack, which needs SLACK_BOT_TOKEN: alerts are never printed instead of posted
    without anyone having chosen it."""
    from alerts.console import ConsoleReporter
    from alerts.slack import SlackReporter

    if console or not config.slack.enabled:
        return ConsoleReporter()
    token = os.environ.get("SLACK_BOT_TOKEN")
    if not token:
        raise NoToken(
            "SLACK_BOT_TOKEN is not set, so no alert could be posted. Set it (see docs/alerts.md), "
            "or print alerts to the console with --console or [slack] enabled = false"
        )
    return SlackReporter(token, config.slack.api_url, timeout=config.slack.timeout)


class Runner:
    """Runs cycles, one at a time, and can stop the one under way (for shutdown)."""

    def __init__(
        self,
        config: Config,
        config_path: str | None,
        *,
        console: bool = False,
        verbose: bool = False,
        log_stream=None,
    ):
        self.config = config
        self.verbose = verbose
        # Chosen once, before any cycle: a missing token stops the command here.
        self.reporter = reporter(config, console=console)
        self.config_path = config_path
        self.log_stream = log_stream  # where the crawl child's log lines go (its stdout)
        self.stopping = threading.Event()
        self._child: CrawlChild | None = None
        self.crawl_timeout = config.crawl.cycle_timeout

    def destination(self) -> str:
        """Where alerts go, for people reading the logs."""
        from alerts.console import ConsoleReporter

        slack = self.config.slack
        if isinstance(self.reporter, ConsoleReporter):
            return "the console"
        routes = ", ".join(f"{kind} to {channel}" for kind, channel in slack.routes.items())
        return f"Slack {slack.channel}" + (f" ({routes})" if routes else "")

    def active_sources(self, context: CycleContext) -> dict[str, str]:
        """The sources a cycle reads, key to name: the configured ones ops have not
        paused. A sector backfill reads the sector alone; a home cycle leaves the sector
        to a backfill under way."""
        return {
            key: name
            for key, name in self.config.sources.items()
            if key not in context.paused
            and (context.sector if key == SECTOR_SOURCE else not context.backfill)
        }

    def stop(self) -> None:
        """Ask the cycle under way to end now: the crawl is terminated, delivery stops."""
        self.stopping.set()
        threading.Thread(target=self.stop_child, daemon=True, name="stop-crawl").start()

    def run(
        self,
        *,
        alert_existing: bool = False,
        dry_run: bool = False,
        backfill: bool = False,
        child: CrawlChild | None = None,
    ) -> CycleResult:
        """One cycle. `child`: its crawl child, started earlier (see service.crawl).
        `backfill`: every listed authority's page never read is read too."""
        self.crawl_timeout = crawl.timeout(self.config, backfill=backfill)
        child = self._child = child or self.crawl_child()
        if self.stopping.is_set():
            self.stop()
        try:
            with self._cycle_lock(LockName.BACKFILL if backfill else LockName.CYCLE) as (store, hold):
                context = self.context(
                    store, alert_existing=alert_existing, dry_run=dry_run, backfill=backfill
                )
                result = self._run(store, hold, child, context)
                if not backfill:
                    self._prune(store)
                return result
        finally:
            child.dismiss()  # ends it unless its cycle began
            self._child = None

    def crawl_child(self) -> CrawlChild:
        """A crawl child, started now: it waits to be told its cycle (or sent away)."""
        return CrawlChild(log_stream=self.log_stream)

    def context(self, store: Store, *, alert_existing: bool, dry_run: bool, backfill: bool) -> CycleContext:
        """A new cycle's inputs, decided once, with its lock held: what its crawl is told,
        and what health and delivery go by."""
        return CycleContext.begun(
            self.config_path,
            self.config.database_url,
            Sources(store).paused(),
            prefix=BACKFILL_CYCLE if backfill else "",
            alert_existing=alert_existing,
            dry_run=dry_run,
            backfill=backfill,
            sector=backfill or not self._backfill_under_way(store),
            verbose=self.verbose,
        )

    def deliver(self) -> CycleResult:
        """Deliver what is queued now, outside a cycle (after `resend` or `backfill`),
        under the same lock, so that a cycle and this never post one alert twice."""
        with self._cycle_lock(LockName.CYCLE) as (store, hold):
            result = CycleResult(id=f"ops-{uuid.uuid4().hex[:8]}")
            self._deliver(store, result, hold, dry_run=False)
            result.settle()
            return result

    @contextlib.contextmanager
    def _cycle_lock(self, name: LockName) -> Iterator[tuple[Store, Hold]]:
        """The store, with the cycle's lock held (a backfill's is its own) and, for a
        cycle that delivers, its fencing token taken; CycleBusy when another process
        holds the lock."""
        store = Store(self.config.database_url)
        try:
            lock = store.lock(name)
            backfill = name is LockName.BACKFILL
            # A home cycle's brief look at the backfill's lock must not turn a backfill away.
            if not lock.acquire(wait=False, patience=BACKFILL_PATIENCE if backfill else 0.0):
                running = Cycles(store).running(backfill=backfill)
                since = f"{running.started_at:%Y-%m-%d %H:%M:%S} UTC" if running else "just now"
                raise CycleBusy(
                    f"a {'sector backfill' if backfill else 'cycle'} is already running (since {since})"
                )
            try:
                yield store, Hold(lock.held, 0 if backfill else Outbox(store).next_fence())
            finally:
                lock.release()
        finally:
            store.close()

    def _backfill_under_way(self, store: Store) -> bool:
        """Whether a sector backfill holds its lock now: the sector is its own until it ends."""
        if not self.config.ofsted.sector:
            return False
        lock = store.lock(LockName.BACKFILL)
        if not lock.acquire(wait=False):
            return True
        lock.release()
        return False

    def _run(self, store: Store, hold: Hold, child: CrawlChild, context: CycleContext) -> CycleResult:
        result = CycleResult(id=context.cycle)
        logs.set_cycle(result.id)
        Cycles(store).start(result.id, backfill_gone=not context.backfill and context.sector)
        logger.info(
            "cycle started" + ("" if context.sector else "; the sector is left to the backfill under way")
        )
        try:
            self._crawl(store, result, child, context)
            # A timed-out crawl still stored what it read: check health and deliver.
            if result.status != CycleStatus.INTERRUPTED:
                health.check(
                    store, result.id, set(self.active_sources(context)), self.config.health.failures_to_alert
                )
                # What a backfill queues (moved pages' news) is delivered by the home cycles.
                if not context.backfill:
                    self._deliver(store, result, hold, dry_run=context.dry_run)
            result.settle()
        except BaseException as exc:  # recorded as failed, never left "running", then raised
            result.status = CycleStatus.FAILED
            result.failures.append(
                Failure(FailureKind.CYCLE, f"the cycle stopped: {type(exc).__name__}: {exc}")
            )
            raise
        finally:
            result.failures = [replace(f, detail=logs.redact(f.detail)) for f in result.failures]
            result.lesser = [replace(f, detail=logs.redact(f.detail)) for f in result.lesser]
            Cycles(store).finish(
                result.id, status=result.status, counts=result.counts, errors=result.problems
            )
            logger.info("cycle finished: %s", summary(result))
            logs.set_cycle(None)
        return result

    def _prune(self, store: Store) -> None:
        """Delete the history older than the config keeps. A failure costs nothing but
        room (the next cycle tries again), so it is said, not raised."""
        days = self.config.storage.keep_history_days
        try:
            pruned = Cycles(store).prune(days)
        except SQLAlchemyError as exc:
            logger.error("old cycles could not be pruned: %s", str(exc).splitlines()[0])
            return
        if pruned:
            logger.info("pruned %s older than %d days", counted(pruned, "cycle", "cycles"), days)

    def _crawl(self, store: Store, result: CycleResult, child: CrawlChild, context: CycleContext) -> None:
        code, why = self._wait(child, context)
        if self.stopping.is_set():
            result.status = CycleStatus.INTERRUPTED
            result.failures.append(
                Failure(FailureKind.CYCLE, "the cycle was interrupted by shutdown; it will run again")
            )
            return
        if why == "timeout":
            result.status = CycleStatus.TIMED_OUT
        reads = {r.source: r for r in Sources(store).reads(result.id)}
        home = {authority.source for authority in self.config.ofsted.authorities}
        for key, name in self.active_sources(context).items():
            read = reads.get(key)
            if read is None:  # the crawl ended before this source's read was recorded
                failure: Failure | None = Failure(
                    FailureKind.CRAWL,
                    f"the crawl timed out after {self.crawl_timeout:.0f} s"
                    if why == "timeout"
                    else "the crawl could not start: the crawl server ended first (the log says why)"
                    if why == "never started"
                    else f"the crawl ended (exit code {code}) without a result for this source",
                )
                Sources(store).record_read(result.id, key, name, ok=False, failure=failure)
                # The crawl could not say it: said here, as the crawl says the others.
                logger.error("source %s (%s) failed: %s", key, name, failure, extra={"source": key})
            else:
                failure = read.failure
            if failure is not None:
                (result.failures if key in home else result.lesser).append(
                    failure.about(f"source {key} ({name}) failed")
                )
        # Pages the sector listing sent the crawl to are no configured source, but a
        # failure there is one all the same (the page is read again next cycle).
        configured = set(self.config.sources)
        result.lesser += [
            failed.about(f"source {key} failed")
            for key, read in reads.items()
            if key not in configured and (failed := read.failure) is not None
        ]  # The failed reads recorded above add nothing to these counts.
        result.counts = {
            "seen": sum(r.seen for r in reads.values()),
            "new": sum(r.new for r in reads.values()),
            "changed": sum(r.changed for r in reads.values()),
            "read": sum(r.read for r in reads.values()),
        }

    def _comparison(self, store: Store) -> Callable[[Publication], str | None]:
        """How a home authority's full inspection compares with its region, and beside a
        peer's alert how the home authorities stand, when the sector is watched; otherwise
        nothing is said."""
        import authorities
        from alerts.message import comparison, standing
        from storage.sector import Sector

        ofsted = self.config.ofsted
        if not ofsted.sector:
            return lambda publication: None
        sector, regions = Sector(store), authorities.regions(ofsted.regions_file)

        def compare(publication: Publication) -> str | None:
            if publication.urn not in ofsted.home_urns:  # a peer's
                latest = sector.latest_inspections(ofsted.home_urns)
                return "; ".join(line for p in latest.values() if (line := standing(p))) or None
            if publication.type != PublicationType.ILACS:
                return None
            picture = sector.picture(publication.urn, regions)
            return comparison(picture, publication) if picture else None

        return compare

    def _wait(self, child: CrawlChild, context: CycleContext) -> tuple[int | None, str | None]:
        """Run the crawl child to its end, its timeout, or shutdown."""
        child.begin(context)
        # Delivery's code (slack_sdk and the alert builders) loads while the crawl runs on
        # the other core, not after it.
        importlib.import_module("alerts.delivery")
        try:
            code = child.wait(self.crawl_timeout)
            if code is not None:
                return code, "never started" if child.process.never_started else None
            logger.error("the crawl took longer than %.0f s; stopping it", self.crawl_timeout)
            child.stop()
            return child.poll(), "timeout"
        finally:
            if self.stopping.is_set():
                child.stop()

    def stop_child(self) -> None:
        if self._child is not None:
            self._child.stop()

    def _deliver(self, store: Store, result: CycleResult, hold: Hold, *, dry_run: bool) -> None:
        from alerts.delivery import Delivery

        delivery = Delivery(
            Outbox(store),
            self.reporter,
            self.config.slack,
            self.config.link_origins,
            dry_run=dry_run,
            stopping=self.stopping,
            cycle_id=result.id,
            holds_lock=hold.held,
            fence=hold.fence,
            compare=self._comparison(store),
            home=frozenset(self.config.ofsted.home_urns),
        )
        try:
            report = delivery.run()
        finally:
            # What this cycle claimed and did not deliver is free for the next one at once
            # (a cycle killed before this line is taken over by the next one's fence).
            Outbox(store).release(result.id)
        if report.stopped:
            result.failures.append(Failure(FailureKind.DELIVERY, report.stopped))
        result.failures += [
            Failure(FailureKind.DELIVERY, f"{error}; they stay queued") for error in report.errors
        ]
        result.counts.update(alerted=report.delivered, queued=report.queued)
        if report.held:  # named apart: it waits for the sector digest by design
            result.counts.update(held=report.held)
        if self.stopping.is_set():
            result.status = CycleStatus.INTERRUPTED

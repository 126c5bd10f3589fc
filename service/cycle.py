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
import signal
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from config import Config
from service import health, logs
from storage import Store
from storage.lock import LockName, StoreLock
from vocabulary import CycleStatus

if TYPE_CHECKING:
    from alerts.reporter import Reporter

logger = logging.getLogger(__name__)
# How long a terminated crawl has to stop before it is killed: Scrapy's graceful
# shutdown waits for requests in flight, and shutdown must finish within 10 seconds.
STOP_GRACE = 4.0


class CycleBusy(Exception):
    """Another process is running a cycle on the same store."""


@dataclass
class CycleResult:
    id: str
    status: str = CycleStatus.RUNNING
    failures: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == CycleStatus.OK


class NoToken(Exception):
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
            "SLACK_BOT_TOKEN is not set, so no alert could be posted. Set it (see the README), "
            "or print alerts to the console with --console or [slack] enabled = false"
        )
    return SlackReporter(token, config.slack.api_url, timeout=config.slack.timeout)


def crawl_environment() -> dict[str, str]:
    """The crawl child's environment: this one, less the Slack token, which the crawl never
    needs (it does not reach Slack)."""
    env = {k: v for k, v in os.environ.items() if k != "SLACK_BOT_TOKEN"}
    env["SCRAPY_SETTINGS_MODULE"] = "scraper.settings"
    return env


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
        self._child: subprocess.Popen | None = None

    def stop(self) -> None:
        """Ask the cycle under way to end now: the crawl is terminated, delivery stops."""
        self.stopping.set()
        threading.Thread(target=self.stop_child, daemon=True, name="stop-crawl").start()

    def run(self, *, alert_existing: bool = False, dry_run: bool = False) -> CycleResult:
        store = Store(self.config.database_url)
        lock = store.lock(LockName.CYCLE)
        try:
            if not lock.acquire(wait=False):
                running = store.running_cycle()
                since = f"{running.started_at:%Y-%m-%d %H:%M:%S} UTC" if running else "just now"
                raise CycleBusy(f"a cycle is already running (since {since})")
            try:
                return self._run(store, lock, alert_existing=alert_existing, dry_run=dry_run)
            finally:
                lock.release()
        finally:
            store.close()

    def _run(self, store: Store, lock: StoreLock, *, alert_existing: bool, dry_run: bool) -> CycleResult:
        result = CycleResult(id=uuid.uuid4().hex[:12])
        logs.set_cycle(result.id)
        store.start_cycle(result.id)
        logger.info("cycle started")
        try:
            self._crawl(store, result, alert_existing=alert_existing)
            # A timed-out crawl still stored what it read: check health and deliver.
            if result.status != CycleStatus.INTERRUPTED:
                health.check(store, result.id, set(self.config.sources), self.config.health.failures_to_alert)
                self._deliver(store, result, lock, dry_run=dry_run)
            if result.status == CycleStatus.RUNNING:
                result.status = CycleStatus.FAILED if result.failures else CycleStatus.OK
        finally:
            result.failures = [logs.redact(f) for f in result.failures]
            store.finish_cycle(result.id, status=result.status, counts=result.counts, errors=result.failures)
            logger.info("cycle finished: %s %s", result.status, result.counts)
            logs.set_cycle(None)
        return result

    def _crawl(self, store: Store, result: CycleResult, *, alert_existing: bool) -> None:
        spiders = ["ofsted"] + (["news"] if self.config.news else [])
        code, why = self._spawn(spiders, result.id, alert_existing=alert_existing)
        if self.stopping.is_set():
            result.status = CycleStatus.INTERRUPTED
            result.failures.append("the cycle was interrupted by shutdown; it will run again")
            return
        if why == "timeout":
            result.status = CycleStatus.TIMED_OUT
        reads = {r.source: r for r in store.source_reads(result.id)}
        for key, name in self.config.sources.items():
            read = reads.get(key)
            if read is None:  # the crawl ended before this source's read was recorded
                error = (
                    f"the crawl timed out after {self.config.crawl.cycle_timeout:.0f} s"
                    if why == "timeout"
                    else f"the crawl ended (exit code {code}) without a result for this source"
                )
                store.record_source_read(result.id, key, name, ok=False, error=error)
            elif read.ok:
                continue
            else:
                error = read.error or "no reason recorded"
            result.failures.append(f"source {key} ({name}) failed: {error}")
        # The failed reads recorded above add nothing to these counts.
        result.counts = {
            "seen": sum(r.seen for r in reads.values()),
            "new": sum(r.new for r in reads.values()),
            "read": sum(r.read for r in reads.values()),
        }

    def _spawn(self, spiders: list[str], cycle_id: str, *, alert_existing: bool) -> tuple[int, str | None]:
        """Run the crawl child to its end, its timeout, or shutdown."""
        env = crawl_environment()
        # The crawl ends by itself if this process dies, and a little after the timeout.
        deadline = self.config.crawl.cycle_timeout + 2 * STOP_GRACE
        args = [
            sys.executable,
            "-m",
            "service.crawl",
            *spiders,
            "--cycle",
            cycle_id,
            "--parent",
            str(os.getpid()),
            "--deadline",
            str(deadline),
        ]
        if self.config_path:
            args += ["--config", str(Path(self.config_path).resolve())]
        if alert_existing:
            args.append("--alert-existing")
        if self.verbose:
            args.append("--verbose")
        # A session of its own, so that stopping it reaches any process it starts.
        self._child = subprocess.Popen(
            args, env=env, stdin=subprocess.DEVNULL, stdout=self.log_stream, start_new_session=True
        )
        if self.stopping.is_set():
            self.stop()
        # Delivery's code (slack_sdk and the alert builders) loads while the crawl runs on
        # the other core, not after it.
        importlib.import_module("alerts.delivery")
        try:
            return self._child.wait(timeout=self.config.crawl.cycle_timeout), None
        except subprocess.TimeoutExpired:
            logger.error("the crawl took longer than %.0f s; stopping it", self.config.crawl.cycle_timeout)
            self.stop_child()
            return self._child.returncode, "timeout"
        finally:
            if self.stopping.is_set():
                self.stop_child()
            self._child = None

    def stop_child(self) -> None:
        """Terminate the crawl, and kill it if it has not ended after STOP_GRACE seconds."""
        child = self._child
        if child is None or child.poll() is not None:
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

    def _deliver(self, store: Store, result: CycleResult, lock: StoreLock, *, dry_run: bool) -> None:
        from alerts.delivery import Delivery
        from storage.outbox import Outbox

        delivery = Delivery(
            Outbox(store),
            self.reporter,
            self.config.slack,
            self.config.link_hosts,
            dry_run=dry_run,
            stopping=self.stopping,
            cycle_id=result.id,
            holds_lock=lock.held,
            lease=timedelta(seconds=self.config.crawl.cycle_timeout),
        )
        report = delivery.run()
        if report.stopped:
            result.failures.append(f"alerts: {report.stopped}")
        result.failures += [f"alerts: {error}; they stay queued" for error in report.errors]
        result.counts.update(alerted=report.delivered, queued=report.queued)
        if self.stopping.is_set():
            result.status = CycleStatus.INTERRUPTED

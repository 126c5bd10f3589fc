"""One cycle of the job: crawl every source in a child process, then deliver queued alerts.

The crawl runs in a child process because Twisted's reactor cannot be restarted, so a
long-lived service could otherwise crawl only once.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from alerts.console import ConsoleReporter
from alerts.delivery import Delivery
from alerts.slack import SlackReporter
from config import Config
from storage import Store
from storage.outbox import Outbox

logger = logging.getLogger(__name__)
PROJECT = Path(__file__).resolve().parent


@dataclass
class CycleResult:
    id: str
    failures: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures


def crawl(spider: str, config_path: str | None, cycle_id: str, *, alert_existing: bool) -> int:
    """Run `scrapy crawl <spider>` as a child process; returns its exit code."""
    env = dict(os.environ)
    env["SCRAPY_SETTINGS_MODULE"] = "scraper.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), env.get("PYTHONPATH")]))
    args = [sys.executable, "-m", "scrapy", "crawl", spider, "-s", f"WATCH_CYCLE={cycle_id}"]
    if config_path:
        args += ["-s", f"WATCH_CONFIG={Path(config_path).resolve()}"]
    if alert_existing:
        args += ["-s", "WATCH_ALERT_EXISTING=1"]
    return subprocess.run(args, env=env, stdin=subprocess.DEVNULL).returncode


def reporter(config: Config):
    """Slack when a bot token is set; otherwise the console."""
    token = os.environ.get("SLACK_BOT_TOKEN")
    if token:
        return SlackReporter(token, config.slack.api_url, timeout=config.slack.timeout)
    return ConsoleReporter()


def deliver(config: Config, store: Store, *, dry_run: bool = False):
    delivery = Delivery(Outbox(store), reporter(config), config.slack,
                        config.ofsted.trusted_hosts, dry_run=dry_run)
    return delivery.run()


def run(config: Config, config_path: str | None, *, alert_existing: bool = False,
        dry_run: bool = False) -> CycleResult:
    store = Store(config.database_url)
    result = CycleResult(id=uuid.uuid4().hex[:12])
    try:
        store.start_cycle(result.id)
        logger.info("cycle %s started", result.id)
        code = crawl("ofsted", config_path, result.id, alert_existing=alert_existing)
        reads = {r.source: r for r in store.source_reads(result.id)}
        for authority in config.ofsted.authorities:
            read = reads.get(authority.source)
            if read is None:
                why = f"the crawl recorded no result (crawl exit code {code})"
            elif not read.ok:
                why = read.error
            else:
                continue
            result.failures.append(f"source {authority.source} ({authority.name}) failed: {why}")
        delivered = deliver(config, store, dry_run=dry_run)
        if delivered.stopped:
            result.failures.append(f"alerts: {delivered.stopped}")
        result.failures += [f"alerts: {error}; they stay queued" for error in delivered.errors]
        result.counts = {
            "seen": sum(r.seen for r in reads.values()),
            "new": sum(r.new for r in reads.values()),
            "alerted": delivered.delivered,
            "queued": delivered.queued,
        }
        store.finish_cycle(result.id, ok=result.ok, counts=result.counts, errors=result.failures)
        logger.info("cycle %s finished: %s", result.id, result.counts)
        return result
    finally:
        store.close()

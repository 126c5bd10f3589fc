"""The service's health endpoint: /healthz for probes, /metrics for Prometheus.

Both read the store, so what they say survives restarts and covers cycles run by
`once` too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from config import Config
from errors import Problem
from storage import Store
from storage.cycles import Cycles
from storage.metrics import Metrics
from storage.outbox import Outbox
from storage.sources import Sources
from storage.store import utcnow
from vocabulary import FailureKind

if TYPE_CHECKING:
    from service.slash import SlashCommands

logger = logging.getLogger(__name__)


def health(store: Store, config: Config, slash: SlashCommands | None = None) -> tuple[bool, str]:
    """Whether the service is doing its job, and the reason in words.

    Unhealthy: no cycle finished within the expected window, an Ofsted source failing
    for as many cycles as it takes to tell ops, or alerts that cannot be delivered. A
    failing news feed, or `/ofsted` (`slash`) unable to reach Slack, degrades the service
    (said in the reason) without failing it: a blog outage is no reason to restart anything.
    """
    window = config.schedule.expected_window()
    last = Cycles(store).last_finished()
    if last is None:
        return False, "no cycle has finished yet"
    finished = last.finished_at or last.started_at
    if utcnow() - finished > window:
        return (
            False,
            f"the last cycle finished at {finished:%Y-%m-%d %H:%M} UTC, longer ago than expected ({window})",
        )
    threshold = config.health.failures_to_alert
    failing = [
        s
        for s in Sources(store).all()
        if s.key in config.sources and not s.paused_at and s.consecutive_failures >= threshold
    ]
    home = {a.source for a in config.ofsted.authorities}
    problems = [
        f"source {s.key} has failed {s.consecutive_failures} cycles in a row: {s.last_error}"
        for s in failing
        if s.key in home
    ]
    problems += [str(failure) for failure in last.failures if failure.kind is FailureKind.DELIVERY]
    oldest = Outbox(store).oldest_queued()
    if oldest is not None and utcnow() - oldest > window:
        problems.append(f"alerts have been queued undelivered since {oldest:%Y-%m-%d %H:%M} UTC")
    if problems:
        return False, "; ".join(problems)
    degraded = [
        f"news source {s.key} failing since {s.failing_since:%Y-%m-%d %H:%M} UTC"
        for s in failing
        if s.key not in home
    ]
    if slash is not None and slash.down_since is not None:
        degraded.append(f"/ofsted cannot reach Slack since {slash.down_since:%Y-%m-%d %H:%M} UTC")
    said = f"ok: the last cycle ({last.id}) finished at {finished:%Y-%m-%d %H:%M:%S} UTC ({last.status})"
    return True, said + (f"; degraded: {'; '.join(degraded)}" if degraded else "")


class StoreCollector:
    """Prometheus metrics computed from the store at each scrape."""

    def __init__(self, store: Store):
        self.store = store

    def collect(self):
        stats = Metrics(self.store).statistics()
        alerts = Outbox(self.store).counts()
        cycles = CounterMetricFamily("ofsted_watch_cycles", "Cycles run, by outcome", labels=["status"])
        for status, count in sorted(stats["cycles"].items()):
            cycles.add_metric([status], count)
        yield cycles
        if stats["last_duration"] is not None:
            yield GaugeMetricFamily(
                "ofsted_watch_last_cycle_duration_seconds",
                "How long the last finished cycle took",
                value=stats["last_duration"],
            )
        yield GaugeMetricFamily(
            "ofsted_watch_publications", "Publications stored", value=stats["publications"]
        )
        yield CounterMetricFamily(
            "ofsted_watch_new_publications",
            "New or changed publications found",
            value=stats["new_publications"],
        )
        yield GaugeMetricFamily(
            "ofsted_watch_alerts_pending", "Alerts queued, not yet delivered", value=alerts["queued"]
        )
        yield GaugeMetricFamily(
            "ofsted_watch_alerts_held_for_digest",
            "Sector items waiting for the next sector digest, by design (not in alerts_pending)",
            value=alerts["held"],
        )
        yield CounterMetricFamily(
            "ofsted_watch_alerts_delivered", "Alerts delivered", value=alerts["delivered"]
        )
        failures = CounterMetricFamily(
            "ofsted_watch_source_failures", "Failed reads, by source", labels=["source"]
        )
        for source, count in sorted(stats["source_failures"].items()):
            failures.add_metric([source], count)
        yield failures
        if stats["last_success"] is not None:
            yield GaugeMetricFamily(
                "ofsted_watch_last_success_timestamp_seconds",
                "When the last successful cycle finished (Unix time)",
                value=stats["last_success"],
            )
        consecutive = GaugeMetricFamily(
            "ofsted_watch_source_consecutive_failures", "Failed reads in a row, by source", labels=["source"]
        )
        last_ok = GaugeMetricFamily(
            "ofsted_watch_source_last_success_timestamp_seconds",
            "When each source was last read successfully (Unix time)",
            labels=["source"],
        )
        for source in Sources(self.store).all():
            consecutive.add_metric([source.key], source.consecutive_failures or 0)
            if source.last_ok_at:
                last_ok.add_metric([source.key], _unix(source.last_ok_at))
        yield consecutive
        yield last_ok
        oldest = Outbox(self.store).oldest_queued()
        yield GaugeMetricFamily(
            "ofsted_watch_alerts_oldest_queued_age_seconds",
            "How long the oldest undelivered alert has waited, those held for the digest aside (0 if none)",
            value=(utcnow() - oldest).total_seconds() if oldest else 0.0,
        )
        yield GaugeMetricFamily(
            "ofsted_watch_documents_given_up",
            "Documents that could not be read after every attempt",
            value=stats["given_up"],
        )


def _unix(moment: datetime) -> float:
    """A naive UTC timestamp from the store, as Unix time."""
    return moment.replace(tzinfo=UTC).timestamp()


class SlashCollector:
    """Whether `/ofsted` is connected to Slack, when it runs in this service."""

    def __init__(self, slash: Callable[[], SlashCommands | None]):
        self.slash = slash

    def collect(self):
        running = self.slash()
        if running is not None:
            yield GaugeMetricFamily(
                "ofsted_watch_slash_connected",
                "Whether /ofsted is connected to Slack over Socket Mode (1) or trying again (0)",
                value=0.0 if running.down_since else 1.0,
            )


def _registry(store: Store, slash: Callable[[], SlashCommands | None] = lambda: None) -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(StoreCollector(store))
    registry.register(SlashCollector(slash))
    return registry


class EndpointUnavailable(Problem):
    """The health endpoint cannot listen where the config says."""


class HealthServer:
    def __init__(self, config: Config):
        self.config = config
        address = (config.health.host, config.health.port)
        self.store = Store(config.database_url, migrate=False)
        self.slash: SlashCommands | None = None  # `/ofsted`, once started beside it
        try:
            registry = _registry(self.store, lambda: self.slash)
            self.server = ThreadingHTTPServer(address, self._handler(registry))
        except OSError as exc:
            self.store.close()
            raise EndpointUnavailable(
                f"the health endpoint cannot listen on {address[0]}:{address[1]} ({exc.strerror}): "
                "another process holds the port? Set [health] port, or 0 for none"
            ) from None
        self.server.daemon_threads = True

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> HealthServer:
        threading.Thread(target=self.server.serve_forever, daemon=True, name="health").start()
        logger.info("health endpoint at %s/healthz and %s/metrics", self.address, self.address)
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.store.close()

    def _handler(endpoint, registry):  # noqa: N805 - the handler closes over the endpoint
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                try:
                    if self.path == "/healthz":
                        ok, reason = health(endpoint.store, endpoint.config, endpoint.slash)
                        self._reply(200 if ok else 503, f"{reason}\n".encode(), "text/plain; charset=utf-8")
                    elif self.path == "/metrics":
                        self._reply(200, generate_latest(registry), CONTENT_TYPE_LATEST)
                    else:
                        self._reply(404, b"not found\n", "text/plain")
                except Exception as exc:
                    logger.exception("health endpoint failed")
                    self._reply(503, f"health check failed: {exc}\n".encode(), "text/plain")

            def _reply(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

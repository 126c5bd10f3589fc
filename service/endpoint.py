"""The service's health endpoint: /healthz for probes, /metrics for Prometheus.

Both read the store, so what they say survives restarts and covers cycles run by
`once` too.
"""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from config import Config
from storage import Store
from storage.outbox import Outbox
from storage.store import utcnow

logger = logging.getLogger(__name__)


def health(store: Store, config: Config) -> tuple[bool, str]:
    """Whether the last cycle succeeded within the expected window, and why not."""
    window = config.schedule.expected_window()
    last = store.last_finished()
    if last is None:
        return False, "no cycle has finished yet"
    if last.status != "ok":
        errors = "; ".join(last.errors or []) or "no detail recorded"
        return (
            False,
            f"the last cycle ({last.id}, {last.finished_at:%Y-%m-%d %H:%M} UTC) {last.status}: {errors}",
        )
    age = utcnow() - (last.finished_at or last.started_at)
    if age > window:
        return False, (
            f"the last cycle succeeded at {last.finished_at:%Y-%m-%d %H:%M} UTC, "
            f"longer ago than the expected {window}"
        )
    return True, f"ok: the last cycle ({last.id}) succeeded at {last.finished_at:%Y-%m-%d %H:%M:%S} UTC"


class StoreCollector:
    """Prometheus metrics computed from the store at each scrape."""

    def __init__(self, store: Store):
        self.store = store

    def collect(self):
        stats = self.store.statistics()
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
        yield CounterMetricFamily(
            "ofsted_watch_alerts_delivered", "Alerts delivered", value=alerts["delivered"]
        )
        failures = CounterMetricFamily(
            "ofsted_watch_source_failures", "Failed reads, by source", labels=["source"]
        )
        for source, count in sorted(stats["source_failures"].items()):
            failures.add_metric([source], count)
        yield failures


class HealthServer:
    def __init__(self, config: Config):
        self.config = config
        self.store = Store(config.database_url, migrate=False)
        registry = CollectorRegistry()
        registry.register(StoreCollector(self.store))
        self.server = ThreadingHTTPServer((config.health.host, config.health.port), self._handler(registry))
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
                        ok, reason = health(endpoint.store, endpoint.config)
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

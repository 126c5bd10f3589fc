"""Benchmark: `serve` over a simulated day, a cycle a minute, on local copies of the sites.

    .venv/bin/python -m benchmarks.serve_day [CYCLES]

Serves a realistic Croydon page and four news feeds on 127.0.0.1, starts the real `serve`
command with `[schedule] cron = "* * * * *"` (a cycle a minute: a day's 94 cycles come
in an hour and a half) and its health endpoint, and after each cycle has finished asks
/healthz and /metrics as probes would and samples the service's process: its resident
memory, open file descriptors, threads, child processes and the descriptors open on the
store's files (its database connections). A new Croydon letter is published half-way,
so one cycle alerts. It prints each sample. Targets: resident memory grows by at
most 10 MB from the tenth cycle to the last (CYCLES, 30 by default: half an hour), and
no descriptor, thread, child process or store connection is left behind (none more at
the last cycle than at the tenth; the one child between cycles is the crawl server, the
next cycle's crawl child forked from it and waiting); and a quiet scheduled cycle takes at
most 0.5 s (median) from its fire time to its end, the crawl child ready before its turn.
Exits 1 when one is missed.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.watch import _serve_feeds
from storage import Store
from storage.cycles import Cycles
from tests.conftest import Workdir, publish, serve_provider
from tests.sites.ofsted import croydon
from tests.sites.server import Site

CYCLES, SETTLED, GROWTH_MB, FIRE_TO_END = 30, 10, 10.0, 0.5
FINISHED = "cycle finished:"


@dataclass(frozen=True)
class Sample:
    rss_mb: float
    fds: int
    threads: int
    children: int
    store_files: int  # descriptors open on the SQLite store's files: its connections

    def __str__(self) -> str:
        return (
            f"RSS {self.rss_mb:.1f} MB, {self.fds} file descriptors, {self.threads} threads, "
            f"{self.children} child processes, {self.store_files} descriptors on the store"
        )


def sample(pid: int, store: Path) -> Sample:
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    targets = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            targets.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:  # closed meanwhile
            continue
    children = sum(
        len(Path(f"/proc/{pid}/task/{task}/children").read_text().split())
        for task in os.listdir(f"/proc/{pid}/task")
        if Path(f"/proc/{pid}/task/{task}/children").exists()
    )
    return Sample(
        rss_mb=int(status["VmRSS"].split()[0]) / 1024,
        fds=len(targets),
        threads=int(status["Threads"]),
        children=children,
        store_files=sum(1 for target in targets if target.startswith(str(store))),
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _probe(port: int) -> None:
    """Ask the health endpoint as probes and scrapes do: it holds the service's one
    long-lived store connection."""
    for path in ("/healthz", "/metrics"):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            answer.read()


def _fire_to_end(store: Path) -> list[float]:
    """Seconds from each scheduled cycle's fire time (the minute, as the cron gives it) to
    its end; the catch-up cycle at start is left out."""
    kept = Store(f"sqlite:///{store}", migrate=False)
    try:
        ran = Cycles(kept).recent(1000)[:-1]
    finally:
        kept.close()
    return [
        (cycle.finished_at - cycle.started_at.replace(second=0, microsecond=0)).total_seconds()
        for cycle in ran
        if cycle.finished_at
    ]


def _finished(workdir: Workdir) -> int:
    return workdir.log().count(FINISHED)


def main() -> int:
    cycles = int(sys.argv[1]) if len(sys.argv) > 1 else CYCLES
    site = Site().start()
    samples: dict[int, Sample] = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            workdir = Workdir(Path(folder), site)
            port = _free_port()
            schedule = f'[schedule]\ncron = "* * * * *"\n[health]\nport = {port}\n'
            workdir.write_config(news=_serve_feeds(site), extra=schedule)
            page = croydon()
            serve_provider(site, page)
            service = workdir.spawn("serve")  # to the console: no token is set
            store = Path(folder) / "data" / "ofsted-watch.db"
            try:
                deadline = time.monotonic() + (cycles + 3) * 60
                while (done := _finished(workdir)) < cycles:
                    if service.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(
                            f"serve stopped or stalled after {done} cycles: {workdir.log('err.log')}"
                        )
                    if done not in samples and done:
                        time.sleep(1)  # the cycle's last writes and the crawl child's exit
                        samples[done] = sample(service.pid, store)
                        _probe(port)  # as compose and Prometheus would, between cycles
                        print(f"  after cycle {done:2}: {samples[done]}", flush=True)
                        if done == cycles // 2:
                            publish(site, page)
                    time.sleep(0.5)
                time.sleep(1)
                samples[cycles] = sample(service.pid, store)
                print(f"  after cycle {cycles:2}: {samples[cycles]}")
            finally:
                service.send_signal(signal.SIGTERM)
                service.wait(timeout=30)
            alerted = workdir.log().count("--- alert")
            fired = _fire_to_end(store)
    finally:
        site.stop()
    settled, last = samples[min(SETTLED, cycles)], samples[cycles]
    growth = last.rss_mb - settled.rss_mb
    met = [
        growth <= GROWTH_MB,
        last.fds <= settled.fds,
        last.threads <= settled.threads,
        last.children <= settled.children,  # the next cycle's crawl child, waiting
        statistics.median(fired) <= FIRE_TO_END,
        last.store_files <= settled.store_files,
        alerted == 1,
    ]
    print(
        f"{cycles} cycles; from cycle {min(SETTLED, cycles)} to {cycles}: RSS {growth:+.1f} MB "
        f"(target <= {GROWTH_MB:.0f}), descriptors {last.fds - settled.fds:+d}, threads "
        f"{last.threads - settled.threads:+d}, "
        f"store descriptors {last.store_files - settled.store_files:+d}; "
        f"child processes {last.children - settled.children:+d}; {alerted} alert (1 expected)"
    )
    print(
        f"a scheduled quiet cycle from its fire time to its end: median {statistics.median(fired):.2f} s, "
        f"worst {max(fired):.2f} s (target: median <= {FIRE_TO_END} s)"
    )
    print("targets met" if all(met) else "TARGET MISSED")
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())

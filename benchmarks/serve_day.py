"""Benchmark: `serve` over a simulated day, for what it leaves behind.

    .venv/bin/python -m benchmarks.serve_day [CYCLES] [--postgres]

Runs the real `serve` (cron "* * * * *": a cycle a minute) on a local copy of Croydon's
page and a Slack stand-in, and publishes a new letter every fifth cycle, so that some
cycles read and post and most are quiet. After each cycle it samples the service
process: resident memory, open file descriptors, threads, and the store's connections
(PostgreSQL's own count with --postgres; on SQLite, descriptors open on the store's
files). CYCLES defaults to 30, half an hour.

Targets: resident memory grows by at most 10 MB from the tenth cycle to the last (the
median of five cycles each), and descriptors, threads and connections are no more at the
end than by the tenth cycle (the most of five cycles each). Exits 1 when one is missed.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path

from benchmarks import command_environment
from tests.conftest import POSTGRES_ADMIN_URL, Workdir, serve_provider
from tests.sites.ofsted import Entry, croydon
from tests.sites.server import Site
from tests.sites.slack import TOKEN, SlackStandIn

PROJECT = Path(__file__).resolve().parents[1]
GROWTH_MB, SETTLED, WINDOW = 10.0, 10, 5
NEW_EVERY = 5


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sample(pid: int, store_files: tuple[str, ...], postgres: str | None) -> dict[str, float]:
    proc = Path(f"/proc/{pid}")
    rss = next(
        int(line.split()[1])
        for line in (proc / "status").read_text().splitlines()
        if line.startswith("VmRSS")
    )
    fds = list((proc / "fd").iterdir())
    sample = {"rss_mb": rss / 1024, "fds": len(fds), "threads": len(list((proc / "task").iterdir()))}
    if postgres:
        sample["connections"] = _postgres_connections(postgres)
    else:
        opened = [os.readlink(fd) for fd in fds if fd.exists()]
        sample["connections"] = sum(1 for target in opened if target.startswith(store_files))
    return sample


def _postgres_connections(database: str) -> int:
    import sqlalchemy

    engine = sqlalchemy.create_engine(POSTGRES_ADMIN_URL)
    try:
        with engine.connect() as connection:
            query = "SELECT count(*) FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"
            return int(connection.execute(sqlalchemy.text(query), {"name": database}).scalar() or 0)
    finally:
        engine.dispose()


def _cycles_ended(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as answer:
        body = answer.read().decode()
    return int(
        sum(
            float(line.rsplit(" ", 1)[1])
            for line in body.splitlines()
            if line.startswith("ofsted_watch_cycles_total{")
        )
    )


def _scratch_postgres() -> tuple[str, str]:
    import sqlalchemy

    name = f"ow_serve_day_{uuid.uuid4().hex[:8]}"
    engine = sqlalchemy.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return name, POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def _drop_postgres(name: str) -> None:
    import sqlalchemy

    engine = sqlalchemy.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def main(argv: list[str]) -> int:
    cycles = int(next((a for a in argv if a.isdigit()), "30"))
    postgres = "--postgres" in argv
    site, slack = Site().start(), SlackStandIn().start()
    page = croydon()
    serve_provider(site, page)
    database, env = None, command_environment() | {"SLACK_BOT_TOKEN": TOKEN}
    if postgres:
        database, env["DATABASE_URL"] = _scratch_postgres()
    port = _free_port()
    samples: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        workdir = Workdir(Path(folder), site)
        workdir.write_config(
            slack_api_url=slack.api_url, extra=f'[schedule]\ncron = "* * * * *"\n[health]\nport = {port}\n'
        )
        store_files = (str(Path(folder) / "data" / "ofsted-watch.db"),)
        with (Path(folder) / "serve.log").open("w") as log:
            service = subprocess.Popen(
                [sys.executable, str(PROJECT / "scheduler.py"), "serve"],
                cwd=folder,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            ended, published = 0, date(2026, 12, 1)
            while ended < cycles:
                time.sleep(1)
                if service.poll() is not None:
                    raise SystemExit(f"serve ended with {service.returncode}: see its log")
                try:
                    now = _cycles_ended(port)
                except OSError:
                    continue  # not listening yet
                if now == ended:
                    continue
                ended = now
                samples.append(_sample(service.pid, store_files, database))
                print(
                    f"cycle {ended}: {json.dumps({k: round(v, 1) for k, v in samples[-1].items()})}",
                    flush=True,
                )
                if ended % NEW_EVERY == 0:
                    published += timedelta(days=1)
                    visited = published - timedelta(days=30)
                    entry = Entry(
                        f"5039{ended:04d}",
                        "Children's services focused visit",
                        f"{published:%d %B %Y}",
                        visited.isoformat(),
                    )
                    page.entries.insert(0, entry)
                    serve_provider(site, page)
        finally:
            service.send_signal(signal.SIGTERM)
            service.wait(timeout=30)
            site.stop()
            slack.stop()
            if database:
                _drop_postgres(database)
    print(f"\n{len(samples)} cycles, {len(slack.messages)} posts")
    return judge(samples)


def judge(samples: list[dict[str, float]]) -> int:
    """The targets, over windows of cycles: a sample falls now mid-cycle and now between
    two, so one sample against one says little. Memory: the median of the five cycles up
    to the tenth against the last five's; the others: their most in each."""
    if len(samples) < SETTLED + WINDOW:
        raise SystemExit(f"needs at least {SETTLED + WINDOW} cycles")
    settled, last = samples[SETTLED - WINDOW : SETTLED], samples[-WINDOW:]
    rss = [statistics.median(s["rss_mb"] for s in window) for window in (settled, last)]
    print(f"cycles {SETTLED - WINDOW + 1}-{SETTLED} -> the last {WINDOW}:")
    print(f"  {'rss_mb (median)':18} {rss[0]:8.1f} -> {rss[1]:8.1f}")
    missed = []
    if rss[1] - rss[0] > GROWTH_MB:
        missed.append(f"memory grew {rss[1] - rss[0]:.1f} MB (target <= {GROWTH_MB:.0f} MB)")
    for key in ("fds", "threads", "connections"):
        most = [max(s[key] for s in window) for window in (settled, last)]
        print(f"  {key + ' (most)':18} {most[0]:8.0f} -> {most[1]:8.0f}")
        if most[1] > most[0]:
            missed.append(f"{key} grew")
    print("; ".join(missed) if missed else "targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

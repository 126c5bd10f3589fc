"""Benchmark: a year in service, on SQLite and on PostgreSQL.

    .venv/bin/python -m benchmarks.year [--only sqlite|postgresql] [--repeats N]

Fills a scratch store, as the previous schema (migration 0021) held it, with a year at
the default schedule: 94 cycles a day (34,310), ten source reads each (343,100: Croydon,
the sector listing and eight news feeds, one failing now and then), 3,000 publications
with their documents' text and their alerts, 1,000 news items with theirs, and the
sector's 153 authorities. The product's migration then brings it to this version (its
running totals counted from that history, timed), and the probes and pages are timed in
process, each over N repeats after a warm-up (the wall clock's p50 and p95, and the CPU
time's median, which a machine busy with other work moves far less): `/healthz`,
`/metrics`, `status`, `list`, and the web's `/`, `/status` and `/coverage` (through
Starlette's test client). Then the
history older than `[storage] keep_history_days` (90) is pruned as a cycle prunes it
(timed), the probes are timed again, and the store's size is given before and after.
Last, a quiet `once` for Croydon (a local copy of its page, as benchmarks.cycle serves
it) is timed on the year's store and on an empty one, in turn, seven runs each after a
baseline.
PostgreSQL is used at $TEST_POSTGRES_URL's server (default
postgresql://postgres@127.0.0.1:5432), in a scratch database dropped afterwards; it is
left out, with a note, when none answers. Targets: p95 <= 50 ms for each probe and
page, before and after pruning; a quiet `once` at most 10% slower than on an empty store.
Exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import statistics
import sys
import tempfile
import time
import uuid
from argparse import Namespace
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

import benchmarks
import scheduler
from benchmarks.cycle import once
from benchmarks.web_pages import postgres_database, publication
from config import Config
from errors import Failure
from service.endpoint import _registry, health
from storage import Store
from storage.cycles import Cycles
from storage.models import Alert, Cycle, NewsItem, Publication, SectorAuthority, Source, SourceRead
from storage.store import MIGRATIONS, utcnow
from tests.conftest import Workdir, serve_provider
from tests.sites.ofsted import croydon
from tests.sites.server import Site
from vocabulary import AlertKind, CycleStatus, FailureKind
from web.app import Web

DAYS, PUBLICATIONS, NEWS, AUTHORITIES = 365, 3_000, 1_000, 153
# The default schedule: every ten minutes from 07:00 to 20:50, hourly through the night.
DAY_TIMES = [(hour, minute) for hour in range(7, 21) for minute in range(0, 60, 10)]
DAY_TIMES += [(hour, 0) for hour in (*range(21, 24), *range(7))]
FEEDS = [f"news:Feed {n}" for n in range(8)]
SOURCES = {"ofsted:80492": "Croydon", "ofsted:sector": "the sector listing"} | {f: f[5:] for f in FEEDS}
# How the failing feed fails, on its reads and on its cycles.
FEED_DOWN = Failure(FailureKind.READ, "HTTP 503 after retries")
P95_MS = 50.0
# A quiet `once` on the year's store may take at most this much longer than on an empty one.
QUIET_SLOWER, QUIET_RUNS = 1.10, 7
KEEP_DAYS = 90
BATCH = 5_000


def _rows(engine: Engine, model, rows: list[dict]) -> None:
    with engine.begin() as conn:
        for start in range(0, len(rows), BATCH):
            conn.execute(insert(model), rows[start : start + BATCH])


def history(engine: Engine, now: datetime, rng: random.Random) -> int:
    """A year of cycles and their source reads, a day at a time; how many cycles."""
    cycles = 0
    for day in range(DAYS, 0, -1):
        when = (now - timedelta(days=day)).date()
        runs, reads = [], []
        for hour, minute in DAY_TIMES:
            started = datetime(when.year, when.month, when.day, hour, minute, 1)
            cycle_id = uuid.UUID(int=rng.getrandbits(128)).hex[:12]
            failing = rng.random() < 0.02  # a feed that fails now and then: degraded
            status = CycleStatus.DEGRADED if failing else CycleStatus.OK
            runs.append(
                {
                    "id": cycle_id,
                    "started_at": started,
                    "finished_at": started + timedelta(seconds=rng.uniform(0.8, 2.5)),
                    "status": status,
                    "counts": {"seen": 180, "new": 0, "changed": 0, "read": 0, "alerted": 0, "queued": 0},
                    "errors": [FEED_DOWN.about("source news:Feed 3 failed").stored()] if failing else [],
                }
            )
            for source in SOURCES:
                ok = not (failing and source == "news:Feed 3")
                reads.append(
                    {
                        "cycle_id": cycle_id,
                        "source": source,
                        "at": started,
                        "ok": ok,
                        "seen": 0 if not ok else 153 if source == "ofsted:sector" else 10,
                        "new": int(rng.random() < 0.01),
                        "changed": 0,
                        "read": 0,
                        "error": None if ok else str(FEED_DOWN),
                        "failure_kind": None if ok else FEED_DOWN.kind,
                    }
                )
        _rows(engine, Cycle, runs)
        _rows(engine, SourceRead, reads)
        cycles += len(runs)
    return cycles


def catalogue(engine: Engine, now: datetime, rng: random.Random) -> None:
    """Publications with their documents and alerts, news items with theirs, the sector."""
    publications, alerts = [], []
    for n in range(PUBLICATIONS):
        publications.append(publication(n, rng, now - timedelta(days=rng.randrange(DAYS))))
        alerts.append(
            _alert(AlertKind.SECTOR, publications[-1]["first_seen"], publication_id=publications[-1]["id"])
        )
    news = []
    for n in range(NEWS):
        urn = str(80000 + n % AUTHORITIES)
        seen = now - timedelta(days=rng.randrange(DAYS))
        url = f"https://www.communitycare.co.uk/story-{n}/"
        news.append(
            {
                "id": f"news-{n}",
                "source": rng.choice(FEEDS),
                "title": f"Story {n} about Authority {urn}",
                "url": url,
                "canonical_url": url,
                "published": seen.date(),
                "authority": f"Authority {urn}",
                "urn": urn,
                "summary": "A story about an Ofsted finding.",
                "kind": "focused-visit",
                "passage": "Ofsted found the front door much improved.",
                "links_to": str(50_000_000 + rng.randrange(PUBLICATIONS)),
                "first_seen": seen,
            }
        )
        alerts.append(_alert(AlertKind.NEWS, seen, news_id=f"news-{n}"))
    sector = [
        {"urn": str(80000 + n), "name": f"Authority {80000 + n}", "listed_at": now, "read_at": now}
        for n in range(AUTHORITIES)
    ]
    sources = [
        {"key": key, "name": name, "last_ok_at": now, "last_count": 10, "consecutive_failures": 0}
        for key, name in SOURCES.items()
    ]
    sources += [
        {
            "key": f"ofsted:{urn}",
            "name": f"Authority {urn}",
            "last_ok_at": now,
            "last_count": 3,
            "consecutive_failures": 0,
        }
        for urn in range(80000, 80000 + AUTHORITIES)
    ]
    for model, rows in (
        (Publication, publications),
        (NewsItem, news),
        (Alert, alerts),
        (SectorAuthority, sector),
        (Source, sources),
    ):
        _rows(engine, model, rows)


def _alert(kind: AlertKind, created: datetime, **about) -> dict:
    delivered = created + timedelta(minutes=1)
    return {
        "kind": kind,
        "created_at": created,
        "delivered_at": delivered,
        "delivered_to": "C0123456",
        "message_ts": f"{delivered.timestamp():.6f}",
        "attempts": 1,
        "on_request": False,
        "publication_id": None,
        "news_id": None,
    } | about


def fill(url: str) -> tuple[int, float]:
    """The store as migration 0021 left it, a year in; then migrated by the product. How
    many cycles, and how long the migration took."""
    from alembic import command
    from alembic.config import Config as AlembicConfig

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0021")
    rng, now = random.Random(36), utcnow()
    cycles = history(engine, now, rng)
    catalogue(engine, now, rng)
    engine.dispose()
    started = time.perf_counter()
    Store(url).close()  # migrates: the running totals counted from the history
    migrated = time.perf_counter() - started
    _analyse(url)
    return cycles, migrated


def _analyse(url: str) -> None:
    """Fresh planner statistics, as autovacuum (PostgreSQL) or a long-lived store has them."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()


def size(store: Store) -> str:
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "postgresql":
            found = conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0
            return f"{found / 2**20:.0f} MB"
        pages = conn.execute(text("PRAGMA page_count")).scalar() or 0
        free = conn.execute(text("PRAGMA freelist_count")).scalar() or 0
        page = conn.execute(text("PRAGMA page_size")).scalar() or 0
    mb = page / 2**20
    return f"{pages * mb:.0f} MB, of which {free * mb:.0f} MB free pages (reused as it grows)"


def probes(store: Store, config: Config, web: TestClient) -> dict[str, Callable[[], object]]:
    """Each probe and page, as a call that does what serving it does."""
    registry = _registry(store)
    quiet = Namespace(sector=False, csv=False, json=False, since=None)

    def printed(command) -> Callable[[], object]:
        def run() -> object:
            with contextlib.redirect_stdout(io.StringIO()):
                return command(quiet, config)

        return run

    def page(path: str) -> Callable[[], object]:
        def get() -> object:
            answer = web.get(path)
            if answer.status_code != 200:
                raise SystemExit(f"{path} answered {answer.status_code}")
            return answer

        return get

    from prometheus_client import generate_latest

    return {
        "/healthz": lambda: health(store, config),
        "/metrics": lambda: generate_latest(registry),
        "status": printed(scheduler.cmd_status),
        "list": printed(scheduler.cmd_list),
        "/": page("/"),
        "/status": page("/status"),
        "/coverage": page("/coverage"),
    }


def timed(calls: dict[str, Callable[[], object]], repeats: int) -> list[bool]:
    # Three warm calls each: the first fills caches and compiles statements.
    return [
        benchmarks.timed(name, _ignoring_n(call), repeats, P95_MS, warm=3) for name, call in calls.items()
    ]


def _ignoring_n(call: Callable[[], object]) -> Callable[[int], object]:
    return lambda _n: call()


def measure(name: str, url: str, empty: str, repeats: int) -> list[bool]:
    started = time.perf_counter()
    cycles, migrated = fill(url)
    print(
        f"{name}: a year stored in {time.perf_counter() - started:.0f} s ({cycles:,} cycles, "
        f"{cycles * len(SOURCES):,} source reads, {PUBLICATIONS:,} publications, {NEWS:,} news items); "
        f"migration 0022 over it took {migrated:.1f} s"
    )
    config = Config.model_validate({"storage": {"url": url}, "ofsted": {"sector": True}})
    store = Store(url, migrate=False)
    try:
        print(f"  store size {size(store)}")
        print(f"  a year's history, before pruning (p95 over {repeats}):")
        with TestClient(Web(config, store).app()) as web:
            met = timed(probes(store, config, web), repeats)
        started = time.perf_counter()
        pruned = Cycles(store).prune(KEEP_DAYS)
        print(
            f"  pruned {pruned:,} cycles older than {KEEP_DAYS} days (and their source reads) "
            f"in {time.perf_counter() - started:.1f} s; store size {size(store)}"
        )
        _analyse(url)
        print(f"  {KEEP_DAYS} days kept:")
        with TestClient(Web(config, store).app()) as web:
            met += timed(probes(store, config, web), repeats)
    finally:
        store.close()
    return met + quiet_once(url, empty)


def quiet_once(url: str, empty: str) -> list[bool]:
    """A quiet `once` for Croydon on this store and on an empty one, in turn (a busy
    machine's moments fall on both alike): whether the year's store costs it at most a
    tenth more."""
    site = Site().start()
    try:
        serve_provider(site, croydon())
        with tempfile.TemporaryDirectory() as kept, tempfile.TemporaryDirectory() as new:
            folders = [_watching(Path(kept), url, site), _watching(Path(new), empty, site)]
            taken: list[list[float]] = [[], []]
            for _ in range(QUIET_RUNS):
                for folder, times in zip(folders, taken, strict=True):
                    times.append(once(folder)[0])
    finally:
        site.stop()
    year, fresh = (statistics.median(times) for times in taken)
    print(
        f"  a quiet once: median {year:.2f} s on this store, {fresh:.2f} s on an empty one "
        f"({year / fresh - 1:+.0%}; target <= +{QUIET_SLOWER - 1:.0%})"
    )
    return [year <= fresh * QUIET_SLOWER]


def _watching(folder: Path, url: str, site: Site) -> Path:
    """A folder whose config watches Croydon on the store at `url`, its baseline read."""
    config = Workdir(folder, site).write_config()
    config.write_text(config.read_text().replace('url = "sqlite:///data/ofsted-watch.db"', f'url = "{url}"'))
    once(folder)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--repeats", type=int, default=60)
    args = parser.parse_args()
    met: list[bool] = []
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "sqlite"):
            met += measure(
                "sqlite", f"sqlite:///{folder}/year.db", f"sqlite:///{folder}/empty.db", args.repeats
            )
        if args.only in (None, "postgresql"):
            with postgres_database() as url, postgres_database() as empty:
                if url and empty:
                    met += measure("postgresql", url, empty, args.repeats)
    print("targets met" if all(met) else "TARGET MISSED")
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the web pages over a large store, on SQLite and on PostgreSQL.

    .venv/bin/python -m benchmarks.web_pages [--only sqlite|postgresql]

Fills a scratch store with 10,000 publications (150 authorities, every type, each with a
document text of about 1,200 words and a summary) and 2,000 news items, starts the real
`web` command on it, and times the list page, a filtered list, a full-text search, the
Atom feed and the sector table of the 150 authorities (sequential requests on one
keep-alive connection: p50 and p95), then the list page's throughput under load (`wrk`
when it is installed, `apt-get install wrk`, else a client in threads, which takes CPU
from the server and so under-reports). PostgreSQL is
used at $TEST_POSTGRES_URL's server (default postgresql://postgres@127.0.0.1:5432), in a
scratch database dropped afterwards; it is left out, with a note, when none answers.
Targets: p95 <= 100 ms for each page, >= 200 requests/s. Exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text

from benchmarks import command_environment
from storage import Store
from storage.models import NewsItem, Publication, SectorAuthority
from tests.conftest import scratch_database
from vocabulary import PublicationType

PUBLICATIONS, NEWS, AUTHORITIES = 10_000, 2_000, 150
P95_MS, RATE = 100.0, 200.0
SAMPLES, WARM_UP, LOAD_SECONDS = 200, 20, 10
PROJECT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
# Words of the reports, common and rare alike, so a search matches a realistic share.
WORDS = str.split(
    "children young people families social workers leaders managers practice care leavers "
    "help protection services quality assurance supervision caseloads assessment plans "
    "front door referrals strategy meetings thresholds partners police health schools "
    "education placements sufficiency fostering adoption residential homes permanence "
    "court proceedings public law outline disabled children missing exploitation risk "
    "neglect domestic abuse advocacy independent reviewing officers corporate parenting "
    "housing accommodation employment training pathway plans personal advisers workforce "
    "recruitment retention agency staff turnover audits oversight improvement progress "
    "inadequate requires good outstanding monitoring visit focused inspection judgement "
    "safeguarding partnership early help edge of care contextual harm transitions"
)
TYPES = [t.value for t in PublicationType]
GRADES = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]


def _document(rng: random.Random) -> str:
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    return " ".join(rng.choices(WORDS, weights=weights, k=1200))


def publication(n: int, rng: random.Random, seen: datetime) -> dict:
    """The nth of the scratch store's publications, read when first seen, with its
    document's text and a summary."""
    urn = str(80000 + n % AUTHORITIES)
    published = date(2013, 1, 1) + timedelta(days=rng.randrange(5000))
    kind = rng.choice(TYPES)
    facts = {"type": kind, "period_start": published.isoformat(), "period_end": published.isoformat()}
    if kind == PublicationType.ILACS:
        facts["outcome"] = rng.choice(GRADES)
    return {
        "id": str(50_000_000 + n),
        "source": f"ofsted:{urn}",
        "authority": f"Authority {urn}",
        "urn": urn,
        "type": kind,
        "title": f"{PublicationType.of(kind).label} of Authority {urn}",
        "url": f"https://files.ofsted.gov.uk/v1/file/{50_000_000 + n}",
        "published": published,
        "event_date": published,
        "page_url": f"https://reports.ofsted.gov.uk/provider/44/{urn}",
        "first_seen": seen,
        "last_seen": seen,
        "read_status": "done",
        "read_attempts": 1,
        "read_at": seen,
        "facts": facts,
        "summary": {"headline": _document(rng)[:200], "strengths": [], "concerns": []},
        "text": _document(rng),
    }


def fill(url: str) -> None:
    """The store, migrated, with the publications and news items inserted in bulk."""
    Store(url).close()  # creates and migrates the schema
    rng = random.Random(13)
    now = datetime(2026, 12, 1, 6, 17)
    publications = [publication(n, rng, now) for n in range(PUBLICATIONS)]
    news = [
        {
            "id": f"news-{n}",
            "source": "news:Community Care",
            "title": f"Story {n} about Authority {80000 + n % AUTHORITIES}",
            "url": f"https://www.communitycare.co.uk/story-{n}/",
            "canonical_url": f"https://www.communitycare.co.uk/story-{n}/",
            "published": date(2013, 1, 1) + timedelta(days=rng.randrange(5000)),
            "authority": f"Authority {80000 + n % AUTHORITIES}",
            "urn": str(80000 + n % AUTHORITIES),
            "summary": "A story about an Ofsted finding.",
            "links_to": str(50_000_000 + rng.randrange(PUBLICATIONS)),
            "first_seen": now,
        }
        for n in range(NEWS)
    ]
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        for start in range(0, len(publications), 1000):
            conn.execute(insert(Publication), publications[start : start + 1000])
        conn.execute(insert(NewsItem), news)
        listed = [
            {"urn": str(80000 + n), "name": f"Authority {80000 + n}", "latest_report": None, "listed_at": now}
            for n in range(AUTHORITIES)
        ]
        conn.execute(insert(SectorAuthority), listed)  # the sector table's listing
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(url: str, folder: Path):
    """The real `web` command on this store; yields its port."""
    port = _free_port()
    config = folder / "config.toml"
    config.write_text(f'[storage]\nurl = "{url}"\n[web]\nport = {port}\n[logging]\nlevel = "WARNING"\n')
    server = subprocess.Popen(
        [sys.executable, str(PROJECT / "scheduler.py"), "web", "--config", str(config)],
        env=command_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    said = server.stderr.read() if server.stderr else ""
                    raise SystemExit(f"`web` did not start: {said}") from None
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def latency(port: int, path: str) -> tuple[float, float]:
    """p50 and p95 milliseconds of sequential requests on one connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    taken = []
    for n in range(WARM_UP + SAMPLES):
        started = time.perf_counter()
        conn.request("GET", path)
        answer = conn.getresponse()
        body = answer.read()
        if answer.status != 200 or not body:
            raise SystemExit(f"{path} answered {answer.status}")
        if n >= WARM_UP:
            taken.append((time.perf_counter() - started) * 1000)
    conn.close()
    return statistics.median(taken), statistics.quantiles(taken, n=20)[-1]


def throughput(port: int, path: str) -> tuple[float, str]:
    """Requests a second the server holds on this page, and what measured it."""
    if shutil.which("wrk"):
        done = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{LOAD_SECONDS}s", f"http://127.0.0.1:{port}{path}"],
            capture_output=True,
            text=True,
            check=True,
        )
        line = next(x for x in done.stdout.splitlines() if x.startswith("Requests/sec:"))
        return float(line.split()[1]), "wrk, 2 threads, 16 connections"
    counts: list[int] = []
    stop = time.monotonic() + LOAD_SECONDS

    def client() -> None:
        conn, n = http.client.HTTPConnection("127.0.0.1", port, timeout=30), 0
        while time.monotonic() < stop:
            conn.request("GET", path)
            conn.getresponse().read()
            n += 1
        counts.append(n)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / LOAD_SECONDS, "8 client threads in Python (install wrk for a fairer figure)"


PAGES = {
    "list page": "/",
    "filtered list": "/?authority=80007&type=ilacs&since=2016-01-01",
    "full-text search": "/?q=care+leavers+housing",
    "Atom feed": "/feed.atom",
    "sector table": "/sector",
}


def measure(name: str, url: str, folder: Path) -> list[bool]:
    started = time.perf_counter()
    fill(url)
    taken = time.perf_counter() - started
    print(f"{name}: {PUBLICATIONS:,} publications and {NEWS:,} news items stored in {taken:.0f} s")
    met = []
    with served(url, folder) as port:
        for page, path in PAGES.items():
            p50, p95 = latency(port, path)
            met.append(p95 <= P95_MS)
            print(f"  {page:17} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  {'ok' if met[-1] else 'MISSED'}")
        rate, how = throughput(port, "/")
        met.append(rate >= RATE)
        print(f"  list page under load: {rate:.0f} requests/s ({how})  {'ok' if met[-1] else 'MISSED'}")
    return met


@contextmanager
def postgres_database():
    admin_url = ADMIN_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "no server"
        print(f"postgresql: left out, no server at {ADMIN_URL}: {exc}")
        yield None
        return
    with scratch_database(admin, ADMIN_URL, "ofsted_watch_bench") as url:
        yield url


def on_stores(description: str, measure: Callable[[str, str, Path], list[bool]]) -> int:
    """Run a benchmark's `measure(name, url, folder)` on its scratch stores: SQLite, then
    PostgreSQL when a server answers (`--only` one of them); exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    met: list[bool] = []
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "sqlite"):
            met += measure("sqlite", f"sqlite:///{folder}/bench.db", Path(folder))
        if args.only in (None, "postgresql"):
            with postgres_database() as url:
                if url:
                    met += measure("postgresql", url, Path(folder))
    print("targets met" if all(met) else "TARGET MISSED")
    return 0 if all(met) else 1


def main() -> int:
    return on_stores(__doc__.splitlines()[0], measure)


if __name__ == "__main__":
    sys.exit(main())

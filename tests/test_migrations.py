"""Migrations are all or nothing: a process killed part-way through the first migration of
a new SQLite store leaves a store the next run can use."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from service import health
from storage import Store
from storage.cycles import Cycles
from storage.metrics import Metrics
from storage.models import Source
from storage.publications import Publications
from storage.sources import Sources
from tests.conftest import PROJECT, scratch_postgres
from vocabulary import FailureKind

MIGRATE = (
    "import sys; from storage import Store; print('start', flush=True); "
    "Store(sys.argv[1]); print('done', flush=True)"
)
KILLS = 14


def _migrate(url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", MIGRATE, url], cwd=PROJECT, stdout=subprocess.PIPE, text=True
    )


def _duration(folder: Path) -> float:
    """How long a first migration takes, from the line a process prints as it begins."""
    child = _migrate(f"sqlite:///{folder}/timing.db")
    assert child.stdout is not None
    child.stdout.readline()
    begins = time.monotonic()
    child.stdout.readline()
    taken = time.monotonic() - begins
    child.wait()
    return taken


def test_a_first_migration_killed_part_way_leaves_a_store_the_next_run_can_use(tmp_path):
    duration = _duration(tmp_path)
    mid_migration = 0
    for attempt in range(KILLS):
        url = f"sqlite:///{tmp_path}/store-{attempt}.db"
        child = _migrate(url)
        assert child.stdout is not None
        child.stdout.readline()  # it begins now: the kill lands at a point across the migration
        time.sleep(duration * attempt / KILLS)
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        mid_migration += "done" not in out
        store = Store(url)  # the next run: it migrates, or finds the schema whole
        try:
            assert store.is_current() and Publications(store).all() == [], f"attempt {attempt}"
        finally:
            store.close()
    assert mid_migration, "no kill landed during a migration; the test proved nothing"


def test_the_totals_migration_counts_the_history_already_stored(tmp_path):
    from alembic import command
    from alembic.config import Config as AlembicConfig
    from sqlalchemy import create_engine, text

    from storage.store import MIGRATIONS

    url = f"sqlite:///{tmp_path}/store.db"
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as connection:  # a store as the version before kept it
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0021")
        for cycle, status in (("a", "ok"), ("b", "failed"), ("c", "ok"), ("d", "running")):
            connection.execute(
                text("INSERT INTO cycles (id, started_at, status) VALUES (:id, '2026-01-01', :status)"),
                {"id": cycle, "status": status},
            )
        for cycle, ok, new in (("a", True, 2), ("b", False, 0), ("c", True, 1), ("d", False, 5)):
            connection.execute(
                text(
                    "INSERT INTO source_reads (cycle_id, source, at, ok, seen, new, changed, read) "
                    "VALUES (:cycle, 'ofsted:80492', '2026-01-01', :ok, 0, :new, 0, 0)"
                ),
                {"cycle": cycle, "ok": ok, "new": new},
            )
    engine.dispose()
    store = Store(url)  # migrates; the running cycle is counted when it ends
    try:
        stats = Metrics(store).statistics()
        assert stats["cycles"] == {"ok": 2, "failed": 1, "running": 1}
        assert stats["source_failures"] == {"ofsted:80492": 1} and stats["new_publications"] == 3
        Cycles(store).finish("d", status="failed", counts={}, errors=[])
        stats = Metrics(store).statistics()
        assert stats["cycles"] == {"ok": 2, "failed": 2}
        assert stats["source_failures"] == {"ofsted:80492": 2} and stats["new_publications"] == 8
    finally:
        store.close()


# What the version before stored: each cycle's errors as words, and each read's words with
# the kind in them, or not said.
OLD_ERRORS = [
    "source ofsted:80492 (Croydon) failed: https://x/provider/44/80492: no publication timeline "
    "on the page (has the layout changed?)",
    "alerts: Slack could not be reached",
    "the cycle was interrupted by shutdown; it will run again",
    "source news:Feed failed: https://feed/: HTTP 503 after retries",
]
OLD_READS = {
    "ofsted:80492": "https://x/: no publication timeline on the page (has the layout changed?)",
    "ofsted:80515": "https://x/: the page for URN 80515 is another provider's, URN '1' "
    "(has the authority's URN changed?)",
    "ofsted:sector": "the crawl timed out after 3 s",
    "news:Feed": "https://feed/: HTTP 503 after retries",
    "news:Blog": None,  # read well
}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    """A store's URL with nothing in it yet, on each database the product runs on."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.db"
    else:
        with scratch_postgres() as url:
            yield url


def _alembic(connection):
    from alembic.config import Config as AlembicConfig

    from storage.store import MIGRATIONS

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def test_the_failure_kinds_migration_reads_the_kinds_of_what_was_stored_in_words(empty_url):
    import sqlalchemy as sa
    from alembic import command

    url = empty_url.replace("postgresql://", "postgresql+psycopg://", 1)
    cycles = sa.table(
        "cycles",
        sa.column("id", sa.String),
        sa.column("started_at", sa.DateTime),
        sa.column("status", sa.String),
        sa.column("errors", sa.JSON),
    )
    reads = sa.table(
        "source_reads",
        *(sa.column(name) for name in ("cycle_id", "source", "at", "ok", "error")),
        *(sa.column(name) for name in ("seen", "new", "changed", "read")),
    )
    started = datetime(2026, 1, 1)
    engine = sa.create_engine(url)
    with engine.begin() as connection:  # a store as the version before kept it
        command.upgrade(_alembic(connection), "0022")
        connection.execute(
            sa.insert(cycles),
            [
                {"id": "a", "started_at": started, "status": "failed", "errors": OLD_ERRORS},
                {"id": "b", "started_at": started, "status": "ok", "errors": []},
            ],
        )
        connection.execute(
            sa.insert(reads),
            [
                {"cycle_id": "a", "source": key, "at": started, "ok": error is None, "error": error}
                | {"seen": 0, "new": 0, "changed": 0, "read": 0}
                for key, error in OLD_READS.items()
            ],
        )
    store = Store(empty_url)  # migrates
    try:
        kinds = {read.source: read.failure and read.failure.kind for read in Sources(store).reads("a")}
        assert kinds == {
            "ofsted:80492": FailureKind.LAYOUT,
            "ofsted:80515": FailureKind.URN,
            "ofsted:sector": FailureKind.CRAWL,
            "news:Feed": FailureKind.READ,
            "news:Blog": None,
        }
        said = {read.source: read.failure and str(read.failure) for read in Sources(store).reads("a")}
        assert said == OLD_READS  # in the same words, the hint said once
        (cycle,) = [c for c in Cycles(store).recent() if c.id == "a"]
        assert [f.kind for f in cycle.failures] == [
            FailureKind.LAYOUT,
            FailureKind.DELIVERY,
            FailureKind.CYCLE,
            FailureKind.READ,
        ]
        assert [str(f) for f in cycle.failures] == OLD_ERRORS
        assert cycle.failures[1].detail == "Slack could not be reached"
        # Health tells the layout change at once, as it did from the words.
        croydon = Source(key="ofsted:80492", name="Croydon", consecutive_failures=1)
        (layout,) = [read for read in Sources(store).reads("a") if read.source == "ofsted:80492"]
        assert "may have changed layout" in (health.diagnose(croydon, layout, 3) or "")
    finally:
        store.close()
    with engine.begin() as connection:  # and back: the words as they were
        command.downgrade(_alembic(connection), "0022")
        assert connection.execute(sa.select(cycles.c.errors).where(cycles.c.id == "a")).scalar() == OLD_ERRORS
        assert "failure_kind" not in {c["name"] for c in sa.inspect(connection).get_columns("source_reads")}
    engine.dispose()

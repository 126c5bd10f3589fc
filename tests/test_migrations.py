"""Migrations are all or nothing: a process killed part-way through the first migration of
a new SQLite store leaves a store the next run can use."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from storage import Store
from storage.cycles import Cycles
from storage.metrics import Metrics
from storage.publications import Publications
from tests.conftest import PROJECT

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

"""Migrations are all or nothing: a process killed part-way through the first migration of
a new SQLite store leaves a store the next run can use."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from storage import Store
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
            assert store.is_current() and store.publications() == [], f"attempt {attempt}"
        finally:
            store.close()
    assert mid_migration, "no kill landed during a migration; the test proved nothing"

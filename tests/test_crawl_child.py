"""The crawl child process: it ends with the cycle that started it, fails at once with the
real reason when it cannot open the store, and a lost lock connection is one line."""

from __future__ import annotations

import gc
import logging
import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from sqlalchemy import text

from service import crawl
from storage import Store
from storage.lock import LockName
from tests.conftest import PROJECT, serve_provider, wait_for
from tests.sites.server import Reply


def _crawls_of(config: Path) -> list[int]:
    """Process ids of crawl children started with this config file."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            continue
        if b"service.crawl" in cmdline and str(config).encode() in cmdline:
            found.append(int(entry.name))
    return found


def test_the_crawl_dies_with_a_cycle_killed_by_sigkill(workdir, site, croydon_page):
    config = workdir.path / "config.toml"
    serve_provider(site, croydon_page)
    site.serve(f"/provider/44/{croydon_page.urn}", Reply(body=croydon_page.render(site.url), delay=30))
    try:
        for _ in range(5):
            cycle = workdir.spawn("once", "--config", str(config))
            wait_for(lambda: _crawls_of(config), 60, "the crawl child to start")
            assert len(_crawls_of(config)) == 1
            os.kill(cycle.pid, signal.SIGKILL)  # as the OOM killer would
            cycle.wait()
            wait_for(lambda: not _crawls_of(config), 60, "the crawl to end with its cycle")
    finally:
        for pid in _crawls_of(config):
            os.kill(pid, signal.SIGKILL)


def test_a_crawl_that_cannot_open_the_store_says_why_at_once(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[storage]\nurl = "postgresql://nobody@127.0.0.1:9/none"\n')
    done = subprocess.run(  # at once: before any crawl, whatever its timeouts
        [sys.executable, "-m", "service.crawl", "ofsted", "--cycle", "c1", "--config", str(config)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3
    (line,) = [line for line in done.stdout.splitlines() if "cannot open the store" in line]
    assert "127.0.0.1" in line and "Traceback" not in done.stdout + done.stderr


def test_a_terminated_lock_connection_is_released_without_a_traceback(postgres_url, caplog):
    store = Store(postgres_url)
    lock = store.lock(LockName.CYCLE)
    try:
        assert lock.acquire(wait=False)
        assert lock._connection is not None
        backend = lock._connection.execute(text("SELECT pg_backend_pid()")).scalar()
        with store.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:p)"), {"p": backend})
        with caplog.at_level(logging.WARNING):
            lock.release()
        assert "lock's database connection was lost" in caplog.text
        assert store.lock(LockName.CYCLE).acquire(wait=False)  # the server released it
    finally:
        store.close()


def test_a_child_dismissed_before_its_cycle_began_ends_without_crawling(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    config_path = workdir.path / "config.toml"
    child = crawl.CrawlChild(str(config_path))
    child._close_stdin("")  # sent away, as when another cycle holds the lock
    # It ends by itself, as soon as it is told (before importing Scrapy), however busy the
    # machine: never stopped by the grace that dismiss() gives it.
    assert child.process.wait(timeout=120) == 0
    child.dismiss()
    assert site.hits(f"/provider/44/{croydon_page.urn}") == 0


def test_a_lock_query_that_fails_gives_its_connection_back(postgres_url):
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.pool import QueuePool

    store = Store(postgres_url)

    def refuse(conn, cursor, statement, parameters, context, executemany):
        if "advisory_lock" in statement:
            raise OperationalError(statement, parameters, Exception("the server went away"))

    event.listen(store.engine, "before_cursor_execute", refuse)
    try:
        with pytest.raises(OperationalError):
            store.lock(LockName.CYCLE).acquire(wait=False)
        pool = store.engine.pool
        assert isinstance(pool, QueuePool) and pool.checkedout() == 0
    finally:
        event.remove(store.engine, "before_cursor_execute", refuse)
        store.close()


def test_a_spawned_command_leaves_no_log_file_open_here(workdir):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        process = workdir.spawn("status")
        gc.collect()  # a file left open would be closed here, with a ResourceWarning
    process.wait(timeout=60)
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]

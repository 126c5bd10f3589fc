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

from scraper.context import CycleContext
from service import crawl
from storage import Store
from storage.lock import LockName
from tests.conftest import PROJECT, serve_provider, wait_for
from tests.sites.server import Reply


def _processes() -> dict[int, tuple[int, list[bytes]]]:
    """Every process: its parent's id and its command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            parent = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        found[int(entry.name)] = (parent, cmdline)
    return found


def _crawls_of(cycle: int) -> list[int]:
    """The crawl server a cycle's process started, then the crawls it forked."""
    processes = _processes()
    servers = [
        pid
        for pid, (parent, cmdline) in processes.items()
        if parent == cycle and b"service.crawl_server" in cmdline
    ]
    return servers + [pid for pid, (parent, _) in processes.items() if parent in servers]


def test_the_crawl_dies_with_a_cycle_killed_by_sigkill(workdir, site, croydon_page):
    config = workdir.path / "config.toml"
    serve_provider(site, croydon_page)
    site.serve(f"/provider/44/{croydon_page.urn}", Reply(body=croydon_page.render(site.url), delay=30))
    crawls: list[int] = []
    try:
        for _ in range(5):
            cycle = workdir.spawn("once", "--config", str(config))
            wait_for(lambda pid=cycle.pid: len(_crawls_of(pid)) == 2, 60, "the crawl child to start")
            crawls = _crawls_of(cycle.pid)
            os.kill(cycle.pid, signal.SIGKILL)  # as the OOM killer would
            cycle.wait()
            ended = "the crawl to end with its cycle"
            wait_for(lambda gone=set(crawls): not gone & set(_processes()), 60, ended)
    finally:
        for pid in set(crawls) & set(_processes()):
            os.kill(pid, signal.SIGKILL)


def test_a_crawl_that_cannot_open_the_store_says_why_at_once(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[storage]\nurl = "postgresql://nobody@127.0.0.1:9/none"\n')
    context = CycleContext("c1", str(config), "postgresql://nobody@127.0.0.1:9/none", str(tmp_path))
    done = subprocess.run(  # at once: before any crawl, whatever its timeouts
        [sys.executable, "-m", "service.crawl", "ofsted"],
        input=context.to_json() + "\n",
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
    child = crawl.CrawlChild()
    child._control.close()  # sent away, as when another cycle holds the lock
    # It ends by itself, as soon as it is told, however busy the machine: never stopped
    # by the grace that dismiss() gives it.
    assert child.wait(120) == 0
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


def test_a_crawl_server_that_died_is_started_again_for_the_next_cycle(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    server = crawl.server()._server
    assert server is not None
    server.kill()  # as the OOM killer would
    server.wait()
    run = workdir.cli("once")
    assert run.code == 0, run.err
    assert crawl.server()._server is not server
    assert [
        line.split()[3] for line in workdir.cli("status").out.splitlines() if line.startswith("  20")
    ] == [
        "ok",
        "ok",
    ]


def test_scrapy_crawl_runs_the_spider_as_a_cycle_of_its_own(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    environment = workdir._environment({"OFSTED_WATCH_CONFIG": str(workdir.path / "config.toml")})
    done = subprocess.run(
        [str(Path(sys.executable).parent / "scrapy"), "crawl", "ofsted"],
        cwd=PROJECT,  # where scrapy.cfg is
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(workdir.listed()) == 10  # the page's publications, stored as a cycle stores them


def test_a_crawl_server_that_cannot_start_is_one_line_and_each_source_says_why(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    broken = workdir.path / "broken"
    (broken / "scrapy").mkdir(parents=True)
    (broken / "scrapy" / "__init__.py").write_text("raise ImportError('a broken install')\n")
    run = workdir.cli("once", process=True, env={"PYTHONPATH": str(broken)})
    assert run.code == 1
    assert "error: the crawl server cannot start: ImportError: a broken install" in run.err
    (said,) = [line for line in run.err.splitlines() if "source ofsted:80492 (Croydon) failed" in line]
    assert said.endswith("the crawl could not start: the crawl server ended first (the log says why)")
    assert "Traceback" not in run.err


def test_a_crawl_that_cannot_begin_in_its_folder_is_one_line(tmp_path):
    with (tmp_path / "crawl.log").open("w+") as log:
        child = crawl.CrawlChild(log_stream=log)
        try:
            context = CycleContext("c1", None, f"sqlite:///{tmp_path}/store.db", str(tmp_path / "gone"))
            child.begin(context)
            assert child.wait(120) == 1
        finally:
            child.dismiss()
        log.seek(0)
        said = log.read()
    assert "the crawl stopped: FileNotFoundError" in said and "Traceback" not in said


def test_a_crawl_told_no_cycle_it_can_read_ends_saying_so():
    child = crawl.CrawlChild()
    try:
        child._control.sendall(b'{"cycle": "c1"}\n')  # no config, store or folder
        assert child.wait(120) == 1  # never waits for a cycle it was told already
    finally:
        child.dismiss()

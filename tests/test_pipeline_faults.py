"""Nothing silent: an item that fails inside the pipelines fails its source's read, loudly,
takes no baseline, and what failed is alerted exactly once when the fault has cleared.

The faults are real ones caused from outside the product: a read-only /dev/shm (the
reading workers cannot start), and the store refusing one row, as a full disk or a
broken constraint would (an SQLite trigger).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import NEW, PROJECT, publish, serve_provider

CROYDON = "ofsted:80492"


def _broken_shm_once(workdir, options: str) -> subprocess.CompletedProcess:
    """`once` in a mount namespace of its own whose /dev/shm is mounted with `options`."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) to give one command a /dev/shm of its own")
    once = f"{sys.executable} {PROJECT / 'scheduler.py'} once --console"
    command = f"mount -t tmpfs -o {options} tmpfs /dev/shm && exec {once}"
    done = subprocess.run(
        ["unshare", "--mount", "sh", "-c", command],
        cwd=workdir.path,
        env=workdir._environment(None),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if "unshare failed" in done.stderr or "mount: " in done.stderr:
        pytest.skip(f"cannot make a mount namespace here: {done.stderr.strip()}")
    return done


# Read-only, or too small for the workers' locks: the pool itself starts (its first
# lock fits), and its workers only with the first document.
@pytest.mark.parametrize("options", ["ro", "size=4k"])
def test_a_first_cycle_whose_reading_cannot_start_fails_loudly_and_takes_no_baseline(
    workdir, site, croydon_page, options
):
    serve_provider(site, croydon_page)
    broken = _broken_shm_once(workdir, options)
    assert broken.returncode == 1, broken.stderr
    why = "document reading could not start: /dev/shm is full or not writable"
    failed = [line for line in broken.stderr.splitlines() if f"source {CROYDON} (Croydon) failed" in line]
    assert failed and why in failed[0], broken.stderr
    assert broken.stderr.count(why) <= 3  # said where it happened and in the outcome: not per item
    assert "Traceback" not in broken.stderr
    assert "cycle finished: failed" in broken.stderr
    status = workdir.cli("status")
    assert "PROBLEM  last good read never" in status.out and why in status.out

    clean = workdir.cli("once")
    assert clean.code == 0, clean.err
    assert "--- alert" not in clean.out  # the baseline is taken now, alerting nothing historical
    assert len(workdir.listed()) == 10


def test_a_new_letter_whose_cycle_fails_in_the_pipelines_is_alerted_once_the_fault_clears(
    watched, site, slack, croydon_page
):
    publish(site, croydon_page)
    store = watched.path / "data" / "ofsted-watch.db"
    with sqlite3.connect(store) as db:  # the store refuses the new letter's row
        db.execute(
            f"CREATE TRIGGER refuse BEFORE INSERT ON publications WHEN NEW.id = '{NEW.file_id}' "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    for _ in range(2):
        run = watched.slack_once()
        assert run.code == 1
        assert f"source {CROYDON} (Croydon) failed" in run.err and "database or disk is full" in run.err
        assert not slack.messages
        assert NEW.file_id not in watched.listed()
    with sqlite3.connect(store) as db:
        db.execute("DROP TRIGGER refuse")
    assert watched.slack_once().code == 0
    (alert,) = slack.messages
    assert alert["metadata"]["event_payload"]["publication_id"] == NEW.file_id
    assert watched.slack_once().code == 0 and len(slack.messages) == 1


def test_an_alert_the_outbox_cannot_queue_fails_the_read_and_is_queued_next_cycle(
    watched, site, slack, croydon_page
):
    publish(site, croydon_page)
    store = watched.path / "data" / "ofsted-watch.db"
    with sqlite3.connect(store) as db:
        db.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON alerts "
            "BEGIN SELECT RAISE(ABORT, 'the outbox is unavailable'); END"
        )
    run = watched.slack_once()
    assert run.code == 1 and "the outbox is unavailable" in run.err, run.err
    assert NEW.file_id not in watched.listed()  # stored with its alert, or not at all
    with sqlite3.connect(store) as db:
        db.execute("DROP TRIGGER refuse")
    assert watched.slack_once().code == 0
    assert [m["metadata"]["event_payload"]["publication_id"] for m in slack.messages] == [NEW.file_id]

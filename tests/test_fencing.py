"""Delivery is fenced: an alert is claimed by one cycle before it is posted, and a cycle
that lost its lock stops delivering, so no alert is ever posted twice, even by two cycles
racing on one PostgreSQL store. Real store, real slack_sdk client, the Slack stand-in."""

from __future__ import annotations

import signal
import threading
from collections import Counter

import pytest
from sqlalchemy import text

from config import SlackConfig
from storage import Store
from storage.lock import LockName
from storage.models import Alert
from storage.outbox import Outbox
from storage.reading import Reading
from tests.conftest import NEW, delivering, emptied, listing, publish, record
from tests.sites.slack import TOKEN

ALERTS = 8


@pytest.fixture
def queued(postgres_url):
    """A PostgreSQL store with ALERTS alerts queued, each for its own publication."""
    store = emptied(Store(postgres_url))
    reading = Reading.done({"type": "focused-visit"}, {"headline": "Children are safe."})
    for number in range(ALERTS):
        record(
            store,
            listing(
                f"5030{number:04d}", title=f"Children's services focused visit {number}", event_date=None
            ),
            alert=True,
            reading=reading,
        )
    yield store
    store.close()


def _delivery(store: Store, slack, cycle_id: str, **kwargs):
    # A threshold above the burst: each alert is its own message, the race is per alert.
    config = SlackConfig(pace=0, digest_threshold=ALERTS + 1)
    return delivering(store, slack, config, cycle_id=cycle_id, **kwargs)


def _posts_per_alert(slack) -> Counter:
    return Counter(m["metadata"]["event_payload"]["alert_id"] for m in slack.messages)


def test_two_cycles_racing_on_one_store_post_each_alert_once(queued, slack):
    slack.post_delay = 0.05
    cycles = [_delivery(queued, slack, "cycle-a"), _delivery(queued, slack, "cycle-b")]
    threads = [threading.Thread(target=cycle.run) for cycle in cycles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(_posts_per_alert(slack)) == ALERTS
    assert set(_posts_per_alert(slack).values()) == {1}
    assert Outbox(queued).counts() == {"queued": 0, "held": 0, "delivered": ALERTS}


def test_a_cycle_whose_lock_connection_is_cut_stops_and_nothing_is_posted_twice(queued, slack):
    lock = queued.lock(LockName.CYCLE)
    assert lock.acquire(wait=False)
    assert lock._connection is not None
    backend = lock._connection.execute(text("SELECT pg_backend_pid()")).scalar()

    def cut_the_lock_connection(_message):
        if len(slack.messages) == 3:
            with queued.engine.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:p)"), {"p": backend})

    slack.on_post = cut_the_lock_connection
    report = _delivery(queued, slack, "cycle-a", holds_lock=lock.held).run()
    lock.release()
    assert report.stopped and "lost the cycle lock" in report.stopped
    assert len(slack.messages) == 3 and report.queued == ALERTS - 3

    slack.on_post = None
    assert _delivery(queued, slack, "cycle-b").run().delivered == ALERTS - 3
    assert set(_posts_per_alert(slack).values()) == {1} and len(_posts_per_alert(slack)) == ALERTS


def _changed_after_its_alert(store: Store, slack) -> int:
    """A publication alerted and delivered, then changed: the changed alert's id."""
    reading = Reading.done({"type": "focused-visit"}, {"headline": "Children are safe."})
    record(store, listing("50310001"), alert=True, reading=reading)
    assert delivering(store, slack).run().delivered == 1
    record(store, listing("50310001", title="Children's services focused visit (corrected)"), alert=True)
    (changed,) = [a for a, _ in Outbox(store).deliverable() if a.kind == "changed"]
    return changed.id


def test_an_edit_is_fenced_by_the_lock_like_a_post(sqlite_store, slack):
    _changed_after_its_alert(sqlite_store, slack)
    report = delivering(sqlite_store, slack, holds_lock=lambda: False).run()
    assert report.stopped and "lost the cycle lock" in report.stopped
    assert slack.edits == [] and len(slack.messages) == 1


def test_an_edit_is_fenced_by_the_claim_like_a_post(sqlite_store, slack):
    changed = _changed_after_its_alert(sqlite_store, slack)
    assert Outbox(sqlite_store).claim(Alert, changed, "another-cycle", fence=3)
    delivering(sqlite_store, slack, cycle_id="this-cycle", fence=3).run()
    assert slack.edits == [] and len(slack.messages) == 1


def test_a_claim_under_an_earlier_fence_is_taken_over_at_once(queued, slack, caplog):
    outbox = Outbox(queued)
    dead, this = outbox.next_fence(), outbox.next_fence()
    assert this > dead
    first = outbox.deliverable()[0][0].id
    assert outbox.claim(Alert, first, "killed-cycle", dead)
    outbox.mark_sending(Alert, first, "#ofsted-alerts", "killed-cycle")  # then killed mid-post
    caplog.set_level("INFO")
    report = _delivery(queued, slack, "next-cycle", fence=this).run()
    assert report.delivered == ALERTS and not report.stopped
    assert set(_posts_per_alert(slack).values()) == {1}
    assert (
        f"alert {first} was claimed by cycle killed-cycle, which ended without delivering it" in caplog.text
    )
    assert "left to it" not in caplog.text


def test_a_claim_taken_over_between_claim_and_post_is_never_posted_by_the_older_cycle(queued):
    outbox = Outbox(queued)
    older, newer = outbox.next_fence(), outbox.next_fence()
    alert = outbox.deliverable()[0][0].id
    assert outbox.claim(Alert, alert, "older-cycle", older)
    assert outbox.claim(Alert, alert, "newer-cycle", newer)  # the older lost its lock meanwhile
    assert not outbox.mark_sending(Alert, alert, "#ofsted-alerts", "older-cycle")
    assert not outbox.claim(Alert, alert, "older-cycle", older)
    assert outbox.mark_sending(Alert, alert, "#ofsted-alerts", "newer-cycle")


def test_a_cycle_killed_mid_post_is_taken_over_by_the_next(watched, site, slack, croydon_page):
    """Slack slow to answer, the cycle killed meanwhile, the post never kept: the next cycle
    looks for it in Slack, does not find it, and posts it, once."""
    publish(site, croydon_page)
    slack.fail_next("hang")
    killed = watched.spawn("once", env={"SLACK_BOT_TOKEN": TOKEN})
    try:
        assert slack.hung.wait(timeout=120), "the cycle never posted its alert"
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
    slack.unhang.set()
    assert slack.messages == []
    again = watched.slack_once()
    assert again.code == 0, again.err
    assert "left to it" not in again.err and "ended without delivering it; taken over" in again.err
    assert [m["metadata"]["event_payload"]["publication_id"] for m in slack.messages] == [NEW.file_id]

"""Source health in process: when ops are told that a source broke, reminded, and told it healed."""

from __future__ import annotations

import pytest

from service import health
from storage import Store
from storage.outbox import Outbox

CROYDON = "ofsted:80492"


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path}/store.db")
    yield s
    s.close()


class Cycles:
    """Cycles as the runner records them: one source read each, then the health check."""

    def __init__(self, store: Store):
        self.store = store
        self.count = 0

    def read(self, *, ok: bool, seen: int = 10, error: str = "HTTP 500 after retries") -> list[str]:
        """Record one cycle's read of Croydon; the ops messages this cycle queued."""
        self.count += 1
        cycle = f"c{self.count}"
        self.store.start_cycle(cycle)
        self.store.record_source_read(
            cycle, CROYDON, "Croydon", ok=ok, seen=seen if ok else 0, error=None if ok else error
        )
        before = {a.id for a, _ in Outbox(self.store).deliverable()}
        health.check(self.store, cycle, {CROYDON}, failures_to_alert=3)
        queued = [a for a, _ in Outbox(self.store).deliverable() if a.id not in before]
        for alert in queued:  # delivered at once, as a cycle would
            Outbox(self.store).mark_delivered(type(alert), alert.id, "console", None)
        return [a.body or "" for a in queued]


def test_a_broken_source_gives_one_ops_alert_then_one_recovery(store):
    cycles = Cycles(store)
    assert cycles.read(ok=True) == []
    told = [cycles.read(ok=False) for _ in range(4)]
    assert [len(t) for t in told] == [0, 0, 1, 0]  # on the third failure in a row, once
    (message,) = told[2]
    assert message.startswith("source ofsted:80492 (Croydon) has failed since")
    assert "3 cycles in a row: HTTP 500 after retries" in message
    (healed,) = cycles.read(ok=True)
    assert healed == "source ofsted:80492 (Croydon) has recovered: 10 items listed"
    assert cycles.read(ok=True) == []  # healthy, nothing new: silence


def test_a_short_failure_is_never_told(store):
    cycles = Cycles(store)
    cycles.read(ok=True)
    assert cycles.read(ok=False) == [] and cycles.read(ok=False) == []
    assert cycles.read(ok=True) == []


def test_far_fewer_items_than_before_may_be_a_layout_change(store):
    cycles = Cycles(store)
    cycles.read(ok=True, seen=10)
    (message,) = cycles.read(ok=True, seen=3)
    assert "listed 3 items, far fewer than the 10 it listed before" in message
    assert cycles.read(ok=True, seen=3) == []  # told once, not every cycle

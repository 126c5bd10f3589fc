"""Cycles: each one's record from start to end, one of each kind running at a time, and
the ended ones kept for a set time (see history.py)."""

from __future__ import annotations

from sqlalchemy import or_, select

from errors import Failure
from storage import history
from storage.models import Cycle
from storage.store import Store, fetch, utcnow
from vocabulary import BACKFILL_CYCLE, SUCCEEDED, CycleStatus, FailureKind


class Cycles:
    def __init__(self, store: Store):
        self.store = store

    def start(self, cycle_id: str, *, backfill_gone: bool = False) -> None:
        """Record a new running cycle. Another of its kind (a home cycle, or a sector
        backfill's) still "running" died without finishing, as one of each runs at a time;
        so did a backfill's when `backfill_gone` (its lock was found free)."""
        now = utcnow()
        backfill = Cycle.id.startswith(BACKFILL_CYCLE)
        dead = backfill if cycle_id.startswith(BACKFILL_CYCLE) else ~backfill
        if backfill_gone:
            dead = or_(dead, backfill)
        with self.store.session() as s:
            orphans = list(s.scalars(select(Cycle).where(Cycle.status == CycleStatus.RUNNING, dead)))
            for orphan in orphans:
                orphan.status, orphan.finished_at = CycleStatus.INTERRUPTED, orphan.finished_at or now
                died = Failure(
                    FailureKind.CYCLE,
                    "the process running this cycle ended before it could record how it went "
                    f"(killed, or the machine stopped); found by the next cycle at {now:%Y-%m-%d %H:%M} UTC",
                )
                orphan.errors = (orphan.errors or []) + [died.stored()]
            history.count_ended(s, orphans)
            s.add(Cycle(id=cycle_id, started_at=now, status=CycleStatus.RUNNING))

    def finish(self, cycle_id: str, *, status: str, counts: dict, errors: list[Failure]) -> None:
        with self.store.session() as s:
            cycle = fetch(s, Cycle, cycle_id)
            ending = cycle.status == CycleStatus.RUNNING  # counted once, however often it is recorded
            cycle.finished_at = utcnow()
            cycle.status = status
            cycle.counts = counts
            cycle.errors = [failure.stored() for failure in errors]
            if ending:
                history.count_ended(s, [cycle])

    def running(self, *, backfill: bool = False) -> Cycle | None:
        """The home cycle under way, or with `backfill` the sector backfill's; None when none is."""
        kind = Cycle.id.startswith(BACKFILL_CYCLE)
        query = (
            select(Cycle)
            .where(Cycle.status == CycleStatus.RUNNING, kind if backfill else ~kind)
            .order_by(Cycle.started_at.desc())
        )
        with self.store.session() as s:
            return s.scalars(query.limit(1)).first()

    def recent(self, limit: int = 10) -> list[Cycle]:
        with self.store.session() as s:
            return list(s.scalars(select(Cycle).order_by(Cycle.started_at.desc()).limit(limit)))

    def prune(self, days: int) -> int:
        """Delete the ended cycles, and their source reads, older than `days`, a small batch
        per transaction; how many cycles. The last to end, the last to run its course and
        the last successful stay: health and metrics tell them however old they are."""
        last = (self.last_ended(), self.last_finished(), self.last_success())
        kept = {cycle.id for cycle in last if cycle is not None}
        pruned = 0
        while True:
            with self.store.session() as s:
                batch = history.prunable(s, days, kept, utcnow())
                if batch:
                    history.forget(s, batch)
            if not batch:
                return pruned
            pruned += len(batch)

    def last_ended(self) -> Cycle | None:
        """The last cycle to finish, however it went."""
        query = select(Cycle).where(Cycle.finished_at.is_not(None)).order_by(Cycle.finished_at.desc())
        with self.store.session() as s:
            return s.scalars(query.limit(1)).first()

    def last_finished(self) -> Cycle | None:
        """The last cycle that ran its course; one cut short by shutdown says nothing."""
        query = (
            select(Cycle)
            .where(Cycle.finished_at.is_not(None), Cycle.status != CycleStatus.INTERRUPTED)
            .order_by(Cycle.finished_at.desc())
        )
        with self.store.session() as s:
            return s.scalars(query.limit(1)).first()

    def last_success(self) -> Cycle | None:
        query = select(Cycle).where(Cycle.status.in_(SUCCEEDED)).order_by(Cycle.finished_at.desc())
        with self.store.session() as s:
            return s.scalars(query.limit(1)).first()

"""What metrics report of the store: running totals and indexed counts, never a read of
all of history."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import func, select

from storage import history
from storage.cycles import Cycles
from storage.models import Publication
from storage.store import Store
from vocabulary import ReadStatus


class Metrics:
    def __init__(self, store: Store):
        self.store = store

    def statistics(self) -> dict:
        """Totals for metrics, from the running totals kept as cycles end (so they survive
        restarts and pruning) and indexed queries: nothing here reads all of history."""
        with self.store.session() as s:
            totals = history.totals(s)
            publications = s.scalar(select(func.count()).select_from(Publication))
            given_up = s.scalar(
                select(func.count())
                .select_from(Publication)
                .where(Publication.read_status == ReadStatus.GAVE_UP)
            )
        cycles = Cycles(self.store)
        last, success = cycles.last_ended(), cycles.last_success()
        return {
            "cycles": totals[history.CYCLES],
            "source_failures": totals[history.SOURCE_FAILURES],
            "publications": publications,
            "new_publications": totals[history.NEW_PUBLICATIONS].get("", 0),
            "last_success": success.finished_at.replace(tzinfo=UTC).timestamp()
            if success and success.finished_at
            else None,
            "given_up": given_up,
            "last_duration": (last.finished_at - last.started_at).total_seconds()
            if last and last.finished_at
            else None,
        }

"""History kept for a set time: cycles and their source reads older than
`[storage] keep_history_days` are deleted in small batches, and what metrics total over
all of history is kept as running totals, added to as each cycle ends (never recounted),
so that pruning changes no figure. Publications, documents, news and alerts are never
pruned.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import Cycle, SourceRead, Total
from vocabulary import CycleStatus

CYCLES, SOURCE_FAILURES, NEW_PUBLICATIONS = "cycles", "source_failures", "new_publications"
# Cycles deleted in one transaction: the web pages and probes never wait long on a prune.
BATCH = 200


def count_ended(s: Session, cycles: Iterable[Cycle]) -> None:
    """Add cycles that have just ended (left "running") to the totals, with their reads."""
    ended = {cycle.id: cycle.status for cycle in cycles}
    if not ended:
        return
    added: dict[tuple[str, str], int] = {}
    for status in ended.values():
        added[CYCLES, status] = added.get((CYCLES, status), 0) + 1
    reads = select(SourceRead.source, SourceRead.ok, SourceRead.new).where(SourceRead.cycle_id.in_(ended))
    for source, ok, new in s.execute(reads):
        if not ok:
            added[SOURCE_FAILURES, source] = added.get((SOURCE_FAILURES, source), 0) + 1
        added[NEW_PUBLICATIONS, ""] = added.get((NEW_PUBLICATIONS, ""), 0) + (new or 0)
    insert = postgresql.insert if s.get_bind().dialect.name == "postgresql" else sqlite.insert
    for (name, key), value in added.items():
        # One statement each, so that two processes ending cycles at once add up.
        row = insert(Total).values(name=name, key=key, value=value)
        added_to = {"value": Total.value + value}
        s.execute(row.on_conflict_do_update(index_elements=["name", "key"], set_=added_to))


def totals(s: Session) -> dict[str, dict[str, int]]:
    """The running totals by name, then key."""
    found: dict[str, dict[str, int]] = {CYCLES: {}, SOURCE_FAILURES: {}, NEW_PUBLICATIONS: {}}
    for name, key, value in s.execute(select(Total.name, Total.key, Total.value)):
        found.setdefault(name, {})[key] = value
    running = s.scalar(select(func.count()).select_from(Cycle).where(Cycle.status == CycleStatus.RUNNING))
    if running:  # counted when it ends; shown meanwhile
        found[CYCLES][CycleStatus.RUNNING] = running
    return found


def prunable(s: Session, days: int, kept: set[str], now) -> list[str]:
    """The ids of a batch of ended cycles older than `days`, oldest first, but those in
    `kept` (the cycles health and metrics tell, however old)."""
    query = (
        select(Cycle.id)
        .where(Cycle.started_at < now - timedelta(days=days), Cycle.status != CycleStatus.RUNNING)
        .order_by(Cycle.started_at)
        .limit(BATCH + len(kept))
    )
    return [cycle_id for cycle_id in s.scalars(query) if cycle_id not in kept][:BATCH]


def forget(s: Session, cycle_ids: list[str]) -> None:
    """Delete these cycles and their source reads."""
    s.execute(delete(SourceRead).where(SourceRead.cycle_id.in_(cycle_ids)))
    s.execute(delete(Cycle).where(Cycle.id.in_(cycle_ids)))

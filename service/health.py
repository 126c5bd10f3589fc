"""Source health: tell ops once when a source breaks, remind at most daily, say when it heals.

After Spidermon's monitors, without their blind spots: a source that parses no
publications, or far fewer than it used to, is as suspect as one that fails outright.
Zero *new* publications is normal and never alarms.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from storage import Store
from storage.models import Source, SourceRead
from storage.outbox import Outbox
from storage.sources import Sources
from storage.store import utcnow
from vocabulary import AlertKind, FailureKind

logger = logging.getLogger(__name__)
# A source listing fewer than this share of the most it ever listed may have changed layout.
FAR_FEWER = 0.5
REMIND_EVERY = timedelta(days=1)
_CHANGED = {AlertKind.OPS: "need a look", AlertKind.RECOVERED: "have recovered"}


def _since(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "an unknown time"


def diagnose(source: Source, read: SourceRead | None, failures_to_alert: int) -> str | None:
    """The source's problem after this cycle's read, or None when it is healthy."""
    name = f"{source.key} ({source.name})"
    # A page that came back without what it always gives, or as another provider's, is
    # no outage: waiting for the threshold would only hide it.
    failed_now = read.failure if read is not None else None
    if failed_now is not None and failed_now.kind.told_at_once:
        said = "may have changed layout" if failed_now.kind is FailureKind.LAYOUT else "needs a look now"
        return f"source {name} {said}: {failed_now}"
    if source.consecutive_failures >= failures_to_alert:
        return (
            f"source {name} has failed since {_since(source.failing_since)}, "
            f"{source.consecutive_failures} cycles in a row: {source.last_error}"
        )
    if read is None or not read.ok:
        return source.problem  # a failure too short to report changes nothing yet
    if read.seen == 0:
        return f"source {name} listed nothing: it may have changed layout"
    if source.max_seen and read.seen < source.max_seen * FAR_FEWER:
        return (
            f"source {name} listed {read.seen} items, far fewer than the "
            f"{source.max_seen} it listed before: it may have changed layout"
        )
    return None


def check(store: Store, cycle_id: str, sources: set[str], failures_to_alert: int) -> int:
    """Queue ops messages for this cycle's health changes, one for each kind of change
    (problems, recoveries): an outage of several sources is one message, and its end
    another. Returns how many were queued."""
    recorded = Sources(store)
    reads = {r.source: r for r in recorded.reads(cycle_id)}
    now = utcnow()
    told: dict[AlertKind, list[tuple[str, str]]] = {}
    for source in recorded.all():
        if source.key not in sources:
            continue
        problem = diagnose(source, reads.get(source.key), failures_to_alert)
        message, kind = None, AlertKind.OPS
        if problem and not source.problem:
            message = problem
        elif problem and (source.problem_told_at is None or now - source.problem_told_at >= REMIND_EVERY):
            message = f"Reminder: {problem}"
        elif not problem and source.problem:
            message = f"source {source.key} ({source.name}) has recovered: {source.last_count} items listed"
            kind = AlertKind.RECOVERED
        if message:
            told.setdefault(kind, []).append((source.key, message))
            # A recovery is good news: information, not a warning.
            level = logging.INFO if kind is AlertKind.RECOVERED else logging.WARNING
            logger.log(level, "%s", message, extra={"source": source.key})
        if problem != source.problem or message:
            recorded.set_problem(source.key, problem, told=bool(message) and problem is not None)
    for kind, messages in told.items():
        if len(messages) == 1:
            Outbox(store).queue_ops(messages[0][0], messages[0][1], kind)
        else:
            lines = "\n".join(f"• {message}" for _, message in messages)
            Outbox(store).queue_ops(None, f"{len(messages)} sources {_CHANGED[kind]}:\n{lines}", kind)
    return len(told)

"""Sources: what each cycle found at each, their health, their pages' validators, and
which ops have paused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from errors import Failure
from storage.models import Source, SourceRead, Validator
from storage.store import Store, fetch, utcnow


class Sources:
    def __init__(self, store: Store):
        self.store = store

    def is_baselined(self, key: str) -> bool:
        with self.store.session() as s:
            source = s.get(Source, key)
            return source is not None and source.baselined_at is not None

    def record_read(
        self,
        cycle_id: str,
        key: str,
        name: str,
        *,
        ok: bool,
        seen: int = 0,
        new: int = 0,
        read: int = 0,
        failure: Failure | None = None,
    ) -> None:
        self.record_reads(
            cycle_id,
            [
                {
                    "key": key,
                    "name": name,
                    "ok": ok,
                    "seen": seen,
                    "new": new,
                    "read": read,
                    "failure": failure,
                }
            ],
        )

    def validators(self, url: str) -> tuple[str | None, str | None] | None:
        """(ETag, Last-Modified) of the page's last good response, or None."""
        with self.store.session() as s:
            found = s.get(Validator, url)
            return (found.etag, found.last_modified) if found else None

    def record_reads(self, cycle_id: str, reads: list[dict]) -> None:
        """Record what one cycle found at each source, in one transaction: each dict has
        key, name, ok, and optionally seen, new, read, failure (a Failure) and the validators of its
        pages' good responses (url to ETag and Last-Modified)."""
        now = utcnow()
        keys = {outcome["key"] for outcome in reads}
        with self.store.session() as s:  # two queries for all the sources, not two each
            sources = {source.key: source for source in s.scalars(select(Source).where(Source.key.in_(keys)))}
            found = select(SourceRead).where(SourceRead.cycle_id == cycle_id, SourceRead.source.in_(keys))
            recorded = {read.source: read for read in s.scalars(found)}
            for outcome in reads:
                key = outcome["key"]
                if key not in sources:
                    sources[key] = Source(key=key, name=outcome["name"], consecutive_failures=0)
                    s.add(sources[key])
                if key not in recorded:
                    recorded[key] = SourceRead(cycle_id=cycle_id, source=key)
                    s.add(recorded[key])
                _record_read(sources[key], recorded[key], now, outcome)
                # A page is asked again with what its last good answer gave; one that listed
                # nothing (a layout change?) is fetched whole until it lists something.
                if outcome["ok"] and outcome.get("seen"):
                    for url, (etag, modified) in (outcome.get("validators") or {}).items():
                        s.merge(Validator(url=url, etag=etag, last_modified=modified, saved_at=now))

    def last_count(self, key: str) -> int:
        """How many items the source's last good read listed."""
        with self.store.session() as s:
            source = s.get(Source, key)
            return (source.last_count or 0) if source else 0

    def all(self) -> list[Source]:
        with self.store.session() as s:
            return list(s.scalars(select(Source).order_by(Source.key)))

    def set_problem(self, key: str, problem: str | None, *, told: bool) -> None:
        """Record a source's current health problem (None when healthy); `told`: ops were
        told of it just now."""
        now = utcnow()
        with self.store.session() as s:
            source = fetch(s, Source, key)
            if problem is None:
                source.problem = source.problem_since = source.problem_told_at = None
                return
            if source.problem is None:
                source.problem_since = now
            source.problem = problem
            if told:
                source.problem_told_at = now

    def set_paused(self, key: str, name: str, *, paused: bool) -> bool:
        """Pause or resume a source; False when it already was as asked."""
        with self.store.session() as s:
            source = s.get(Source, key) or Source(key=key, name=name, consecutive_failures=0)
            if (source.paused_at is not None) == paused:
                return False
            source.paused_at = utcnow() if paused else None
            s.add(source)
            return True

    def paused(self) -> set[str]:
        """The keys of the sources ops have paused."""
        with self.store.session() as s:
            return set(s.scalars(select(Source.key).where(Source.paused_at.is_not(None))))

    def reads(self, cycle_id: str) -> list[SourceRead]:
        with self.store.session() as s:
            return list(s.scalars(select(SourceRead).where(SourceRead.cycle_id == cycle_id)))


def _record_read(source: Source, read: SourceRead, now: datetime, outcome: dict) -> None:
    """One source's outcome this cycle, on its row and on the cycle's read of it."""
    ok, seen, failure = outcome["ok"], outcome.get("seen", 0), outcome.get("failure")
    error = None if failure is None else str(failure)
    source.name = outcome["name"]
    if ok:
        if seen:  # an empty list is no baseline: all it will later show would alert
            source.baselined_at = source.baselined_at or now
        source.last_ok_at = now
        source.last_count = seen
        source.max_seen = max(source.max_seen or 0, seen)
        source.failing_since = None
        source.consecutive_failures = 0
        source.last_error = None
    else:
        source.failing_since = source.failing_since or now
        source.consecutive_failures = (source.consecutive_failures or 0) + 1
        source.last_error = error
    read.at, read.ok, read.seen, read.error = now, ok, seen, error
    read.failure_kind = None if failure is None else failure.kind
    read.new, read.changed = outcome.get("new", 0), outcome.get("changed", 0)
    read.read = outcome.get("read", 0)

"""What the status page says first: whether anything needs a person, in one line, and the
sources that do ahead of those that are well."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.models import Source
from storage.store import utcnow
from vocabulary import SECTOR_SOURCE, counted

# A source's health as the page says it, in words (never by colour alone), in the order listed.
NEEDS_A_LOOK, PAUSED, OK = "needs a look", "paused", "ok"
_ORDER = {NEEDS_A_LOOK: 0, PAUSED: 1, OK: 2}


@dataclass(frozen=True)
class Row:
    source: Source
    health: str
    said: str  # what is wrong, in a few words after the source's name; "" when well


def _when(moment: datetime | None, now: datetime) -> str:
    """ "15:42 UTC" today, "6 December 15:42 UTC" on another day."""
    if moment is None:
        return "an unknown time"
    day = "" if moment.date() == now.date() else f"{moment.day} {moment:%B} "
    return f"{day}{moment:%H:%M} UTC"


def _who(source: Source) -> str:
    """A source as a person names it: "Croydon's page", "the sector listing", a news site."""
    if source.key.startswith("ofsted:") and source.key != SECTOR_SOURCE:
        return f"{source.name}'s page"
    return source.name


def _row(source: Source, now: datetime) -> Row:
    if source.paused_at:
        return Row(source, PAUSED, f"is paused since {_when(source.paused_at, now)}")
    if source.consecutive_failures:
        cycles = counted(source.consecutive_failures, "cycle", "cycles")
        return Row(source, NEEDS_A_LOOK, f"has failed {cycles} since {_when(source.failing_since, now)}")
    if source.problem:  # read, but not as it should be: a layout change, say
        return Row(source, NEEDS_A_LOOK, source.problem.removeprefix(f"source {source.key} ({source.name}) "))
    return Row(source, OK, "")


def rows(sources: list[Source], configured: dict[str, str]) -> list[Row]:
    """The configured sources, those that need a look first, then paused, then the well."""
    now = utcnow()
    found = [_row(s, now) for s in sources if s.key in configured]
    return sorted(found, key=lambda r: (_ORDER[r.health], r.source.key))


def summary(found: list[Row]) -> str:
    """One line that answers "is anything wrong?": what needs a look, what is paused, and
    how many are well."""
    if not found:
        return "No source has been read yet."
    trouble = [r for r in found if r.health == NEEDS_A_LOOK]
    paused = [r for r in found if r.health == PAUSED]
    well = len(found) - len(trouble) - len(paused)
    parts = []
    if trouble:
        parts.append(
            f"{counted(len(trouble), 'source needs', 'sources need')} a look: "
            + "; ".join(f"{_who(r.source)} {r.said}" for r in trouble)
        )
    parts += [f"{_who(r.source)} {r.said}" for r in paused]
    if not trouble and not paused:
        parts.append("all sources are well" if well > 1 else "the source is well")
    elif not trouble and well:
        parts.append(f"{counted(well, 'other source is', 'other sources are')} well")
    said = "; ".join(parts)
    return said[0].upper() + said[1:] + "."

"""What people read of the store, in words: a publication or a story as `list` prints it
(a line, or a JSON record), the sector table in a terminal, and the health of cycles and
sources as `status` prints it and the status page says it. The command line and the web
pages both format from here; a publication's own words (a verdict, a date) are
wording.py's, which Slack alerts use too, so that the three say a thing alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from storage.models import Cycle, Source
from storage.store import utcnow
from vocabulary import SECTOR_SOURCE, PublicationType, counted
from wording import day, verdict, waiting

# Publications and stories


def _stamp(moment) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def publication_record(p) -> dict:
    return {
        "id": p.id,
        "authority": p.authority,
        "urn": p.urn,
        "type": p.type,
        "title": p.title,
        "published": p.published.isoformat() if p.published else None,
        "event_date": p.event_date.isoformat() if p.event_date else None,
        "url": p.url,
        "page_url": p.page_url,
        "first_seen": _stamp(p.first_seen),
        "changed_at": _stamp(p.changed_at),
        "read_status": p.read_status,
        "read_error": p.read_error,
        "facts": p.facts,
        "verdict": verdict(p),
        "replaced_by": p.replaced_by,
        "summary": p.summary,
    }


def catalogue_records(publications, news) -> list[dict]:
    """What `list` shows, as records: newest first, undated last, and publications before
    the news reporting on them."""
    records = [publication_record(p) for p in publications] + [news_record(n) for n in news]
    return sorted(records, key=_newest_first, reverse=True)


def _newest_first(record: dict) -> tuple:
    published = record["published"]
    return (published is not None, published or "", record["type"] != "news", record["first_seen"])


def news_record(n) -> dict:
    return {
        "id": n.id,
        "type": "news",
        "source": n.source.removeprefix("news:"),
        "authority": n.authority,
        "urn": n.urn,
        "title": n.title,
        "url": n.url,
        "published": n.published.isoformat() if n.published else None,
        "summary": n.summary,
        "kind": n.kind,
        "passage": n.passage,
        "links_to": n.links_to,
        "first_seen": _stamp(n.first_seen),
    }


def listed(record: dict, reported: dict) -> str:
    """A publication or story as `list` shows it: its date, kind, authority and title with
    its id (what resend and reread ask for); under it, what it found (a publication's
    verdict) or what it reports on (a story's publication); then its link."""
    origin = f" ({record['source']})" if record["type"] == "news" else ""
    lines = [
        f"{record['published'] or 'undated':10}  {record['type']:16}  {record['authority']}: "
        f"{record['title']}{origin}  [id {record['id']}]"
    ]
    if record.get("replaced_by"):
        lines.append(f"withdrawn: replaced by a corrected copy  [id {record['replaced_by']}]")
    if record["type"] != "news" and record["verdict"]:
        lines.append(record["verdict"])
    elif (about := reported.get(record.get("links_to"))) is not None:
        when = f" of {day(about.published)}" if about.published else ""
        lines.append(f"reports on: {PublicationType.of(about.type).label}{when}  [id {about.id}]")
    lines.append(record["url"])
    return "\n".join(lines[:1] + [f"{'':12}{line}" for line in lines[1:]])


SECTOR_COLUMNS = (
    ("authority", "Authority"),
    ("region", "Region"),
    ("full_inspection", "Full inspection"),
    ("grade", "Grade"),
    ("latest_visit", "Latest visit"),
    ("days_since", "Days since"),
)


def sector_table(rows: list[dict]) -> str:
    """The sector table for a terminal: a header row, and each column as wide as its
    widest value, so nothing is cut."""
    cells = [[header for _, header in SECTOR_COLUMNS]] + [
        ["-" if row[key] is None or row[key] == "" else str(row[key]) for key, _ in SECTOR_COLUMNS]
        for row in rows
    ]
    widths = [max(len(line[column]) for line in cells) for column in range(len(SECTOR_COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in cells
    )


# Cycles and sources, for `status`


def status_lines(
    cycles: list[Cycle],
    sources: list[Source],
    alerts: dict[str, int],
    configured: Mapping[str, str],
    sector: bool,
) -> list[str]:
    """What `status` prints: the alerts, the last cycles, and each source's health; with
    `sector`, the sector's other pages in one line, and a line for each that needs a person."""
    lines = [f"Alerts: {waiting(alerts)}, {alerts['delivered']} delivered", "Last cycles (UTC):"]
    for c in cycles:
        took = f"{(c.finished_at - c.started_at).total_seconds():.0f}s" if c.finished_at else "-"
        counts = ", ".join(f"{k} {v}" for k, v in (c.counts or {}).items())
        lines.append(f"  {c.started_at:%Y-%m-%d %H:%M:%S}  {c.id}  {c.status:11} {took:>6}  {counts}")
        lines += [f"      {failure}" for failure in c.failures]
    if not cycles:
        lines.append("  none yet")
    lines.append("Sources:")
    listed_here = [s for s in sources if s.key in configured]
    others = [s for s in sources if s.key not in configured and sector and s.key.startswith("ofsted:")]
    gone = [s for s in sources if s.key not in configured and s not in others]
    labels = {s.key: s.key if s.name in s.key else f"{s.key} ({s.name})" for s in sources}
    width = max((len(labels[s.key]) for s in listed_here + gone), default=0)
    for s in listed_here + gone:
        lines.append(
            f"  {labels[s.key]:{width}}  {health(s):8} {reads(s)}"
            + ("" if s in listed_here else " (no longer configured)")
        )
        lines += problem_lines(s)
    if others:
        trouble = [s for s in others if health(s) == "PROBLEM"]
        latest = max((s.last_ok_at for s in others if s.last_ok_at), default=None)
        lines.append(
            f"  the sector's other pages: {len(others)} read, {len(others) - len(trouble)} ok, "
            f"{len(trouble)} need a look; last good read {f'{latest:%Y-%m-%d %H:%M}' if latest else 'never'}"
        )
        for s in trouble:
            lines.append(f"    {labels[s.key]}  {reads(s)}")
            lines += problem_lines(s, indent="        ")
    if not sources:
        lines.append("  none read yet")
    return lines


def backfill_progress(running: Cycle, listed: int, left: int) -> str:
    """How far the sector backfill under way has got, in a line."""
    return (
        f"Sector backfill under way since {running.started_at:%Y-%m-%d %H:%M:%S} UTC: "
        f"{listed - left} of {listed} authorities' pages read, {left} to go"
    )


def health(source) -> str:
    if source.paused_at:
        return "paused"
    return "ok" if not source.consecutive_failures and not source.problem else "PROBLEM"


def reads(source) -> str:
    last_ok = f"{source.last_ok_at:%Y-%m-%d %H:%M}" if source.last_ok_at else "never"
    listed = source.last_count if source.last_count is not None else "-"
    in_a_row = counted(source.consecutive_failures or 0, "failure", "failures")
    return f"last good read {last_ok}, {listed} listed, {in_a_row} in a row"


def problem_lines(source, indent: str = "      ") -> list[str]:
    """What a person should know of a source, under its line."""
    if source.paused_at:
        return [f"{indent}paused since {source.paused_at:%Y-%m-%d %H:%M} UTC: not read until resumed"]
    if source.problem:
        return [f"{indent}{source.problem}"]
    if source.consecutive_failures:
        return [f"{indent}last error: {source.last_error}"]
    return []


# Sources, for the status page


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


def status_rows(sources: list[Source], configured: Mapping[str, str]) -> list[Row]:
    """The configured sources, those that need a look first, then paused, then the well."""
    now = utcnow()
    found = [_row(s, now) for s in sources if s.key in configured]
    return sorted(found, key=lambda r: (_ORDER[r.health], r.source.key))


def status_summary(found: list[Row]) -> str:
    """One line that answers "is anything wrong?": what needs a look, what is paused, and
    how many are well."""
    if not found:
        return "No source has been read yet: the first cycle reads them."
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

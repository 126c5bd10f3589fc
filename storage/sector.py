"""The sector: every local authority the reports site lists, what changed since its page
was last read, and the table of where each one stands.

The listing's "Latest report" date moves when an authority has a new publication, so a
cycle reads only the provider pages whose date moved (and, once every `sweep_days`, each
page read before, to catch what the listing misses). An authority first seen in the
listing is its baseline: its page is read by `backfill --sector`, or when its date moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, select, update

from authorities import Place
from storage.models import Publication, SectorAuthority
from storage.store import Store, utcnow
from vocabulary import SETTLED_READS, PublicationType, ReadStatus

# A listing of fewer authorities than this share of the last good one is broken, not news.
MIN_SHARE = 0.9
VISITS = (PublicationType.FOCUSED_VISIT, PublicationType.MONITORING_VISIT)


@dataclass(frozen=True)
class ListedAuthority:
    """One authority as a page of the listing shows it."""

    urn: str
    name: str
    latest_report: date | None
    rating: str | None  # the "Rating:" line, when the listing shows one


@dataclass(frozen=True)
class Due:
    """A provider page to read this cycle, and why."""

    urn: str
    name: str
    # Publications after this date are news even on the page's first read: the listing
    # showed the authority's new report before its page had ever been read.
    news_after: date | None
    why: str  # "its latest report is now 2024-12-03", "not read in 7 days", "backfill"
    moved: bool = False  # its listing date moved: something new is there


@dataclass(frozen=True)
class Standing:
    """A row of the sector table: where one authority stands."""

    urn: str
    name: str
    full: Publication | None  # its latest full inspection
    visit: Publication | None  # its latest focused or monitoring visit
    latest_report: date | None

    def days_since(self, today: date) -> int | None:
        dates = [p.published for p in (self.full, self.visit) if p and p.published]
        # A date after today (the site's day ahead of ours) is today's: never negative.
        return max(0, (today - max(dates)).days) if dates else None


@dataclass(frozen=True)
class Picture:
    """How a region's authorities stand at their latest full inspection."""

    region: str
    good_or_better: int
    inspected: int
    as_of: date


# A picture of a region is told only when this share of its authorities has a graded
# latest full inspection in the store.
COMPLETE = 0.9
GOOD_OR_BETTER = {"good", "outstanding"}


class Sector:
    def __init__(self, store: Store):
        self.store = store

    def check(self, listed: list[ListedAuthority], total: int) -> str | None:
        """Why this listing cannot be trusted, or None: it must hold what the site says it
        holds, and not far fewer authorities than the last good listing."""
        with self.store.session() as s:
            before = s.scalar(select(func.count()).select_from(SectorAuthority)) or 0
        if total and len(listed) < total:
            return f"the listing gave {len(listed)} of the {total} authorities it says it has"
        if before and len(listed) < MIN_SHARE * before:
            return f"the listing shows {len(listed)} authorities, far fewer than the {before} before"
        return None

    def due(self, listed: list[ListedAuthority], home: set[str], sweep_days: int) -> list[Due]:
        """The listed authorities (home ones aside: they are always read) whose page to
        read this cycle."""
        swept_before = utcnow() - timedelta(days=sweep_days)
        with self.store.session() as s:
            known = {a.urn: a for a in s.scalars(select(SectorAuthority))}
            unread = set(s.scalars(unsettled_urns()))
        found = []
        for entry in listed:
            stored = known.get(entry.urn)
            if entry.urn in home or stored is None:
                continue
            # read_report: the date its page was last read at, or first listed with.
            last = stored.read_report
            if entry.latest_report and entry.latest_report != last:
                why = f"its latest report is now {entry.latest_report}"
                found.append(Due(entry.urn, entry.name, last, why, moved=True))
            elif entry.urn in unread:  # read again until its documents are, whatever the sweep says
                found.append(Due(entry.urn, entry.name, None, "a document of it is still to be read"))
            elif stored.read_at and stored.read_at < swept_before:
                found.append(Due(entry.urn, entry.name, None, f"not read in {sweep_days} days"))
        return found

    def never_read(self, listed: list[ListedAuthority], home: set[str]) -> list[Due]:
        """The listed authorities whose page has never been read in full: a backfill's."""
        with self.store.session() as s:
            read = set(s.scalars(select(SectorAuthority.urn).where(SectorAuthority.read_at.is_not(None))))
        return [Due(a.urn, a.name, None, "backfill") for a in listed if a.urn not in home | read]

    def unread(self) -> int:
        """How many listed authorities' pages have never been read in full."""
        with self.store.session() as s:
            query = select(func.count()).where(SectorAuthority.read_at.is_(None))
            return s.scalar(query.select_from(SectorAuthority)) or 0

    def listed(self) -> list[ListedAuthority]:
        """The listing as its last good read showed it."""
        with self.store.session() as s:
            return [
                ListedAuthority(a.urn, a.name, a.latest_report, a.rating)
                for a in s.scalars(select(SectorAuthority).order_by(SectorAuthority.name))
            ]

    def record(self, listed: list[ListedAuthority]) -> None:
        """Keep what a good listing showed."""
        now = utcnow()
        with self.store.session() as s:
            known = {a.urn: a for a in s.scalars(select(SectorAuthority))}  # one query, not one each
            for entry in listed:
                stored = known.get(entry.urn)
                if stored is None:  # its baseline: what it lists now is as if read
                    stored = SectorAuthority(urn=entry.urn, read_report=entry.latest_report)
                    s.add(stored)
                stored.name, stored.latest_report, stored.rating = (
                    entry.name,
                    entry.latest_report,
                    entry.rating,
                )
                stored.listed_at = now

    def mark_read(self, urn: str) -> None:
        """Its page was read in full: what the listing shows now is what the store holds."""
        read = (
            update(SectorAuthority)
            .where(SectorAuthority.urn == urn)
            .values(read_report=SectorAuthority.latest_report, read_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        with self.store.session() as s:
            s.execute(read)

    def peers(self, wanted: list[str] | str, home: set[str], regions: dict[str, Place]) -> set[str]:
        """The URNs of the peers the config names (by URN or name), or of every authority
        in a home authority's region for "region"."""
        if wanted == "region":
            mine = {regions[urn].region for urn in home if urn in regions}
            return {urn for urn, place in regions.items() if place.region in mine} - home
        with self.store.session() as s:
            names = {a.name.casefold(): a.urn for a in s.scalars(select(SectorAuthority))}
        names |= {place.name.casefold(): urn for urn, place in regions.items() if place.name}
        return {entry if entry.isdigit() else names.get(entry.casefold(), "") for entry in wanted} - {""}

    def picture(self, urn: str, regions: dict[str, Place]) -> Picture | None:
        """How the authority's region stands, when the store knows it well enough."""
        place = regions.get(urn)
        if place is None:
            return None
        members = {u for u, p in regions.items() if p.region == place.region}
        with self.store.session() as s:
            latest = _latest(s, [PublicationType.ILACS])
            as_of = s.scalar(select(func.max(SectorAuthority.listed_at)))
        grades = [
            str(outcome).lower()
            for u in members
            if u in latest and (outcome := (latest[u].facts or {}).get("outcome"))
        ]
        if as_of is None or len(grades) < COMPLETE * len(members):
            return None
        good = sum(1 for grade in grades if grade in GOOD_OR_BETTER)
        return Picture(place.region, good, len(grades), as_of.date())

    def latest_inspections(self, urns: set[str]) -> dict[str, Publication]:
        """These authorities' latest full inspections, by URN, those the store has."""
        with self.store.session() as s:
            latest = _latest(s, [PublicationType.ILACS], urns)
        return {urn: latest[urn] for urn in sorted(latest)}

    def standings(self) -> list[Standing]:
        """Every listed authority, by name, with its latest full inspection and visit."""
        with self.store.session() as s:
            authorities = list(s.scalars(select(SectorAuthority).order_by(SectorAuthority.name)))
            latest_full = _latest(s, [PublicationType.ILACS])
            latest_visit = _latest(s, list(VISITS))
        return [
            Standing(a.urn, a.name, latest_full.get(a.urn), latest_visit.get(a.urn), a.latest_report)
            for a in authorities
        ]


def standings_of(store: Store, names: dict[str, str]) -> list[Standing]:
    """Where these authorities (URN to name) stand from the publications stored, by name,
    whether or not the sector listing is read."""
    with store.session() as s:
        latest_full = _latest(s, [PublicationType.ILACS])
        latest_visit = _latest(s, list(VISITS))
        listed = {a.urn: a.latest_report for a in s.scalars(select(SectorAuthority))}
    return [
        Standing(urn, name, latest_full.get(urn), latest_visit.get(urn), listed.get(urn))
        for urn, name in sorted(names.items(), key=lambda pair: pair[1])
    ]


def unsettled_urns() -> Select:
    """The authorities with a document still to read. Asked by status, not by "not
    settled", so that it is answered from ix_publications_read_status (migration 0022)
    rather than by reading every publication."""
    unsettled = [status for status in ReadStatus if status not in SETTLED_READS]
    return select(Publication.urn).where(Publication.read_status.in_(unsettled)).distinct()


def _latest(session, kinds: list[PublicationType], urns: set[str] | None = None) -> dict[str, Publication]:
    """Each authority's latest dated publication of these kinds, by URN (of these `urns`
    only, when given)."""
    wanted = [Publication.type.in_([k.value for k in kinds]), Publication.published.is_not(None)]
    if urns is not None:
        wanted.append(Publication.urn.in_(urns))
    newest = (
        select(Publication.urn, func.max(Publication.published).label("published"))
        .where(*wanted)
        .group_by(Publication.urn)
        .subquery()
    )
    query = select(Publication).join(
        newest, (Publication.urn == newest.c.urn) & (Publication.published == newest.c.published)
    )
    found: dict[str, Publication] = {}
    for p in session.scalars(query.where(Publication.type.in_([k.value for k in kinds]))):
        found.setdefault(p.urn, p)
    return found

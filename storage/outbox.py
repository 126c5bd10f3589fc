"""The alert outbox's delivery state: what is owed, what is in flight, what was delivered.

Every post is bracketed: `sending` is committed before it and `delivered` (with Slack's
ts) after it. A message still marked sending has an unknown outcome and is looked for
in Slack before being posted again, so a crash between Slack's answer and the commit
cannot cause a duplicate.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, or_, select, update

from storage.cycles import Cycles
from storage.models import Alert, DeliveryOutage, Digest, Fence, NewsItem, Publication
from storage.store import Store, fetch, utcnow
from vocabulary import SETTLED_READS, AlertKind, counted

Message = type[Alert] | type[Digest]
# How many corrected copies back a publication's first message is looked for.
MAX_COPIES = 5
# The delivery outage still going on, if any.
_OPEN_OUTAGE = select(DeliveryOutage).where(DeliveryOutage.ended_at.is_(None)).limit(1)
# Another authority's publication waiting for the next sector digest, which goes at most
# once each `sector_digest_hours`: held by design, not late. Once gathered into a digest
# being posted it is owed like any alert.
HELD = (Alert.delivered_at.is_(None)) & (Alert.kind == AlertKind.SECTOR) & (Alert.digest_id.is_(None))
# The fencing token's row: the cycle lock's (see next_fence).
FENCE = "cycle"

logger = logging.getLogger(__name__)


class Outbox:
    def __init__(self, store: Store):
        self.store = store

    def queue_ops(self, source: str | None, body: str, kind: AlertKind = AlertKind.OPS) -> None:
        """A message for ops (a problem, or a recovery), delivered through the outbox like
        every alert."""
        with self.store.session() as s:
            s.add(Alert(kind=kind, source=source, body=body, created_at=utcnow(), attempts=0))

    def deliverable(self) -> list[tuple[Alert, Publication | None]]:
        """Undelivered alerts, oldest first: ops messages, and publications' alerts whose
        reading is settled.

        An alert waits while its document is still to be read or retried, so that it
        carries the summary, or says why there is none.
        """
        query = (
            select(Alert, Publication)
            .outerjoin(Publication, Alert.publication_id == Publication.id)
            .where(
                Alert.delivered_at.is_(None),
                or_(Alert.publication_id.is_(None), Publication.read_status.in_(SETTLED_READS)),
            )
            .order_by(Alert.id)
        )
        with self.store.session() as s:
            return [(a, p) for a, p in s.execute(query)]

    def counts(self) -> dict[str, int]:
        """How many alerts are queued, held for the sector digest and delivered. What is
        held waits by design (see held) and is no late alert: it is not counted queued."""
        with self.store.session() as s:
            owed = s.scalar(select(func.count()).where(Alert.delivered_at.is_(None))) or 0
            held = s.scalar(select(func.count()).where(HELD)) or 0
            delivered = s.scalar(select(func.count()).where(Alert.delivered_at.is_not(None))) or 0
        return {"queued": owed - held, "held": held, "delivered": delivered}

    def last_delivered(self, kind: AlertKind) -> datetime | None:
        """When an alert of this kind was last delivered; None when none ever was."""
        with self.store.session() as s:
            return s.scalar(select(func.max(Alert.delivered_at)).where(Alert.kind == kind))

    def oldest_queued(self) -> datetime | None:
        """When the oldest undelivered alert was queued, what the sector digest holds left
        out; None when none is."""
        with self.store.session() as s:
            owed = select(func.min(Alert.created_at)).where(Alert.delivered_at.is_(None), ~HELD)
            return s.scalar(owed)

    def held_by_outage(self) -> tuple[datetime, str] | None:
        """While a delivery outage lasts: the moment before which a queued alert was held by
        it (the end of the last cycle, whose delivery failed; an alert found since is not
        late), and the outage's reason. None when there is no outage."""
        with self.store.session() as s:
            outage = s.scalars(_OPEN_OUTAGE).first()
        if outage is None:
            return None
        last = Cycles(self.store).last_finished()
        return (last.finished_at if last and last.finished_at else outage.started_at), outage.reason

    def outage(self, reason: str) -> None:
        """Note that delivery failed for `reason` ("was unreachable", say), unless an outage
        is open already: its start is kept."""
        with self.store.session() as s:
            if s.scalars(_OPEN_OUTAGE).first() is None:
                s.add(DeliveryOutage(started_at=utcnow(), reason=reason))

    def recovered(self, since: datetime, found: set[int]) -> Alert | None:
        """Close the open outage, if any, now that delivery works, and say so to ops: from
        when to when, and how many alerts it held, posted from `since` on (the start of the
        delivery that worked; those `found` in Slack after all were not held). The message
        queued; None when there was no outage, or it held nothing."""
        now = utcnow()
        with self.store.session() as s:
            outage = s.scalars(_OPEN_OUTAGE).first()
            if outage is None:
                return None
            outage.ended_at = now
            held = s.scalar(
                select(func.count()).where(
                    Alert.delivered_at >= since,
                    Alert.created_at < since,
                    Alert.kind.not_in((AlertKind.OPS, AlertKind.RECOVERED)),
                    Alert.id.not_in(found),
                )
            )
            if not held:
                return None
            told = Alert(
                kind=AlertKind.RECOVERED,
                body=f"Slack {outage.reason} {_between(outage.started_at, now)} UTC; "
                f"{counted(held or 0, 'alert was', 'alerts were')} held and "
                f"{'is' if held == 1 else 'are'} now posted",
                created_at=now,
                attempts=0,
            )
            s.add(told)
            s.flush()
            return told

    def news_item(self, news_id: str) -> tuple[NewsItem, Publication | None]:
        """A news item, and the publication it reports on, if known."""
        with self.store.session() as s:
            item = fetch(s, NewsItem, news_id)
            return item, (s.get(Publication, item.links_to) if item.links_to else None)

    def original(self, publication_id: str) -> Alert | None:
        """The alert whose message stands for a publication in Slack, delivered or not: its
        first alert as news, or, for one only ever sent on request, the first of those.
        Its thread holds all that follows: updates, and the news reporting on it."""
        with self.store.session() as s:
            # A corrected copy's first message is the one of the publication it replaced.
            for _ in range(MAX_COPIES):
                query = (
                    select(Alert)
                    .where(
                        Alert.publication_id == publication_id,
                        Alert.kind.in_((AlertKind.NEW, AlertKind.RESENT)),
                    )
                    .order_by(Alert.kind != AlertKind.NEW, Alert.id)
                    .limit(1)
                )
                if (found := s.scalars(query).first()) is not None:
                    return found
                replaced = select(Publication.id).where(Publication.replaced_by == publication_id).limit(1)
                if (earlier := s.scalar(replaced)) is None:
                    return None
                publication_id = earlier
        return None

    def earlier(self, publication: Publication, limit: int = 50) -> list[Publication]:
        """The same authority's publications before this one, newest first."""
        when = publication.published or publication.first_seen.date()
        query = (
            select(Publication)
            .where(
                Publication.urn == publication.urn,
                Publication.id != publication.id,
                Publication.published < when,
            )
            .order_by(Publication.published.desc())
            .limit(limit)
        )
        with self.store.session() as s:
            return list(s.scalars(query))

    def texts(self, ids: list[str]) -> dict[str, str]:
        """The documents' texts of these publications, by id (those read)."""
        query = select(Publication.id, Publication.text).where(Publication.id.in_(ids))
        with self.store.session() as s:
            return {row.id: row.text for row in s.execute(query) if row.text}

    def open_digest(self, channel: str, alert_ids: list[int]) -> Digest:
        """Gather these alerts under one new digest for the channel."""
        with self.store.session() as s:
            digest = Digest(channel=channel, created_at=utcnow())
            s.add(digest)
            s.flush()
            for alert in s.scalars(select(Alert).where(Alert.id.in_(alert_ids))):
                alert.digest_id = digest.id
            return digest

    def digests(self, ids: set[int]) -> dict[int, Digest]:
        with self.store.session() as s:
            return {d.id: d for d in s.scalars(select(Digest).where(Digest.id.in_(ids)))}

    def next_fence(self) -> int:
        """Take the cycle lock's next fencing token: called once by each holder of the lock,
        so a later holder always has a higher number than any before it."""
        with self.store.session() as s:
            fence = s.get(Fence, FENCE, with_for_update=True)
            if fence is None:
                fence = Fence(name=FENCE, token=0)
                s.add(fence)
            fence.token += 1
            return fence.token

    def claim(self, kind: Message, message_id: int, cycle_id: str, fence: int) -> bool:
        """Take the message for this cycle's delivery, atomically: True when this cycle now
        holds it. A compare-and-set on the row, so of two cycles racing for it only one can
        post it. A claim made under a lower fencing token than this cycle's was made by a
        cycle that no longer holds the lock (it ended, or was killed): it is taken over at
        once, and an attempt of unknown outcome it left is still looked for in Slack first."""
        now = utcnow()
        with self.store.session() as s:
            before = s.execute(select(kind.claimed_by, kind.claim_fence).where(kind.id == message_id)).first()
            taken = s.execute(
                update(kind)
                .where(
                    kind.id == message_id,
                    kind.delivered_at.is_(None),
                    or_(
                        kind.claimed_by.is_(None),
                        kind.claimed_by == cycle_id,
                        kind.claim_fence.is_(None),
                        kind.claim_fence < fence,
                    ),
                )
                .values(claimed_by=cycle_id, claimed_at=now, claim_fence=fence)
                .execution_options(synchronize_session=False)
            )
            claimed = bool(getattr(taken, "rowcount", 0))
        if claimed and before is not None and before.claimed_by not in (None, cycle_id):
            logger.info(
                "%s %s was claimed by cycle %s, which ended without delivering it; taken over",
                kind.__name__.lower(),
                message_id,
                before.claimed_by,
            )
        return claimed

    def release(self, cycle_id: str) -> None:
        """Give up this cycle's claims on what it did not deliver (see claim)."""
        with self.store.session() as s:
            for kind in (Alert, Digest):
                s.execute(
                    update(kind)
                    .where(kind.claimed_by == cycle_id, kind.delivered_at.is_(None))
                    .values(claimed_by=None, claimed_at=None)
                    .execution_options(synchronize_session=False)
                )

    def mark_sending(self, kind: Message, message_id: int, channel: str, cycle_id: str) -> bool:
        """Note that the message is about to be posted, if this cycle still holds its claim:
        False when a newer cycle has taken it over (this one must not post it)."""
        values: dict = {"sending_at": utcnow()}
        if kind is Alert:
            values |= {"channel": channel, "attempts": Alert.attempts + 1}
        with self.store.session() as s:
            marked = s.execute(
                update(kind)
                .where(kind.id == message_id, kind.claimed_by == cycle_id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            return bool(getattr(marked, "rowcount", 0))

    def mark_delivered(
        self,
        kind: Message,
        message_id: int,
        to: str,
        ts: str | None,
        thread_ts: str | None = None,
        *,
        permalink: str | None = None,
    ) -> None:
        with self.store.session() as s:
            message = fetch(s, kind, message_id)
            message.delivered_at = utcnow()
            message.delivered_to = to
            message.message_ts = ts
            message.sending_at = None
            message.last_error = None
            message.claimed_by = None
            if isinstance(message, Alert):
                message.thread_ts = thread_ts
                message.permalink = permalink
                message.attempts = message.attempts or 1

    def mark_failed(self, kind: Message, message_id: int, error: str, *, posted_maybe: bool) -> None:
        """Record a failed attempt. Unless it may have been posted, it is simply retried."""
        with self.store.session() as s:
            message = fetch(s, kind, message_id)
            message.last_error = error
            message.claimed_by = None
            if not posted_maybe:
                message.sending_at = None

    def channel_id(self, channel: str) -> str | None:
        """The Slack id a channel name resolved to when something was last posted there."""
        found = []
        with self.store.session() as s:
            for kind in (Alert, Digest):
                query = (
                    select(kind.delivered_to, kind.delivered_at)
                    .where(
                        kind.delivered_to.is_not(None),
                        or_(kind.channel == channel, kind.delivered_to == channel),
                    )
                    .order_by(kind.delivered_at.desc())
                    .limit(1)
                )
                found += list(s.execute(query))
        posted = [(at, to) for to, at in found if to and at and to != "console"]
        return max(posted)[1] if posted else None


def _between(start: datetime, end: datetime) -> str:
    """ "15:46-15:49", or with the days when it ran over midnight."""
    if start.date() == end.date():
        return f"{start:%H:%M}-{end:%H:%M}"
    return f"from {start.day} {start:%B %H:%M} to {end.day} {end:%B %H:%M}"

"""Delivering the outbox: routing, digests for bursts, pacing, and no duplicates.

An alert is marked delivered only when its reporter returns (for Slack: `ok` with a
`ts`). A failure leaves it queued for the next cycle; an attempt whose outcome is unknown
is looked for in Slack first, so it is never posted twice.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from alerts import journey as journeys
from alerts.blocks import (
    ALERT_EVENT,
    DIGEST_EVENT,
    Post,
    alert_post,
    change_post,
    digest_post,
    news_post,
    ops_post,
    posted_late,
    sector_digest_post,
    sent_again,
)
from alerts.reporter import ConfigurationError, DeliveryError, Posted, Reporter
from alerts.slack import is_channel_id
from config import Origin, SlackConfig
from storage.models import Alert, Digest, Publication
from storage.outbox import Outbox
from storage.store import utcnow
from vocabulary import AlertKind

logger = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    delivered: int = 0
    queued: int = 0
    held: int = 0  # sector items waiting for the next sector digest, by design
    errors: list[str] = field(default_factory=list)
    # Set when a configuration error stopped all delivery.
    stopped: str | None = None


class LockLost(Exception):
    """This cycle no longer holds the cycle lock: another may be delivering."""


class Delivery:
    """Delivers the outbox for one cycle.

    Each message is claimed for `cycle_id`, under the cycle lock's fencing token `fence`,
    before it is posted (see Outbox.claim), and `holds_lock` is asked before every post: a
    cycle that lost its lock (its database connection was cut, say), or whose claim a newer
    cycle took over, stops delivering, and what is left goes with the next cycle.
    """

    def __init__(
        self,
        outbox: Outbox,
        reporter: Reporter,
        slack: SlackConfig,
        origins: frozenset[Origin],
        *,
        dry_run: bool = False,
        stopping: threading.Event | None = None,
        cycle_id: str | None = None,
        holds_lock: Callable[[], bool] = lambda: True,
        fence: int = 0,
        compare: Callable[[Publication], str | None] = lambda publication: None,
        home: frozenset[str] | None = None,
    ):
        self.outbox = outbox
        self.compare = compare  # how the region, or for a peer's the home, stands beside it
        self.home = home  # the home authorities' URNs, when known: any other's alert is a peer's
        self.cycle_id = cycle_id or uuid.uuid4().hex[:12]
        self.holds_lock = holds_lock
        self.fence = fence  # the cycle lock's fencing token as this cycle took it
        self.stopping = stopping or threading.Event()
        self.reporter = reporter
        self.slack = slack
        self.origins = origins
        self.dry_run = dry_run
        self.last_post: dict[str, float] = {}
        self.found: set[int] = set()  # alerts found in Slack after an attempt of unknown outcome
        self.digest_links: dict[int, str | None] = {}  # each digest posted now: its Slack link
        self.outage_held: tuple[datetime, str] | None = None  # see Outbox.held_by_outage

    def run(self) -> DeliveryReport:
        report = DeliveryReport()
        began = utcnow()
        # An alert held by a delivery outage is late, and says so.
        self.outage_held = None if self.dry_run else self.outbox.held_by_outage()
        by_channel: dict[str, list[tuple[Alert, Publication | None]]] = defaultdict(list)
        held = 0
        sector_due = self._sector_due()
        for alert, publication in self.outbox.deliverable():
            if alert.kind == AlertKind.SECTOR and alert.digest_id is None and not sector_due:
                held += 1  # for the next sector digest
                continue
            kind = (
                publication.type
                if publication and alert.kind != AlertKind.SECTOR
                else AlertKind(alert.kind).route
            )
            by_channel[self.slack.channel_for(kind)].append((alert, publication))
        for channel, items in by_channel.items():
            if report.stopped or self.stopping.is_set():
                report.queued += len(items)
                continue
            try:
                report.delivered += self._channel(channel, items)
            except LockLost as exc:
                report.stopped = str(exc)
                logger.error("%s", report.stopped)
            except ConfigurationError as exc:
                report.stopped = (
                    f"Slack refused the configuration ({exc}) for channel {channel}: "
                    "check SLACK_BOT_TOKEN, the bot's scopes and that it is in the "
                    "channel; all alerts stay queued"
                )
                logger.error("%s", report.stopped)
                self._outage(f"refused the configuration ({exc})")
            except DeliveryError as exc:
                report.errors.append(f"delivery to {channel} stopped for this cycle: {exc}")
                logger.warning("delivery to %s stopped for this cycle, alerts stay queued: %s", channel, exc)
                self._outage("could not be reached")
        if report.delivered and not (report.errors or report.stopped or self.dry_run):
            self._recovered(began)
        if not self.dry_run:  # every alert still owed, those waiting for their document too, as status counts
            counts = self.outbox.counts()
            report.queued, report.held = counts["queued"], counts["held"]
        elif held:
            print(f"({held} sector alerts wait for the next sector digest)")
        return report

    def _outage(self, reason: str) -> None:
        if not self.dry_run:
            self.outbox.outage(reason)

    def _recovered(self, began) -> None:
        """After an outage, one message to ops saying how long it lasted and what it held,
        posted now, where the recovery is seen."""
        told = self.outbox.recovered(since=began, found=self.found)
        if told is None:
            return
        logger.info("%s", told.body)
        channel = self.slack.channel_for(AlertKind.RECOVERED.route)
        with contextlib.suppress(DeliveryError):  # it stays queued for the next cycle
            self._send(Alert, told.id, channel, None, ops_post(told), ALERT_EVENT, "alert_id", None)

    def _sector_due(self) -> bool:
        """Whether the sector digest may go: at most one each `sector_digest_hours`."""
        last = self.outbox.last_delivered(AlertKind.SECTOR)
        return last is None or utcnow() - last >= timedelta(hours=self.slack.sector_digest_hours)

    def _channel(self, channel: str, items: list[tuple[Alert, Publication | None]]) -> int:
        # A change to a publication already alerted is a short note, never part of a digest.
        # Other authorities' publications always go as one sector digest, never one by one.
        fresh: list[int] = []
        sector: list[int] = []
        for a, p in items:
            if p and a.kind != AlertKind.CHANGED and a.digest_id is None and a.sending_at is None:
                (sector if a.kind == AlertKind.SECTOR else fresh).append(a.id)
        if sector:
            if self.dry_run:
                listed = [(a, p) for a, p in items if p is not None and a.id in sector]
                self._print(channel, sector_digest_post(0, listed, self.origins), None)
                sector = []
            else:
                gathered = self.outbox.open_digest(channel, sector)
                for alert, _ in items:
                    if alert.id in sector:
                        alert.digest_id = gathered.id
        # News and history posted on request are never one digest: each is its own burst.
        requested = {a.id for a, _ in items if a.on_request}
        for burst in ([i for i in fresh if i not in requested], [i for i in fresh if i in requested]):
            if len(burst) <= self.slack.digest_threshold:
                continue
            if self.dry_run:
                listed = [(a, p) for a, p in items if p is not None and a.id in burst]
                self._print(channel, digest_post(0, listed, self.origins), None)
            else:
                digest = self.outbox.open_digest(channel, burst)
                for alert, _ in items:
                    if alert.id in burst:
                        alert.digest_id = digest.id
        digests = self.outbox.digests({a.digest_id for a, _ in items if a.digest_id})
        elsewhere: set[int] = set()  # digests another cycle is delivering, with their alerts
        # A burst's digest goes first, its alerts threaded under it; the sector digest goes
        # last, after the home authorities' own alerts, which matter more.
        ordered = sorted(digests.values(), key=lambda d: d.id)
        bursts = [d for d in ordered if not self._is_sector(d, items)]
        for digest in bursts:
            self._post_digest(digest, items, channel, elsewhere)
        delivered = 0
        for alert, publication in items:
            if self.stopping.is_set():  # shutdown: the rest stay queued for the restart
                break
            if alert.digest_id in elsewhere or alert.kind == AlertKind.SECTOR:
                continue  # another cycle's, or told in the sector digest below

            thread = digests[alert.digest_id].message_ts if alert.digest_id else None
            # Everything about a publication stays with its first message: an update edits
            # it and replies in its thread, a copy sent again points back to it.
            original = self.outbox.original(publication.id) if publication else None
            told = original if original and original.delivered_at and original.id != alert.id else None
            if publication and told and alert.kind == AlertKind.CHANGED:
                delivered += self._changed(alert, publication, told, channel)
                continue
            if publication:
                post = self._alert_post(alert, publication)
                if told and alert.kind == AlertKind.RESENT:
                    post = sent_again(post, told)
                elif self.outage_held and alert.created_at < self.outage_held[0]:
                    post = posted_late(post, alert.created_at, self.outage_held[1], utcnow())
            elif alert.kind == AlertKind.NEWS:
                prepared = self._news(alert, channel)
                if prepared is None:
                    continue
                post, thread = prepared
            else:
                post = ops_post(alert)
            if self._send(Alert, alert.id, channel, alert.sending_at, post, ALERT_EVENT, "alert_id", thread):
                delivered += 1
        for digest in (d for d in ordered if d not in bursts):
            if self.stopping.is_set():
                break
            self._post_digest(digest, items, channel, elsewhere)
            if digest.id in elsewhere:
                continue
            for alert, _ in items:  # each told in its digest's message
                if alert.digest_id == digest.id:
                    self.outbox.mark_delivered(
                        Alert,
                        alert.id,
                        digest.delivered_to or channel,
                        digest.message_ts,
                        permalink=self.digest_links.get(digest.id),
                    )
                    delivered += 1
        return delivered

    def _alert_post(self, alert: Alert, publication: Publication) -> Post:
        """A publication's alert, with its journey from the store and the texts of the
        letter and the one before it, to tell what changed since."""
        earlier, texts = journeys.stored(self.outbox, publication)
        # Another authority's publication alerted on its own is a peer's, and says so.
        peer = self.home is not None and publication.urn not in self.home
        return alert_post(
            alert, publication, earlier, self.origins, self.compare(publication), texts, peer=peer
        )

    @staticmethod
    def _is_sector(digest: Digest, items: list[tuple[Alert, Publication | None]]) -> bool:
        return any(a.kind == AlertKind.SECTOR for a, _ in items if a.digest_id == digest.id)

    def _post_digest(
        self, digest: Digest, items: list[tuple[Alert, Publication | None]], channel: str, elsewhere: set[int]
    ) -> None:
        """Post a digest not yet delivered, listing its members; noted in `elsewhere` when
        another cycle holds it."""
        if digest.delivered_at is not None:
            return
        members = [(a, p) for a, p in items if p is not None and a.digest_id == digest.id]
        listing = sector_digest_post if members[0][0].kind == AlertKind.SECTOR else digest_post
        posted = self._send(
            Digest,
            digest.id,
            channel,
            digest.sending_at,
            listing(digest.id, members, self.origins),
            DIGEST_EVENT,
            "digest_id",
            None,
        )
        if posted is None:
            elsewhere.add(digest.id)
        else:
            digest.message_ts, digest.delivered_to = posted.ts, posted.channel_id
            self.digest_links[digest.id] = posted.permalink

    def _changed(self, alert: Alert, publication: Publication, original: Alert, channel: str) -> bool:
        """A publication already alerted changed: its message is edited to show it as it is
        now, and one reply in its thread says what changed. Nothing is posted again whole."""
        if original.message_ts and original.delivered_to:
            edited = self._alert_post(alert, publication)
            # The edited message keeps its own identity, so a search for it still finds it.
            edited.metadata = {
                "event_type": ALERT_EVENT,
                "event_payload": {"publication_id": publication.id, "alert_id": original.id},
            }
            if self.dry_run:
                print(f"(edit of message {original.message_ts} in {original.delivered_to})")
                self._print(original.delivered_to, edited, original.thread_ts)
            elif self._fenced(Alert, alert.id):  # an edit is a post too: fenced like one
                self.reporter.update(original.delivered_to, original.message_ts, edited)
            else:
                return False
            channel = original.delivered_to
        thread = original.thread_ts or original.message_ts
        note = change_post(alert, publication)
        posted = self._send(Alert, alert.id, channel, alert.sending_at, note, ALERT_EVENT, "alert_id", thread)
        return posted is not None

    def _news(self, alert: Alert, channel: str) -> tuple[Post, str | None] | None:
        """A news alert and its thread: under its letter's alert when that is in this
        channel; None while the letter's own alert is still to be delivered."""
        if alert.news_id is None:
            raise LookupError(f"news alert {alert.id} names no news item")
        item, letter = self.outbox.news_item(alert.news_id)
        letter_alert = self.outbox.original(letter.id) if letter else None
        if letter_alert and letter_alert.delivered_at is None:
            return None  # the letter's alert goes first; this waits for the next cycle
        thread = None
        if letter_alert and letter_alert.channel == channel and letter_alert.message_ts:
            thread = letter_alert.thread_ts or letter_alert.message_ts
        post = news_post(alert, item, letter, self.origins, threaded=thread is not None)
        return post, thread

    def _send(
        self,
        kind,
        message_id: int,
        channel: str,
        sending_at,
        post: Post,
        event: str,
        key: str,
        thread_ts: str | None,
    ) -> Posted | None:
        """Post one message, once; None when another cycle holds it."""
        if self.dry_run:
            self._print(channel, post, thread_ts)
            return Posted(channel, None)
        if not self._fenced(kind, message_id):
            return None
        if sending_at is not None:
            found = self._find(kind, message_id, channel, sending_at, event, key, thread_ts)
            if found:
                return found
        self._pace(channel)
        if not self.outbox.mark_sending(kind, message_id, channel, self.cycle_id):
            raise LockLost(
                f"{kind.__name__.lower()} {message_id} was taken over by a newer cycle; this cycle "
                "stops delivering, and the alerts left go with that one"
            )
        try:
            posted = self.reporter.post(channel, post, thread_ts)
        except DeliveryError as exc:
            self.outbox.mark_failed(kind, message_id, str(exc), posted_maybe=exc.posted_maybe)
            raise
        self.outbox.mark_delivered(
            kind, message_id, posted.channel_id, posted.ts, thread_ts, permalink=posted.permalink
        )
        # The console has no message id to give: only a Slack post is named by its ts.
        stamp = f" (ts {posted.ts})" if posted.ts else ""
        logger.info("%s %s delivered to %s%s", kind.__name__.lower(), message_id, posted.channel_id, stamp)
        return posted

    def _fenced(self, kind, message_id: int) -> bool:
        """Whether this cycle may send the message now: it still holds the cycle lock (else
        LockLost) and has claimed the message (False when another cycle has)."""
        if not self.holds_lock():
            raise LockLost(
                "this cycle lost the cycle lock; it stops delivering, and the alerts left go "
                "with the next cycle"
            )
        if not self.outbox.claim(kind, message_id, self.cycle_id, self.fence):
            logger.warning(
                "%s %s is being delivered by another cycle; left to it", kind.__name__.lower(), message_id
            )
            return False
        return True

    def _find(self, kind, message_id, channel, sending_at, event, key, thread_ts) -> Posted | None:
        """After an attempt of unknown outcome: the message, if Slack has it after all."""
        channel_id = (
            channel
            if is_channel_id(channel)
            else self.outbox.channel_id(channel) or self.reporter.resolve(channel)
        )
        if channel_id is None:
            logger.warning(
                "%s %s: the last attempt's outcome is unknown, and the id of %s "
                "cannot be found to check (set the channel's id in the config, or "
                "grant channels:read); posting again",
                kind.__name__.lower(),
                message_id,
                channel,
            )
            return None
        found = self.reporter.find(channel_id, event, key, message_id, sending_at, thread_ts)
        if found and kind is Alert:
            self.found.add(message_id)
        if found:
            self.outbox.mark_delivered(
                kind, message_id, found.channel_id, found.ts, thread_ts, permalink=found.permalink
            )
            logger.info(
                "%s %s was already in Slack (ts %s); recorded, not posted again",
                kind.__name__.lower(),
                message_id,
                found.ts,
            )
        return found

    def _pace(self, channel: str) -> None:
        """About one message a second per channel, Slack's posting limit."""
        wait = self.last_post.get(channel, 0.0) + self.slack.pace - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last_post[channel] = time.monotonic()

    @staticmethod
    def _print(channel: str, post: Post, thread_ts: str | None) -> None:
        payload = {
            "channel": channel,
            "thread_ts": thread_ts,
            "text": post.text,
            "blocks": post.blocks,
            "metadata": post.metadata,
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))

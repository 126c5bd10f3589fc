"""The product's words, each defined once: publication types, their labels, visit ordinals,
the kinds of alert and of failure, and the statuses of a document's reading and of a cycle.

Every layer may import this module and it imports none of them. The values are the
strings stored in the database, so an enum member and its stored string compare equal.
"""

from __future__ import annotations

import re
from enum import IntEnum, StrEnum
from typing import assert_never


class PublicationType(StrEnum):
    MONITORING_VISIT = "monitoring-visit"
    FOCUSED_VISIT = "focused-visit"
    ILACS = "ilacs"  # a full inspection of local authority children's services
    JTAI = "jtai"
    AREA_SEND = "area-send"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _TYPE_LABELS[self]

    @property
    def is_letter(self) -> bool:
        """A visit letter, as opposed to a full inspection's report."""
        return self in (self.MONITORING_VISIT, self.FOCUSED_VISIT, self.JTAI)

    @classmethod
    def of(cls, value: str | None) -> PublicationType:
        """The type a stored string names; an unknown one is OTHER, never an error."""
        try:
            return cls(value or cls.OTHER)
        except ValueError:
            return cls.OTHER


_TYPE_LABELS = {
    PublicationType.MONITORING_VISIT: "Monitoring visit letter",
    PublicationType.FOCUSED_VISIT: "Focused visit letter",
    PublicationType.ILACS: "Inspection report",
    PublicationType.JTAI: "Joint targeted area inspection letter",
    PublicationType.AREA_SEND: "Area SEND inspection report",
    PublicationType.OTHER: "Ofsted publication",
}


def counted(number: int, one: str, many: str) -> str:
    """A number with its noun, as the product says it: "1 publication", "3 publications"."""
    return f"{number} {one if number == 1 else many}"


# The ordinals monitoring letters write ("the fifth monitoring visit").
ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
)


def ordinal(number: int) -> str:
    """ "fifth" for 5, as the letters write it; "16th" beyond the words they use."""
    if 1 <= number <= len(ORDINALS):
        return ORDINALS[number - 1]
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class ReadStatus(StrEnum):
    """Where a publication's document stands in being read."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"  # retried on the next read of its source
    GAVE_UP = "gave-up"  # failed max_attempts times
    SKIPPED = "skipped"  # the document is on an untrusted host


SETTLED_READS = (ReadStatus.DONE, ReadStatus.GAVE_UP, ReadStatus.SKIPPED)


class AlertKind(StrEnum):
    """What an alert in the outbox is about."""

    NEW = "new"  # a publication found
    CHANGED = "changed"  # a publication already alerted changed (or gained its summary)
    RESENT = "resent"  # a publication's alert posted again, as ops asked (resend)
    NEWS = "news"  # a sector news story
    SECTOR = "sector"  # another authority's publication, for the sector digest
    OPS = "ops"  # a message to ops: a source broke, or still is broken
    RECOVERED = "recovered"  # a message to ops: a source works again

    @property
    def route(self) -> str:
        """The [slack.routes] key that sends it: "ops" for both kinds of ops message."""
        return "ops" if self in (AlertKind.OPS, AlertKind.RECOVERED) else self.value


# A document's link names its publication: the numeric file id ending it is the
# publication's id (".../v1/file/50300001").
FILE_ID = re.compile(r"/file/(\d+)/?$")

# The reports site's listing of every authority, read as one source (`[ofsted] sector`).
# A source's key starts with what reads it: "ofsted:80492", "news:Community Care".
NEWS_PREFIX = "news:"
SECTOR_SOURCE = "ofsted:sector"
SECTOR_NAME = "the sector listing"
# How an alert of a peer's own (an authority watched beside the home ones) names itself.
PEER = "Peer"
# A sector backfill's cycle ids begin so: it runs beside the home cycles, under its own lock.
BACKFILL_CYCLE = "backfill-"


class FailureKind(StrEnum):
    """Why a read of a source, or a cycle, failed: what decides how it is told (see
    errors.Failure, which says it in words)."""

    READ = "read"  # no answer, or an HTTP error after retries; a failure of no other kind
    UNUSABLE = "unusable"  # an answer that is no usable page: an error page, truncated, not HTML
    LAYOUT = "layout"  # the page no longer looks as it did
    URN = "urn"  # the site answered for an authority with another provider's page
    ITEMS = "items"  # items of the source failed in the pipelines and were not stored
    CRAWL = "crawl"  # the crawl ended without the source's result: timed out, or exited
    DELIVERY = "delivery"  # alerts could not be delivered
    CYCLE = "cycle"  # the cycle itself stopped, was interrupted, or its process died

    @property
    def told_at_once(self) -> bool:
        """Health tells ops at once, not after the outage threshold: it is no outage, and
        waiting would only hide it (a layout change; a watch that needs a new URN)."""
        return _traits(self)[0]

    @property
    def prefix(self) -> str:
        """What its words begin with."""
        return _traits(self)[1]

    @property
    def hint(self) -> str | None:
        """What its words end with: the question ops have to answer."""
        return _traits(self)[2]


def _traits(kind: FailureKind) -> tuple[bool, str, str | None]:
    """How a kind of failure is told: at once or not, and the words around its detail.
    Every kind is named, so that the type checker points here at a new one."""
    match kind:
        case FailureKind.LAYOUT:
            return True, "", "(has the layout changed?)"
        case FailureKind.URN:
            return True, "", "(has the authority's URN changed?)"
        case FailureKind.DELIVERY:
            return False, "alerts: ", None
        case (
            FailureKind.READ
            | FailureKind.UNUSABLE
            | FailureKind.ITEMS
            | FailureKind.CRAWL
            | FailureKind.CYCLE
        ):
            return False, "", None
        case _:
            assert_never(kind)


class CycleStatus(StrEnum):
    RUNNING = "running"
    OK = "ok"
    # The home authorities' pages were read and their alerts delivered, but a news or
    # sector source failed: the watch did its job, and ops are told of the source.
    DEGRADED = "degraded"
    FAILED = "failed"
    INTERRUPTED = "interrupted"
    TIMED_OUT = "timed-out"


# The cycles that did the watch's job: the last of them is the service's last success.
SUCCEEDED = (CycleStatus.OK, CycleStatus.DEGRADED)


class ExitCode(IntEnum):
    """What a command (or the crawl child) exits with."""

    OK = 0
    FAILED = 1  # something failed, and said why
    USAGE = 2  # the config or the command line is wrong
    NO_STORE = 3  # the crawl child could not open the store
    ORPHANED = 4  # the crawl child's cycle died
    DEADLINE = 5  # the crawl child passed its own deadline
    DEGRADED = 6  # the cycle did the home watch's job, but a news or sector source failed

"""What a reporter is: where alerts go (Slack, or the console), what a post returns and
how it fails. Delivery speaks to this seam alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from alerts.blocks import Post


@dataclass(frozen=True)
class Posted:
    """Where a message went: the channel's id, the message's ts (None on the console) and,
    where Slack gave one, a link to it."""

    channel_id: str
    ts: str | None
    permalink: str | None = None


class DeliveryError(Exception):
    """A post that failed. posted_maybe: it may have arrived all the same (outcome unknown)."""

    def __init__(self, message: str, *, posted_maybe: bool):
        super().__init__(message)
        self.posted_maybe = posted_maybe


class ConfigurationError(DeliveryError):
    """The destination refused the token or channel: delivery stops until ops fix it."""


class Reporter(Protocol):
    def post(self, channel: str, post: Post, thread_ts: str | None = None) -> Posted:
        """Send one message; raises DeliveryError."""
        ...

    def update(self, channel_id: str, ts: str, post: Post) -> None:
        """Replace a message already sent (idempotent); raises DeliveryError."""
        ...

    def resolve(self, channel: str) -> str | None:
        """A channel name's id, where it can be found."""
        ...

    def find(
        self,
        channel_id: str,
        event_type: str,
        key: str,
        value: object,
        since: datetime,
        thread_ts: str | None = None,
    ) -> Posted | None:
        """The message sent since `since` carrying this metadata, if it arrived."""
        ...

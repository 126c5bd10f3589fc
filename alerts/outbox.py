"""Delivery of queued alerts: each is marked delivered only after its reporter succeeded."""

from __future__ import annotations

import logging

from storage import Store

logger = logging.getLogger(__name__)


def deliver(store: Store, reporter) -> int:
    """Send every queued alert, oldest first; returns how many were delivered."""
    delivered = 0
    for alert, publication in store.queued_alerts():
        ts = reporter.send(alert, publication)
        store.mark_delivered(alert.id, reporter.destination, ts)
        delivered += 1
        logger.info("alert %s for publication %s delivered to %s", alert.id, publication.id,
                    reporter.destination)
    return delivered

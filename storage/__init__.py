"""Persistence: publications, the alert outbox, sources and cycle records."""

from storage.store import Change, Store

__all__ = ["Change", "Store"]

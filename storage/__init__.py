"""Persistence: publications, the alert outbox, sources and cycle records."""

from storage.publications import Change
from storage.store import Store

__all__ = ["Change", "Store"]

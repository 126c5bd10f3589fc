"""What ops ask of the store to recover: an alert sent again, a document read again,
and the alerts a range of publications never had (backfill), told as the sector rules
would have told them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage.models import Alert, Publication
from storage.store import Store, fetch, utcnow
from vocabulary import AlertKind, ReadStatus


class Recovery:
    def __init__(self, store: Store):
        self.store = store

    def resend(self, publication_id: str) -> int:
        """Queue a publication's alert again, to be posted as a new message; its alert id."""
        with self.store.session() as s:
            fetch(s, Publication, publication_id)
            alert = Alert(
                publication_id=publication_id, kind=AlertKind.RESENT, created_at=utcnow(), attempts=0
            )
            s.add(alert)
            s.flush()
            return alert.id

    def backfill(self, since: date, until: date | None, home_urns: set[str]) -> tuple[int, int]:
        """Queue an alert for each publication published in the range that never had one
        (a baseline's, say): the home authorities' as their own alerts, every other
        authority's only for the sector digest, as a sweep would have told them. How many
        of each. Run twice, the second queues nothing."""
        query = select(Publication).where(
            Publication.published >= since,
            ~select(Alert.id).where(Alert.publication_id == Publication.id).exists(),
        )
        if until is not None:
            query = query.where(Publication.published <= until)
        now = utcnow()
        with self.store.session() as s:
            found = list(s.scalars(query.order_by(Publication.published, Publication.id)))
            kinds = {p.id: AlertKind.NEW if p.urn in home_urns else AlertKind.SECTOR for p in found}
            s.add_all(
                Alert(publication_id=p.id, kind=kinds[p.id], created_at=now, attempts=0, on_request=True)
                for p in found
            )
        home = sum(1 for kind in kinds.values() if kind == AlertKind.NEW)
        return home, len(found) - home

    def reread(self, publication_id: str) -> str:
        """Read a publication's document again on the next cycle, with its attempts afresh;
        the status it had."""
        with self.store.session() as s:
            publication = fetch(s, Publication, publication_id)
            was = publication.read_status
            publication.read_status, publication.read_attempts = ReadStatus.PENDING, 0
            return was

"""Sector news in the store: one story once for each authority it reports on, linked to
the publication it reports on, and which stories were read for which authorities."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date, timedelta
from difflib import SequenceMatcher
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import or_, select

from storage.models import Alert, NewsItem, NewsRead, Publication
from storage.publications import Change
from storage.store import Store, utcnow
from vocabulary import AlertKind

# Query parameters that track readers rather than name the page.
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_[ce]id|ref|source|cmp|at_\w+|_hs\w+)$", re.I)
# Two titles this alike, published this close together, are one story from two sources.
SAME_TITLE = 0.9
SAME_STORY_DAYS = 3
# A story may carry an earlier date than the publication it reports on (dated by its
# time zone or its first draft): a publication this many days after it is still near.
PUBLISHED_AFTER_DAYS = 2


def canonical_url(url: str) -> str:
    """The URL without tracking parameters, fragment, default port or trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not TRACKING.match(k)))
    return urlunsplit(
        (
            "https" if parts.scheme in ("http", "https") else parts.scheme,
            host,
            parts.path.rstrip("/") or "/",
            query,
            "",
        )
    )


def _title_key(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.lower()).split())


def same_story(a: NewsItem, title: str, published: date | None) -> bool:
    if a.published and published and abs((a.published - published).days) > SAME_STORY_DAYS:
        return False
    return SequenceMatcher(None, _title_key(a.title), _title_key(title)).ratio() >= SAME_TITLE


def _near(urn: str, published: date | None):
    """The authority's stories that could be this one: undated, or dated close to it."""
    query = select(NewsItem).where(NewsItem.urn == urn)
    if published is None:
        return query
    close = timedelta(days=SAME_STORY_DAYS)
    return query.where(
        or_(NewsItem.published.is_(None), NewsItem.published.between(published - close, published + close))
    )


class News:
    def __init__(self, store: Store):
        self.store = store

    def record(self, fields: dict, *, alert: bool, window_days: int) -> tuple[Change, NewsItem | None]:
        """Store a relevant news item for its authority unless it is a story already known
        for that authority.

        `fields["kind"]` is the type of publication the story reports on the authority;
        the item links to the authority's publication of that type published near it.
        """
        canonical = canonical_url(fields["url"])
        with self.store.session() as s:
            known = select(NewsItem.id).where(
                NewsItem.canonical_url == canonical, NewsItem.urn == fields["urn"]
            )
            if s.scalar(known):
                return Change.KNOWN, None
            if any(
                same_story(item, fields["title"], fields["published"])
                for item in s.scalars(_near(fields["urn"], fields["published"]))
            ):
                return Change.KNOWN, None
            item = NewsItem(
                **fields,
                # One row for each authority a story reports on (a round-up has several).
                id=hashlib.sha1(f"{canonical} {fields['urn']}".encode()).hexdigest()[:16],
                canonical_url=canonical,
                first_seen=utcnow(),
                links_to=self._reported(s, fields, window_days),
            )
            s.add(item)
            s.flush()
            if alert:
                s.add(Alert(kind=AlertKind.NEWS, news_id=item.id, created_at=utcnow(), attempts=0))
            return Change.NEW, item

    @staticmethod
    def _reported(s, fields: dict, window_days: int) -> str | None:
        """The publication this story reports on: the authority's, of the kind the story
        reports, published within the window before it (or a day or two after); the
        nearest such one. A story of no known kind links only to the one publication
        in the window."""
        published = fields["published"] or utcnow().date()
        query = select(Publication).where(
            Publication.urn == fields["urn"],
            Publication.published <= published + timedelta(days=PUBLISHED_AFTER_DAYS),
            Publication.published >= published - timedelta(days=window_days),
        )
        near = list(s.scalars(query))
        candidates = [p for p in near if p.type == fields.get("kind")] or (near if len(near) == 1 else [])
        best = min(candidates, key=lambda p: abs((published - (p.published or published)).days), default=None)
        return best.id if best else None

    def read(self, url: str, urns: Iterable[str]) -> None:
        """Remember that the story at the URL was read for these authorities (those its
        listing named), whatever it was found to report: it is not fetched again for
        them, but is for an authority a listing names later."""
        canonical = canonical_url(url)
        with self.store.session() as s:
            found = s.get(NewsRead, canonical)
            before = set(found.urns.split()) if found else set()
            if found is None:
                found = NewsRead(canonical_url=canonical, urns="")
                s.add(found)
            found.urns = " ".join(sorted(before | set(urns)))
            found.read_at = utcnow()

    def known(self, urls: Iterable[str]) -> dict[str, set[str]]:
        """For each of the URLs whose story is stored or was read already, the URNs of
        the authorities it was stored or read for."""
        canonical = {canonical_url(url): url for url in urls}
        found: dict[str, set[str]] = {}
        with self.store.session() as s:
            stored = s.execute(
                select(NewsItem.canonical_url, NewsItem.urn).where(NewsItem.canonical_url.in_(canonical))
            )
            for url, urn in stored:
                found.setdefault(canonical[url], set()).add(urn)
            for read in s.scalars(select(NewsRead).where(NewsRead.canonical_url.in_(canonical))):
                found.setdefault(canonical[read.canonical_url], set()).update(read.urns.split())
        return found

    def items(self, since: date | None = None) -> list[NewsItem]:
        query = select(NewsItem)
        if since is not None:
            query = query.where(NewsItem.published >= since)
        with self.store.session() as s:
            return list(s.scalars(query.order_by(NewsItem.published.desc())))

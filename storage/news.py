"""Sector news in the store: one story once, linked to the publication it reports on."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date, timedelta
from difflib import SequenceMatcher
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import or_, select

from storage.models import Alert, NewsItem, Publication
from storage.store import Change, Store, utcnow
from vocabulary import AlertKind

# Query parameters that track readers rather than name the page.
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_[ce]id|ref|source|cmp|at_\w+|_hs\w+)$", re.I)
# Two titles this alike, published this close together, are one story from two sources.
SAME_TITLE = 0.9
SAME_STORY_DAYS = 3


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

    def record(
        self, fields: dict, *, kinds: Iterable[str], alert: bool, window_days: int
    ) -> tuple[Change, NewsItem | None]:
        """Store a relevant news item for its authority unless it is a story already known
        for that authority.

        `kinds` are the publication types the article names; the item links to the
        authority's publication of such a type published within `window_days` before it.
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
                links_to=self._reported(s, fields, set(kinds), window_days),
            )
            s.add(item)
            s.flush()
            if alert:
                s.add(Alert(kind=AlertKind.NEWS, news_id=item.id, created_at=utcnow(), attempts=0))
            return Change.NEW, item

    @staticmethod
    def _reported(s, fields: dict, kinds: set[str], window_days: int) -> str | None:
        """The publication this story reports on: the authority's, of a kind the story
        names, published within the window before it; the nearest such one."""
        published = fields["published"] or utcnow().date()
        query = select(Publication).where(
            Publication.urn == fields["urn"],
            Publication.published <= published,
            Publication.published >= published - timedelta(days=window_days),
        )
        candidates = list(s.scalars(query))
        if kinds:
            candidates = [p for p in candidates if p.type in kinds]
        elif len(candidates) != 1:
            return None  # no kind named: only an unambiguous match is a link
        best = max(candidates, key=lambda p: p.published, default=None)
        return best.id if best else None

    def known(self, urls: Iterable[str]) -> set[str]:
        """Those of the URLs whose story is stored already (by canonical URL)."""
        canonical = {canonical_url(url): url for url in urls}
        with self.store.session() as s:
            found = s.scalars(select(NewsItem.canonical_url).where(NewsItem.canonical_url.in_(canonical)))
            return {canonical[c] for c in found}

    def items(self, since: date | None = None) -> list[NewsItem]:
        query = select(NewsItem)
        if since is not None:
            query = query.where(NewsItem.published >= since)
        with self.store.session() as s:
            return list(s.scalars(query.order_by(NewsItem.published.desc())))

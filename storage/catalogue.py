"""Publications and coverage as people browse them: filters, full-text search, pages.

Read only. Search uses the full-text index of migration 0009: SQLite's FTS5, PostgreSQL's
tsvector. A person's words are searched as words (all of them, stemmed), and words in
double quotes as a phrase, in that order; never as the engine's query syntax, so no input
can make a query fail or match what it should not. Each result comes with a snippet of
its text around the first match, for people to check a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import Select, func, literal_column, select, text
from sqlalchemy.orm import load_only, undefer

from storage.models import Alert, NewsItem, Publication
from storage.store import Store
from vocabulary import AlertKind

PAGE_SIZE = 25
# A search reads at most this many words, each at most this long.
MAX_WORDS = 12
MAX_WORD = 40


@dataclass(frozen=True)
class Filters:
    """What a person asked for; each field is in the page's URL, so it can be shared."""

    authority: str | None = None  # a URN
    type: str | None = None
    since: date | None = None
    until: date | None = None
    q: str | None = None
    page: int = 1

    def terms(self) -> list[list[str]]:
        """What to search for: each a phrase (words in double quotes) or a single word."""
        found: list[list[str]] = []
        for quoted, loose in re.findall(r'"([^"]*)"?|([^"\s]+)', self.q or ""):
            words = [w[:MAX_WORD] for w in re.findall(r"\w+", quoted or loose)]
            found += [words] if quoted else [[w] for w in words]
        kept, count = [], 0
        for term in (t for t in found if t):
            if count + len(term) > MAX_WORDS:
                break
            kept.append(term)
            count += len(term)
        return kept

    def at(self, page: int) -> Filters:
        return replace(self, page=page)


@dataclass(frozen=True)
class Found:
    publications: list[Publication]
    total: int
    filters: Filters

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


class Catalogue:
    def __init__(self, store: Store):
        self.store = store
        self.dialect = store.engine.dialect.name

    def publications(self, filters: Filters, *, limit: int = PAGE_SIZE) -> Found:
        """One page of publications, newest first, and how many match in all."""
        query = self._filtered(select(Publication), filters)
        counted = self._filtered(select(func.count()).select_from(Publication), filters)
        ordered = query.order_by(*self._newest_first())
        page = max(1, filters.page)
        with self.store.session() as s:
            total = s.scalar(counted) or 0
            found = list(s.scalars(ordered.limit(limit).offset((page - 1) * limit)))
        return Found(found, total, filters)

    def _newest_first(self) -> list:
        """Newest first, undated last, in the order index ix_publications_newest holds
        (SQLite sorts NULL below every date already; PostgreSQL must be told)."""
        published = Publication.published.desc()
        if self.dialect != "sqlite":
            published = published.nulls_last()
        return [published, Publication.first_seen.desc(), Publication.id.desc()]

    def _filtered(self, query: Select, filters: Filters) -> Select:
        if filters.authority:
            query = query.where(Publication.urn == filters.authority)
        if filters.type:
            query = query.where(Publication.type == filters.type)
        if filters.since:
            query = query.where(Publication.published >= filters.since)
        if filters.until:
            query = query.where(Publication.published <= filters.until)
        if terms := filters.terms():
            query = query.where(self._matches(terms))
        return query

    def _matches(self, terms: list[list[str]]):
        if self.dialect == "sqlite":
            # Each term in double quotes: FTS5 reads it as a phrase of words (a single word
            # is a phrase of one), never as query syntax; the words are \w+ alone.
            phrase = " ".join('"' + " ".join(term) + '"' for term in terms)
            matching = text("SELECT rowid FROM publication_search WHERE publication_search MATCH :phrase")
            return literal_column("publications.rowid").in_(matching.bindparams(phrase=phrase))
        names = {f"t{i}": " ".join(term) for i, term in enumerate(terms)}
        query = " && ".join(f"phraseto_tsquery('english', :{name})" for name in names)
        return text(f"publications.search @@ ({query})").bindparams(**names)

    def snippets(
        self, publications: list[Publication], filters: Filters
    ) -> dict[str, list[tuple[str, bool]]]:
        """For each publication whose text holds the first term searched for: the words
        around it, as (text, is it the match) parts."""
        terms = filters.terms()
        if not terms or not publications:
            return {}
        query = select(Publication.id, Publication.text).where(
            Publication.id.in_([p.id for p in publications])
        )
        with self.store.session() as s:
            texts = {row.id: row.text for row in s.execute(query)}
        found = {}
        for publication_id, body in texts.items():
            if body and (parts := snippet(body, terms)):
                found[publication_id] = parts
        return found

    def publication(self, publication_id: str) -> Publication | None:
        """One publication, its document's text loaded (the page shows it)."""
        with self.store.session() as s:
            return s.get(Publication, publication_id, options=[undefer(Publication.text)])

    def authority(self, urn: str) -> list[Publication]:
        """Every publication of one authority, oldest first: its inspection journey."""
        query = (
            select(Publication)
            .where(Publication.urn == urn)
            .order_by(Publication.published.is_(None), Publication.published, Publication.id)
        )
        with self.store.session() as s:
            return list(s.scalars(query))

    def authorities(self) -> list[tuple[str, str]]:
        """(URN, name) of every authority with a publication stored, by name."""
        query = select(Publication.urn, func.min(Publication.authority)).group_by(Publication.urn)
        with self.store.session() as s:
            return sorted(((u, n) for u, n in s.execute(query)), key=lambda pair: pair[1])

    def coverage(self, *, publication_id: str | None = None, limit: int = 200) -> list[NewsItem]:
        """Sector news, newest first: all of it, or what reports on one publication."""
        query = select(NewsItem)
        if publication_id is not None:
            query = query.where(NewsItem.links_to == publication_id)
        query = query.order_by(NewsItem.published.is_(None), NewsItem.published.desc(), NewsItem.id)
        with self.store.session() as s:
            return list(s.scalars(query.limit(limit)))

    def news_count(self, urn: str) -> int:
        """How many sector news stories about the authority are stored."""
        with self.store.session() as s:
            return s.scalar(select(func.count()).select_from(NewsItem).where(NewsItem.urn == urn)) or 0

    def reported(self, items: list[NewsItem]) -> dict[str, Publication]:
        """The publications these stories report on, by id, in one query: their type and
        date alone (a story shows no more of its letter), not their facts, summary or text."""
        wanted = {item.links_to for item in items if item.links_to}
        if not wanted:
            return {}
        shown = load_only(Publication.id, Publication.type, Publication.published, raiseload=True)
        query = select(Publication).options(shown).where(Publication.id.in_(wanted))
        with self.store.session() as s:
            return {p.id: p for p in s.scalars(query)}

    def first_alert(self, publication_id: str) -> Alert | None:
        """The publication's first delivered alert: when and where people were told, on
        its own or in the sector digest."""
        query = (
            select(Alert)
            .where(
                Alert.publication_id == publication_id,
                Alert.kind.in_((AlertKind.NEW, AlertKind.SECTOR, AlertKind.RESENT)),
                Alert.delivered_at.is_not(None),
            )
            .order_by(Alert.delivered_at)
        )
        with self.store.session() as s:
            return s.scalars(query.limit(1)).first()

    def last_change(self) -> datetime | None:
        """When anything a page shows last changed: for Last-Modified and ETags."""
        with self.store.session() as s:
            moments = [
                s.scalar(select(func.max(Publication.first_seen))),
                s.scalar(select(func.max(Publication.changed_at))),
                s.scalar(select(func.max(Publication.read_at))),
                s.scalar(select(func.max(NewsItem.first_seen))),
            ]
        return max((m for m in moments if m is not None), default=None)


# Characters of context a snippet shows each side of its match.
CONTEXT = 120


def snippet(body: str, terms: list[list[str]]) -> list[tuple[str, bool]] | None:
    """The words around the first place the text holds a term (a phrase before single
    words), as (text, is it the match) parts; None when it holds none as written (the
    search stems words, so a match may be of another form)."""
    for term in sorted(terms, key=len, reverse=True):
        pattern = r"\b" + r"\W+".join(map(re.escape, term)) + r"\w*"
        if hit := re.search(pattern, body, re.IGNORECASE):
            start = max(0, hit.start() - CONTEXT)
            end = min(len(body), hit.end() + CONTEXT)
            # Whole words only at the edges, and one line of text.
            before = body[start : hit.start()].split(" ", 1)[-1] if start else body[: hit.start()]
            after = body[hit.end() : end].rsplit(" ", 1)[0] if end < len(body) else body[hit.end() :]
            lead, tail = " ".join(before.split()), " ".join(after.split())
            return [
                (("…" if start else "") + (f"{lead} " if lead else ""), False),
                (" ".join(hit.group(0).split()), True),
                ((f" {tail}" if tail else "") + ("…" if end < len(body) else ""), False),
            ]
    return None

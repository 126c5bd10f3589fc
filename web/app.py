"""The read-only web pages and feeds for comms staff, over the same store as the service.

    python scheduler.py web [--config FILE]

Starlette with Jinja2 templates, served by uvicorn. Every page works without JavaScript
and loads nothing from the internet. Every scraped string is escaped by the template
engine (autoescape), links go only to https or the configured hosts, and the
Content-Security-Policy allows no script at all. Nothing here writes to the store.
The handlers are plain functions: Starlette runs them in its thread pool, so a slow
query holds up only its own request.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import sys
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import anyio.to_thread
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import authorities
from alerts import journey as journeys
from config import Config, load
from presentation import NEEDS_A_LOOK, status_rows, status_summary
from reader.dates import to_date
from storage.catalogue import Catalogue, Filters
from storage.cycles import Cycles
from storage.outbox import Outbox
from storage.sources import Sources
from storage.store import Store
from vocabulary import PublicationType
from web import feeds, sector, timeline
from wording import day, headline_rest, judgements, rank, safe_url, span, verdict, waiting, which_visit

HERE = Path(__file__).parent
# Links judged and remembered by each process (see Web.templates' "link").
LINKS_KEPT = 20_000
SECURITY_HEADERS = {
    # No script, no inline style, nothing from elsewhere: a hostile title stays text.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# A date as people write it in the UK: 1/12/2026, 01.12.2026, 1 December 2026, 1 Dec 2026.
_NUMERIC_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_NAMED_DAY = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{4})")


def asked_date(text: str) -> date | None:
    """The date a person typed into a filter (a browser's date picker sends YYYY-MM-DD);
    None when it is no date."""
    text = text.strip()[:40]
    with contextlib.suppress(ValueError):
        return date.fromisoformat(text)
    if found := _NUMERIC_DAY.fullmatch(text) or _NAMED_DAY.fullmatch(text):
        with contextlib.suppress(StopIteration):  # no month has that name
            return to_date(*found.groups())
    return None


def unread_dates(request: Request) -> dict[str, str]:
    """The date filters asked for that are no date, by name, as typed: said on the page,
    never dropped without a word."""
    asked = {name: request.query_params.get(name, "").strip()[:40] for name in ("since", "until")}
    return {name: text for name, text in asked.items() if text and asked_date(text) is None}


def _filters(request: Request) -> Filters:
    """The filters in the URL; a malformed value is left out of the search (and said on
    the page: see unread_dates), never an error page."""
    params = request.query_params

    def when(name: str) -> date | None:
        return asked_date(params.get(name, ""))

    kind = params.get("type") or None
    page = params.get("page", "1")
    return Filters(
        authority=(params.get("authority") or "").strip() or None,
        type=kind if kind in {t.value for t in PublicationType} else None,
        since=when("since"),
        until=when("until"),
        q=(params.get("q") or "").strip()[:200] or None,
        page=int(page) if page.isdecimal() and 0 < int(page) < 10_000 else 1,
    )


def _sector_filters(request: Request) -> dict[str, str]:
    """The sector page's region, name and order, as asked (bounded: they come from anyone)."""
    asked = request.query_params
    return {
        "region": asked.get("region", "")[:100],
        "name": asked.get("name", "")[:100],
        "order": "longest" if asked.get("order") == "longest" else "name",
    }


def slack_link(url: str | None) -> str | None:
    """A Slack message's link, when it is one: https on a slack.com host."""
    host = urlsplit(url).hostname or "" if url else ""
    return safe_url(url, frozenset({("https", host, 443)})) if host.endswith(".slack.com") else None


def query_string(filters: Filters, **changes) -> str:
    """The URL's query for these filters (page 1 left out), so a search can be shared."""
    values = {
        "q": filters.q,
        "authority": filters.authority,
        "type": filters.type,
        "since": filters.since.isoformat() if filters.since else None,
        "until": filters.until.isoformat() if filters.until else None,
        "page": filters.page if filters.page > 1 else None,
    } | changes
    return urlencode({k: v for k, v in values.items() if v})


class Web:
    def __init__(self, config: Config, store: Store | None = None):
        self.config = config
        self.store = store or Store(config.database_url, migrate=False, create=False)  # the pages only read
        self.catalogue = Catalogue(self.store)
        # Read once, as the config is: not again on every view of the sector page.
        self.regions = authorities.regions(config.ofsted.regions_file)
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.globals |= {
            "day": day,
            "span": span,
            "label": lambda kind: PublicationType.of(kind).label,
            "types": list(PublicationType),
            # Judging a link reads the URL as a browser would: a page of 200 stories spent
            # most of its time there, on the same links each time; remembered, boundedly.
            "link": functools.lru_cache(maxsize=LINKS_KEPT)(lambda url: safe_url(url, config.link_origins)),
            "slack_link": slack_link,
            "query": query_string,
            "verdict": verdict,
            "which_visit": which_visit,
            "headline_rest": headline_rest,
            "judgements": judgements,
            "rank": rank,
        }

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/", self.home),
                Route("/publication/{id}", self.publication),
                Route("/authority/{urn}", self.authority),
                Route("/coverage", self.coverage),
                Route("/sector", self.sector),
                Route("/sector.csv", self.sector_csv),
                Route("/status", self.status),
                Route("/feed.atom", self.feed),
                Route("/coverage.atom", self.coverage_feed),
                Route("/publications.csv", self.csv),
                Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
            ],
            exception_handlers={404: self.not_found},
            lifespan=self._lifespan,
        )

    @contextlib.asynccontextmanager
    async def _lifespan(self, app: Starlette) -> AsyncIterator[None]:
        # Pages are rendered in worker threads; Starlette would use as many as 40.
        anyio.to_thread.current_default_thread_limiter().total_tokens = self.config.web.threads
        yield
        self.store.close()

    def page(self, name: str, status: int = 200, **context) -> HTMLResponse:
        body = self.templates.get_template(name).render(**context)
        return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)

    def not_found(self, request: Request, exc: Exception) -> HTMLResponse:
        return self.page("missing.html", 404, title="Not found")

    def home(self, request: Request) -> Response:
        filters = _filters(request)
        found = self.catalogue.publications(filters)
        return self.page(
            "publications.html",
            title="Publications",
            found=found,
            filters=filters,
            unread=unread_dates(request),
            snippets=self.catalogue.snippets(found.publications, filters),
            authorities=self.catalogue.authorities(),
        )

    def publication(self, request: Request) -> Response:
        found = self.catalogue.publication(request.path_params["id"])
        if found is None:
            return self.page("missing.html", 404, title="Not found")
        earlier, texts = journeys.stored(Outbox(self.store), found)
        journey = journeys.of(found, earlier)
        return self.page(
            "publication.html",
            title=f"{PublicationType.of(found.type).label}: {found.authority}",
            p=found,
            way=journeys.under(verdict(found), journeys.line(journey)),
            since=journeys.since_last(journey, texts),
            coverage=self.catalogue.coverage(publication_id=found.id),
            alert=self.catalogue.first_alert(found.id),
        )

    def authority(self, request: Request) -> Response:
        journey = self.catalogue.authority(request.path_params["urn"])
        if not journey:
            return self.page("missing.html", 404, title="Not found")
        return self.page(
            "authority.html",
            title=journey[0].authority,
            # Listed newest first, undated last, as on the home page.
            journey=[p for p in reversed(journey) if p.published] + [p for p in journey if not p.published],
            drawing=timeline.svg(journey),
        )

    def coverage(self, request: Request) -> Response:
        items = self.catalogue.coverage()
        linked = self.catalogue.reported(items)  # one query, however many stories
        return self.page("coverage.html", title="Coverage", items=items, linked=linked)

    def sector(self, request: Request) -> Response:
        found = sector.rows(self.store, self.regions, date.today())
        chosen = _sector_filters(request)
        return self.page(
            "sector.html",
            title="Sector",
            rows=sector.matching(found, **chosen),
            listed=len(found),
            regions=sorted({r.record["region"] for r in found if r.record["region"]}),
            chosen=chosen,
            # The default order is left out of the links; a filter's value never is.
            query=urlencode({k: v for k, v in chosen.items() if v and (k, v) != ("order", "name")}),
        )

    def sector_csv(self, request: Request) -> Response:
        chosen = _sector_filters(request)
        today = date.today()
        return self._cached(
            request,
            lambda: (
                feeds.EXCEL_BOM
                + sector.to_csv(
                    [
                        r.record
                        for r in sector.matching(sector.rows(self.store, self.regions, today), **chosen)
                    ]
                )
            ),
            "text/csv; charset=utf-8",
            f"sector|{urlencode(chosen)}",
            headers={"Content-Disposition": 'attachment; filename="ofsted-sector.csv"'},
            # The days since change with the date, whatever the store does.
            changed_by=datetime.combine(today, time.min),
        )

    def status(self, request: Request) -> Response:
        rows = status_rows(Sources(self.store).all(), self.config.sources)
        return self.page(
            "status.html",
            title="Status",
            summary=status_summary(rows),
            trouble=any(r.health == NEEDS_A_LOOK for r in rows),
            rows=rows,
            cycles=Cycles(self.store).recent(10),
            alerts=Outbox(self.store).counts(),
            waiting=waiting,
        )

    def feed(self, request: Request) -> Response:
        filters = _filters(request).at(1)
        return self._cached(
            request,
            lambda: feeds.publications_atom(
                self.catalogue.publications(filters, limit=feeds.FEED_SIZE).publications,
                self._base(request),
                query_string(filters),
            ),
            feeds.ATOM,
            query_string(filters),
        )

    def coverage_feed(self, request: Request) -> Response:
        return self._cached(
            request,
            lambda: feeds.coverage_atom(self.catalogue.coverage(limit=feeds.FEED_SIZE), self._base(request)),
            feeds.ATOM,
            "coverage",
        )

    def csv(self, request: Request) -> Response:
        filters = _filters(request).at(1)
        return self._cached(
            request,
            lambda: (
                feeds.EXCEL_BOM
                + feeds.publications_csv(
                    self.catalogue.publications(filters, limit=feeds.CSV_SIZE).publications,
                    self._base(request),
                )
            ),
            "text/csv; charset=utf-8",
            query_string(filters),
            headers={"Content-Disposition": 'attachment; filename="ofsted-publications.csv"'},
        )

    def _base(self, request: Request) -> str:
        return (self.config.web.base_url or str(request.base_url)).rstrip("/")

    def _cached(
        self, request: Request, render, media_type: str, key: str, headers=None, changed_by=None
    ) -> Response:
        """A feed or export, with an ETag and Last-Modified from the store's last change
        (or `changed_by`, when what it shows also changes with time and that is later); a
        conditional request for what has not changed is answered 304, unrendered."""
        changed = max(self.catalogue.last_change() or datetime(2000, 1, 1), changed_by or datetime.min)
        stamp = changed.replace(tzinfo=UTC, microsecond=0)
        tag = '"' + hashlib.sha256(f"{key}|{changed.isoformat()}".encode()).hexdigest()[:32] + '"'
        validators = {
            "ETag": tag,
            "Last-Modified": format_datetime(stamp, usegmt=True),
            "Cache-Control": "public, max-age=300",
        }
        if tag in request.headers.get("if-none-match", "") or _not_modified_since(request, stamp):
            return Response(status_code=304, headers=validators)
        return Response(render(), media_type=media_type, headers=validators | (headers or {}))


def _not_modified_since(request: Request, stamp: datetime) -> bool:
    from email.utils import parsedate_to_datetime

    since = request.headers.get("if-modified-since")
    if not since or "if-none-match" in request.headers:
        return False
    try:
        return stamp <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


def create_app(config: Config) -> Starlette:
    return Web(config).app()


def from_file(config_file: str | None) -> Starlette:
    """The app as each of `web`'s worker processes builds it: from the config file `web`
    was started with (None: as `load` finds it) and with the same logging."""
    from service import logs

    config = load(config_file)
    logs.configure(stream=sys.stdout, level=config.logging.level, as_json=config.logging.format == "json")
    return create_app(config)

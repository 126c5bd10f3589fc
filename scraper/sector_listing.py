"""Reading the reports site's search listing of every local authority's children's
services: each authority's URN, name, optional rating and "Latest report" date, 100 a page.

The listing tells which provider pages changed since the last cycle, so a night over all
of England costs two requests instead of one per authority. A listing that is an error
page, is truncated or lists no authorities raises PageError: a failed read of the sector
source, never "nothing changed".
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode, urljoin, urlsplit

from parsel import Selector

from scraper.provider_page import PROVIDER_PATH, PageError, check_complete, clean, parse_date
from storage.sector import ListedAuthority
from vocabulary import FailureKind, counted

# Rows per page: the site's cap since February 2025.
ROWS = 100
# Children's social care, then local authority children's services.
_QUERY = {"q": "", "location": "", "lat": "", "lon": "", "radius": "", "level_1_types": "3"}


def listing_url(base_url: str, start: int) -> str:
    query = urlencode(_QUERY | {"level_2_types[]": "12", "start": start, "rows": ROWS})
    return f"{base_url.rstrip('/')}/search?{query}"


def _lines(result: Selector) -> dict[str, Selector]:
    """The provider-info lines by their label ("latest report", "rating", "urn"), in any order."""
    lines = {}
    for line in result.css("ul.search-result__provider-info > li"):
        label, _, _ = clean(" ".join(line.xpath("text()").getall())).partition(":")
        if label:
            lines[label.strip().lower()] = line
    return lines


def _rating(result: Selector, lines: dict[str, Selector]) -> Selector | None:
    """ "Rating: <strong>Good</strong>", in a provider-info line or, on older pages, in
    div.search-result__provider-rating; None for an authority with no rating."""
    older = result.css("div.search-result__provider-rating")
    return lines.get("rating") or (older[0] if older else None)


def _value(line: Selector | None) -> str | None:
    if line is None:
        return None
    return clean(" ".join(line.css("strong ::text").getall())) or None


def _date(line: Selector) -> date | None:
    """ "Latest report: <time>DD Month YYYY</time>", its datetime attribute first."""
    stamp = line.css("time")
    text = stamp.attrib.get("datetime") if stamp else None
    return parse_date(text or " ".join(line.css("time ::text, strong ::text").getall()))


class _Lacking:
    """What results lacked that every result gives: said, never read as none."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}

    def add(self, what: str, example: str) -> None:
        self.found.setdefault(what, []).append(example)

    def said(self) -> list[str]:
        """A phrase for each kind of lack, with how many results and the first few."""
        return [
            f"{counted(len(seen), 'result', 'results')} with {what} "
            f"({', '.join(seen[:3])}{', ...' if len(seen) > 3 else ''})"
            for what, seen in self.found.items()
        ]


def _entry(
    result: Selector, lines: dict[str, Selector], url: str, lacking: _Lacking
) -> ListedAuthority | None:
    """One result (with its provider-info lines) as an authority, matched by its URN
    alone; None, with the problem noted, when it lacks what it must give."""
    link = result.css("h3.search-result__title a")
    href = urljoin(url, link.attrib.get("href", "").strip()) if link else ""
    match = PROVIDER_PATH.search(urlsplit(href).path)
    urn = match.group(1) if match else _value(lines.get("urn"))
    name = clean(" ".join(link.css("::text").getall()))
    if not urn or not urn.isascii() or not urn.isdigit():
        lacking.add("no URN", repr(name or clean(" ".join(result.css("::text").getall()))[:40]))
        return None
    if not name:
        lacking.add("no name", urn)
        return None
    latest = lines.get("latest report")
    latest_report = _date(latest) if latest is not None else None
    if latest is not None and latest_report is None:
        text = clean(" ".join(latest.css("::text").getall()))
        lacking.add("a latest report that is not a date", f"{urn}: {text[:40]!r}")
    rated = _rating(result, lines)
    rating = _value(rated)
    if rated is not None and rating is None:
        lacking.add("a rating but no grade", urn)
    return ListedAuthority(urn=urn, name=name, latest_report=latest_report, rating=rating)


def parse(body: str, url: str) -> tuple[list[ListedAuthority], int]:
    """The authorities on one page of the listing, and how many results the site says it
    has in all; PageError when it does not say, as the check that the pages hold all of
    them could not run. A page past the last is empty."""
    page = Selector(text=body)
    check_complete(page, body, "listing")
    found: dict[str, ListedAuthority] = {}
    lacking = _Lacking()
    results = [(result, _lines(result)) for result in page.css("li.search-result")]
    for result, lines in results:
        if entry := _entry(result, lines, url, lacking):
            found[entry.urn] = entry
    said = lacking.said()
    if results and not any("latest report" in lines for _, lines in results):
        said.append("no result has a 'Latest report' line")
    if said:
        raise PageError(
            FailureKind.LAYOUT, f"the listing's results lack what they should give: {'; '.join(said)}"
        )
    total = _total(page)
    if total is None:
        raise PageError(
            FailureKind.LAYOUT,
            "the listing does not say how many results it has, neither as 'N results' nor "
            "in strong.results-count",
        )
    if not found and not total:
        raise PageError(FailureKind.LAYOUT, "the listing shows no local authorities")
    return list(found.values()), total


def _total(page: Selector) -> int | None:
    """ "153 results" wherever the page says it, or the number alone in the older
    strong.results-count; None when it says neither."""
    for text in page.css("h2 ::text, p ::text, span ::text").getall():
        match = re.search(r"\b(\d{1,4})\s+results?\b", clean(text))
        if match:
            return int(match.group(1))
    counted = clean(" ".join(page.css("strong.results-count ::text").getall()))
    return int(counted) if counted.isdecimal() else None

"""A realistic copy of the reports site's search listing of every local authority's
children's services, 100 a page, as the reference describes it: results in
`ul.results-list`, relative links, several provider-info lists a result (Category; an
optional Rating; Latest report and URN) with the address between them, lines picked by
their label, "Latest report" as a bare <time>, and "1 of N" pagination numbers. The older
layout (`older=True`) prints the rating in `div.search-result__provider-rating` and the
number of results alone in `strong.results-count`.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from scraper.sector_listing import ROWS, listing_url


@dataclass
class Listed:
    urn: str
    name: str
    latest_report: str  # "03 December 2024", as the listing prints it
    rating: str | None = None


def authorities(count: int = 153) -> list[Listed]:
    """England's authorities as far as a test needs: Croydon (80492), by its full council
    name as the listing prints it, and others."""
    found = [Listed("80492", "London Borough of Croydon", "03 December 2024", "Good")]
    for n in range(count - 1):
        urn = str(81000 + n)
        found.append(
            Listed(urn, f"Authority {urn}", f"{1 + n % 28:02d} March 2024", "Good" if n % 3 else None)
        )
    return sorted(found, key=lambda a: a.name)


def _info(*lines: str) -> str:
    return f'<ul class="search-result__provider-info">{"".join(lines)}</ul>'


def _result(a: Listed, n: int, *, older: bool) -> str:
    title = f'<h3 class="search-result__title"><a href="/provider/44/{a.urn}">{escape(a.name)}</a></h3>'
    category = "<li>Category: <strong>Local authority children's services</strong></li>"
    latest = f"<li>Latest report: <strong><time>{a.latest_report}</time></strong></li>"
    urn = f"<li>URN: <strong>{a.urn}</strong></li>"
    address = f'<address class="search-result__address">Town Hall, {escape(a.name)}</address>'
    if older:
        rating = (
            f'<div class="search-result__provider-rating">Rating: <strong>{escape(a.rating)}</strong></div>'
            if a.rating
            else ""
        )
        lines = [category, latest, urn] if n % 2 else [urn, latest, category]  # in either order
        return f'<li class="search-result">{title}{_info(*lines)}{rating}{address}</li>'
    rating = _info(f"<li>Rating: <strong>{escape(a.rating)}</strong></li>") if a.rating else ""
    dated = _info(latest, urn) if n % 2 else _info(urn, latest)
    return f'<li class="search-result">{title}{_info(category)}{rating}{address}{dated}</li>'


def page(
    listed: list[Listed], start: int, total: int | None = None, *, older: bool = False, count: bool = True
) -> str:
    """A page of the listing; `count=False` leaves out the number of results."""
    shown = listed[start : start + ROWS]
    total = len(listed) if total is None else total
    following = (
        f'<a class="pagination__next" href="{listing_url("", start + ROWS)}">Next</a>'
        if start + ROWS < total
        else ""
    )
    numbers = f'<span class="pagination__numbers">{start // ROWS + 1} of {max(1, -(-total // ROWS))}</span>'
    results = "".join(_result(a, start + n, older=older) for n, a in enumerate(shown))
    if older:
        said = f'<p>Showing <strong class="results-count">{total}</strong></p>' if count else ""
        body = f'{said}<ol class="search-results">{results}</ol>'
    else:
        said = f'<p class="search-results__count"><span>{total} results</span></p>' if count else ""
        body = f'{said}<ul class="results-list">{results}</ul>'
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Search - Ofsted</title></head>
<body><main id="main-content">
<h1 class="heading--title">Find an inspection report</h1>
{body}
<nav class="pagination">{numbers}{following}</nav>
</main></body></html>
"""


def path(start: int) -> str:
    """The path and query the crawler asks for, as the site routes it."""
    return listing_url("", start)

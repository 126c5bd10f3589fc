"""A realistic copy of the reports site's search listing of every local authority's
children's services, 100 a page, with the quirks the reference describes: relative links,
provider-info lines picked by their label (in varying order), an optional "Rating:" line,
and "Latest report" in a <time>.
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
    """England's authorities as far as a test needs: Croydon (80492) and others."""
    found = [Listed("80492", "Croydon", "03 December 2024", "Good")]
    for n in range(count - 1):
        urn = str(81000 + n)
        found.append(
            Listed(urn, f"Authority {urn}", f"{1 + n % 28:02d} March 2024", "Good" if n % 3 else None)
        )
    return sorted(found, key=lambda a: a.name)


def _result(a: Listed, n: int) -> str:
    lines = [
        "<li>Category: <strong>Local authority children's services</strong></li>",
        f'<li>Latest report: <strong><time datetime="">{a.latest_report}</time></strong></li>',
        f"<li>URN: <strong>{a.urn}</strong></li>",
    ]
    if a.rating:
        lines.insert(1, f"<li>Rating: <strong>{escape(a.rating)}</strong></li>")
    if n % 2:  # the lines come in either order: they are found by label
        lines.reverse()
    return (
        '<li class="search-result">'
        f'<h3 class="search-result__title"><a href="/provider/44/{a.urn}">{escape(a.name)}</a></h3>'
        f'<ul class="search-result__provider-info">{"".join(lines)}</ul>'
        f'<address class="search-result__address">Town Hall, {escape(a.name)}</address></li>'
    )


def page(listed: list[Listed], start: int, total: int | None = None) -> str:
    shown = listed[start : start + ROWS]
    total = len(listed) if total is None else total
    following = (
        f'<a class="pagination__next" href="{listing_url("", start + ROWS)}">Next</a>'
        if start + ROWS < total
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Search - Ofsted</title></head>
<body><main id="main-content">
<h1 class="heading--title">Find an inspection report</h1>
<p class="search-results__count"><span>{total} results</span></p>
<ol class="search-results">{"".join(_result(a, start + n) for n, a in enumerate(shown))}</ol>
<nav class="pagination">{following}</nav>
</main></body></html>
"""


def path(start: int) -> str:
    """The path and query the crawler asks for, as the site routes it."""
    return listing_url("", start)

"""Realistic copies of Ofsted provider pages, with the quirks seen on the real site.

The markup follows the real page: a "Latest inspection" block before the timeline,
`ol.timeline > li.timeline__day` entries newest first, event modifiers without links,
each link and its `div.event__metadata` inside `span.event__title.heading--sub`, dates
as bare `<time>` text, screen-reader labels in `span.nonvisual` ("Title, pdf - DD Month
YYYY"), and both forms of the files host. `older=True` gives the older layout: the
metadata beside the title's span, and dates in `datetime` attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape


@dataclass
class Entry:
    file_id: str | None  # None: an event with no document, such as "opened"
    title: str
    published: str | None  # "01 August 2024" as the label prints it, or None
    event_date: str  # "2024-07-01"
    label: str | None = None  # the exact screen-reader label, when it is a quirk
    host: str = "files"  # "files", "legacy" (files.api...) or a full base URL


@dataclass
class ProviderPage:
    name: str
    urn: str
    entries: list[Entry] = field(default_factory=list)
    latest: bool = True  # repeat the newest document in a "Latest inspection" block
    older: bool = False  # the older layout

    def render(self, files_base: str, legacy_base: str | None = None) -> str:
        documents = [e for e in self.entries if e.file_id]
        latest = _latest(documents[0], files_base, legacy_base) if self.latest and documents else ""
        days = "\n".join(_day(e, files_base, legacy_base, older=self.older) for e in self.entries)
        return PAGE.format(name=escape(self.name), urn=self.urn, latest=latest, days=days)


def _href(entry: Entry, files_base: str, legacy_base: str | None) -> str:
    base = {"files": files_base, "legacy": legacy_base or files_base}.get(entry.host, entry.host)
    return f"{base.rstrip('/')}/v1/file/{entry.file_id}"


def _label(entry: Entry) -> str:
    if entry.label is not None:
        return entry.label
    return f"{entry.title}, pdf - {entry.published}" if entry.published else f"{entry.title}, pdf"


def _link(entry: Entry, files_base: str, legacy_base: str | None) -> str:
    return (
        f'<a class="publication-link" href="{escape(_href(entry, files_base, legacy_base))}">'
        f'{escape(entry.title)} <span class="nonvisual">{escape(_label(entry))}</span></a>'
    )


def _latest(entry: Entry, files_base: str, legacy_base: str | None) -> str:
    return (
        '<section class="latest-inspection"><h2 class="heading--sub">Latest inspection</h2>'
        f"<p>{_link(entry, files_base, legacy_base)}</p></section>"
    )


def _day(entry: Entry, files_base: str, legacy_base: str | None, *, older: bool = False) -> str:
    if older:
        date_line = (
            f'<p class="timeline__date"><time datetime="{entry.event_date}">{entry.event_date}</time></p>'
        )
    else:
        when = date.fromisoformat(entry.event_date)
        date_line = f'<p class="timeline__date"><time>{when.day:02d} {when:%B %Y}</time></p>'
    if entry.file_id is None:
        return (
            f'<li class="timeline__day timeline__day--opened">{date_line}'
            f'<div class="event"><span class="event__title">{escape(entry.title)}</span></div></li>'
        )
    stamp = (
        f'<div class="event__metadata">Published: <time pubdate>{entry.published}</time></div>'
        if entry.published
        else ""
    )
    if older:
        return (
            f'<li class="timeline__day">{date_line}<div class="event">'
            f'<span class="event__title">{_link(entry, files_base, legacy_base)}</span>{stamp}</div></li>'
        )
    return (
        f'<li class="timeline__day"><div class="event">{date_line}'
        f'<span class="event__title heading--sub">{_link(entry, files_base, legacy_base)}{stamp}</span>'
        "</div></li>"
    )


PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{name} - Open - Find an Inspection Report - Ofsted</title></head>
<body class="govuk-template__body">
<header class="header"><a href="/" class="header__logo">Ofsted</a></header>
<main id="main-content" role="main">
<div class="provider-summary">
<h1 class="heading--title">{name}</h1>
<p class="provider-summary__category">Local authority children's services</p>
<ul class="info-list"><li>URN: <strong>{urn}</strong></li>
<li>Address: <strong>Bernard Weatherill House, 8 Mint Walk, Croydon, CR0 1EA</strong></li></ul>
</div>
{latest}
<h2 class="heading--sub">Reports and publications</h2>
<ol class="timeline">
{days}
</ol>
</main>
<footer class="footer"><p>&copy; Crown copyright</p></footer>
</body>
</html>
"""


def croydon() -> ProviderPage:
    """Croydon (URN 80492) as its page lists it, with every label quirk represented."""
    return ProviderPage(
        "Croydon",
        "80492",
        [
            Entry("50265318", "Children's services inspection", "03 December 2024", "2024-10-14"),
            Entry(
                "50170020",
                "Children's services focused visit",
                "26 July 2021",
                "2021-06-15",
                label="Children's services focused visit,  PDF - 26 July 2021",
            ),
            Entry("50142134", "Children's services inspection", "16 March 2020", "2020-02-03"),
            Entry("50077915", "Monitoring visit", "24 October 2019", "2019-09-17"),
            Entry(
                "50066541",
                "Monitoring visit",
                "14 March 2019",
                "2019-02-19",
                label="Monitoring visit as PDF - 14 March 2019",
            ),
            Entry("50010187", "Monitoring visit", "1 November 2018", "2018-10-02", host="legacy"),
            Entry(
                "2736521", "Single inspection of LA children's services", "04 September 2017", "2017-06-20"
            ),
            Entry("2574837", "Joint area child protection inspection", "29 June 2016", "2016-05-16"),
            Entry(
                "2447163",
                "Review of the effectiveness of the Local Safeguarding Children Board",
                None,
                "2012-03-12",
            ),
            Entry(None, "Provider opened", None, "2010-04-01"),
            Entry("1043118", "Joint area review - progress inspection", "03 July 2009", "2009-05-11"),
        ],
    )


ERROR_PAGE = """<!DOCTYPE html>
<html><head><title>Slim Application Error</title></head>
<body><h1>Slim Application Error</h1><p>A website error has occurred. Sorry for the temporary
inconvenience.</p></body></html>
"""

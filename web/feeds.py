"""Feeds and exports: Atom for publications and coverage, CSV for the list.

Built with ElementTree and the csv module, so every scraped string is escaped by the
library that writes the format, never by hand.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from storage.models import NewsItem, Publication
from vocabulary import PublicationType
from wording import headline_rest, verdict

ATOM = "application/atom+xml; charset=utf-8"
ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
CSV_SIZE = 10_000
CSV_FIELDS = (
    "id",
    "authority",
    "urn",
    "type",
    "title",
    "published",
    "visit_start",
    "visit_end",
    "verdict",
    "headline",
    "document",
    "page",
)


def _stamp(moment: datetime | None) -> str:
    return (moment or datetime(2000, 1, 1)).replace(tzinfo=UTC, microsecond=0).isoformat()


def _feed(title: str, self_url: str, alternate: str, updated: str) -> ET.Element:
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    ET.SubElement(feed, f"{{{ATOM_NS}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM_NS}}}id").text = self_url
    ET.SubElement(feed, f"{{{ATOM_NS}}}updated").text = updated
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="self", href=self_url)
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="alternate", href=alternate)
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    ET.SubElement(author, f"{{{ATOM_NS}}}name").text = "ofsted-watch"
    return feed


def _entry(feed: ET.Element, *, id: str, title: str, link: str, updated: str, summary: str) -> None:
    entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
    ET.SubElement(entry, f"{{{ATOM_NS}}}id").text = id
    ET.SubElement(entry, f"{{{ATOM_NS}}}title").text = title
    ET.SubElement(entry, f"{{{ATOM_NS}}}link", rel="alternate", href=link)
    ET.SubElement(entry, f"{{{ATOM_NS}}}updated").text = updated
    ET.SubElement(entry, f"{{{ATOM_NS}}}summary").text = summary


def _xml(feed: ET.Element) -> bytes:
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def publications_atom(publications: list[Publication], base: str, query: str) -> bytes:
    updated = _stamp(max((p.changed_at or p.first_seen for p in publications), default=None))
    suffix = f"?{query}" if query else ""
    feed = _feed("Ofsted publications", f"{base}/feed.atom{suffix}", f"{base}/{suffix}", updated)
    for p in publications:
        headline = headline_rest(p)  # the rest of it: a letter's verdict line is its first sentence
        _entry(
            feed,
            id=f"{base}/publication/{p.id}",
            title=f"{PublicationType.of(p.type).label}: {p.authority}",
            link=f"{base}/publication/{p.id}",
            updated=_stamp(p.changed_at or p.first_seen),
            summary=" — ".join(part for part in (verdict(p) or "", headline) if part) or p.title,
        )
    return _xml(feed)


def coverage_atom(items: list[NewsItem], base: str) -> bytes:
    updated = _stamp(max((i.first_seen for i in items), default=None))
    feed = _feed(
        "Sector coverage of Ofsted publications", f"{base}/coverage.atom", f"{base}/coverage", updated
    )
    for item in items:
        _entry(
            feed,
            id=f"{base}/coverage#{item.id}",
            title=f"{item.source.removeprefix('news:')}: {item.title}",
            link=f"{base}/coverage#{item.id}",
            updated=_stamp(item.first_seen),
            summary=item.summary or item.title,
        )
    return _xml(feed)


# The byte-order mark a CSV download starts with: Excel on Windows reads a file as UTF-8
# only with it, and shows "Children’s" as "Childrenâ€™s" without it.
EXCEL_BOM = "\ufeff"


def publications_csv(publications: list[Publication], base: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for p in publications:
        facts = p.facts or {}
        writer.writerow(
            [
                p.id,
                p.authority,
                p.urn,
                p.type,
                cell(p.title),
                p.published.isoformat() if p.published else "",
                facts.get("period_start", ""),
                facts.get("period_end", ""),
                cell(verdict(p) or ""),
                cell((p.summary or {}).get("headline") or ""),
                p.url,
                f"{base}/publication/{p.id}",
            ]
        )
    return out.getvalue()


def cell(text: str) -> str:
    """A cell a spreadsheet will not run: a scraped "=HYPERLINK(...)" stays text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

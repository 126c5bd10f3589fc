"""Reading an Ofsted provider page (`/provider/44/<URN>`) into publications.

The page's structure and quirks are described in the project's reference on the
Ofsted site. Anything that does not look like a complete provider page raises
PageError, so that a broken page is a failed read and never "no publications".
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit

from parsel import Selector, SelectorList

from config import normalised
from errors import Failure
from reader.neutral import neutral
from vocabulary import FILE_ID, FailureKind, PublicationType, counted

logger = logging.getLogger(__name__)

_SPACES = re.compile(r"\s+")
_DATE = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s*$")
# "<Title>, PDF - 01 August 2024", "<Title> as PDF - ...", "<Title>,  PDF" (no date)
_TITLE_END = re.compile(r"\s*(?:,|\s+as)\s+PDF\b.*$", re.IGNORECASE | re.DOTALL)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\b")

# Checked in order: the first substring found decides the type.
TYPES = (
    ("monitoring visit", PublicationType.MONITORING_VISIT),
    ("focused visit", PublicationType.FOCUSED_VISIT),
    ("joint area child protection", PublicationType.JTAI),
    ("joint targeted area", PublicationType.JTAI),
    ("area send", PublicationType.AREA_SEND),
    ("special educational needs", PublicationType.AREA_SEND),
    ("children's services inspection", PublicationType.ILACS),
    ("inspection of local authority children's services", PublicationType.ILACS),
    ("single inspection", PublicationType.ILACS),
)


class PageError(Exception):
    """The page is not a usable provider page: the read of this source failed, of the
    kind its failure says."""

    def __init__(self, kind: FailureKind, detail: str):
        self.failure = Failure(kind, detail)
        super().__init__(str(self.failure))


@dataclass(frozen=True)
class Listed:
    """A publication as the page lists it."""

    id: str
    title: str
    url: str
    type: str
    published: date | None
    event_date: date | None
    # The dates the page should have given for it and did not: said, never read as none.
    missing: tuple[str, ...] = ()


def clean(text: str | None) -> str:
    return _SPACES.sub(" ", neutral(unicodedata.normalize("NFKC", text or ""))).strip()


def classify(title: str) -> str:
    """The publication type from its title; unknown titles are "other", never dropped."""
    lowered = clean(title).lower().replace("\u2019", "'")
    return next((kind for needle, kind in TYPES if needle in lowered), PublicationType.OTHER)


def parse_date(text: str | None) -> date | None:
    """A trailing "D Month YYYY" (or an ISO date), else None."""
    text = clean(text)
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    match = _DATE.search(text)
    if not match:
        return None
    day, month, year = match.groups()
    for fmt in ("%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(f"{day} {month} {year}", fmt).date()
        except ValueError:
            continue
    return None


def split_label(label: str) -> tuple[str, date | None]:
    """Split the screen-reader label "<Title>, PDF - DD Month YYYY" into title and date."""
    label = clean(label)
    title = _TITLE_END.sub("", label).strip(" ,-") or label
    return title, (parse_date(label) if title != label else None)


def file_id(url: str) -> str:
    """The stable identity of a publication: the numeric id ending its document link."""
    match = FILE_ID.search(urlsplit(url).path)
    if match:
        return match.group(1)
    tail = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    if not tail:
        raise PageError(FailureKind.UNUSABLE, f"a document link has no file id: {url}")
    return tail


# The category of local authority children's services on the reports site.
LA_CHILDRENS_SERVICES = 44
# A provider page's path, whose last part is the authority's URN.
PROVIDER_PATH = re.compile(rf"/provider/{LA_CHILDRENS_SERVICES}/(\d+)/?$")


def provider_url(base_url: str, urn: str) -> str:
    """An authority's provider page: its timeline of publications."""
    return f"{base_url.rstrip('/')}/provider/{LA_CHILDRENS_SERVICES}/{urn}"


def check_complete(page: Selector, body: str, what: str = "page") -> None:
    """Raise PageError for the site's error page served with 200, or a truncated answer."""
    heading = clean(" ".join(page.css("h1 ::text").getall()))
    if "application error" in heading.lower():
        raise PageError(FailureKind.UNUSABLE, f"the site answered with an error page ({heading!r})")
    if "</html>" not in body[-4096:].lower():
        raise PageError(FailureKind.UNUSABLE, f"the {what} is truncated (no closing </html>)")


def check_page(page: Selector, body: str) -> None:
    """Raise PageError unless this is a complete provider page with a timeline."""
    check_complete(page, body)
    if not page.css("ol.timeline"):
        raise PageError(FailureKind.LAYOUT, "no publication timeline on the page")


def check_provider(page: Selector, url: str, urn: str) -> None:
    """Raise PageError when the page is another provider's: the site redirected to one,
    or the page states another URN. Its publications would be stored as this one's."""
    moved = PROVIDER_PATH.search(urlsplit(url).path)
    # The provider summary's "URN: <strong>80492</strong>": the first such line only.
    said = page.xpath("(//li[starts-with(normalize-space(text()), 'URN:')])[1]/strong//text()")
    stated = clean(" ".join(said.getall()))
    for other in (moved.group(1) if moved else "", stated):
        if other and other != urn:
            raise PageError(
                FailureKind.URN, f"the page for URN {urn} is another provider's, URN {other[:20]!r}"
            )


def _ancestor_with_class(tag: str, name: str) -> str:
    """XPath to the nearest ancestor whose class list holds exactly this class."""
    return f"ancestor::{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')][1]"


def _dated(stamp: SelectorList[Selector], what: str, missing: list[str]) -> date | None:
    """The date a <time> gives (its datetime attribute first); None, with what is
    missing noted, when there is no such element or its text is not a date."""
    if not stamp:
        missing.append(f"no {what}")
        return None
    text = stamp.attrib.get("datetime") or clean(" ".join(stamp.css("::text").getall()))
    found = parse_date(text)
    if found is None:
        missing.append(f"{what} {text[:40]!r} is not a date")
    return found


def _event_date(link: Selector, missing: list[str]) -> date | None:
    day = link.xpath(_ancestor_with_class("li", "timeline__day"))
    return _dated(day.css("p.timeline__date time"), "inspection date", missing)


def _published(link: Selector, label_date: date | None, missing: list[str]) -> date | None:
    """The label's date; else, as some entries' labels give none, the event's metadata."""
    if label_date:
        return label_date
    event = link.xpath(_ancestor_with_class("*", "event"))
    return _dated(event.css("div.event__metadata time[pubdate]"), "publication date", missing)


def parse(body: str, url: str, urn: str | None = None) -> list[Listed]:
    """Every publication on the page, in page order, each once. A link with no title
    fails the page: its type and its alert would be guesses; so does another provider's
    page when `urn` says whose it should be."""
    page = Selector(text=body)
    check_page(page, body)
    if urn is not None:
        check_provider(page, url, urn)
    found: dict[str, Listed] = {}
    for link in page.css("a.publication-link"):
        href = link.attrib.get("href", "").strip()
        if not href:
            continue
        doc_url = normalised(urljoin(url, href))
        if doc_url is None:  # user info, a backslash: no document Ofsted links to
            logger.warning("a document link that is no plain web address is skipped: %.200r", href)
            continue
        label = link.css("span.nonvisual ::text").getall() or link.css("::text").getall()
        title, label_date = split_label(" ".join(label))
        if not title:
            raise PageError(FailureKind.LAYOUT, f"a document link gives no title: {doc_url}")
        missing: list[str] = []
        listed = Listed(
            id=file_id(doc_url),
            title=title,
            url=doc_url,
            type=classify(title),
            published=_published(link, label_date, missing),
            event_date=_event_date(link, missing),
            missing=tuple(missing),
        )
        previous = found.get(listed.id)
        # A "Latest inspection" block repeats a timeline entry: keep the fuller one.
        if previous is None or (previous.event_date is None and listed.event_date):
            found[listed.id] = listed
    return list(found.values())


def gaps(listed: list[Listed]) -> str | None:
    """One line for the publications listed without a date the page should give."""
    lacking = [p for p in listed if p.missing]
    if not lacking:
        return None
    said = "; ".join(f"{p.id[:20]} {p.title[:80]!r}: {', '.join(p.missing)}" for p in lacking[:5])
    more = f"; and {len(lacking) - 5} more" if len(lacking) > 5 else ""
    count = counted(len(lacking), "publication", "publications")
    return f"{count} listed without a date the page should give, kept without it: {said}{more}"

"""Reading sector news: an article's main text, which authorities' Ofsted findings it
reports, of which kind, and the passage that says so (see reader/story.py)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from config import Authority
from reader.dates import MONTH_NAME, month_number, to_date
from reader.names import index
from reader.neutral import neutral
from reader.story import MAX_CHARS, Story, units
from reader.summary import sentences
from vocabulary import PublicationType

logger = logging.getLogger(__name__)

SUMMARY_SENTENCES = 3
# Markup where a story's text should be: tags, or a page's script and style.
_MARKUP = re.compile(r"<[a-zA-Z!/?][^>]{0,500}>|\{[^{}]{0,200}:[^{}]{0,200}\}")
MARKUP_SHARE = 0.3


# A story's date in its address: "/2016/11/01/", "/2024/12/", "/2024-07-11/",
# "/2013/february/", "/20200131/", "?s=2018-12-04".
_URL_DATE = re.compile(
    rf"(?<!\d)((?:19|20)\d\d)(?:/(0?[1-9]|1[0-2])(?:/(0?[1-9]|[12]\d|3[01]))?|-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])|"
    rf"/({MONTH_NAME})[a-z]*|(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))(?=[/?&#._-]|$)",
    re.I,
)
# A date written out: "21 October 2022", "8th Jun 2018", "April 8, 2022", "14/02/2024",
# "2018-08-28".
_WRITTEN_DATE = (
    rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MONTH_NAME})\.?,?\s+(?P<y1>(?:19|20)\d\d)|"
    rf"(?P<m2>{MONTH_NAME})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)|"
    r"(?P<d3>\d{1,2})/(?P<m3>\d{1,2})/(?P<y3>(?:19|20)\d\d)|(?P<y4>(?:19|20)\d\d)-(?P<m4>\d\d)-(?P<d4>\d\d))\b"
)
# The dateline at a story's top: a date after "Published", "Posted", "Date" or "Meeting",
# or on a line of its own ("Wednesday, April 27, 2022", "| 13 August 2015").
_DATELINE = re.compile(
    rf"\b(?:published|posted|date|released|updated|issued|meeting)\b[^\n\d]{{0,12}}{_WRITTEN_DATE}|"
    rf"^[^\w\n]*(?:[A-Za-z]+,?\s+)?{_WRITTEN_DATE.replace('?P<', '?P<l')}[^\w\n]*$",
    re.I | re.M,
)
DATELINE_CHARS = 400


@dataclass(frozen=True)
class Report:
    """What a story reports on one authority: the kind of publication, and the passage
    that decided it."""

    authority: Authority
    kind: PublicationType
    passage: str


def article_text(html: str | None, url: str) -> str:
    """The article's main text, without navigation, sidebars and footers."""
    if not html:
        return ""
    text = _trafilatura().extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )
    return neutral(text or "")


def _trafilatura():
    """trafilatura, imported when the first article is read: a cycle with no news to read
    never pays for its import."""
    import trafilatura

    return trafilatura


def reports(
    title: str, text: str, authorities: Sequence[Authority], url: str = "", published: date | None = None
) -> list[Report]:
    """Every authority whose Ofsted findings the story reports (a round-up reports on
    several), most reported first, each with its kind and deciding passage. What is old
    news is judged against the story's date: as its listing gives it, else its address's
    or dateline's. A text that is no story (none, one longer than any story, markup) is
    skipped, said at debug level."""
    if why := unreadable(text):
        logger.debug("news item skipped, %s: %s", why, url or title[:80])
        return []
    site = index(authorities).of_site(urlsplit(url).hostname or "")
    story = Story(units(title, text, authorities, site), site, published or story_date(url, text))
    said = sorted(story.read().items(), key=lambda s: (-len(s[1].found), s[1].first))
    found = []
    for at, what in said:
        report = Report(authorities[at], story.kind(what), story.passage(what))
        logger.debug(
            "news about %s (%s), as said in: %.200s", report.authority.name, report.kind, report.passage
        )
        found.append(report)
    return found


def story_date(url: str, text: str) -> date | None:
    """A story's date, where its listing gives none: the one in its address, or its
    dateline at the top of its text."""
    if found := _URL_DATE.search(urlsplit(url).path + "?" + urlsplit(url).query):
        year, month, day, month2, day2, month_name, month3, day3 = found.groups()
        month = month or month2 or month3 or (str(month_number(month_name)) if month_name else None)
        if month:
            return to_date(day or day2 or day3 or "1", month, year)
    if found := _DATELINE.search(text[:DATELINE_CHARS]):
        parts = {name.lstrip("l"): value for name, value in found.groupdict().items() if value}
        for n in "1234":
            if f"y{n}" in parts:
                return to_date(parts[f"d{n}"], parts[f"m{n}"], parts[f"y{n}"])
    return None


def unreadable(text: str) -> str | None:
    """Why the text cannot be read as a story, if it cannot."""
    if not text.strip():
        return "it has no text"
    if len(text) > MAX_CHARS:
        return f"its text is {len(text):,} characters, more than any story's ({MAX_CHARS:,} are read)"
    markup = sum(len(m) for m in _MARKUP.findall(text))
    if markup > MARKUP_SHARE * len(text):
        return f"its text is {markup * 100 // len(text)}% markup, not prose"
    return None


def first_named(title: str, text: str, authority: Authority) -> str | None:
    """The first sentence (or the title, or a heading) that names the authority."""
    return next((u.text for u in units(title, text, [authority]) if u.names), None)


def summarise(text: str, authority: Authority) -> str:
    """Two or three of the article's sentences that name the authority."""
    pool = [
        s
        for paragraph in text.split("\n")
        for s in sentences(paragraph)
        if len(s) > 30 and s[-1] in ".!?\"'”’"
    ]  # sentences, not headings
    named = index([authority])
    about = [s for s in pool if named.mentions(s, any_case=True)]
    chosen = about[:SUMMARY_SENTENCES] or pool[:2]
    return " ".join(chosen)

"""Local copies of sector news sources: RSS and Atom feeds, listings and article pages.

Article pages are modelled on WillisPalmer's "Children First" pages: navigation, a
sidebar of other stories ("Knowledge & Resources"), the article, and a footer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from html import escape


@dataclass
class Story:
    slug: str
    title: str
    published: date
    paragraphs: list[str]
    teaser: str = ""

    def path(self) -> str:
        return f"/{self.slug}/"


def _stamp(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 30, tzinfo=UTC)


def rss(base: str, stories: list[Story], *, link_suffix: str = "") -> str:
    items = "\n".join(
        f"""<item><title>{escape(s.title)}</title><link>{escape(base + s.path() + link_suffix)}</link>
<pubDate>{format_datetime(_stamp(s.published))}</pubDate>
<description>{escape(s.teaser or s.paragraphs[0])}</description></item>"""
        for s in stories
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Community Care</title><link>{base}/</link>
<description>News for social workers</description>
{items}
</channel></rss>"""


def atom(base: str, stories: list[Story], *, link_suffix: str = "", title_suffix: str = "") -> str:
    entries = "\n".join(
        f"""<entry><title>{escape(s.title + title_suffix)}</title>
<link rel="alternate" href="{escape(base + s.path() + link_suffix)}"/>
<id>{escape(base + s.path())}</id><updated>{_stamp(s.published).isoformat()}</updated>
<summary>{escape(s.teaser or s.paragraphs[0])}</summary></entry>"""
        for s in stories
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ofsted - GOV.UK</title>
<id>{base}/ofsted.atom</id><updated>2026-11-20T10:00:00Z</updated>
{entries}
</feed>"""


SIDEBAR = """<aside class="sidebar"><h3>Knowledge &amp; Resources</h3>
<p>Keep abreast of the latest news in the children's services sector.</p>
<div class="widget"><h4>Practice guidelines to accompany legislative changes on siblings in care</h4>
<p>CELCIS is seeking views to feed into practice guidelines. <a href="/siblings/">Read Full Story</a></p></div>
<div class="widget"><h4>£280 million boost for SEND provision</h4>
<p>The government has announced £280 million funding. <a href="/send-boost/">Read Full Story</a></p></div>
</aside>"""


def article_page(story: Story) -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{escape(story.title)} - WillisPalmer</title>
<meta property="article:published_time" content="{story.published.isoformat()}"></head>
<body><header><nav><a href="/">Home</a> <a href="/services/">Services</a>
<a href="/contact/">Contact Us</a> Call 01206 878178 to discuss your requirements.</nav></header>
<main><article class="post"><h1 class="entry-title">{escape(story.title)}</h1>
<time datetime="{story.published.isoformat()}">{story.published:%d/%m/%Y}</time>
<div class="entry-content">{body}</div></article>
{SIDEBAR}</main>
<footer><p>Delivering a diverse, reliable range of services to children and their families
across the UK. D1, Parkside, Knowledge Gateway, Nesfield Road, Colchester, Essex CO4 3ZL</p></footer>
</body></html>"""


def listing_page(stories: list[Story]) -> str:
    items = "\n".join(
        f"""<article class="news-item"><h2><a href="{s.path()}">{escape(s.title)}</a></h2>
<time>{s.published:%d/%m/%Y}</time><p>{escape(s.teaser or s.paragraphs[0][:200])}</p></article>"""
        for s in stories
    )
    return f"""<!DOCTYPE html><html><head><title>Children First - WillisPalmer</title></head>
<body><main><h1>Children First</h1>{items}</main></body></html>"""


def seed_story(seed_text: str, published: date) -> Story:
    """The seed WillisPalmer article on Croydon's seventh monitoring visit, as a Story."""
    lines = [line.strip() for line in seed_text.split("\n") if line.strip()]
    start = lines.index("Ofsted notes rapid progress at Croydon")
    end = lines.index("Knowledge & Resources")
    return Story(
        "ofsted-notes-rapid-progress-at-croydon",
        lines[start],
        published,
        lines[start + 1 : end - 1],
        teaser=lines[start + 1],
    )


def story(slug: str, title: str, published: date, *paragraphs: str) -> Story:
    return Story(slug, title, published, list(paragraphs))

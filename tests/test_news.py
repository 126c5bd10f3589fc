"""Sector news end to end: feeds and listings served locally, read by the `news` spider,
linked to letters, and alerted once through the Slack stand-in."""

import json
import re
from datetime import date

import pytest

from tests.conftest import serve_provider, shared
from tests.sites import news
from tests.sites.ofsted import Entry, ProviderPage
from tests.sites.server import Reply

LETTER = Entry("50300007", "Monitoring visit", "14 November 2026", "2026-10-07")
UNRELATED = news.story(
    "library",
    "Council opens a new library in Sutton",
    date(2026, 11, 1),
    "Sutton council has opened a new library in the town centre.",
)
CROYDON_NOT_OFSTED = news.story(
    "croydon-library",
    "Croydon opens a new library",
    date(2026, 11, 16),
    "Croydon council has opened a new library in the town centre, with a cafe and study rooms.",
)
OFSTED_NOT_CROYDON = news.story(
    "barnet-good",
    "Ofsted judges Barnet children's services good",
    date(2026, 11, 16),
    "Ofsted inspectors found that children in Barnet receive effective help and protection.",
)
FOCUSED = news.story(
    "croydon-focused",
    "Inspectors praise Croydon's front door",
    date(2026, 11, 17),
    "Ofsted inspectors carried out a focused visit to the London Borough of Croydon in October.",
    "The focused visit found that most children in Croydon receive a timely response.",
    "Inspectors said the front door in Croydon was well led.",
)


@pytest.fixture
def seed_story():
    text = next(shared("seeds").glob("003_*.txt")).read_text(encoding="utf-8")
    return news.seed_story(text, date(2026, 11, 18))


def feeds_config(site, *, rss_path="/feed/", atom_path="/ofsted.atom", listing=False, extra=""):
    sources = [
        f'[[news]]\nname = "Community Care"\nurl = "{site.url}{rss_path}"\nkind = "feed"\n',
        f'[[news]]\nname = "GOV.UK Ofsted"\nurl = "{site.url}{atom_path}"\nkind = "feed"\n',
    ]
    if listing:
        sources.append(
            f'[[news]]\nname = "WillisPalmer"\nurl = "{site.url}/children-first/"\n'
            'kind = "html"\nitem = "article.news-item"\ntitle = "h2 a"\n'
            'link = "h2 a"\ndate = "time"\n'
        )
    return "\n".join(sources) + extra


def publish(site, stories, *, rss=(), atom=(), listing=None, atom_suffix=""):
    for s in stories:
        site.serve(s.path(), Reply(body=news.article_page(s)))
    site.serve("/feed/", Reply(body=news.rss(site.url, list(rss)), content_type="application/rss+xml"))
    site.serve(
        "/ofsted.atom",
        Reply(
            body=news.atom(
                site.url, list(atom), link_suffix=atom_suffix, title_suffix=" | GOV.UK" if atom_suffix else ""
            ),
            content_type="application/atom+xml",
        ),
    )
    if listing is not None:
        site.serve("/children-first/", Reply(body=news.listing_page(listing)))


@pytest.fixture
def watching(workdir, site, slack, croydon_page):
    """A baseline cycle has read the provider page and the feeds (one unrelated story each)."""
    workdir.write_config(slack_api_url=slack.api_url, news=feeds_config(site))
    serve_provider(site, croydon_page)
    publish(site, [UNRELATED], rss=[UNRELATED], atom=[UNRELATED])
    run = workdir.slack_once()
    assert run.code == 0, run.err
    return workdir


def test_the_croydon_article_is_threaded_under_its_letter_once(
    watching, site, slack, croydon_page, seed_story
):
    croydon_page.entries.insert(0, LETTER)
    serve_provider(site, croydon_page)
    publish(site, [UNRELATED, seed_story], rss=[seed_story, UNRELATED], atom=[UNRELATED])
    run = watching.slack_once()
    assert run.code == 0, run.err
    letter, article = slack.messages
    assert letter["metadata"]["event_payload"]["publication_id"] == "50300007"
    assert article["thread_ts"] == letter["ts"] and article["channel"] == letter["channel"]
    assert "Ofsted notes rapid progress at Croydon" in json.dumps(article["blocks"])
    assert article["text"].startswith("In the news")

    (item,) = [r for r in watching.listed().values() if r["type"] == "news"]
    assert item["source"] == "Community Care" and item["links_to"] == "50300007"
    assert item["published"] == "2026-11-18"
    assert item["url"] == f"{site.url}/ofsted-notes-rapid-progress-at-croydon/"
    assert "Croydon" in item["summary"]
    assert "Knowledge & Resources" not in item["summary"] and "CELCIS" not in item["summary"]
    assert watching.slack_once().code == 0 and len(slack.messages) == 2


def test_irrelevant_items_are_ignored(watching, site, slack):
    publish(
        site,
        [UNRELATED, CROYDON_NOT_OFSTED, OFSTED_NOT_CROYDON],
        rss=[CROYDON_NOT_OFSTED, UNRELATED],
        atom=[OFSTED_NOT_CROYDON, UNRELATED],
    )
    run = watching.slack_once()
    assert run.code == 0, run.err
    assert slack.messages == []
    assert [r for r in watching.listed().values() if r["type"] == "news"] == []
    assert site.hits(OFSTED_NOT_CROYDON.path()) == 0  # its listing never named Croydon
    assert watching.slack_once().code == 0
    assert site.hits(CROYDON_NOT_OFSTED.path()) == 1  # read for Croydon once, not every cycle


def test_the_same_story_from_two_feeds_is_alerted_once(watching, site, slack):
    publish(
        site,
        [UNRELATED, FOCUSED],
        rss=[FOCUSED, UNRELATED],
        atom=[FOCUSED, UNRELATED],
        atom_suffix="?utm_source=govuk&utm_medium=email",
    )
    run = watching.slack_once()
    assert run.code == 0, run.err
    (message,) = slack.messages
    assert message["text"].startswith("Sector news")  # no letter known: standalone
    (item,) = [r for r in watching.listed().values() if r["type"] == "news"]
    assert item["title"].startswith(FOCUSED.title)  # whichever feed was read first


def test_near_identical_titles_from_different_urls_are_one_story(watching, site, slack):
    moved = news.story(
        "inspectors-praise-croydon-front-door", FOCUSED.title + ".", date(2026, 11, 18), *FOCUSED.paragraphs
    )
    publish(site, [UNRELATED, FOCUSED, moved], rss=[FOCUSED, UNRELATED], atom=[moved, UNRELATED])
    assert watching.slack_once().code == 0
    assert len(slack.messages) == 1


def test_an_unlinked_item_is_a_standalone_sector_news_alert_routed_to_comms(watching, site, slack):
    config = watching.path / "config.toml"
    config.write_text(config.read_text().replace("pace = 0", 'pace = 0\nroutes = { news = "#comms" }'))
    publish(site, [UNRELATED, FOCUSED], rss=[FOCUSED, UNRELATED], atom=[UNRELATED])
    assert watching.slack_once().code == 0
    (message,) = slack.messages
    assert message["channel"] == slack.channel_id("#comms") and "thread_ts" not in message
    assert message["blocks"][0]["text"]["text"] == "Sector news: Croydon"


def test_a_broken_feed_is_a_failed_source_and_the_others_are_read(workdir, site, slack, croydon_page):
    workdir.write_config(slack_api_url=slack.api_url, news=feeds_config(site, listing=True))
    serve_provider(site, croydon_page)
    publish(site, [UNRELATED], rss=[UNRELATED], atom=[UNRELATED], listing=[UNRELATED])
    assert workdir.slack_once().code == 0
    site.serve("/feed/", Reply(body="<html><h1>Slim Application Error</h1></html>"))
    site.serve("/ofsted.atom", Reply(503, "unavailable"))
    publish_listing = [FOCUSED, UNRELATED]
    for s in publish_listing:
        site.serve(s.path(), Reply(body=news.article_page(s)))
    site.serve("/children-first/", Reply(body=news.listing_page(publish_listing)))
    run = workdir.slack_once()
    assert run.code != 0
    failed = [line for line in run.err.splitlines() if "source news:" in line and " failed: " in line]
    assert any("news:Community Care" in f and "not a readable RSS or Atom feed" in f for f in failed)
    assert any("news:GOV.UK Ofsted" in f and "HTTP 503" in f for f in failed)
    assert len(failed) == 2
    (message,) = slack.messages  # the listing was still read
    assert FOCUSED.title in json.dumps(message["blocks"])
    assert [r["source"] for r in workdir.listed().values() if r["type"] == "news"] == ["WillisPalmer"]


ROUND_UP = news.story(
    "round-up",
    "Ofsted round-up: Croydon and Sutton",
    date(2026, 11, 19),
    "Ofsted inspectors found that children in Croydon now receive a timely response.",
    "In Sutton, Ofsted judged children's services to be good.",
)


def test_a_round_up_is_credited_to_every_watched_authority_it_reports_on(workdir, site, slack, croydon_page):
    workdir.write_config(
        authorities=(("Croydon", "80492"), ("Sutton", "80515")),
        slack_api_url=slack.api_url,
        news=feeds_config(site),
    )
    serve_provider(site, croydon_page)
    sutton = [Entry("50600001", "Children's services inspection", "01 March 2024", "2024-01-22")]
    serve_provider(site, ProviderPage("Sutton", "80515", sutton))
    publish(site, [UNRELATED], rss=[UNRELATED], atom=[UNRELATED])
    assert workdir.slack_once().code == 0  # the baseline
    publish(site, [ROUND_UP], rss=[ROUND_UP, UNRELATED], atom=[UNRELATED])
    run = workdir.slack_once()
    assert run.code == 0, run.err
    stored = [r for r in workdir.listed().values() if r["type"] == "news"]
    assert sorted(r["authority"] for r in stored) == ["Croydon", "Sutton"]
    news_alerts = [m for m in slack.messages if "round-up" in m["text"].lower()]
    assert len(news_alerts) == 2, slack.messages  # one for each authority it reports on


FOCUSED_LETTER = Entry("50300008", "Children's services focused visit", "16 November 2026", "2026-10-21")
# Names the kind of visit and the authority in its title only, the day after the letter.
FOCUSED_PRAISED = news.story(
    "focused-visit-praises-croydon",
    "Ofsted focused visit praises Croydon child protection work",
    date(2026, 11, 17),
    "Inspectors said social workers know the children they help well and plan with care.",
    "The council said it welcomed the letter and would build on its strengths.",
)


def test_a_story_naming_the_visit_its_authority_and_a_near_date_is_threaded_under_it(
    watching, site, slack, croydon_page
):
    croydon_page.entries.insert(0, FOCUSED_LETTER)
    serve_provider(site, croydon_page)
    assert watching.slack_once().code == 0
    (letter,) = slack.messages
    publish(site, [UNRELATED, FOCUSED_PRAISED], rss=[FOCUSED_PRAISED, UNRELATED], atom=[UNRELATED])
    run = watching.slack_once()
    assert run.code == 0, run.err
    _, story = slack.messages
    assert story["thread_ts"] == letter["ts"] and story["text"].startswith("In the news")
    why = "Why it is here (read as Croydon’s focused visit letter)"
    assert why in json.dumps(story["blocks"], ensure_ascii=False)
    (item,) = [r for r in watching.listed().values() if r["type"] == "news"]
    assert item["links_to"] == "50300008" and item["kind"] == "focused-visit"
    assert item["passage"].startswith("Ofsted focused visit praises Croydon")


SUTTON_TOO = news.story(
    "croydon-and-sutton",
    "Ofsted letters for Croydon and Sutton",
    date(2026, 11, 19),
    "Ofsted inspectors found that children in Croydon and Sutton are seen promptly.",
)


def test_a_story_stored_for_one_authority_is_credited_to_another_watched_later(
    watching, site, slack, croydon_page
):
    publish(site, [UNRELATED, SUTTON_TOO], rss=[SUTTON_TOO, UNRELATED], atom=[UNRELATED])
    assert watching.slack_once().code == 0
    assert [r["authority"] for r in watching.listed().values() if r["type"] == "news"] == ["Croydon"]
    watching.write_config(
        authorities=(("Croydon", "80492"), ("Sutton", "80515")),
        slack_api_url=slack.api_url,
        news=feeds_config(site),
    )
    serve_provider(
        site,
        ProviderPage("Sutton", "80515", [Entry("50600001", "Inspection", "01 March 2024", "2024-01-22")]),
    )
    later = news.story("library-2", "Sutton opens a library", date(2026, 11, 20), "A library opened.")
    publish(site, [UNRELATED, SUTTON_TOO, later], rss=[later, SUTTON_TOO, UNRELATED], atom=[UNRELATED])
    assert watching.slack_once().code == 0  # the feed has moved on; Sutton's page, its baseline
    stored = [r for r in watching.listed().values() if r["type"] == "news"]
    assert sorted(r["authority"] for r in stored) == ["Croydon", "Sutton"]
    assert site.hits(SUTTON_TOO.path()) == 2  # read again for Sutton, once


def test_a_page_with_no_text_a_huge_page_and_markup_are_skipped_and_the_source_is_read(watching, site, slack):
    """Each is a clear skip in the debug log, never a failure of the news source."""
    bare = news.Story("bare", "Croydon: Ofsted letter", date(2026, 11, 21), [""], teaser=" ")
    huge = news.story("huge", "Croydon: Ofsted inspectors' findings", date(2026, 11, 21), "Croydon. " * 20000)
    markup = news.story(
        "markup",
        "Croydon: the inspection report",
        date(2026, 11, 21),
        '<div class="x"><script>var a = {b: 1, c: "Croydon"};</script></div>' * 200,
    )
    publish(site, [UNRELATED, huge, markup], rss=[bare, huge, markup, UNRELATED], atom=[UNRELATED])
    site.serve(bare.path(), Reply(body="<html><body></body></html>"))
    run = watching.slack_once("--verbose")
    assert run.code == 0, run.err
    assert " failed: " not in run.err and slack.messages == []
    assert f"news item skipped, it has no text: {site.url}/bare/" in run.err
    assert re.search(
        r"news item skipped, its text is 1\d\d,\d{3} characters, more than any story.*/huge/", run.err
    )
    assert f"% markup, not prose: {site.url}/markup/" in run.err
    assert "not about a watched authority" not in run.err  # said once, as skipped

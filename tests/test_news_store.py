"""Sector news in the store: a story is linked to the publication it reports on, and a
story read for some authorities is read again only for another."""

from datetime import date

import pytest

from storage.news import News
from tests.conftest import listing, record


def story(**changes) -> dict:
    return {
        "source": "news:Community Care",
        "title": "Ofsted focused visit praises Croydon",
        "url": "https://www.communitycare.co.uk/2026/11/21/croydon/?utm_source=feed",
        "published": date(2026, 11, 21),
        "authority": "Croydon",
        "urn": "80492",
        "summary": "Inspectors praised the front door.",
        "kind": "focused-visit",
        "passage": "Ofsted focused visit praises Croydon",
    } | changes


@pytest.fixture
def store(sqlite_store):
    record(sqlite_store, listing("50300001", published=date(2026, 11, 20)), alert=True)
    record(
        sqlite_store,
        listing("50300002", type="monitoring-visit", title="Monitoring visit", published=date(2026, 11, 10)),
        alert=True,
    )
    return sqlite_store


@pytest.mark.parametrize(
    ("changes", "linked"),
    [
        ({}, "50300001"),  # of its kind, the day before
        ({"published": date(2026, 11, 19)}, "50300001"),  # dated a day before the letter
        ({"kind": "monitoring-visit"}, "50300002"),
        ({"kind": "ilacs"}, None),  # of no kind published near it, and two near: none
        ({"published": date(2026, 12, 30)}, None),  # long after
        ({"urn": "80515", "authority": "Sutton"}, None),  # another authority's
    ],
)
def test_a_story_links_to_its_authoritys_publication_of_its_kind_published_near_it(store, changes, linked):
    _, item = News(store).record(story(**changes), alert=False, window_days=21)
    assert item is not None and item.links_to == linked


def test_a_story_of_another_kind_links_to_the_one_publication_near_it(sqlite_store):
    record(sqlite_store, listing("50300001", published=date(2026, 11, 20)), alert=True)
    _, item = News(sqlite_store).record(story(kind="ilacs"), alert=False, window_days=21)
    assert item is not None and item.links_to == "50300001"


def test_a_story_is_known_for_the_authorities_it_was_stored_or_read_for(sqlite_store):
    news = News(sqlite_store)
    url = story()["url"]
    assert news.known([url]) == {}
    news.record(story(), alert=False, window_days=21)
    news.read(url, ["80492", "80515"])
    news.read(url.replace("?utm_source=feed", ""), ["80519"])  # the same story
    assert news.known([url]) == {url: {"80492", "80515", "80519"}}
    sutton = story(urn="80515", authority="Sutton")
    change, _ = news.record(sutton, alert=False, window_days=21)
    assert change.name == "NEW"  # stored for Croydon, credited to Sutton as well
    assert {i.authority for i in news.items()} == {"Croydon", "Sutton"}

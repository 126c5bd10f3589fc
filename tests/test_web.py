"""The web pages and feeds in process (Starlette's TestClient), on SQLite and PostgreSQL:
lists, filters, full-text search, pages, Atom, CSV, caching and escaping."""

from __future__ import annotations

import csv
import html
import io
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import anyio.to_thread
import feedparser
import pytest
from sqlalchemy import event
from starlette.testclient import TestClient

from config import Config
from errors import Failure
from storage import Store
from storage.news import News
from storage.reading import Reading
from storage.sources import Sources
from tests.conftest import emptied, record
from vocabulary import FailureKind
from web.app import Web

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> monitoring visit"
FILES = "https://files.ofsted.gov.uk/v1/file"
PAGE = "https://reports.ofsted.gov.uk/provider/44/80492"
ILACS_FACTS = {
    "type": "ilacs",
    "period_start": "2020-02-03",
    "period_end": "2020-02-14",
    "outcome": "Good",
    "lead_inspector": "Rowan Ashdown",
    "inspectors": ["Rowan Ashdown", "Jo Smith"],
    "judgements": {
        "The impact of leaders on social work practice with children and families": "Good",
        "The experiences and progress of children who need help and protection": "Good",
        "The experiences and progress of children in care and care leavers": (
            "Requires improvement to be good"
        ),
    },
}


def _publication(store: Store, id: str, kind: str, title: str, published: date, reading: Reading) -> None:
    record(
        store,
        {
            "id": id,
            "source": "ofsted:80492",
            "authority": "Croydon",
            "urn": "80492",
            "type": kind,
            "title": title,
            "url": f"{FILES}/{id}",
            "published": published,
            "event_date": published,
            "page_url": PAGE,
        },
        alert=False,
        reading=reading,
    )


def seed(s: Store) -> None:
    """Three Croydon publications (one with a hostile title) and one story about one."""
    _publication(
        s,
        "50265318",
        "ilacs",
        "Children's services inspection",
        date(2020, 3, 10),
        Reading.done(
            ILACS_FACTS,
            {
                "headline": "Children in Croydon now receive a good service.",
                "strengths": ["Leaders know their services well."],
                "concerns": [],
            },
            "Croydon children's services inspection. Leaders know their services well. "
            "Care leavers need better housing.",
        ),
    )
    _publication(
        s,
        "50300001",
        "focused-visit",
        "Children's services focused visit",
        date(2026, 11, 14),
        Reading.done(
            {"type": "focused-visit", "period_start": "2026-10-07", "period_end": "2026-10-08"},
            {"headline": "Leaders have strengthened the front door.", "strengths": [], "concerns": []},
            "The front door has been strengthened. Referrals are screened promptly.",
        ),
    )
    _publication(
        s,
        "50066541",
        "monitoring-visit",
        HOSTILE,
        date(2019, 3, 14),
        Reading.failed("the document was empty"),
    )
    News(s).record(
        {
            "source": "news:Community Care",
            "title": "Croydon's front door praised by Ofsted",
            "url": "https://www.communitycare.co.uk/2026/11/20/croydon-front-door/",
            "published": date(2026, 11, 20),
            "authority": "Croydon",
            "urn": "80492",
            "summary": "Ofsted found Croydon's front door much improved.",
            "kind": "focused-visit",
            "passage": f"Ofsted found Croydon's front door {HOSTILE} much improved. " + "Long. " * 100,
        },
        alert=False,
        window_days=21,
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    url = (
        f"sqlite:///{tmp_path}/web.db"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    s = emptied(Store(url))
    seed(s)
    yield s
    s.close()


@pytest.fixture
def client(store):
    with TestClient(Web(Config(), store).app()) as c:
        yield c


def test_home_lists_newest_first_with_verdicts_and_filters_narrow_it(client):
    home = client.get("/")
    assert home.status_code == 200
    body = home.text
    assert (
        body.index("focused visit")
        < body.index("Children&#39;s services inspection")
        < body.index("monitoring visit")
    )
    assert "Judged Good overall" in body and "3 publications" in body
    assert "1 publication" in client.get("/?type=ilacs").text
    assert "1 publication" in client.get("/?since=2026-01-01").text
    assert "2 publications" in client.get("/?until=2020-12-31&authority=80492").text


def test_full_text_search_finds_words_in_the_documents_and_never_fails(client):
    found = client.get("/?q=front+door")
    assert "1 publication" in found.text and "focused visit" in found.text
    assert "1 publication" in client.get("/?q=housing").text  # in the text, not the summary
    for hostile in ('"NEAR(', "AND OR NOT", "*", "';--", "x" * 500):
        answer = client.get("/", params={"q": hostile})
        assert answer.status_code == 200


def test_the_publication_page_shows_facts_judgements_summary_and_coverage(client):
    page = client.get("/publication/50265318").text
    for shown in (
        "Rowan Ashdown, Jo Smith",
        "3-14 February 2020",
        "Requires improvement to be good",
        "Children in Croydon now receive a good service.",
        "Leaders know their services well.",
    ):
        assert shown in page
    assert f'href="{FILES}/50265318"' in page
    letter = client.get("/publication/50300001").text
    assert "Croydon&#39;s front door praised by Ofsted" in letter and "Community Care" in letter
    assert client.get("/publication/nope").status_code == 404


def test_a_hostile_title_stays_text_and_no_script_may_run(client):
    page = client.get("/publication/50066541")
    assert "<script>" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'none'
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "Summary unavailable: the document was empty" in page.text


def test_the_authority_page_draws_its_journey(client):
    page = client.get("/authority/80492").text
    assert "<svg" in page and "#00703c" in page  # the Good inspection, in green
    assert page.count('class="result"') == 3


def test_the_atom_feed_is_valid_follows_the_filters_and_answers_304(client):
    answer = client.get("/feed.atom?type=ilacs")
    assert answer.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(answer.content)
    assert not feed.bozo, feed.bozo_exception
    (entry,) = feed.entries
    assert entry.title == "Inspection report: Croydon"
    # The verdict and the headline, told apart: never run together.
    assert entry.summary.startswith("Judged Good overall") and " — " in entry.summary
    again = client.get("/feed.atom?type=ilacs", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get(
        "/feed.atom?type=ilacs", headers={"If-Modified-Since": answer.headers["last-modified"]}
    )
    assert since.status_code == 304
    assert client.get("/feed.atom", headers={"If-None-Match": answer.headers["etag"]}).status_code == 200
    coverage = feedparser.parse(client.get("/coverage.atom").content)
    assert not coverage.bozo and coverage.entries[0].title.startswith("Community Care:")


def _spreadsheet(answer) -> list[dict[str, str]]:
    """A CSV download's rows as a spreadsheet reads them: UTF-8 after its byte-order mark,
    without which Excel on Windows shows "Children’s" as "Childrenâ€™s"."""
    assert answer.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))


def test_the_csv_export_opens_with_a_header_row(client):
    answer = client.get("/publications.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    rows = _spreadsheet(answer)
    assert len(rows) == 3 and rows[0]["id"] == "50300001" and rows[1]["verdict"].startswith("Judged Good")
    assert rows[1]["visit_start"] == "2020-02-03"


@pytest.mark.parametrize(
    ("typed", "understood"),
    [("01/12/2026", "2026-12-01"), ("1 December 2026", "2026-12-01"), ("2026-12-01", None)],
)
def test_a_date_typed_as_people_write_it_is_read_and_one_that_is_no_date_is_said(client, typed, understood):
    page = client.get("/", params={"since": typed}).text
    assert "Date not understood" not in page
    if understood:
        assert f'value="{understood}"' in page
    unread = client.get("/", params={"since": "13/13/2026", "until": "soon"}).text
    assert "Date not understood: “13/13/2026”." in unread and "Date not understood: “soon”." in unread
    assert 'aria-invalid="true"' in unread


def test_status_and_coverage_pages(client):
    assert client.get("/status").status_code == 200
    coverage = client.get("/coverage").text
    assert "Reports on:" in coverage and "Focused visit letter, 14 November 2026" in coverage


def test_status_before_any_read_says_so_once(sqlite_store):
    with TestClient(Web(Config(), sqlite_store).app()) as client:
        page = client.get("/status").text
    assert page.count("been read yet") == 1 and "the first cycle reads them" in page


def _queries(store: Store, client: TestClient) -> list[str]:
    """The SQL statements the coverage page runs."""
    said: list[str] = []

    def heard(conn, cursor, statement, *rest) -> None:
        said.append(statement)

    event.listen(store.engine, "before_cursor_execute", heard)
    try:
        assert "Reports on:" in client.get("/coverage").text
    finally:
        event.remove(store.engine, "before_cursor_execute", heard)
    return said


def test_coverage_takes_as_many_queries_for_many_stories_as_for_one_and_reads_no_document(store, client):
    one = _queries(store, client)
    for number in range(5):
        News(store).record(
            {
                "source": "news:Community Care",
                "title": f"Croydon story {number}",
                "url": f"https://www.communitycare.co.uk/2026/11/2{number}/croydon-{number}/",
                "published": date(2026, 11, 15),
                "authority": "Croydon",
                "urn": "80492",
                "summary": None,
                "kind": "ilacs" if number % 2 else "focused-visit",
                "passage": "Ofsted found Croydon improved.",
            },
            alert=False,
            window_days=3000,
        )
    many = _queries(store, client)
    assert len(many) == len(one) and not any("publications.text" in query for query in many)


@pytest.mark.parametrize("path", ["/coverage", "/publication/50300001"])
def test_why_a_story_is_here_shows_its_deciding_passage_escaped_and_clipped(client, path):
    page = client.get(path).text
    assert "Why this story is here: it reads as reporting Croydon’s focused visit letter" in page
    why = page[page.index("<blockquote>") : page.index("</blockquote>")]
    assert "Ofsted found Croydon&#39;s front door &lt;script&gt;" in why and "<script>" not in page
    assert why.endswith("…") and len(why) < 500


def test_each_server_process_works_on_web_threads_requests_at_once(sqlite_store):
    config = Config.model_validate({"web": {"threads": 3}})
    with TestClient(Web(config, sqlite_store).app()) as client:
        assert client.portal is not None  # the app's event loop, while the client is open
        limit = client.portal.call(anyio.to_thread.current_default_thread_limiter)
        assert limit.total_tokens == 3 and client.get("/").status_code == 200


SECTOR = [("80492", "Croydon", "London"), ("80515", "Sutton", "London"), ("80330", "=Leeds", "Yorkshire")]


def sector_config(folder) -> Config:
    """A config whose regions file knows the seeded listing's authorities."""
    regions = folder / "regions.csv"
    regions.write_text("urn,name,region\n" + "".join(f"{u},{n},{r}\n" for u, n, r in SECTOR))
    return Config.model_validate({"ofsted": {"sector": True, "regions_file": str(regions)}})


def seed_sector(s: Store) -> None:
    """The listing, with Croydon's history stored and nothing yet of the others."""
    from storage.sector import ListedAuthority, Sector

    Sector(s).record([ListedAuthority(urn, name, date(2026, 11, 14), None) for urn, name, _ in SECTOR])


def test_the_sector_page_shows_every_authority_filters_by_region_and_exports_csv(store, tmp_path):
    seed_sector(store)
    with TestClient(Web(sector_config(tmp_path), store).app()) as client:
        page = client.get("/sector").text
        assert "3 of 3 authorities" in page and page.index("=Leeds") < page.index("Croydon")
        assert '<a href="/authority/80492">Croydon</a>' in page
        assert '<a href="/publication/50265318">10 March 2020</a>' in page and ">Good</span>" in page
        assert '<a href="/publication/50300001">14 November 2026</a>' in page
        assert page.count("none stored") == 4  # Sutton and Leeds: no inspection, no visit
        london = client.get("/sector?region=London").text
        assert "2 of 3 authorities" in london and "Leeds" not in london
        assert "1 of 3 authorit" in client.get("/sector?name=SUTT").text
        assert 'href="/sector.csv?name=name"' in client.get("/sector?name=name").text  # kept
        longest = client.get("/sector?order=longest").text  # never inspected: the longest wait
        assert longest.index("Croydon") > longest.index("Sutton")
        assert "0 of 3" in client.get("/sector?region=" + "x" * 5000).text  # bounded, not an error
        answer = client.get("/sector.csv?region=London")
        assert answer.headers["content-type"].startswith("text/csv")
        rows = _spreadsheet(answer)
        assert [r["authority"] for r in rows] == ["Croydon", "Sutton"]
        assert rows[0]["grade"] == "Good" and rows[0]["visit_type"] == "focused-visit"
        everyone = _spreadsheet(client.get("/sector.csv"))
        assert everyone[0]["authority"] == "'=Leeds"  # a spreadsheet shows it, never runs it
        again = client.get("/sector.csv?region=London", headers={"If-None-Match": answer.headers["etag"]})
        assert again.status_code == 304


def test_the_sector_csv_is_new_each_day_though_the_store_is_not(sqlite_store, tmp_path):
    """Its days since change at midnight: a copy from yesterday is never "not modified"."""
    seed_sector(sqlite_store)  # the listing alone: no publication, so the store never changed
    with TestClient(Web(sector_config(tmp_path), sqlite_store).app()) as client:
        answer = client.get("/sector.csv")
        midnight = datetime.combine(date.today(), time.min, tzinfo=UTC)
        assert parsedate_to_datetime(answer.headers["last-modified"]) == midnight
        yesterday = format_datetime(midnight - timedelta(seconds=1), usegmt=True)
        assert client.get("/sector.csv", headers={"If-Modified-Since": yesterday}).status_code == 200
        today = format_datetime(midnight, usegmt=True)
        assert client.get("/sector.csv", headers={"If-Modified-Since": today}).status_code == 304


def test_the_sector_page_says_how_to_fill_it_before_a_listing_is_read(client):
    page = client.get("/sector")
    assert page.status_code == 200 and "No sector listing has been read yet" in page.text


@pytest.mark.parametrize("page", ["²", "٣", "-1", "0", "99999", "1.5", "x", ""])
def test_a_malformed_page_number_is_the_first_page_never_an_error(client, page):
    answer = client.get("/", params={"page": page})
    assert answer.status_code == 200 and "Croydon" in answer.text


def test_a_monitoring_letter_page_says_its_visit_and_judgement_in_words(store, client):
    facts = {"type": "monitoring-visit", "visit_number": 5, "judged_inadequate": "2017-09"}
    _publication(
        store, "50070001", "monitoring-visit", "Monitoring visit", date(2019, 3, 14), Reading.done(facts, {})
    )
    page = client.get("/publication/50070001").text
    assert "Fifth monitoring visit since the inadequate judgement of September 2017" in page
    assert "2017-09" not in page and "number 5" not in page
    # With no finding read, that is the verdict line: not said again as the visit.
    assert page.count("monitoring visit since") == 1 and "<dt>Visit</dt>" not in page
    found = {"headline": "Services for children continue to improve.", "strengths": [], "concerns": []}
    _publication(
        store,
        "50070002",
        "monitoring-visit",
        "Monitoring visit",
        date(2019, 3, 14),
        Reading.done(facts, found),
    )
    read = client.get("/publication/50070002").text
    assert "Fifth monitoring visit: Services for children continue to improve." in read
    assert "<dt>Visit</dt><dd>Fifth monitoring visit since the inadequate judgement of September 2017" in read


def test_a_quoted_search_is_a_phrase_and_each_result_shows_where_it_matched(client):
    found = client.get("/", params={"q": '"leaders know their"'}).text
    assert "1 publication" in found
    assert (
        "<mark>Leaders know their</mark>" in found and "Croydon: Children&#39;s services inspection" in found
    )
    assert (
        "No publication matches" in client.get("/", params={"q": '"know leaders"'}).text
    )  # not in that order
    assert "1 publication" in client.get("/", params={"q": 'housing "care leavers"'}).text


def test_a_publication_page_shows_its_document_s_text(client):
    page = client.get("/publication/50265318").text
    assert "The document's text" in page and "Care leavers need better housing." in page


def test_what_a_visit_looked_at_is_a_list_not_sentences_run_together(store, client):
    areas = ["Help and protection, including the front door.", "Children in care and their plans."]
    _publication(
        store,
        "50080001",
        "focused-visit",
        "Focused visit",
        date(2024, 5, 1),
        Reading.done({"areas": areas}, {}),
    )
    page = client.get("/publication/50080001").text
    assert "<li>Help and protection, including the front door.</li>" in page and ".; " not in page


def failing_croydon(store: Store, cycles: int = 3) -> None:
    """Croydon's page failing `cycles` cycles in a row after a good read."""
    for n in range(cycles):
        Sources(store).record_read(
            f"c{n + 1}",
            "ofsted:80492",
            "Croydon",
            ok=False,
            failure=Failure(FailureKind.READ, "HTTP 503 Service Unavailable"),
        )


def test_status_says_first_what_needs_a_look_and_lists_it_first(store):
    with TestClient(Web(Config(), store).app()) as client:
        Sources(store).record_read("c0", "news:Community Care", "Community Care", ok=True, seen=12)
        Sources(store).record_read("c0", "ofsted:80492", "Croydon", ok=True, seen=9)
        well = client.get("/status").text
        assert "All sources are well." in well and "Needs a look" not in well
        failing_croydon(store)
        page = html.unescape(client.get("/status").text)
    since = f"{Sources(store).all()[-1].failing_since:%H:%M} UTC"
    assert f"1 source needs a look: Croydon's page has failed 3 cycles since {since}." in page
    # Marked in words, and listed before the source that is well; the sources above the cycles.
    assert page.index("⚠ Needs a look") < page.index("news:Community Care") < page.index("Last cycles")
    assert page.index('id="summary"') < page.index("<table")

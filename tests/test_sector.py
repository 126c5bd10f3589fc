"""The sector watch end to end: `once` against a local copy of the reports site's listing
of 153 authorities (two pages) and their provider pages, with the Slack stand-in."""

from __future__ import annotations

import csv
import io
import json
import threading

import pytest

from tests.conftest import NEW as CROYDON_NEW
from tests.conftest import Workdir, publish, record, serve_provider, wait_for
from tests.sites import sector
from tests.sites.ofsted import Entry, ProviderPage
from tests.sites.server import Reply
from vocabulary import ExitCode

PEER = "81007"  # "Authority 81007": its latest report moves in the tests
OLD = Entry("50400001", "Children's services inspection", "08 March 2024", "2024-01-22")
NEW = Entry("50400002", "Monitoring visit", "20 November 2026", "2026-10-14")


@pytest.fixture
def listed():
    return sector.authorities(153)


def _serve_listing(site, listed, *, total=None) -> None:
    for start in (0, 100):
        site.serve(sector.path(start), Reply(body=sector.page(listed, start, total)))


def _listing_hits(site) -> int:
    return sum(site.hits(sector.path(start)) for start in (0, 100))


def _provider_hits(site) -> dict[str, int]:
    found: dict[str, int] = {}
    for path, _ in site.requests:
        if path.startswith("/provider/44/"):
            urn = path.rsplit("/", 1)[-1]
            found[urn] = found.get(urn, 0) + 1
    return found


@pytest.fixture
def watching(workdir: Workdir, site, croydon_page, listed):
    config = workdir.path / "config.toml"
    config.write_text(config.read_text().replace("authorities = [", "sector = true\nauthorities = [", 1))
    croydon_page.entries = croydon_page.entries[:3]  # its latest inspection and visit are enough here
    serve_provider(site, croydon_page)
    # Every other authority's page is there to be read, though a quiet cycle reads none.
    for a in listed:
        if a.urn != "80492":
            site.serve(f"/provider/44/{a.urn}", Reply(body=ProviderPage(a.name, a.urn, []).render(site.url)))
    serve_provider(site, ProviderPage(f"Authority {PEER}", PEER, [OLD]))
    _serve_listing(site, listed)
    first = workdir.cli("once")
    assert first.code == 0, first.err
    return workdir


def test_a_quiet_cycle_reads_the_two_listing_pages_and_only_the_home_page_and_the_table_has_them_all(
    watching, site
):
    assert _listing_hits(site) == 2 and _provider_hits(site) == {"80492": 1}
    site.requests.clear()
    quiet = watching.cli("once")
    assert quiet.code == 0, quiet.err
    assert _listing_hits(site) == 2 and _provider_hits(site) == {"80492": 1}
    regions = watching.path / "regions.csv"
    regions.write_text("urn,name,region\n80492,Croydon,London\n")
    config = watching.path / "config.toml"
    config.write_text(
        config.read_text().replace("sector = true", f'sector = true\nregions_file = "{regions}"', 1)
    )
    table = watching.cli("list", "--sector", "--csv")
    assert table.code == 0, table.err
    rows = list(csv.DictReader(io.StringIO(table.out)))
    assert len(rows) == 153
    header = "urn,authority,region,full_inspection,grade,latest_visit,visit_type,days_since,latest_report"
    assert ",".join(rows[0]) == header
    croydon = next(r for r in rows if r["urn"] == "80492")
    # The listing prints "London Borough of Croydon"; England's list names it.
    assert croydon["authority"] == "Croydon"
    assert croydon["full_inspection"] == "2024-12-03" and croydon["grade"] == "Good"
    assert croydon["region"] == "London" and rows[0]["region"] == ""
    assert croydon["latest_visit"] == "2021-07-26" and croydon["visit_type"] == "focused-visit"


def test_a_moved_latest_report_reads_that_page_once_and_its_new_letter_goes_in_one_digest(
    watching, site, slack, listed
):
    watching.write_config(slack_api_url=slack.api_url)
    config = watching.path / "config.toml"
    config.write_text(config.read_text().replace("authorities = [", "sector = true\nauthorities = [", 1))
    peer = next(a for a in listed if a.urn == PEER)
    peer.latest_report = "20 November 2026"
    _serve_listing(site, listed)
    serve_provider(site, ProviderPage(f"Authority {PEER}", PEER, [NEW, OLD]))
    site.requests.clear()

    moved = watching.slack_once()
    assert moved.code == 0, moved.err
    assert _provider_hits(site) == {"80492": 1, PEER: 1}
    stored = watching.listed()
    assert {"50400001", "50400002"} <= set(stored)
    assert stored["50400002"]["read_status"] == "done"
    (digest,) = slack.messages
    assert digest["text"] == "Sector: 1 new Ofsted publication"
    body = str(digest["blocks"])
    assert f"Authority {PEER}" in body and "/v1/file/50400002" in body and "50400001" not in body

    site.requests.clear()
    again = watching.slack_once()
    assert again.code == 0, again.err
    assert _provider_hits(site) == {"80492": 1} and len(slack.messages) == 1  # once


def test_a_broken_listing_is_a_failed_source_and_loses_nothing(watching, site, listed):
    error = "<html><body><h1>Slim Application Error</h1></body></html>"
    for broken, reason in (
        (lambda: _serve_listing(site, listed[:40], total=40), "far fewer than the 153 before"),
        (lambda: site.serve(sector.path(0), Reply(body=error)), "error page"),
    ):
        broken()
        site.requests.clear()
        failed = watching.cli("once")  # the home watch worked: degraded, not failed
        assert failed.code == ExitCode.DEGRADED and reason in failed.err
        assert "cycle finished: degraded, 1 problem (said above)" in failed.err
        assert "ofsted:sector" in failed.err and _provider_hits(site) == {"80492": 1}
        table = watching.cli("list", "--sector", "--json")
        assert table.code == 0 and len(json.loads(table.out)) == 153
    checked = watching.cli("check", "--console")  # ops can see it at once, too
    assert checked.code == 1 and "ofsted:sector" in checked.out and "error page" in checked.out


def test_backfill_reads_every_history_once_alerting_nothing_and_resumes_where_it_stopped(watching, site):
    broken = "81011"
    site.serve(f"/provider/44/{broken}", Reply(status=500, body="<h1>Internal error</h1>"))
    site.requests.clear()
    first = watching.cli("backfill", "--sector", "--console")
    assert first.code == 1 and "1 authorities' pages are still to be read" in first.out
    assert "--- alert" not in first.out  # a history is a baseline, not news
    hits = _provider_hits(site)
    # The home page is the home cycles' to read: a backfill reads the sector alone.
    assert len(hits) == 152 and hits[PEER] == 1 and "80492" not in hits and hits[broken] == 3  # retried
    assert watching.listed()["50400001"]["read_status"] == "done"

    site.serve(
        f"/provider/44/{broken}", Reply(body=ProviderPage(f"Authority {broken}", broken, []).render(site.url))
    )
    site.requests.clear()
    second = watching.cli("backfill", "--sector", "--console")
    assert second.code == 0, second.err
    assert "every listed authority's page has been read" in second.out
    assert _provider_hits(site) == {broken: 1}  # nothing read twice


def test_home_cycles_go_on_while_a_sector_backfill_reads_and_status_shows_how_far_it_got(
    watching, site, croydon_page
):
    held, answer = "81020", threading.Event()  # a page the backfill waits on until told
    page = ProviderPage(f"Authority {held}", held, []).render(site.url)
    site.serve(f"/provider/44/{held}", Reply(body=page, hold=answer))
    backfill = watching.spawn("backfill", "--sector", "--console")
    try:
        wait_for(lambda: site.hits(f"/provider/44/{held}"), 60, "the backfill to reach the held page")
        publish(site, croydon_page)
        home = watching.cli("once")  # under the cycle lock, while the backfill holds its own
        assert home.code == 0, home.err
        assert home.out.count("--- alert") == 1 and CROYDON_NEW.file_id in home.out
        assert "the sector is left to the backfill under way" in home.err
        status = watching.cli("status").out
        assert "Sector backfill under way since" in status and "authorities' pages read" in status
    finally:
        answer.set()
        done = backfill.wait(timeout=120)
    assert done == 0, watching.log("err.log")
    assert "every listed authority's page has been read" in watching.log()
    assert "Sector backfill under way" not in watching.cli("status").out


def _peer_publishes(watching, site, slack, listed) -> None:
    """Authority PEER is a peer, and the listing shows its page has a new letter."""
    watching.write_config(slack_api_url=slack.api_url)
    config = watching.path / "config.toml"
    # The local listing's authorities are made up: a regions file of theirs names them.
    regions = watching.path / "regions.csv"
    regions.write_text(f"urn,name,region\n80492,Croydon,London\n{PEER},Authority {PEER},London\n")
    peers = f'sector = true\npeers = ["Authority {PEER}"]\nregions_file = "{regions}"\nauthorities = ['
    config.write_text(config.read_text().replace("authorities = [", peers, 1))
    next(a for a in listed if a.urn == PEER).latest_report = "20 November 2026"
    _serve_listing(site, listed)
    serve_provider(site, ProviderPage(f"Authority {PEER}", PEER, [NEW, OLD]))


def test_a_peers_new_monitoring_letter_is_alerted_on_its_own_and_in_the_digest(watching, site, slack, listed):
    _peer_publishes(watching, site, slack, listed)
    run = watching.slack_once()
    assert run.code == 0, run.err
    texts = sorted(m["text"] for m in slack.messages)
    assert len(texts) == 2 and texts[1] == "Sector: 1 new Ofsted publication"
    # It says it is a peer's, with how the home authority stands beside it.
    assert texts[0].startswith(f"Peer: Monitoring visit letter: Authority {PEER}")
    (alone,) = [m for m in slack.messages if m["text"].startswith("Peer: ")]
    assert "Croydon's own standing: Judged Good overall" in str(alone["blocks"])


def _inspected(store, urn: str, name: str, outcome: str) -> None:
    from datetime import date

    from storage.reading import Reading

    record(
        store,
        {
            "id": f"9{urn}",
            "source": f"ofsted:{urn}",
            "authority": name,
            "urn": urn,
            "type": "ilacs",
            "title": "Children's services inspection",
            "url": f"https://files.ofsted.gov.uk/v1/file/9{urn}",
            "published": date(2025, 1, 1),
            "event_date": date(2024, 11, 1),
            "page_url": f"https://reports.ofsted.gov.uk/provider/44/{urn}",
        },
        alert=False,
        reading=Reading.done({"type": "ilacs", "outcome": outcome}, {}),
    )


def test_a_home_inspection_says_how_its_region_stands_only_when_the_sector_is_known(tmp_path):
    from alerts.message import comparison
    from authorities import read
    from storage import Store
    from storage.publications import Publications
    from storage.sector import ListedAuthority, Sector
    from tests.conftest import shared

    regions = read(shared("reference", "local-authorities.csv"))
    london = sorted(urn for urn, place in regions.items() if place.region == "London")
    store = Store(f"sqlite:///{tmp_path}/sector.db")
    sector = Sector(store)
    sector.record([ListedAuthority(urn, regions[urn].name, None, None) for urn in regions])
    for n, urn in enumerate(london[:15]):
        _inspected(store, urn, regions[urn].name, "Good" if n % 3 else "Requires improvement to be good")
    assert sector.picture("80492", regions) is None  # 15 of 33 known: too few to say
    for n, urn in enumerate(london[15:]):
        _inspected(store, urn, regions[urn].name, "Outstanding" if n % 2 else "Inadequate")
    picture = sector.picture("80492", regions)
    assert picture is not None and (picture.inspected, picture.region) == (len(london), "London")
    croydon = next(p for p in Publications(store).all() if p.urn == "80492")
    said = comparison(picture, croydon)
    assert said.startswith(
        f"Judged {(croydon.facts or {})['outcome']}; {picture.good_or_better} of {len(london)} London"
    )
    assert "Good or Outstanding at their latest inspection (as of " in said
    assert sector.peers("region", {"80492"}, regions) == set(london) - {"80492"}
    assert sector.peers(["sutton", "80490", "Nowhere"], {"80492"}, regions) == {"80515", "80490"}
    store.close()


def test_a_moved_date_stays_due_until_its_page_is_read(tmp_path):
    from datetime import date

    from storage import Store
    from storage.sector import ListedAuthority, Sector

    store = Store(f"sqlite:///{tmp_path}/sector.db")
    sector = Sector(store)
    before = [ListedAuthority(PEER, "Peer", date(2024, 3, 8), None)]
    sector.record(before)  # the baseline: nothing is due
    assert sector.due(before, set(), 7) == []
    moved = [ListedAuthority(PEER, "Peer", date(2026, 11, 20), None)]
    (due,) = sector.due(moved, set(), 7)
    assert due.moved and due.news_after == date(2024, 3, 8)
    sector.record(moved)  # the listing is kept, but the page read failed
    assert [d.urn for d in sector.due(moved, set(), 7)] == [PEER]  # so it is read next time
    sector.mark_read(PEER)
    assert sector.due(moved, set(), 7) == []
    store.close()


def test_peers_by_region_come_from_england_s_authorities_as_shipped(sqlite_store):
    import authorities
    from storage.sector import Sector

    england = authorities.regions()
    assert len(england) >= 150 and england["80492"].region == "London"
    peers = Sector(sqlite_store).peers("region", {"80492"}, england)
    assert len(peers) == 32 and "80515" in peers and "80492" not in peers  # Sutton, not Croydon


def test_a_sector_backfill_reads_no_news_and_leaves_no_news_failure(watching, site):
    config = watching.path / "config.toml"
    feed = f'\n[[news]]\nname = "WillisPalmer"\nurl = "{site.url}/feed/"\nkind = "feed"\n'
    config.write_text(config.read_text().replace("news = []\n", "", 1) + feed)
    run = watching.cli("backfill", "--sector", "--console")
    assert run.code == 0, run.err
    assert "news:WillisPalmer" not in run.err and site.hits("/feed/") == 0
    assert "news:WillisPalmer" not in watching.cli("status").out


def test_a_peers_letter_whose_download_was_cut_short_is_read_on_the_next_cycle(watching, site, slack, listed):
    from datetime import date

    from tests.conftest import pdf_reply
    from tests.sites import documents

    letter = documents.render(
        documents.letter_text("monitoring-visit", f"Authority {PEER}", date(2026, 11, 20), date(2026, 10, 14))
    )
    site.serve(f"/v1/file/{NEW.file_id}", pdf_reply(documents.truncated(letter)), pdf_reply(letter))
    _peer_publishes(watching, site, slack, listed)
    assert watching.slack_once().code == 0
    assert not [m for m in slack.messages if m["text"].startswith("Peer: ")]  # it waits
    site.requests.clear()
    assert watching.slack_once().code == 0  # the listing has not moved, the page is read all the same
    assert site.hits(f"/v1/file/{NEW.file_id}") == 1
    (alert,) = [m for m in slack.messages if m["text"].startswith("Peer: Monitoring visit letter")]
    assert f"Authority {PEER}" in alert["text"]


def test_the_terminal_table_has_a_header_cuts_no_grade_and_counts_no_negative_days():
    from datetime import date

    from presentation import sector_table as _table
    from storage.models import Publication
    from storage.sector import Standing

    ahead = Publication(published=date(2026, 12, 5))  # the site's day ahead of ours
    assert Standing("80492", "Croydon", ahead, None, None).days_since(date(2026, 12, 4)) == 0
    row = {
        "authority": "Bournemouth, Christchurch and Poole",
        "region": "South West",
        "full_inspection": "2024-11-26",
        "grade": "Requires improvement to be good",
        "latest_visit": None,
        "days_since": 0,
    }
    header, line = _table([row]).splitlines()
    assert header.startswith("Authority") and "Days since" in header
    assert "Bournemouth, Christchurch and Poole" in line and "Requires improvement to be good" in line
    assert line.split()[-1] == "0"


def test_status_sums_the_sector_up_and_lists_only_what_needs_a_person(watching, site):
    broken = "81011"
    site.serve(f"/provider/44/{broken}", Reply(status=500, body="<h1>Internal error</h1>"))
    watching.write_config()  # the same, and a failure told at once
    config = watching.path / "config.toml"
    text = config.read_text().replace("authorities = [", "sector = true\nauthorities = [", 1)
    config.write_text(text + "[health]\nfailures_to_alert = 1\n")
    watching.cli("backfill", "--sector", "--console")
    status = watching.cli("status").out
    assert "(no longer configured)" not in status
    assert "the sector's other pages: 152 read, 151 ok, 1 need a look" in status
    assert f"ofsted:{broken}" in status and len(status.splitlines()) < 30


def test_a_listing_whose_count_cannot_be_found_fails_its_source_saying_so(watching, site, listed):
    for start in (0, 100):
        site.serve(sector.path(start), Reply(body=sector.page(listed, start, count=False)))
    run = watching.cli("once")
    assert run.code == ExitCode.DEGRADED
    (line,) = [
        line for line in run.err.splitlines() if "source ofsted:sector" in line and " failed: " in line
    ]
    assert "the listing does not say how many results it has" in line

"""`scheduler.py once` end to end, as a user runs it, against a local copy of the site."""

import json
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import update

from storage import Store
from storage.cycles import Cycles
from storage.metrics import Metrics
from storage.models import Cycle
from storage.sources import Sources
from storage.store import utcnow
from tests.conftest import NEW, PROJECT, publish, serve_provider
from tests.sites.ofsted import ERROR_PAGE, Entry, ProviderPage
from tests.sites.server import Reply
from vocabulary import ExitCode

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Community Care</title>
<item><title>A story about somewhere else</title><link>https://www.communitycare.co.uk/x</link></item>
</channel></rss>"""


def test_baseline_then_exactly_the_new_publication_once(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    first = workdir.cli("once")
    assert first.code == 0, first.err
    assert "--- alert" not in first.out  # a decade of history is not news
    # A date the page should give and does not is said in one line, as it is recorded.
    (gap,) = [line for line in first.err.splitlines() if "without a date the page should give" in line]
    assert "2447163" in gap and "no publication date" in gap and " INFO " in gap  # history, as it is
    before = workdir.listed()
    assert len(before) == 10

    croydon_page.entries.insert(0, NEW)
    serve_provider(site, croydon_page)
    second = workdir.cli("once")
    assert second.code == 0, second.err
    assert second.out.count("--- alert") == 1
    assert "Focused visit letter: Croydon" in second.out
    assert f"{site.url}/v1/file/50300001" in second.out

    third = workdir.cli("once")
    assert third.code == 0 and "--- alert" not in third.out
    assert "without a date" not in second.err + third.err

    after = workdir.listed()
    assert after["50300001"]["type"] == "focused-visit"
    assert after["50300001"]["published"] == "2026-11-14"
    assert {k: v["first_seen"] for k, v in after.items() if k in before} == {
        k: v["first_seen"] for k, v in before.items()
    }


def test_list_json_has_types_and_dates_with_null_where_undated(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    run = workdir.cli("list", "--json")
    records = json.loads(run.out)
    assert [r["id"] for r in records][:2] == ["50265318", "50170020"]  # newest first
    by_id = {r["id"]: r for r in records}
    assert by_id["2447163"]["published"] is None
    assert by_id["2736521"]["type"] == "ilacs"
    assert by_id["2574837"]["type"] == "jtai"
    assert by_id["1043118"]["type"] == "other"
    assert by_id["50066541"]["type"] == "monitoring-visit"
    for record in records:
        assert {"id", "authority", "urn", "type", "title", "published", "url", "first_seen"} <= record.keys()
        assert record["authority"] == "Croydon" and record["urn"] == "80492"
    since = json.loads(workdir.cli("list", "--json", "--since", "2020-01-01").out)
    assert [r["id"] for r in since] == ["50265318", "50170020", "50142134"]


def test_alert_existing_alerts_the_first_read(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    run = workdir.cli("once", "--alert-existing")
    assert run.code == 0 and run.out.count("--- alert") == 10


def test_failing_source_is_named_while_the_others_are_stored(workdir, site, croydon_page):
    other = ProviderPage(
        "Bury", "80443", [Entry("90001", "Children's services inspection", "01 May 2023", "2023-03-01")]
    )
    broken = ProviderPage("Barnet", "80487", [])
    workdir.write_config(authorities=[("Croydon", "80492"), ("Bury", "80443"), ("Barnet", "80487")])
    serve_provider(site, croydon_page)
    serve_provider(site, other)
    serve_provider(site, broken)
    assert workdir.cli("once").code == 0
    stored = workdir.listed()

    # Croydon now answers 500 past the retries, Barnet an error page with HTTP 200.
    serve_provider(site, croydon_page, Reply(500, "<h1>Internal Server Error</h1>"))
    serve_provider(site, broken, Reply(200, ERROR_PAGE))
    other.entries.insert(0, Entry("90002", "Monitoring visit", "02 June 2023", "2023-05-01"))
    serve_provider(site, other)
    run = workdir.cli("once")
    assert run.code != 0
    failures = [line for line in run.err.splitlines() if " failed: " in line]
    assert len(failures) == 2
    assert any("ofsted:80492 (Croydon)" in f and "HTTP 500" in f for f in failures)
    assert any("ofsted:80487 (Barnet)" in f and "error page" in f for f in failures)
    assert site.hits("/provider/44/80492") == 1 + 3  # the first cycle, then 1 try + 2 retries
    assert run.out.count("--- alert") == 1 and "90002" in run.out  # Bury still read
    assert set(stored) < set(workdir.listed())  # nothing stored earlier is lost


def test_a_recovered_source_does_not_realert_its_history(workdir, site, croydon_page):
    serve_provider(site, croydon_page, Reply(200, ERROR_PAGE))
    assert workdir.cli("once").code != 0
    serve_provider(site, croydon_page)
    run = workdir.cli("once")
    assert run.code == 0 and "--- alert" not in run.out  # the first good read is the baseline


def test_retries_with_back_off_then_succeeds(workdir, site, croydon_page):
    page = Reply(body=croydon_page.render(site.url))
    serve_provider(
        site,
        croydon_page,
        Reply(403, "Forbidden"),
        Reply(429, "Slow down", headers={"Retry-After": "0"}),
        page,
    )
    run = workdir.cli("once")
    assert run.code == 0, run.err
    assert site.hits("/provider/44/80492") == 3
    assert len(workdir.listed()) == 10


def test_polite_user_agent_and_robots_txt(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    workdir.cli("once")
    agents = {headers.get("User-Agent") for _, headers in site.requests}
    assert agents == {"ofsted-watch/0.1.0 (+https://example.org/ofsted-watch)"}
    assert site.requests[0][0] == "/robots.txt"


def test_robots_txt_disallowing_the_page_is_a_failed_read(workdir, site, croydon_page):
    site.serve("/robots.txt", Reply(body="User-agent: *\nDisallow: /provider/\n", content_type="text/plain"))
    serve_provider(site, croydon_page)
    run = workdir.cli("once")
    assert run.code != 0 and "ofsted:80492" in run.err
    assert site.hits("/provider/44/80492") == 0


def test_an_invalid_config_exits_2_naming_the_key_and_crawls_nothing(workdir, site):
    workdir.write_config()
    config = workdir.path / "config.toml"
    config.write_text(config.read_text().replace("delay = 0.01", 'delay = "fast"'))
    run = workdir.cli("once")
    assert run.code == 2
    # Said once, by the cycle: the crawl child, started before the config was read, is
    # sent away and says nothing.
    assert run.err.count("crawl.delay") == 1 and "the crawl cannot" not in run.err + run.out
    config.write_text(
        config.read_text()
        .replace('delay = "fast"', "delay = 0.01")
        .replace('urn = "80492"', 'urn = "Croydon"')
    )
    run = workdir.cli("once")
    assert run.code == 2 and "ofsted.authorities.0.urn" in run.err
    config.write_text(config.read_text().replace("[slack]", "[slak]"))
    run = workdir.cli("once")
    assert run.code == 2 and "slak" in run.err
    assert workdir.cli("once", "--config", "missing.toml").code == 2
    assert site.requests == []


def test_truncated_pages_are_failed_reads(workdir, site, croydon_page):
    html = croydon_page.render(site.url)
    serve_provider(site, croydon_page, Reply(body=html[: len(html) // 2]))
    run = workdir.cli("once")
    assert run.code != 0 and "truncated" in run.err
    # The connection closes before the declared length: Scrapy reports data loss.
    serve_provider(site, croydon_page, Reply(body=html[:2000], declared_length=len(html)))
    run = workdir.cli("once")
    assert run.code != 0 and "ofsted:80492 (Croydon) failed" in run.err
    assert json.loads(workdir.cli("list", "--json").out) == []  # no half-read baseline


def test_without_a_token_and_without_console_once_refuses_to_start(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    run = workdir.cli("once", env={"SLACK_BOT_TOKEN": ""})  # no token, and no --console
    assert run.code == 2
    assert "SLACK_BOT_TOKEN is not set" in run.err and "--console" in run.err
    assert site.hits(f"/provider/44/{croydon_page.urn}") == 0  # nothing was crawled
    assert "--- alert" not in run.out


def test_slack_disabled_in_the_config_prints_to_the_console(workdir, site, croydon_page):
    workdir.write_config(extra="enabled = false\n")
    serve_provider(site, croydon_page)
    assert workdir.cli("once", "--alert-existing", env={"SLACK_BOT_TOKEN": ""}).out.count("--- alert") == 10


def test_unreachable_sources_give_one_line_each_and_a_summary_without_tracebacks(workdir):
    (workdir.path / "config.toml").write_text(
        "[crawl]\ndelay = 0.01\nbackoff = 0.01\nretries = 1\ntimeout = 5\n"
        '[ofsted]\nbase_url = "http://127.0.0.1:9"\nfiles_url = "http://127.0.0.1:9"\n'
        '[[news]]\nname = "Community Care"\nurl = "http://127.0.0.1:9/feed/"\nkind = "feed"\n'
    )
    run = workdir.cli("once")
    assert run.code == 1
    lines = run.err.splitlines()
    assert "Traceback" not in run.err and max(len(line) for line in lines) < 400
    for source in ("ofsted:80492", "news:Community Care"):
        (line,) = [line for line in lines if f"source {source} (" in line]  # said once
        assert " ERROR " in line and " failed: " in line and "127.0.0.1:9" in line
        assert line.endswith("connection refused") and "Error" not in line.split(" failed: ")[1]
    assert len(lines) <= 2 + 2  # started, one line per failed source, and the summary
    assert "cycle finished: failed, 2 problems (said above)" in lines[-1]
    verbose = workdir.cli("once", "--verbose")
    assert "Enabled downloader middlewares" in verbose.err and len(verbose.err) > len(run.err)


def test_a_reader_that_goes_away_loses_no_alert_and_leaves_no_cycle_running(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    publish(site, croydon_page)
    command = [sys.executable, str(PROJECT / "scheduler.py"), "once", "--console"]
    with subprocess.Popen(
        command, cwd=workdir.path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as gone:
        assert gone.stdout is not None and gone.stderr is not None
        gone.stdout.close()  # as `once | head -0` would: the alert cannot be printed
        err = gone.stderr.read()
    assert gone.returncode == 0 and "Traceback" not in err and "BrokenPipe" not in err
    statuses = [line.split()[3] for line in workdir.cli("status").out.splitlines() if line.startswith("  20")]
    assert statuses[0] == "failed"  # recorded as such, never left "running"
    again = workdir.cli("once")  # the claim was released: the alert goes now, not after the lease
    assert again.code == 0 and again.out.count("--- alert") == 1 and NEW.file_id in again.out


def test_a_new_publication_without_its_date_is_alerted_and_warned_of_in_one_line(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    publish(
        site,
        croydon_page,
        Entry("50300009", "Monitoring visit", None, "2026-10-07", label="Monitoring visit, pdf"),
    )
    found = workdir.cli("once")
    assert found.code == 0, found.err
    assert found.out.count("--- alert") == 1
    (gap,) = [line for line in found.err.splitlines() if "without a date the page should give" in line]
    assert " WARNING " in gap and "50300009 'Monitoring visit': no publication date" in gap


def test_a_page_that_redirects_to_another_provider_fails_and_is_told_at_once(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    other = ProviderPage("North Northamptonshire", "2637539", [NEW, *croydon_page.entries])
    serve_provider(site, other)
    site.serve("/provider/44/80492", Reply(301, headers={"Location": "/provider/44/2637539"}))
    moved = workdir.cli("once")
    assert moved.code == 1
    assert "the page for URN 80492 is another provider's, URN '2637539'" in moved.err
    assert "--- alert" not in moved.out.split("--- ops")[0]  # its letters are not Croydon's
    assert "needs a look now" in moved.out  # ops told on the first cycle
    assert "50300001" not in workdir.listed()


def test_a_store_whose_folder_cannot_be_made_is_one_line_for_every_command(workdir, site, croydon_page):
    # As under a read-only root: here the folder's place is taken by a file, which stops
    # root as well.
    serve_provider(site, croydon_page)
    (workdir.path / "blocked").write_text("a file, not a folder\n")
    for command in ("once", "web", "status"):
        run = workdir.cli(command, env={"DATABASE_URL": "sqlite:///blocked/data/ofsted-watch.db"})
        assert run.code == 1, (command, run.err)
        assert "Traceback" not in run.err
        (said,) = [line for line in run.err.splitlines() if line.startswith("error: ")]
        if command == "once":
            assert "cannot be created: its folder 'blocked/data' cannot be made" in said
            assert "set [storage] url or DATABASE_URL to a writable place" in said
        else:  # they only look, and make nothing
            assert "there is no store at sqlite:///blocked/data/ofsted-watch.db" in said
    checked = workdir.cli("check", env={"DATABASE_URL": "sqlite:///blocked/data/ofsted-watch.db"})
    assert checked.code == 1 and "Traceback" not in checked.err
    (store,) = [line for line in checked.out.splitlines() if line.startswith("store ")]
    assert "FAILED  there is no store at sqlite:///blocked/data/ofsted-watch.db" in store


def test_a_failing_news_feed_degrades_the_cycle_without_failing_it(workdir, site, croydon_page):
    feed = f'[[news]]\nname = "Community Care"\nurl = "{site.url}/feed/"\nkind = "feed"\n'
    workdir.write_config(news=feed, extra="[health]\nfailures_to_alert = 1\n")
    serve_provider(site, croydon_page)
    site.serve("/feed/", Reply(503, "unavailable"))
    run = workdir.cli("once")
    assert run.code == ExitCode.DEGRADED, run.err
    assert "cycle finished: degraded, 1 problem (said above)" in run.err
    assert "news:Community Care" in run.out.split("--- ops")[1]  # ops are told, as for any source
    (cycle,) = [line for line in workdir.cli("status").out.splitlines() if line.startswith("  20")]
    assert cycle.split()[3] == "degraded"
    store = Store.existing(f"sqlite:///{workdir.path}/data/ofsted-watch.db")
    try:  # the watch did its job: serve starts without a catch-up
        assert Cycles(store).last_success() is not None
    finally:
        store.close()
    site.serve("/feed/", Reply(body=FEED))
    assert workdir.cli("once").code == ExitCode.OK


def test_a_cycle_prunes_history_older_than_kept_and_the_totals_stay(workdir, site, croydon_page):
    workdir.write_config()
    config = workdir.path / "config.toml"
    config.write_text(config.read_text().replace("[storage]\n", "[storage]\nkeep_history_days = 30\n"))
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    assert workdir.cli("once").code == 0
    store = Store(f"sqlite:///{workdir.path}/data/ofsted-watch.db")
    try:
        first = Cycles(store).recent()[-1]
        with store.session() as s:  # the first cycle, as if run two months ago
            two_months_ago = utcnow() - timedelta(days=60)
            s.execute(update(Cycle).where(Cycle.id == first.id).values(started_at=two_months_ago))
        third = workdir.cli("once")
        assert third.code == 0 and "pruned 1 cycle older than 30 days" in third.err
        assert first.id not in {c.id for c in Cycles(store).recent()} and Sources(store).reads(first.id) == []
        assert Metrics(store).statistics()["cycles"] == {"ok": 3}
    finally:
        store.close()

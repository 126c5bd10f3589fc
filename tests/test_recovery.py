"""Ops' recovery commands end to end: resend, reread, backfill, pause and resume."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date

from starlette.testclient import TestClient

from config import Config, SlackConfig
from storage import Store
from storage.reading import Reading
from storage.recovery import Recovery
from tests.conftest import NEW, delivering, listing, pdf_reply, publish, record, serve_provider
from tests.sites import documents
from tests.sites.slack import TOKEN
from web.app import Web

READ = Reading.done({"type": "focused-visit"}, {"headline": "Children are safe."})


def test_resend_posts_the_alert_again_as_a_new_message(watched, site, slack, croydon_page):
    publish(site, croydon_page)
    assert watched.slack_once().code == 0 and len(slack.messages) == 1
    run = watched.cli("resend", NEW.file_id, env={"SLACK_BOT_TOKEN": TOKEN})
    assert run.code == 0, run.err
    assert "delivered 1" in run.out
    first, again = slack.top_level()
    assert again["ts"] != first["ts"] and again["text"] == f"Sent again: {first['text']}"
    assert watched.slack_once().code == 0 and len(slack.messages) == 2  # once, not on every cycle


def test_resend_whose_delivery_fails_leaves_no_claim_behind(watched, site, slack, croydon_page):
    """A failed edit in an ops command's delivery once kept its claim for the lease, and
    every cycle left the alert to a delivery that had ended."""
    publish(site, croydon_page)
    assert watched.slack_once().code == 0
    croydon_page.entries[0] = replace(NEW, published="15 November 2026")  # re-published: an edit
    serve_provider(site, croydon_page)
    slack.update_faults = 2
    updated = watched.slack_once()
    assert updated.code == 1 and "new 0, changed 1" in updated.err  # a new date is no new letter
    assert watched.cli("resend", NEW.file_id, env={"SLACK_BOT_TOKEN": TOKEN}).code == 1
    with sqlite3.connect(watched.path / "data" / "ofsted-watch.db") as db:
        assert db.execute("SELECT count(*) FROM alerts WHERE claimed_by IS NOT NULL").fetchone() == (0,)
    again = watched.slack_once()
    assert again.code == 0 and "left to it" not in again.err
    assert len(slack.edits) == 1


def test_resend_of_an_unknown_id_says_so(watched):
    run = watched.cli("resend", "999", "--console")
    assert run.code == 2 and "no publication '999' is stored" in run.err


def test_backfill_alerts_a_range_of_the_baseline_once(watched, slack):
    run = watched.cli(
        "backfill", "--since", "2020-01-01", "--until", "2026-12-31", env={"SLACK_BOT_TOKEN": TOKEN}
    )
    assert run.code == 0, run.err
    assert "3 publications published 2020-01-01 to 2026-12-31 had never been alerted" in run.out
    posted = {m["metadata"]["event_payload"]["publication_id"] for m in slack.messages}
    assert posted == {"50265318", "50170020", "50142134"}
    # History posted for the record says so, on every phone: nothing reads as news.
    assert all(m["text"].startswith("From ") and ", posted on request: " in m["text"] for m in slack.messages)
    again = watched.cli("backfill", "--since", "2020-01-01", env={"SLACK_BOT_TOKEN": TOKEN})
    assert again.code == 0 and len(slack.messages) == 3
    assert "every publication published since 2020-01-01 has been alerted already: nothing to do" in again.out


def test_backfill_alerts_home_publications_and_sends_others_only_to_the_sector_digest(sqlite_store, slack):
    """After a sector sweep's silent baseline, a backfill meant for the home authority's
    letters never posts other authorities' publications as home news."""
    record(sqlite_store, listing("50400000"), alert=False, reading=READ)
    for number in range(1, 21):
        other = listing(f"5040{number:04d}", urn=f"9{number:05d}", authority=f"Peer {number}")
        record(sqlite_store, other | {"source": f"ofsted:{other['urn']}"}, alert=False, reading=READ)
    assert Recovery(sqlite_store).backfill(date(2025, 1, 1), None, {"80492"}) == (1, 20)
    assert Recovery(sqlite_store).backfill(date(2025, 1, 1), None, {"80492"}) == (0, 0)
    delivering(sqlite_store, slack, SlackConfig(pace=0, digest_threshold=3)).run()
    alert, digest = slack.top_level()
    assert alert["metadata"]["event_payload"]["publication_id"] == "50400000"
    assert alert["text"].startswith("From November 2026, posted on request: Focused visit letter: Croydon")
    assert digest["text"] == "Sector: 20 earlier publications, 2026, posted on request"


def test_a_backfilled_burst_is_one_digest_saying_it_is_history(sqlite_store, slack):
    for year in range(2016, 2024):
        record(sqlite_store, listing(f"5041{year}", published=date(year, 3, 1)), alert=False, reading=READ)
    assert Recovery(sqlite_store).backfill(date(2016, 1, 1), None, {"80492"}) == (8, 0)
    record(sqlite_store, listing("50419999"), alert=True, reading=READ)  # and one new letter
    delivering(sqlite_store, slack, SlackConfig(pace=0, digest_threshold=3)).run()
    digest, news = slack.top_level()
    assert news["text"].startswith("Focused visit letter: Croydon")  # news is never in it
    assert digest["text"] == "8 earlier publications, 2016-2023, posted on request; details in the thread"
    assert "new" not in json.dumps(digest["blocks"]).lower()


def test_reread_reads_a_document_that_gave_up_and_updates_its_alert(watched, site, slack, croydon_page):
    config = watched.path / "config.toml"
    config.write_text(config.read_text() + "[reading]\nmax_attempts = 1\n")
    good = documents.render(documents.letter_text("focused-visit", "Croydon", *[date(2026, 11, 14)] * 2))
    publish(site, croydon_page)
    site.serve(f"/v1/file/{NEW.file_id}", pdf_reply(documents.truncated(good)))
    assert watched.slack_once().code == 0
    (alert,) = slack.messages
    assert "Summary unavailable" in alert["text"] + str(alert["blocks"])
    assert watched.listed()[NEW.file_id]["read_status"] == "gave-up"

    site.serve(f"/v1/file/{NEW.file_id}", pdf_reply(good))
    run = watched.cli("reread", NEW.file_id)
    assert run.code == 0 and "read status was gave-up" in run.out
    assert watched.slack_once().code == 0
    assert watched.listed()[NEW.file_id]["read_status"] == "done"
    (edit,) = slack.edits  # the original message now carries the summary
    assert edit["ts"] == alert["ts"] and "Summary unavailable" not in str(edit["blocks"])
    (note,) = [m for m in slack.messages if m.get("thread_ts") == alert["ts"]]
    assert "the summary is now available" in note["text"]


def test_a_paused_source_is_not_read_until_resumed(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    hits = site.hits("/provider/44/80492")
    run = workdir.cli("pause", "croydon")
    assert run.code == 0 and "source ofsted:80492 (Croydon) paused" in run.out
    quiet = workdir.cli("once")
    assert quiet.code == 0, quiet.err  # a paused source is no failure
    assert site.hits("/provider/44/80492") == hits
    status = workdir.cli("status").out
    assert "paused" in status and "not read until resumed" in status
    assert workdir.cli("resume", "80492").code == 0
    assert workdir.cli("once").code == 0
    assert site.hits("/provider/44/80492") == hits + 1


def test_pausing_an_unknown_source_lists_the_known_ones(workdir):
    run = workdir.cli("pause", "Sutton")
    assert run.code == 2 and "ofsted:80492 (Croydon)" in run.err


def test_reread_check_names_each_fact_that_breaks_an_invariant(watched):

    clean = watched.cli("reread", "--check")
    assert clean.code == 0, clean.err
    assert "documents read again, 0 facts break an invariant" in clean.out
    store = Store(f"sqlite:///{watched.path}/data/ofsted-watch.db")
    odd = "Focused visit to Anyshire children’s services\nThe visit ran from 1 March 2024 to 30 June 2024."
    record(store, listing("50399999"), alert=False, reading=Reading.done({}, {}, text=odd))
    store.close()
    run = watched.cli("reread", "--check")
    assert run.code == 1
    assert "50399999 (Croydon): the period runs 121 days, longer than a focused visit letter's 14" in run.out
    both = watched.cli("reread", "50399999", "--check")
    assert both.code == 2 and "reread takes a publication's id, or --check alone" in both.err


def _alerted(watched, site, slack, croydon_page) -> tuple[dict, str]:
    """The new focused visit letter published and alerted: its Slack message, and its text."""
    publish(site, croydon_page)
    assert watched.slack_once().code == 0
    (alert,) = slack.messages
    return alert, documents.letter_text("focused-visit", "Croydon", date(2026, 11, 14), date(2026, 10, 7))


def _amended(text: str) -> bytes:
    """The letter as Ofsted corrected it: one finding amended."""
    return documents.render(
        text.replace("Some children experience delay", "Too many children experience delay")
    )


def test_a_letter_re_published_with_an_amended_finding_is_read_again_and_said(
    watched, site, slack, croydon_page
):
    alert, letter = _alerted(watched, site, slack, croydon_page)
    croydon_page.entries[0] = replace(NEW, published="16 November 2026")  # the same link, a later date
    site.serve(f"/v1/file/{NEW.file_id}", pdf_reply(_amended(letter)))
    serve_provider(site, croydon_page)
    assert watched.slack_once().code == 0
    (edit,) = slack.edits
    assert edit["ts"] == alert["ts"] and "Too many children experience delay" in json.dumps(edit["blocks"])
    (note,) = [m for m in slack.messages if m.get("thread_ts") == alert["ts"]]
    assert "published date 14 → 16 November 2026" in note["text"]
    assert "the document was replaced; summary read again" in note["text"]
    stored = watched.listed()[NEW.file_id]
    assert "Too many children" in json.dumps(stored["summary"])
    # Listed otherwise again, the document itself unchanged: fetched, compared, not read.
    croydon_page.entries[0] = replace(NEW, published="17 November 2026")
    serve_provider(site, croydon_page)
    again = watched.slack_once()
    assert again.code == 0 and "1 document read" not in again.err
    reply = [m for m in slack.messages if m.get("thread_ts") == alert["ts"]][-1]
    assert "replaced" not in reply["text"] and "16 → 17 November 2026" in reply["text"]


def test_reread_edits_the_slack_message_when_the_document_says_otherwise(watched, site, slack, croydon_page):
    alert, letter = _alerted(watched, site, slack, croydon_page)
    site.serve(f"/v1/file/{NEW.file_id}", pdf_reply(_amended(letter)))
    assert watched.cli("reread", NEW.file_id).code == 0
    assert watched.slack_once().code == 0
    (edit,) = slack.edits
    assert edit["ts"] == alert["ts"] and "Too many children experience delay" in json.dumps(edit["blocks"])
    (note,) = [m for m in slack.messages if m.get("thread_ts") == alert["ts"]]
    assert "the document was read again; summary updated" in note["text"]


def test_a_corrected_copy_at_a_new_link_updates_the_first_alert_and_marks_the_old_one(
    watched, site, slack, croydon_page
):
    alert, letter = _alerted(watched, site, slack, croydon_page)
    copy = replace(NEW, file_id="50300031", published="16 November 2026")
    croydon_page.entries[0] = copy  # the old link gone from the page, the copy in its place
    site.serve(f"/v1/file/{copy.file_id}", pdf_reply(_amended(letter)))
    serve_provider(site, croydon_page)
    run = watched.slack_once()
    assert run.code == 0 and "new 0, changed 1" in run.err
    assert len(slack.top_level()) == 1  # no second "new" letter
    (edit,) = slack.edits
    assert edit["ts"] == alert["ts"] and "/v1/file/50300031" in json.dumps(edit["blocks"])
    (note,) = [m for m in slack.messages if m.get("thread_ts") == alert["ts"]]
    assert "Ofsted replaced the document with a corrected copy at a new link" in note["text"]
    assert "it now reads: “Too many children experience delay" in note["text"]
    listed = watched.listed()
    assert listed[NEW.file_id]["replaced_by"] == "50300031" and listed["50300031"]["replaced_by"] is None
    assert "withdrawn: replaced by a corrected copy  [id 50300031]" in watched.cli("list").out
    store = Store.existing(f"sqlite:///{watched.path}/data/ofsted-watch.db")
    with TestClient(Web(Config(), store).app()) as client:
        page = client.get(f"/publication/{NEW.file_id}").text
        listing = client.get("/").text
    assert 'replaced this document with <a href="/publication/50300031">a corrected copy</a>' in page
    assert listing.count("Withdrawn: replaced by") == 1

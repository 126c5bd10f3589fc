"""Conditional requests: pages and feeds are asked for with the validators their last good
answer gave, kept in the store; a 304 is a good read of an unchanged page, and a server
that ignores validators works as before."""

from __future__ import annotations

import sqlite3
from datetime import date

from tests.conftest import NEW, pdf_reply, publish, serve_provider
from tests.sites import documents
from tests.sites.news import rss, story
from tests.sites.ofsted import ERROR_PAGE
from tests.sites.server import Reply

CROYDON = "/provider/44/80492"


def _asked(site, path: str) -> list[dict[str, str]]:
    return [headers for p, headers in site.requests if p == path]


def _stored_validators(workdir) -> dict[str, str]:
    with sqlite3.connect(workdir.path / "data" / "ofsted-watch.db") as db:
        return dict(db.execute("SELECT url, etag FROM validators"))


def test_an_unchanged_page_is_asked_with_its_stored_validator_and_answers_304(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    (tag,) = _stored_validators(workdir).values()  # kept in the store, past this process
    site.requests.clear()
    quiet = workdir.cli("once")
    assert quiet.code == 0, quiet.err
    (asked,) = _asked(site, CROYDON)
    assert asked["If-None-Match"] == tag
    assert "read 10 publications: 0 new, 0 changed" in quiet.err  # the stored listing stands for it
    assert not [p for p, _ in site.requests if p.startswith("/v1/file/")]
    status = workdir.cli("status").out
    assert "ofsted:80492 (Croydon)  ok" in status and "10 listed" in status

    publish(site, croydon_page)  # the page changes: its answer is whole again
    changed = workdir.cli("once")
    assert changed.code == 0 and changed.out.count("--- alert") == 1 and NEW.file_id in changed.out
    assert _stored_validators(workdir)[f"{site.url}{CROYDON}"] != tag


def test_a_server_that_ignores_validators_works_as_before(workdir, site, croydon_page):
    site.validators = False
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    assert _stored_validators(workdir) == {}
    publish(site, croydon_page)
    run = workdir.cli("once")
    assert run.code == 0 and run.out.count("--- alert") == 1
    assert all("If-None-Match" not in headers for headers in _asked(site, CROYDON))


def test_a_document_that_failed_is_read_again_though_its_page_is_unchanged(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0  # the baseline
    visited = date(2026, 10, 7)
    good = documents.render(documents.letter_text("focused-visit", "Croydon", visited, visited))
    publish(site, croydon_page)
    site.serve(f"/v1/file/{NEW.file_id}", pdf_reply(documents.truncated(good)), pdf_reply(good))
    first = workdir.cli("once")
    assert "--- alert" not in first.out  # its alert waits for the document, and is counted
    assert "queued 1" in first.err.splitlines()[-1]
    site.requests.clear()
    second = workdir.cli("once")
    assert "If-None-Match" in _asked(site, CROYDON)[0]  # the page answered 304 ...
    assert site.hits(f"/v1/file/{NEW.file_id}") == 1  # ... and the document was read again
    assert second.out.count("--- alert") == 1 and "Summary unavailable" not in second.out


def test_a_quiet_cycle_with_news_sends_only_conditional_requests(workdir, site, croydon_page):
    other = story("budget", "Council budget set for next year", date(2026, 11, 20), "The budget was agreed.")
    site.serve("/feed/", Reply(body=rss(site.url, [other]), content_type="application/rss+xml"))
    workdir.write_config(news=f'[[news]]\nname = "Sector News"\nurl = "{site.url}/feed/"\nkind = "feed"\n')
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    site.requests.clear()
    assert workdir.cli("once").code == 0
    asked = {path: headers for path, headers in site.requests if path != "/robots.txt"}
    assert set(asked) == {CROYDON, "/feed/"}
    assert all("If-None-Match" in headers for headers in asked.values())


def test_an_error_page_retried_gives_no_validators(workdir, site, croydon_page):
    """The framework's error page, served with 200 and validators of its own, then the page:
    only the final good answer may say what to ask with next time."""
    site.validators = False  # the page itself gives none
    stamp = {"ETag": '"error-page"', "Last-Modified": "Mon, 07 Dec 2026 09:00:00 GMT"}
    serve_provider(
        site, croydon_page, Reply(body=ERROR_PAGE, headers=stamp), Reply(body=croydon_page.render(site.url))
    )
    run = workdir.cli("once")
    assert run.code == 0, run.err
    assert len(_asked(site, CROYDON)) == 2 and _stored_validators(workdir) == {}

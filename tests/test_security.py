"""Hostile input: local files, internal hosts, redirects, spoofed titles and secrets.

The origin check is tried in process on every kind of URL; then hostile feeds, pages and
config go through the real `once` against local sites.
"""

from __future__ import annotations

import json

import pytest
from scrapy.utils.project import get_project_settings

from scraper.origins import OriginCheck
from scraper.provider_page import clean
from service.crawl import crawl_environment
from tests.conftest import pdf_reply, serve_provider
from tests.sites import documents
from tests.sites.ofsted import Entry
from tests.sites.server import Reply, Site

SITE = ("http", "127.0.0.1", 8000)
FILES = ("https", "files.ofsted.gov.uk", 443)


def test_only_http_to_the_configured_origins_scheme_host_and_port():
    check = OriginCheck(frozenset({SITE, FILES}), frozenset())
    for refused in (
        "file://localhost/etc/passwd",
        "file:/etc/passwd",
        "javascript:alert(1)",
        "data:text/html,<p>x</p>",
        "ftp://127.0.0.1:8000/x",
        "http://127.0.0.1:8001/provider/44/80492",  # the same host, another port
        "http://127.0.0.1/x",
        "https://127.0.0.1:8000/x",  # another scheme
        "http://169.254.169.254/latest/meta-data/",
        "http://files.ofsted.gov.uk/v1/file/1",
        # urllib reads these as the files host; browsers and Scrapy as another, or as no URL
        "https://evil.example\\@files.ofsted.gov.uk/v1/file/1",
        "https://evil.example\\.files.ofsted.gov.uk/v1/file/1",
        "https://user:secret@files.ofsted.gov.uk/v1/file/1",
        "https://files.ofsted.gov.uk/v1/file/1\x00",
    ):
        assert check.refusal(refused, article=False), refused
    assert check.refusal("http://127.0.0.1:8000/provider/44/80492", article=False) is None
    assert check.refusal("https://files.ofsted.gov.uk/v1/file/1", article=False) is None


def test_articles_may_be_on_public_hosts_only_unless_a_private_one_is_configured():
    check = OriginCheck(frozenset({SITE}), frozenset())
    for refused in (
        "http://127.0.0.1:8001/a/",
        "http://10.1.2.3/a/",
        "http://[::1]/a/",
        "http://169.254.169.254/",
        "file:/etc/passwd",
    ):
        assert check.refusal(refused, article=True), refused
    # A name is checked as it is resolved, on the address the connection will use.
    assert check.refusal("http://localhost:9/", article=True) is None
    assert check.refusal("http://127.0.0.1:8000/a/", article=True) is None  # a news source's own site
    intranet = OriginCheck(frozenset(), frozenset({"127.0.0.1"}))
    assert intranet.refusal("http://127.0.0.1:8001/a/", article=True) is None


def test_no_download_handler_but_http_and_https():
    handlers = get_project_settings().getdict("DOWNLOAD_HANDLERS")
    assert all(handlers[scheme] is None for scheme in ("file", "data", "ftp", "s3"))


def test_spoofing_characters_never_survive_cleaning():
    spoofed = "Monitoring visit \u202egnp.exe\u202c \u2066x\u2069 \u200bz\u200d \x07"
    assert clean(spoofed) == "Monitoring visit gnp.exe x z"


def test_the_crawl_child_is_not_given_the_slack_tokens(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret-0000")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-secret-0000")
    assert not {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"} & set(crawl_environment())


def _feed(site_url: str, items: list[tuple[str, str]]) -> str:
    entries = "\n".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>Mon, 16 Nov 2026 09:30:00 +0000</pubDate>"
        "<description>Ofsted inspectors found that Croydon children's services improved.</description></item>"
        for title, link in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>'
        f"<link>{site_url}/</link><description>x</description>{entries}</channel></rss>"
    )


def test_a_feed_cannot_make_the_crawler_read_local_files_and_a_bad_item_spoils_nothing(
    workdir, site, croydon_page, tmp_path
):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER: Croydon Ofsted inspection passwords")
    good = "Ofsted praises Croydon children's services"
    article = (
        "<html><body><article><h1>Ofsted praises Croydon</h1><p>Ofsted inspectors found that "
        "children in Croydon receive timely help, the focused visit letter says.</p></article></body></html>"
    )
    site.serve("/good/", Reply(body=article))
    site.serve(
        "/feed/",
        Reply(
            content_type="application/rss+xml",
            body=_feed(
                site.url,
                [
                    ("Croydon Ofsted file one", f"file://localhost{secret}"),
                    ("Croydon Ofsted file two", f"file:{secret}"),
                    ("Croydon Ofsted script", "javascript:alert(document.cookie)"),
                    ("Croydon Ofsted elsewhere", "http://127.0.0.1:9/internal/"),
                    # A name for this very machine: the site itself, on another name.
                    ("Croydon Ofsted by name", f"{site.url.replace('127.0.0.1', 'localhost')}/internal/"),
                    (good, f"{site.url}/good/"),
                ],
            ),
        ),
    )
    workdir.write_config(news=f'[[news]]\nname = "Hostile"\nurl = "{site.url}/feed/"\nkind = "feed"\n')
    serve_provider(site, croydon_page)
    run = workdir.cli("once", "--alert-existing")
    assert run.code == 0, run.err
    stored = {r["title"]: r for r in workdir.listed().values() if r.get("type") == "news"}
    # The file: and javascript: items are skipped with a warning; the internal page is
    # refused, so that story stands on the feed's own teaser, and is never linked.
    assert sorted(stored) == ["Croydon Ofsted by name", "Croydon Ofsted elsewhere", good]
    assert site.hits("/internal/") == 0  # localhost resolved to a loopback address: refused
    assert (
        f"article not fetched, using the listing's text: {site.url.replace('127.0.0.1', 'localhost')}"
        in run.err
    )
    assert "its link is not a web page" in run.err
    assert "request refused: http://127.0.0.1:9/internal/ is on a private" in run.err
    assert "<http://127.0.0.1:9" not in run.out
    assert "TOP-SECRET-MARKER" not in run.out + run.err + json.dumps(list(stored.values()))


def test_a_document_redirected_to_another_origin_is_not_followed(workdir, site, croydon_page):
    elsewhere = Site().start()
    try:
        elsewhere.serve("/internal.pdf", pdf_reply(documents.render("Internal memo about Croydon.")))
        croydon_page.entries.insert(
            0, Entry("50300009", "Children's services focused visit", "14 November 2026", "2026-10-07")
        )
        serve_provider(site, croydon_page)
        site.serve("/v1/file/50300009", Reply(302, headers={"Location": f"{elsewhere.url}/internal.pdf"}))
        run = workdir.cli("once", "--alert-existing")
        assert elsewhere.hits("/internal.pdf") == 0
        assert "50300009 not read" in run.err and "not on a configured site" in run.err
        assert "Internal memo" not in run.out
    finally:
        elsewhere.stop()


def test_a_title_with_bidi_overrides_arrives_without_them(workdir, site, croydon_page):
    croydon_page.entries.insert(
        0,
        Entry(
            "50300010", "Children\u2019s services \u202efocused visit\u202c", "14 November 2026", "2026-10-07"
        ),
    )
    serve_provider(site, croydon_page)
    run = workdir.cli("once", "--alert-existing")
    assert run.code == 0, run.err
    assert workdir.listed()["50300010"]["title"] == "Children\u2019s services focused visit"
    assert not any(c in run.out for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@pytest.mark.parametrize(
    "where",
    [
        '[crawl]\ncontact = "https://example.org/xoxb-1111-2222-abcdef"\n',
        '[slack]\nchannel = "xoxp-1111-2222-abcdef"\n',
    ],
)
def test_a_token_shaped_config_value_is_refused(workdir, where):
    (workdir.path / "config.toml").write_text(where)
    run = workdir.cli("once")
    assert run.code == 2
    assert "looks like a Slack token" in run.err and "SLACK_BOT_TOKEN" in run.err
    assert "xoxb-1111" not in run.err and "xoxp-1111" not in run.err


@pytest.mark.parametrize(
    ("pages", "compressed", "refusal"),
    [
        (100, False, "the document has far more text than any report"),
        # One small file whose one page unpacks to twenty million characters: refused
        # before pdfium builds the page's text, which would take a minute and gigabytes.
        (1, True, "the document's pages unpack to more than 16 MB of content"),
    ],
)
def test_a_document_with_twenty_million_characters_is_refused_and_the_other_letter_alerted(
    workdir, site, croydon_page, pages, compressed, refusal
):
    config = workdir.path / "config.toml"
    config.write_text(config.read_text().replace("[crawl]\n", "[crawl]\ncycle_timeout = 60\n", 1))
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0  # the baseline
    poison = Entry("50300011", "Children's services focused visit", "15 November 2026", "2026-10-08")
    letter = Entry("50300012", "Children's services focused visit", "14 November 2026", "2026-10-07")
    croydon_page.entries[:0] = [poison, letter]
    site.serve(
        "/v1/file/50300011", pdf_reply(documents.wall_of_text(20_000_000, pages, compressed=compressed))
    )
    serve_provider(site, croydon_page)
    run = workdir.cli("once")
    assert run.code == 0, run.err
    assert f"50300011 not read: {refusal}" in run.err
    assert run.out.count("--- alert") == 1 and "50300012" in run.out


def test_an_alert_never_links_to_another_port_of_the_files_host(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0  # the baseline
    elsewhere = site.url.rsplit(":", 1)[0] + ":9"  # the same host, another port
    croydon_page.entries.insert(
        0,
        Entry(
            "50300013", "Children's services focused visit", "16 November 2026", "2026-10-09", host=elsewhere
        ),
    )
    serve_provider(site, croydon_page)
    run = workdir.cli("once")
    assert run.out.count("--- alert") == 1 and "Focused visit letter: Croydon" in run.out
    assert f"{elsewhere}/" not in run.out
    assert "50300013 not read: the document's link points outside the reports site" in run.err

"""Reading documents within `scheduler.py once`, against the local copy of the site."""

from datetime import date

import pytest

from reader.summary import sentences
from reader.text import read_text
from tests.conftest import NEW, pdf_reply, serve_provider, shared
from tests.sites import documents
from tests.sites.server import Reply

SEED_ID = "50066541"  # Croydon's monitoring letter published 14 March 2019


def test_list_carries_facts_and_a_quoted_summary_for_the_seed_letter(workdir, site, croydon_page):
    seed = next(shared("seeds").glob("000_*.txt")).read_text(encoding="utf-8")
    pdf = documents.render(seed)
    site.serve(f"/v1/file/{SEED_ID}", pdf_reply(pdf))
    serve_provider(site, croydon_page)
    run = workdir.cli("once")
    assert run.code == 0, run.err

    records = workdir.listed()
    assert all(r["read_status"] == "done" for r in records.values())  # baseline ones too
    letter = records[SEED_ID]
    assert letter["facts"]["period_start"] == "2019-02-19"
    assert letter["facts"]["period_end"] == "2019-02-20"
    assert letter["facts"]["visit_number"] == 5
    assert letter["facts"]["judged_inadequate"] == "2017-09"
    assert letter["facts"]["inspectors"] == ["Louise Hocking", "Nigel Parkes", "Tracey Nurse"]
    document = " ".join(read_text(pdf).split())
    summary = letter["summary"]
    for sentence in sentences(summary["headline"]) + summary["strengths"] + summary["concerns"]:
        assert " ".join(sentence.split()) in document, sentence
    ilacs = records["50265318"]
    assert ilacs["facts"]["outcome"] == "Good" and ilacs["facts"]["lead_inspector"] == "Rowan Ashdown"


# A document the reader refuses, and a page the site sent instead of one; every other
# reason takes the same path, from the reader's tests (test_reader) to the alert's words
# (test_blocks).
@pytest.mark.parametrize(
    "reply, reason",
    [
        (lambda pdf: pdf_reply(documents.truncated(pdf)), "could not be downloaded completely"),
        (lambda pdf: Reply(200, "<html><h1>Slim Application Error</h1></html>"), "a web page"),
    ],
)
def test_a_bad_document_is_retried_then_alerted_without_summary_saying_why(
    workdir, site, croydon_page, reply, reason
):
    workdir.write_config(extra="[reading]\nmax_attempts = 2\n")
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    croydon_page.entries.insert(0, NEW)
    good = documents.render(documents.letter_text("focused-visit", "Croydon", *[date(2026, 11, 14)] * 2))
    site.serve("/v1/file/50300001", reply(good))
    serve_provider(site, croydon_page)

    first = workdir.cli("once")
    assert first.code == 0  # the source was read; only the document failed
    assert "--- alert" not in first.out  # held for a retry on the next cycle
    assert "50300001 not read" in first.err and reason in first.err
    assert workdir.listed()["50300001"]["read_status"] == "failed"

    second = workdir.cli("once")
    assert second.out.count("--- alert") == 1
    assert "Summary unavailable: " in second.out and reason in second.out
    assert "Focused visit letter: Croydon" in second.out
    assert workdir.listed()["50300001"]["read_status"] == "gave-up"
    assert "--- alert" not in workdir.cli("once").out  # and never again


def test_a_document_that_recovers_is_alerted_with_its_summary(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    croydon_page.entries.insert(0, NEW)
    text = documents.letter_text("focused-visit", "Croydon", *[date(2026, 11, 14)] * 2)
    good = documents.render(text)
    site.serve(
        "/v1/file/50300001", Reply(503, "busy"), Reply(503, "busy"), Reply(503, "busy"), pdf_reply(good)
    )
    serve_provider(site, croydon_page)
    assert "--- alert" not in workdir.cli("once").out  # 503 past the retries
    second = workdir.cli("once")
    assert second.out.count("--- alert") == 1
    # the letter's own finding leads the alert
    assert "Focused visit letter: Croydon\nLeaders have strengthened the front door" in second.out
    assert "Summary unavailable" not in second.out

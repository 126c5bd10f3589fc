"""`list` as comms and ops read it in a terminal, and the ids it shows, which `resend` and
`reread` take, as they take a document's link. In process, through scheduler.main."""

from __future__ import annotations

from datetime import date

import pytest

import scheduler
from storage import Store
from storage.news import News
from storage.reading import Reading
from tests.conftest import listing, record

INSPECTION = listing(
    "50300002",
    type="ilacs",
    title="Children's services inspection",
    published=date(2026, 11, 20),
)
STORY = {
    "source": "news:Community Care",
    "title": "Croydon children's services judged good",
    "url": "https://www.communitycare.co.uk/2026/11/21/croydon-good/",
    "published": date(2026, 11, 21),
    "authority": "Croydon",
    "urn": "80492",
    "summary": "Ofsted judged Croydon's children's services good.",
    "kind": "ilacs",
    "passage": "Ofsted judged Croydon's children's services good.",
}


@pytest.fixture
def stored(tmp_path):
    """A config file and its store, holding a judged inspection and a story reporting it."""
    store = Store(f"sqlite:///{tmp_path}/data/ofsted-watch.db")
    facts = {"type": "ilacs", "outcome": "Good", "judgements": {"Overall effectiveness": "Good"}}
    record(store, INSPECTION, alert=False, reading=Reading.done(facts, {"headline": "Children are safe."}))
    News(store).record(STORY, alert=False, window_days=14)
    store.close()
    config = tmp_path / "config.toml"
    config.write_text('[storage]\nurl = "sqlite:///data/ofsted-watch.db"\n[slack]\nenabled = false\n')
    return config


def test_list_shows_each_id_the_verdict_and_what_a_story_reports_on(stored, capsys):
    assert scheduler.main(["list", "--config", str(stored)]) == 0
    story, _, _, inspection, verdict, link = capsys.readouterr().out.splitlines()
    assert story.startswith("2026-11-21  news") and "(Community Care)  [id " in story
    assert inspection.startswith("2026-11-20  ilacs") and inspection.endswith("[id 50300002]")
    assert verdict.strip() == "Judged Good overall" and verdict.startswith(" " * 12)
    assert link.strip() == "https://files.ofsted.gov.uk/v1/file/50300002"
    assert scheduler.main(["list", "--config", str(stored), "--since", "2026-11-21"]) == 0
    (_, reports, _) = capsys.readouterr().out.splitlines()
    assert reports.strip() == "reports on: Inspection report of 20 November 2026  [id 50300002]"


@pytest.mark.parametrize(
    "named",
    [
        "50300002",
        "https://files.ofsted.gov.uk/v1/file/50300002",
        "HTTPS://FILES.OFSTED.GOV.UK/v1/file/50300002/",
    ],
)
def test_resend_and_reread_take_an_id_or_a_documents_link(stored, capsys, named):
    assert scheduler.main(["reread", named, "--config", str(stored)]) == 0
    assert "publication 50300002 (read status was done)" in capsys.readouterr().out
    assert scheduler.main(["resend", named, "--console", "--config", str(stored)]) == 0
    assert "publication 50300002: its alert is queued again" in capsys.readouterr().out


def test_a_publication_nobody_stored_is_said_with_where_to_find_ids(stored, capsys):
    assert scheduler.main(["reread", "https://files.ofsted.gov.uk/v1/file/999", "--config", str(stored)]) == 2
    assert "list shows each one's id; its document's link will do too" in capsys.readouterr().err


@pytest.mark.parametrize(("failures", "said"), [(1, "1 failure in a row"), (3, "3 failures in a row")])
def test_status_counts_a_sources_failures_in_words(failures, said):
    from presentation import reads
    from storage.models import Source

    source = Source(key="ofsted:80492", name="Croydon", consecutive_failures=failures)
    assert reads(source).endswith(said)

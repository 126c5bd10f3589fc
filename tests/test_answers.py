"""What `/ofsted` answers, from a real store: where an authority stands, a typo's nearest
names, the home region side by side, how to ask, and the command's text kept as data."""

from __future__ import annotations

import json
from datetime import date

import pytest

from alerts.answers import Answers
from config import Config, WebConfig
from storage.reading import Reading
from tests.conftest import listing, record
from tests.test_news_post import story

BASE = "https://ofsted-watch.example.gov.uk"
WELL_SUPPORTED = "Children in care are well supported."


def _stored(store, pid: str, kind: str, published: date, facts: dict, summary: dict | None = None):
    fields = listing(pid, type=kind, published=published, title=f"Croydon {kind}")
    record(store, fields, alert=False, reading=Reading.done({"type": kind} | facts, summary or {}))


@pytest.fixture
def answers(sqlite_store):
    _stored(sqlite_store, "1", "ilacs", date(2017, 9, 4), {"outcome": "Inadequate"})
    _stored(sqlite_store, "2", "ilacs", date(2020, 3, 16), {"outcome": "Good", "period_end": "2020-02-14"})
    _stored(
        sqlite_store,
        "3",
        "focused-visit",
        date(2021, 7, 26),
        {"period_start": "2021-06-15", "areas": ["Children in care, including care leavers"]},
        {"headline": WELL_SUPPORTED, "verdict": WELL_SUPPORTED},
    )
    _stored(sqlite_store, "4", "jtai", date(2022, 6, 29), {})
    with sqlite_store.session() as s:
        s.add(story())  # a news story about Croydon
    return Answers(Config(web=WebConfig(base_url=BASE)), sqlite_store)


def _said(answer) -> str:
    return "\n".join(b["text"]["text"] for b in answer.blocks)


def test_the_home_authority_where_it_stands_latest_judgement_journey_publications_news_and_page(answers):
    answer = answers.answer("")
    assert answer.payload()["response_type"] == "ephemeral"  # only the person who asked sees it
    assert _said(answer).splitlines() == [
        "*Croydon*",
        "Latest judgement: *Good* (March 2020)",
        "Visits since: focused visit on children in care (Jun 2021)",
        "• <https://files.ofsted.gov.uk/v1/file/4|Joint targeted area inspection letter, 29 June 2022>",
        "• <https://files.ofsted.gov.uk/v1/file/3|Focused visit letter, 26 July 2021>: "
        "Children in care are well supported.",
        "• <https://files.ofsted.gov.uk/v1/file/2|Inspection report, 16 March 2020>: Judged Good overall",
        "1 news story about it stored",
        f"<{BASE}/authority/80492|Croydon on the web pages>",
    ]


def test_an_authority_by_its_name_or_a_press_form_and_a_typo_gets_the_nearest_names(answers):
    hull = _said(answers.answer("  hull "))
    assert hull.startswith("*Kingston Upon Hull, City of*\nNothing about it is stored")
    assert _said(answers.answer("CROYDON")).startswith("*Croydon*\nLatest judgement")
    assert answers.answer("Croydn").text == "No English authority is called “Croydn”. Did you mean: Croydon?"
    assert "Try `/ofsted help`" in answers.answer("zzzz").text


def test_a_report_without_an_overall_grade_is_the_latest_judgement_with_its_judgements(answers, sqlite_store):
    table = {"judgements": {"The impact of leaders": "Inadequate"}}
    _stored(sqlite_store, "5", "ilacs", date(2026, 8, 3), table)
    lines = _said(answers.answer("")).splitlines()
    assert lines[1] == "Latest judgement: *No overall grade: impact of leaders Inadequate* (August 2026)"
    assert lines[2] == "No visit since"


def test_the_commands_text_is_data_escaped_and_bounded(answers):
    asked = "<!channel> <https://evil.example|click> & ../../etc/passwd" + "x" * 500
    said = json.dumps(answers.answer(asked).payload())
    assert "<!channel>" not in said and "&lt;!channel&gt;" in said and "<https://evil" not in said
    assert "x" * 101 not in said


def test_the_sector_puts_the_home_regions_authorities_side_by_side_and_help_says_how_to_ask(answers):
    lines = _said(answers.sector()).splitlines()
    assert lines[0] == "*London*: 33 authorities, each one's latest judgement and visit"
    assert "• Croydon: Good (March 2020); visit Jul 2021" in lines
    assert "• Barnet: no judgement stored" in lines
    assert "*/ofsted sector*" in _said(answers.answer("help"))

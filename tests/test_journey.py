"""Where an authority is on its way back, and what changed since the last letter, from the
stored documents: the journey line under an alert's verdict, the comparison under it, and
the same on the publication's page.

Comparisons are made on real documents of one authority (Dudley: its 2018 inspection and
the two focused visits after it) from the shared corpus, read by the real reader.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from alerts import journey as journeys
from alerts.blocks import alert_post
from reader.publication import read_pdf
from storage.models import Alert, Publication
from storage.reading import Reading
from tests.conftest import HOSTS, delivering, listing, publication, record, shared

INSPECTION = "80464_dudley_ilacs_2018-12-10.pdf"
FIRST_VISIT = "80464_dudley_focused-visit_2020-01-21.pdf"
SECOND_VISIT = "80464_dudley_focused-visit_2020-11-27.pdf"
MILTON_KEYNES = "80524_milton-keynes_focused-visit_"


def _publication(pid: str, kind: str, published: date, facts: dict, **reading) -> Publication:
    return publication(pid, kind, published, {"facts": {"type": kind} | facts} | reading)


def _visit(pid: str, published: date, start: str, **facts) -> Publication:
    return _publication(pid, "monitoring-visit", published, {"period_start": start} | facts)


def _report(pid: str, published: date, outcome: str, start: str) -> Publication:
    return _publication(pid, "ilacs", published, {"outcome": outcome, "period_start": start})


def _read(name: str) -> tuple[Publication, str]:
    body = shared("corpus", "ofsted", name).read_bytes()
    reading = read_pdf(200, "application/pdf", body, len(body))
    kind, published = name.removesuffix(".pdf").split("_")[2:]
    publication = _publication(
        name, kind, date.fromisoformat(published), reading["facts"], summary=reading["summary"]
    )
    return publication, reading["text"]


def test_a_first_monitoring_visit_counts_no_visit_of_an_earlier_intervention():
    """It said "Last monitoring visit: 19-20 February 2019", a visit two inspections back."""
    earlier = [  # newest first, as the store gives them
        _report("4", date(2026, 5, 12), "Inadequate", "2026-03-02"),
        _report("3", date(2020, 3, 16), "Good", "2020-02-03"),
        _visit("2", date(2019, 3, 14), "2019-02-19", judged_inadequate="2017-09", areas=["Care leavers"]),
        _report("1", date(2017, 9, 4), "Inadequate", "2017-06-20"),
    ]
    letter = _visit("5", date(2026, 11, 20), "2026-10-06", visit_number=1, judged_inadequate="2026-05")
    journey = journeys.of(letter, earlier)
    assert journey.visits == [] and journey.judgement is earlier[0]
    assert journeys.line(journey) == "First monitoring visit since the inadequate judgement of May 2026"
    # What changed is told against the judgement's own report, by its month.
    heading, _ = journeys.since_last(journey, {}) or ("", [])
    assert heading == "Since the inspection report of May 2026"
    text = json.dumps(alert_post(Alert(id=1, kind="new"), letter, earlier, HOSTS).blocks)
    assert "2019" not in text and "Care leavers" not in text


def test_a_monitoring_visit_names_each_earlier_visit_of_its_series_by_what_it_looked_at_or_its_date():
    earlier = [
        _visit("4", date(2018, 7, 1), "2018-06-12"),  # what it looked at is not known
        _visit("3", date(2018, 3, 1), "2018-02-06", areas=["Children in care, including those placed away"]),
        _report("2", date(2017, 9, 4), "Inadequate", "2017-06-20"),
        _visit("1", date(2016, 5, 1), "2016-04-05", areas=["The front door"]),  # an earlier series
    ]
    letter = _visit("5", date(2019, 3, 14), "2019-02-19", visit_number=5, judged_inadequate="2017-09")
    assert journeys.line(journeys.of(letter, earlier)) == (
        "Fifth monitoring visit since the inadequate judgement of September 2017; "
        "earlier visits looked at: children in care (Feb 2018), Jun 2018"
    )


def test_a_long_series_names_its_latest_visits_and_counts_the_rest():
    earlier = [_visit(str(n), date(2018 + n, 3, 1), f"{2018 + n}-02-06") for n in range(8, 0, -1)]
    letter = _visit("9", date(2027, 3, 1), "2027-02-01", visit_number=9, judged_inadequate="2017-09")
    assert journeys.line(journeys.of(letter, earlier)) == (
        "Ninth monitoring visit since the inadequate judgement of September 2017; earlier visits "
        "looked at: 2 earlier, then Feb 2021, Feb 2022, Feb 2023, Feb 2024, Feb 2025, Feb 2026"
    )


def test_an_inspection_and_a_focused_visit_give_the_last_judgement_and_the_visits_since():
    inspection, _ = _read(INSPECTION)
    first, _ = _read(FIRST_VISIT)
    second, _ = _read(SECOND_VISIT)
    assert journeys.line(journeys.of(second, [first, inspection])) == (
        "Last judged Requires improvement to be good (December 2018); visits since: focused visit on "
        "the local authority’s arrangements for assessments (Dec 2019)"
    )
    report = _report("9", date(2023, 3, 1), "Good", "2023-01-09")
    assert journeys.line(journeys.of(report, [second, first, inspection])) == (
        "Previously judged Requires improvement to be good (December 2018); visits since: focused visit "
        "on the local authority’s arrangements for assessments (Dec 2019), focused visit on the quality "
        "and impact of decision-making in help… (Oct 2020)"
    )
    # A report that gives no overall grade is the judgement all the same, and says so.
    graded = _publication(
        "11", "ilacs", date(2026, 8, 3), {"judgements": {"The impact of leaders": "Inadequate"}}
    )
    assert journeys.line(journeys.of(second, [graded, first, inspection])) == (
        "Last judged with no overall grade (August 2026); no visit since"
    )
    # An area SEND report is judged on another framework: no children's services journey.
    send = _publication("10", "area-send", date(2023, 5, 1), {})
    assert journeys.line(journeys.of(send, [second, first, inspection])) is None


def _quotes(lines: list[str]) -> list[str]:
    return [q.removesuffix("…") for line in lines for q in re.findall(r"“([^”]+)”", line)]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_focused_visit_says_which_of_the_inspections_concerns_it_raises_again_quoting_both():
    inspection, inspected = _read(INSPECTION)
    letter, said = _read(FIRST_VISIT)
    heading, lines = journeys.since_last(
        journeys.of(letter, [inspection]), {inspection.id: inspected, letter.id: said}
    ) or ("", [])
    assert heading == "Since the inspection report of December 2018"
    (again,) = [line for line in lines if line.startswith("Raised again")]
    assert again.startswith("Raised again: “Most young people who have presented as homeless")
    assert "(then: “Young people aged 16 and 17 presenting as homeless" in again
    # Every quote is the documents' own words: none is invented.
    assert all(q in _flat(inspected) or q in _flat(said) for q in _quotes(lines))


def test_the_next_visit_raises_nothing_again_that_it_does_not_and_says_what_is_new():
    first, said_first = _read(FIRST_VISIT)
    second, said_second = _read(SECOND_VISIT)
    inspection, _ = _read(INSPECTION)
    _, lines = journeys.since_last(
        journeys.of(second, [first, inspection]), {first.id: said_first, second.id: said_second}
    ) or ("", [])
    assert not any(line.startswith("Raised again") for line in lines)
    assert any(
        line.startswith("Not raised in this letter: “Most young people who have presented as homeless")
        for line in lines
    )
    assert any(line.startswith("New: “Too many children remain in care") for line in lines)
    assert all(q in _flat(said_first) or q in _flat(said_second) for q in _quotes(lines))


def _compared(earlier: str, later: str) -> list[str]:
    """What the later letter says of the earlier document's concerns, in a series that
    runs from a judgement stored before both."""
    (before, said_before), (after, said_after) = _read(earlier), _read(later)
    judged = _report("0", date(2010, 1, 1), "Good", "2009-11-02")
    series = [before] if before.type == "ilacs" else [before, judged]
    _, lines = journeys.since_last(
        journeys.of(after, series), {before.id: said_before, after.id: said_after}
    ) or ("", [])
    return lines


def test_a_matter_raised_again_in_other_words_is_found_and_house_style_alone_matches_nothing():
    # Return home interviews, in Milton Keynes's two focused visits a year apart.
    (again,) = [
        line
        for line in _compared(f"{MILTON_KEYNES}2023-01-13.pdf", f"{MILTON_KEYNES}2024-01-12.pdf")
        if line.startswith("Raised again")
    ]
    assert "return home interview" in again and "(then: “While most children are offered return home" in again
    # Harrow's inspection and focused visit share "difficult ... impact ... recording" and
    # "seen by inspectors ... work undertaken", but no matter.
    harrow = _compared("80499_harrow_ilacs_2017-03-31.pdf", "80499_harrow_focused-visit_2018-11-01.pdf")
    assert not any(line.startswith("Raised again") for line in harrow)


def test_a_letter_with_none_before_it_in_its_series_says_so_and_one_of_an_unknown_series_too():
    first = _visit("2", date(2026, 11, 20), "2026-10-06", visit_number=1, judged_inadequate="2026-05")
    assert journeys.since_last(journeys.of(first, []), {}) == (
        "Since the last letter",
        ["No earlier letter in this series"],
    )
    # Without the judgement its series runs from, the store cannot tell: it says so.
    letter, said = _read(FIRST_VISIT)
    visit = _publication("0", "focused-visit", date(2017, 1, 1), {"period_start": "2016-12-01"})
    assert journeys.since_last(journeys.of(letter, [visit]), {letter.id: said}) == (
        "Since the last letter",
        ["Not compared: no judgement is stored"],
    )
    report, _ = _read(INSPECTION)
    assert journeys.since_last(journeys.of(report, []), {}) is None  # a report is no letter


@pytest.fixture
def dudley_store(sqlite_store):
    """Dudley's inspection and first focused visit stored as read, the visit to be alerted."""
    for name, alert in ((INSPECTION, False), (FIRST_VISIT, True)):
        body = shared("corpus", "ofsted", name).read_bytes()
        reading = read_pdf(200, "application/pdf", body, len(body))
        kind, published = name.removesuffix(".pdf").split("_")[2:]
        fields = listing(
            "5040000" + ("1" if alert else "0"),
            type=kind,
            published=date.fromisoformat(published),
            authority="Dudley",
            urn="80464",
            source="ofsted:80464",
        )
        record(
            sqlite_store,
            fields,
            alert=alert,
            reading=Reading.done(reading["facts"], reading["summary"], reading["text"]),
        )
    return sqlite_store


def test_the_alert_and_the_page_tell_the_journey_and_what_changed_from_the_store(dudley_store, slack):
    from starlette.testclient import TestClient

    from config import Config
    from web.app import Web

    assert delivering(dudley_store, slack).run().delivered == 1
    (message,) = slack.messages
    posted = json.dumps(message["blocks"], ensure_ascii=False)
    assert "Last judged Requires improvement to be good (December 2018); no visit since" in posted
    assert "*Since the inspection report of December 2018*" in posted and "• Raised again: “Most" in posted
    with TestClient(Web(Config(), dudley_store).app()) as client:
        page = client.get("/publication/50400001").text
    assert (
        '<p class="journey">Last judged Requires improvement to be good (December 2018); no visit since</p>'
        in page
    )
    assert '<h2 id="since-heading">Since the inspection report of December 2018</h2>' in page
    assert "<li>Raised again: “Most young people who have presented as homeless" in page

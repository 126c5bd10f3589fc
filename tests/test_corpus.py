"""Accuracy on real Ofsted publications of every generation, against hand-checked facts.

Reads every PDF in the shared corpus, compares what the reader extracts with
corpus/facts.csv, prints a per-type, per-field table (correct / missing / wrong), and holds
each type and field to the bars: at least 99% correct and at most 0.5% wrong. A missing
fact is better than a wrong one, so the two are counted apart.
"""

from __future__ import annotations

import re

import pytest

from reader.selfcheck import broken
from reader.summary import (
    _CONCERN,
    _CONNECTIVE,
    _CONTRAST_ONLY,
    _NEGATED_CONCERN,
    MAX_CONCERNS,
    MAX_POINTS,
    sentences,
    summarise,
)
from tests.conftest import shared
from tests.corpus import OWN_TYPOS, below_bars, read_corpus, score, table_lines

# Full reports that print their inspection team, checked by hand: the team as the reader
# should give it (lead first), without shadow inspectors, analysts or quality assurance.
TEAMS = {
    "80461_devon_ilacs_2015-05-12.pdf": [
        "Jansy Kelly",
        "Brendan Parkinson",
        "Dominic Stevens",
        "Karen Wareing",
        "Louise Hocking",
        "Donna Marriott",
        "Robert Pyner",
        "Deane Jennings",
        "Teresa Lavelle-Hill",
    ],
    "80497_hammersmith-and-fulham_ilacs_2016-03-29.pdf": [
        "Pietro Battista",
        "Paula Thomson-Jones",
        "Sean Tarpey",
        "Louise Warren",
        "Kathryn Townsley",
        "Brendan Parkinson",
        "Susan Williams",
        "Steve Stanley",
    ],
    "80544_kensington-and-chelsea_ilacs_2016-03-29.pdf": [
        "Ian Young",
        "Emmy Tomsett",
        "Helen Cawston",
        "Fiona Millins",
        "Lisa Williams",
        "Cath McEvoy",
        "Kenneth Jones",
        "Rachel Holden",
        "Fiona Parker",
    ],
    "80426_barnsley_ilacs_2014-08-08.pdf": [
        "Jansy Kelly",
        "Lynn Radley",
        "Sarah Urding",
        "Rob Hackeson",
        "Julie Winyard",
        "Ralph Trevelyan-Butler",
        "Sue Williams",
    ],
    "80518_wandsworth_ilacs_2018-07-20.pdf": [
        "Louise Warren",
        "Marcie Taylor",
        "Brenda McInerney",
        "Margaret Burke",
        "Jon Bowman",
        "Mary Candlin",
    ],
}
_WEAK_GRADE = re.compile(
    r"\b(?:judged|found|rated)\b[^.]{0,40}\b(?:inadequate|requires? improvement)\b", re.I
)


@pytest.fixture(scope="module")
def corpus():
    return read_corpus(shared("corpus"))


def test_facts_meet_the_bars_for_every_type_and_field(corpus, record_property):
    table, misses = score(corpus)
    record_property(
        "report",
        "\n".join(
            ["Accuracy on the shared corpus of real Ofsted publications:"]
            + table_lines(table)
            + (["misses:"] + misses if misses else [])
        ),
    )
    assert not below_bars(table), (below_bars(table), misses)
    for row, _, facts in corpus:  # the lead heads a full report's team
        if row["type"] == "ilacs" and facts.get("lead_inspector"):
            assert facts["lead_inspector"] == facts["inspectors"][0], row["file"]


def test_full_reports_name_their_whole_inspection_team(corpus):
    by_file = {row["file"]: facts for row, _, facts in corpus}
    for name, team in TEAMS.items():
        assert by_file[name]["inspectors"] == team, name
        assert by_file[name]["lead_inspector"] == team[0], name


def test_reports_without_an_overall_grade_give_their_four_judgements(corpus):
    for row, _, facts in corpus:
        if row["type"] == "ilacs" and not row["outcome"]:
            assert "outcome" not in facts, row["file"]
            assert len(facts["judgements"]) == 4, row["file"]


def quoted_whole(part: str, flat: str) -> bool:
    """Whether a part of the summary is the document's own words (a point's full stop aside)."""
    words = " ".join(part.split())
    return any(form in flat for form in (words, f"{words}.", words[:1].lower() + words[1:]))


def test_every_summary_item_is_quoted_and_on_the_right_side(corpus):
    for row, text, _ in corpus:
        flat = " ".join(text.split())
        summary = summarise(text)
        assert summary["headline"], row["file"]
        assert not summary["headline"][:1].islower(), (row["file"], summary["headline"])
        assert len(summary["strengths"]) <= MAX_POINTS and len(summary["concerns"]) <= MAX_CONCERNS
        headline = sentences(summary["headline"])
        for point in summary["strengths"] + summary["concerns"]:
            assert point not in headline and point not in summary["headline"], (row["file"], point)
        for point in sentences(summary["headline"]) + summary["strengths"]:
            assert " ".join(point.split()) in flat, (row["file"], point)
            assert not _CONNECTIVE.match(point) or (" " in point and point in flat), (row["file"], point)
        for point in summary["concerns"]:
            # A point of the improvement list may introduce its finding: "Point: finding".
            assert quoted_whole(point, flat) or any(
                quoted_whole(point[:at], flat) and quoted_whole(point[at + 2 :], flat)
                for at in range(len(point))
                if point.startswith(": ", at)
            ), (row["file"], point)
        for point in summary["strengths"]:
            # A worry said only to be denied ("no unnecessary delays") is praise.
            worries = _NEGATED_CONCERN.sub(" ", point.lower())
            assert not _WEAK_GRADE.search(point) and not _CONCERN.search(worries), (row["file"], point)
        for quoted in summary["strengths"] + summary["concerns"]:
            # A quote that opens with "This" carries the sentence it answers; one that opens
            # with "However" does too, or it points back to nothing.
            first = sentences(quoted.split(": ", 1)[-1])[0]
            assert not _CONNECTIVE.match(first) or _CONTRAST_ONLY.match(first), (row["file"], quoted)
        assert len(set(summary["strengths"] + summary["concerns"])) == len(
            summary["strengths"] + summary["concerns"]
        ), row["file"]


def test_the_self_check_finds_no_broken_fact_but_the_documents_own(corpus, record_property):
    breaks = {row["file"]: found for row, _, facts in corpus if (found := broken(facts))}
    record_property("self-check", "\n".join(f"{name}: {found}" for name, found in breaks.items()))
    assert breaks.keys() == OWN_TYPOS.keys(), breaks

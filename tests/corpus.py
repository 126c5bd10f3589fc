"""Scoring the reader against the shared corpus's hand-checked facts (corpus/facts.csv).

Used by the corpus test, which holds the bars, and by the benchmark, which prints the table.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from reader.facts import extract
from reader.selfcheck import broken
from reader.text import read_text

MIN_CORRECT = 0.99
MAX_WRONG = 0.005
# Documents whose own text breaks an invariant: the reader reports what they print.
OWN_TYPOS = {
    "80458_darlington_focused-visit_2023-11-28.pdf": "prints its visit as 24 October 2022 to 25 October 2023",
}

# Rows of facts.csv that leave out inspectors the document prints, checked against the
# page: how many, and where. The reader must find the row's and these as well.
LEFT_OUT = {
    "80567_surrey_area-send_2023-11-24.pdf": (
        3,
        "the team table runs on to the next page (two Ofsted HMIs, one CQC inspector), "
        "which the row leaves out",
    ),
}


def read_corpus(corpus: Path) -> list[tuple[dict, str, dict]]:
    """(facts.csv row, cleaned text, facts read) for every document of the corpus."""
    rows = list(csv.DictReader((corpus / "facts.csv").open(encoding="utf-8")))
    read = []
    for row in rows:
        text = read_text((corpus / "ofsted" / row["file"]).read_bytes())
        read.append((row, text, extract(text)))
    return read


def expected(row: dict) -> dict:
    """What facts.csv says the reader should find; None where it says nothing to score."""
    named = [n for n in row["inspectors"].split(";") if n]
    full_report = row["type"] == "ilacs"
    return {
        "type": row["type"],
        "period_start": row["period_start"],
        "period_end": row["period_end"],
        # Full reports' column holds the lead; letters' and area SEND reports' column every
        # inspector, the lead (Ofsted's, for area SEND) first.
        "lead_inspector": named[0] if named else None,
        "inspectors": set(named) if named and not full_report else None,
        # An empty outcome for a full report means none is printed: none may be given.
        "outcome": row["outcome"] if row["outcome"] or full_report else None,
    }


def got(facts: dict, field: str):
    value = facts.get(field)
    return set(value) if field == "inspectors" and value else value or ""


def score(corpus) -> tuple[dict, list[str]]:
    """{(type, field): [correct, missing, wrong]} and a line for each miss."""
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    for row, _, facts in corpus:
        for field, wanted in expected(row).items():
            if wanted is None:
                continue
            found = got(facts, field)
            if field == "inspectors" and row["file"] in LEFT_OUT and found and found > wanted:
                wanted = found if len(found - wanted) == LEFT_OUT[row["file"]][0] else wanted
            column = 0 if found == (wanted or "") else 1 if not found else 2
            table[(row["type"], field)][column] += 1
            if column:
                misses.append(
                    f"  {'missing' if column == 1 else 'WRONG'} {row['file']} {field}: "
                    f"{found!r} (expected {wanted!r})"
                )
    return table, misses


def table_lines(table: dict) -> list[str]:
    lines = [f"{'type':15} {'field':15} {'correct':>8} {'missing':>8} {'wrong':>6} {'accuracy':>9}"]
    for (kind, field), (right, missing, wrong) in sorted(table.items()):
        total = right + missing + wrong
        lines.append(f"{kind:15} {field:15} {right:8d} {missing:8d} {wrong:6d} {right / total:9.1%}")
    return lines


def below_bars(table: dict) -> list[str]:
    """The (type, field) pairs under the bars, as lines; empty when all meet them."""
    failing = []
    for (kind, field), (right, missing, wrong) in sorted(table.items()):
        total = right + missing + wrong
        if right / total < MIN_CORRECT or wrong / total > MAX_WRONG:
            failing.append(f"{kind} {field}: {right}/{total} correct, {wrong} wrong")
    return failing


def self_check(corpus) -> tuple[list[str], list[str]]:
    """The self-check's breaks as lines: (the reader's, the documents' own typos)."""
    breaks = [(row["file"], line) for row, _, facts in corpus for line in broken(facts)]
    lines = [f"  {name}: {line}" for name, line in breaks if name not in OWN_TYPOS]
    own = [f"  {name}: {line} ({OWN_TYPOS[name]})" for name, line in breaks if name in OWN_TYPOS]
    return lines, own

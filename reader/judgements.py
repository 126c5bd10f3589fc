"""Judgements: the grades a full inspection gives, in the words each generation prints.

2013: "Overall effectiveness ... Grade 3 (Adequate)" and a closing "Record of main findings".
2014-2018: "The overall judgement is requires improvement", "Children’s services in X
require improvement to be good", and a numbered table ("1. Children who need help and
protection Requires improvement"). 2018 onwards: "Judgement Grade" table with an
"Overall effectiveness" row; from mid-2026 the table has four rows and no overall grade,
and none is ever made up.
"""

from __future__ import annotations

import re

GRADE = r"(Outstanding|Good|Requires?\s+[Ii]mprovement(?:\s+to\s+be\s+good)?|Inadequate|Adequate)"
# A row: a judgement's name (no digits or full stops, so never a date or a sentence) and
# its grade. Rows open with the framework's own words or a row number ("1.", "2.1").
_ROW = re.compile(
    r"(?:^|\s)(?:\d\.(?:\d\s)?\s*)?"
    r"((?:The impact of leaders|The experiences and progress|Children who need|Children looked after|"
    r"Adoption performance|Experiences and progress|Leadership, management|Capacity to improve|"
    r"Outcomes for|Quality of provision|Leadership and management|Help and protection|"
    r"Children in care|Care leavers|The impact of)[^.\d:]{0,110}?)\s+"
    # Some tables print grades in lower case, "Grade 3 (Adequate)", "Inadequate Grade 4", "Not judged".
    rf"(?:Grade\s+\d\s+\()?(?i:{GRADE}|(Not judged))\)?(?:\s+Grade\s+\d)?(?=\s|$)"
)
_OVERALL = (
    re.compile(
        rf"\bOverall effectiveness(?: of services for [^.\d]{{3,80}}?)?:?\s+(?:Grade\s+\d\s+\()?{GRADE}"
    ),
    re.compile(
        rf"\bThe overall judgement is(?: that)?(?: children[’']s services)?\s+(?:is\s+)?{GRADE}", re.I
    ),
    re.compile(rf"\bChildren[’']s services in [^.]{{1,80}}? (?:are|is)\s+{GRADE}", re.I),
    re.compile(
        r"\bChildren[’']s services in [^.]{1,80}? (requires?\s+improvement(?:\s+to\s+be\s+good)?)", re.I
    ),
)
SEND_OUTCOMES = (
    "positive experiences and outcomes",
    "inconsistent experiences and outcomes",
    "widespread and/or systemic failings",
)


def grade(printed: str) -> str:
    """A grade as a judgement is written: "require Improvement" is "Requires improvement"."""
    words = " ".join(printed.split()).lower()
    words = re.sub(r"^require\b", "requires", words)
    return words[0].upper() + words[1:]


def table(flat: str) -> dict[str, str]:
    """The judgement table: each judgement's name and grade, as printed (not the overall).

    A table's rows follow one another; the first text that is not a row ends it, so a
    sentence of the report is never read as a row.
    """
    region = flat[:3500]
    if (record := flat.rfind("Record of main findings")) >= 0 and "Judgement Grade" not in region:
        region = flat[record : record + 1500]  # 2013: the table closes the report
    found: dict[str, str] = {}
    row = _ROW.search(region)
    while row:
        found.setdefault(" ".join(row.group(1).split()), grade(row.group(2) or row.group(3)))
        row = _ROW.match(region, row.end())
    return found


def overall(flat: str) -> str | None:
    """The overall effectiveness judgement as printed, or None where the report gives none."""
    places = [flat[:6000]]
    if (record := flat.rfind("Record of main findings")) >= 0:
        places.append(flat[record : record + 1500])
    for place in places:
        for pattern in _OVERALL:
            if found := pattern.search(place):
                return grade(found.group(1))
    return None


def send_outcome(flat: str) -> str | None:
    """An area SEND inspection's outcome: the key phrase of the first outcome it states."""
    at = flat.find("Inspection outcome")
    section = flat[at : at + 1500] if at >= 0 else flat[:3000]
    hits = [(section.find(p), p) for p in SEND_OUTCOMES if p in section]
    return min(hits)[1] if hits else None

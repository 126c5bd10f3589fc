"""The reader's self-check: facts that cannot all be true, found without hand-checked answers.

Run over any documents (the shared corpus, or every text a store holds), it names each fact
that breaks an invariant: an inspector's name that is no person's name, a lead who is not
among the inspectors, a period that ends before it starts or outlasts its type, a visit
number past any the letters print, a judgement outside the scale. A break is a reading to
look at, not always the reader's fault: a document's own typo breaks one too.
"""

from __future__ import annotations

from datetime import date

from reader.judgements import SEND_OUTCOMES, grade
from reader.people import is_person_name
from vocabulary import PublicationType

# The longest a visit or an inspection of each type runs, first day to last, in days. A
# full inspection may be held in two blocks weeks apart.
LONGEST = {
    PublicationType.MONITORING_VISIT: 14,
    PublicationType.FOCUSED_VISIT: 14,
    PublicationType.JTAI: 21,
    PublicationType.AREA_SEND: 21,
    PublicationType.ILACS: 120,
}
HIGHEST_VISIT = 12
SCALE = frozenset(
    {
        "Outstanding",
        "Good",
        "Requires improvement",
        "Requires improvement to be good",
        "Inadequate",
        "Adequate",
    }
)


def broken(facts: dict) -> list[str]:
    """One line for each invariant the facts break; empty when they all hold."""
    kind = PublicationType.of(facts.get("type"))
    found = [
        f"inspector {name!r} is not a person's name"
        for name in facts.get("inspectors", [])
        if not is_person_name(name)
    ]
    lead = facts.get("lead_inspector")
    if lead and not is_person_name(lead):
        found.append(f"lead inspector {lead!r} is not a person's name")
    if lead and facts.get("inspectors") and lead not in facts["inspectors"]:
        found.append(f"lead inspector {lead!r} is not among the inspectors")
    if "period_start" in facts:
        start, end = date.fromisoformat(facts["period_start"]), date.fromisoformat(facts["period_end"])
        if end < start:
            found.append(f"the period ends ({end}) before it starts ({start})")
        elif kind in LONGEST and (end - start).days > LONGEST[kind]:
            found.append(
                f"the period runs {(end - start).days} days, "
                f"longer than a {kind.label.lower()}'s {LONGEST[kind]}"
            )
    if facts.get("visit_number", 0) > HIGHEST_VISIT:
        found.append(f"visit number {facts['visit_number']} is past {HIGHEST_VISIT}")
    outcome = facts.get("outcome")
    scale = SEND_OUTCOMES if kind is PublicationType.AREA_SEND else SCALE
    if outcome and outcome not in scale:
        found.append(f"judgement {outcome!r} is outside the scale")
    found += [
        f"judgement {name!r}: {given!r} is outside the scale"
        for name, given in facts.get("judgements", {}).items()
        if grade(given) not in SCALE | {"Not judged"}
    ]
    return found

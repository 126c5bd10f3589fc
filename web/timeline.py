"""An authority's inspection journey drawn on the server as SVG: full inspections as
bars coloured by grade, visits as markers, on one time axis. No script; every label is
escaped by ElementTree."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree as ET

from storage.models import Publication
from vocabulary import PublicationType
from wording import day, rank

WIDTH, HEIGHT, MARGIN = 900, 150, 40
# Grade colours, worst first, with enough contrast against white for the text beside them.
GRADE_COLOURS = {0: "#d4351c", 1: "#b58105", 2: "#00703c", 3: "#005ea5"}
UNGRADED = "#505a5f"


def _when(p: Publication) -> date | None:
    return p.published or (p.event_date if p.event_date else None)


def svg(journey: list[Publication]) -> str:
    dated = [(when, p) for p in journey if (when := _when(p))]
    root = ET.Element(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH} {HEIGHT}",
        role="img",
        width="100%",
    )
    ET.SubElement(root, "title").text = "Inspection journey: full inspections by grade, and visits"
    if not dated:
        return ET.tostring(root, encoding="unicode")
    first = min(w for w, _ in dated).replace(month=1, day=1)
    last = max(w for w, _ in dated).replace(month=12, day=31)
    span = max((last - first).days, 1)

    def x(when: date) -> float:
        return MARGIN + (WIDTH - 2 * MARGIN) * (when - first).days / span

    axis = HEIGHT - 35
    ET.SubElement(
        root, "line", x1=str(MARGIN), x2=str(WIDTH - MARGIN), y1=str(axis), y2=str(axis), stroke="#0b0c0c"
    )
    for year in range(first.year, last.year + 1):
        at = x(date(year, 1, 1))
        ET.SubElement(
            root, "line", x1=f"{at:.1f}", x2=f"{at:.1f}", y1=str(axis), y2=str(axis + 5), stroke="#0b0c0c"
        )
        label = ET.SubElement(root, "text", x=f"{at:.1f}", y=str(axis + 20), fill="#0b0c0c")
        label.set("font-size", "14")
        label.set("text-anchor", "middle")
        label.text = str(year)
    for when, p in dated:
        kind = PublicationType.of(p.type)
        at = x(when)
        outcome = (p.facts or {}).get("outcome")
        if kind in (PublicationType.ILACS, PublicationType.AREA_SEND):
            grade = rank(outcome)
            colour = GRADE_COLOURS.get(grade, UNGRADED) if grade is not None else UNGRADED
            mark = ET.SubElement(
                root, "rect", x=f"{at - 6:.1f}", y="30", width="12", height=str(axis - 30), fill=colour
            )
            if outcome:  # the grade in words too: colour alone is not enough to read it by
                said = ET.SubElement(root, "text", x=f"{at:.1f}", y="22", fill="#0b0c0c")
                said.set("font-size", "14")
                said.set("text-anchor", "middle")
                said.text = str(outcome).removesuffix(" to be good")
        else:
            mark = ET.SubElement(root, "circle", cx=f"{at:.1f}", cy=str(axis - 15), r="6", fill="#1d70b8")
        ET.SubElement(mark, "title").text = f"{kind.label}, {day(when)}" + (f": {outcome}" if outcome else "")
    return ET.tostring(root, encoding="unicode")

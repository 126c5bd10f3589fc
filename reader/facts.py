"""Facts read from a publication's cleaned text: type, dates, visit, inspectors, judgements.

Every fact is what the document itself says (a document's own typo is kept); a fact the
document does not state is left out, never guessed: a null is better than a wrong value.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from reader import dates, judgements
from reader.inspectors import inspectors
from vocabulary import ORDINALS, PublicationType

_ORDINAL = rf"({'|'.join(ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))"
# "the fifth monitoring visit", "the second visit since ...", "This monitoring visit was
# the third since ...".
_VISIT_NUMBER = re.compile(
    rf"\b{_ORDINAL}\s+(?:monitoring\s+visit|visit\s+since)\b"
    rf"|\bmonitoring\s+visit\s+(?:was|is)\s+the\s+{_ORDINAL}\b",
    re.I,
)
_JUDGED_INADEQUATE = re.compile(
    rf"\b(?:local authority|council|children[’']s services)[^.]{{0,60}}?\bjudged\s+(?:to\s+be\s+)?"
    rf"inadequate\s+in\s+({dates.MONTH_NAME})\s+(\d{{4}})",
    re.I,
)
_TITLE_MARKERS = (
    (PublicationType.MONITORING_VISIT, re.compile(r"\bmonitoring visit\b", re.I)),
    (PublicationType.FOCUSED_VISIT, re.compile(r"\bfocused visit\b", re.I)),
    (PublicationType.JTAI, re.compile(r"\bjoint targeted area inspection\b", re.I)),
    (PublicationType.AREA_SEND, re.compile(r"\barea SEND\b|\blocal area partnership\b", re.I)),
    (
        PublicationType.ILACS,
        re.compile(
            r"\bInspection dates?:|\bInspection of [^.]{0,80}children[’']s (?:social care )?services"
            r"|services for children in need of help and protection|Inspection of looked after children",
            re.I,
        ),
    ),
)
# What a letter says the visit looked at, in the words letters use.
_AREAS_HEADINGS = re.compile(r"^(Areas covered by the visit|Areas covered)$", re.I | re.M)
_LOOKED_AT = re.compile(
    r"\b(?:(?i:inspectors)|The inspectors|This visit|The visit)\s+(?:also\s+)?"
    r"(?:(?:looked at|considered|evaluated|reviewed|focused on|examined)\s+(?:and\s+)?)+([^.]{10,400})\.|"
    r"\bThe focus of (?:this|the) visit was\s+(?:on\s+)?([^.]{10,400})\."
)
# A sentence that leads into a list of areas, ending its line with a colon.
_LEAD_IN = re.compile(
    r"\b(?:looked at|considered|evaluated|reviewed|focused on|examined)\s+([^.:]{0,300}):[ \t]*\n(?=• )", re.I
)
_EVIDENCE = re.compile(r"^(?:a range of evidence|evidence|case records|children’s case records)\b", re.I)
# A document's own date: a letter's date line, or "Report published" / "Published".
_PUBLISHED = re.compile(
    rf"\b(?:Report\s+)?[Pp]ublished:?\s+(?:{dates.SINGLE.pattern}|{dates.NUMERIC.pattern})"
)
_JOINED = re.compile(r"(?:\band|\bto|[–—,\-]|Inspection dates?:?)\s*$", re.I)


def _flat(text: str) -> str:
    return " ".join(text.split())


def document_date(text: str) -> date | None:
    """The date printed at the head of the document (a letter's date, or "Report published")."""
    head = text[:800]
    if published := _PUBLISHED.search(head):
        groups = published.groups()
        return dates.to_date(*(groups[:3] if groups[0] else groups[3:]))
    lines = head.split("\n")
    for before, line in pairwise(["", *lines]):
        # A date alone on its line, unless it is the wrapped end of the inspection dates.
        if (found := dates.SINGLE.fullmatch(line.strip())) and not _JOINED.search(before):
            return dates.to_date(*found.groups())
    return None


def document_type(flat: str) -> PublicationType:
    """The kind of publication, from the earliest marker in the document's opening."""
    head = flat[:2500]
    hits = [(m.start(), kind) for kind, pattern in _TITLE_MARKERS if (m := pattern.search(head))]
    return min(hits)[1] if hits else PublicationType.OTHER


def _bullets_after(text: str, at: int) -> list[str]:
    """The first bulleted list after this point of the text (a wrapped bullet's lines
    joined), ending at the first line that is neither."""
    bullets: list[str] = []
    for line in text[at:].split("\n"):
        if line.startswith("• "):
            bullets.append(line[2:])
        elif bullets and line and not line[0].isupper():
            bullets[-1] += f" {line}"
        elif bullets:
            break
    return bullets


def areas(text: str, flat: str) -> list[str]:
    """What the visit looked at: the "Areas covered" bullets, the list a sentence leads
    into ("inspectors looked at the following areas:"), or the sentence that says so
    (flat: the text on one line, as extract has it)."""
    heading = _AREAS_HEADINGS.search(text)
    if heading and (bullets := _bullets_after(text, heading.end())):
        return bullets
    for found in _LOOKED_AT.finditer(flat[:5000]):
        said = found.group(1) or found.group(2)
        if _EVIDENCE.match(said):  # what they read, not what they looked into
            continue
        for lead_in in _LEAD_IN.finditer(text[:6000]):  # the sentence leads into its list
            if not _EVIDENCE.match(lead_in.group(1)) and (listed := _bullets_after(text, lead_in.end())):
                return listed
        return [said]
    return []


def _visit_number(flat: str) -> int | None:
    number = _VISIT_NUMBER.search(flat)
    if not number:
        return None
    word = (number.group(1) or number.group(2)).lower()
    return ORDINALS.index(word) + 1 if word in ORDINALS else int(word[:-2])


def extract(text: str) -> dict:
    """All the facts a reader takes from one publication's cleaned text."""
    flat = _flat(text)
    kind = document_type(flat)
    dated = document_date(text)
    facts: dict = {"type": kind.value}
    if span := dates.period(flat, dated.year if dated else None):
        facts["period_start"], facts["period_end"] = (d.isoformat() for d in span)
    if kind is PublicationType.MONITORING_VISIT:
        if number := _visit_number(flat):
            facts["visit_number"] = number
        # Only a monitoring letter's own authority was judged inadequate before the visit.
        if inadequate := _JUDGED_INADEQUATE.search(flat[:4000]):
            facts["judged_inadequate"] = (
                f"{inadequate.group(2)}-{dates.month_number(inadequate.group(1)):02d}"
            )
    if kind is not PublicationType.JTAI:
        # JTAI letters are signed by the inspectorates' heads and name no team.
        named, lead = inspectors(text, flat, kind)
        if named:
            facts["inspectors"] = named
        if lead:
            facts["lead_inspector"] = lead
    if kind is PublicationType.ILACS:
        if table := judgements.table(flat):
            facts["judgements"] = table
        if result := judgements.overall(flat):
            facts["outcome"] = result
    elif kind is PublicationType.AREA_SEND and (result := judgements.send_outcome(flat)):
        facts["outcome"] = result
    if kind.is_letter and (covered := areas(text, flat)):
        facts["areas"] = covered
    if dated:
        facts["document_date"] = dated.isoformat()
    return facts

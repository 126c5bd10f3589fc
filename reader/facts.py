"""Facts read from a publication's cleaned text: dates, visit, inspectors, judgements.

Every fact is what the document itself says (a document's own typo is kept); a fact the
document does not state is left out, never guessed.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4})"
# "15 and 16 June 2021", "30 November and 1 December 2021", "12 September 2016 to
# 6 October 2016", "20 June – 13 July 2017", "16 May and 20 May" (year elsewhere).
_RANGE = re.compile(
    rf"{_DAY}(?:\s+{_MONTH})?(?:\s+{_YEAR})?\s*(?:to|and|–|—|-|until)\s*{_DAY}\s+{_MONTH}(?:\s+{_YEAR})?"
)
_SINGLE = re.compile(rf"{_DAY}\s+{_MONTH}\s+{_YEAR}")
# Where a document states its own visit or inspection dates, most specific first.
_PERIOD_CONTEXTS = (
    re.compile(r"Inspection dates?:\s*"),
    re.compile(r"\b(?:visit|inspection)\b[^.]{0,160}?\b(?:on|between|from)\s+(?=\d)", re.I),
    re.compile(r"\bBetween\s+(?=\d)"),
)
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth")
_VISIT_NUMBER = re.compile(
    rf"\b({'|'.join(ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))\s+monitoring visit", re.I)
_JUDGED_INADEQUATE = re.compile(rf"judged\s+(?:to\s+be\s+)?inadequate\s+in\s+{_MONTH}\s+{_YEAR}", re.I)

_GRADE = r"(Outstanding|Good|Requires? improvement(?: to be good)?|Inadequate)"
_OVERALL = (
    re.compile(rf"Overall effectiveness:?\s+{_GRADE}"),
    re.compile(rf"Children’s services in [^.]{{1,80}}? (?:are|is)\s+{_GRADE}", re.I),
    re.compile(r"Children’s services in [^.]{1,80}? (requires? improvement to be good)", re.I),
)
_JUDGEMENT_ROW = re.compile(
    rf"((?:The impact of leaders|The experiences and progress of|\d(?:\.\d)?\.?\s+[A-Z])"
    rf"[^.]{{3,120}}?)\s+{_GRADE}(?=\s|$)"
)
SEND_OUTCOMES = ("positive experiences and outcomes", "inconsistent experiences and outcomes",
                 "widespread and/or systemic failings")

_NAME_WORD = r"(?:[A-Z][a-zA-Z’'\-]*[a-z][a-zA-Z’'\-]*|Mc[A-Z][a-z]+|O’[A-Z][a-z]+)"
_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}$")
_NOT_NAME_WORDS = {
    "her", "his", "majesty’s", "majesty's", "inspector", "inspectors", "hmi", "hmis", "ofsted",
    "lead", "team", "deputy", "senior", "quality", "care", "commission", "cqc", "judgement",
    "the", "this", "shadow", "social", "regulatory", "additional", "children’s", "services", "ai",
}
_ROLES = re.compile(
    r"\((?:AI|HMI)\)|(?:Her|His) Majesty’s Inspectors?|\bHMIs?\b|\bOfsted [Ii]nspectors?\b|"
    r"\b(?:lead|team|deputy lead|shadow|social care regulatory|additional) inspectors?\b|"
    r"\bHMI designate\b",
    re.I,
)
_INSPECTOR_SENTENCE = re.compile(
    r"[^.]*?\b(?:inspectors?(?: for this visit)? (?:were|was)|carried out by)\b([^.]*)\.", re.I)
_LEAD = re.compile(r"Lead inspector:?\s+([A-Z][^:]{3,60}?)(?=\s*(?:,|\b(?:Deputy|Judgement|His|Her|HMI)\b|$))")
_TEAM = re.compile(r"Team inspectors?:\s+(.{3,400}?)(?=\s+(?:Senior data|Quality assurance|Shadow|Any complaints|$))")
_SEND_TEAM = re.compile(r"Inspection team\s+(?:Ofsted\s+)?(?:Care Quality Commission\s+)?(.{10,600}?)"
                        r"(?=\s+(?:If you are not happy|The Office for Standards)|$)")
_SIGNATURE = re.compile(rf"Yours sincerely\s+({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})\s+(?:Her|His) Majesty’s Inspector\b")
_TITLE_MARKERS = (
    ("monitoring-visit", re.compile(r"\bmonitoring visit\b", re.I)),
    ("focused-visit", re.compile(r"\bfocused visit\b", re.I)),
    ("jtai", re.compile(r"\bjoint targeted area inspection\b", re.I)),
    ("area-send", re.compile(r"\barea SEND\b|\blocal area partnership\b", re.I)),
    ("ilacs", re.compile(r"\bInspection dates?:|\bInspection of [^.]{0,80}children’s (?:social care )?services"
                         r"|services for children in need of help and protection", re.I)),
)
_AREAS_HEADINGS = re.compile(r"^(Areas covered by the visit|Areas covered)$", re.I | re.M)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _month(name: str) -> int:
    return MONTHS.index(name.lower()) + 1


def _range_dates(match: re.Match, default_year: int | None) -> tuple[date, date] | None:
    d1, m1, y1, d2, m2, y2 = match.groups()
    end_year = int(y2) if y2 else default_year
    if end_year is None:
        return None
    start_month = _month(m1 or m2)
    start_year = int(y1) if y1 else end_year - (1 if start_month > _month(m2) else 0)
    try:
        return date(start_year, start_month, int(d1)), date(end_year, _month(m2), int(d2))
    except ValueError:
        return None


def period(flat: str, default_year: int | None) -> tuple[date, date] | None:
    """The first and last day of the visit or inspection."""
    for context in _PERIOD_CONTEXTS:
        for found in context.finditer(flat):
            tail = flat[found.end():found.end() + 80]
            ranged = _RANGE.match(tail)
            if ranged and (dates := _range_dates(ranged, default_year)):
                return dates
            single = _SINGLE.match(tail)
            if single:
                day = date(int(single.group(3)), _month(single.group(2)), int(single.group(1)))
                return day, day
    return None


def document_date(text: str) -> date | None:
    """The date printed at the head of the document (a letter's date, or "Report published")."""
    head = text[:600]
    published = re.search(rf"Report published:?\s+{_SINGLE.pattern}", head)
    found = published or re.search(rf"^\s*{_SINGLE.pattern}\s*$", head, re.M)
    if not found:
        return None
    day, month, year = found.groups()[-3:]
    return date(int(year), _month(month), int(day))


def document_type(flat: str) -> str:
    """The kind of publication, from the earliest marker in the document's opening."""
    head = flat[:2500]
    hits = [(m.start(), kind) for kind, pattern in _TITLE_MARKERS if (m := pattern.search(head))]
    return min(hits)[1] if hits else "other"


def _names(chunk: str) -> list[str]:
    chunk = _ROLES.sub(",", chunk)
    names = []
    for part in re.split(r",|;|\band\b|\bwith\b", chunk):
        words = [w for w in part.split() if w.lower() not in _NOT_NAME_WORDS]
        candidate = " ".join(words).strip(" .")
        if _NAME.match(candidate) and candidate not in names:
            names.append(candidate)
    return names


def inspectors(flat: str, kind: str) -> tuple[list[str], str | None]:
    """Every inspector the document names, and the lead inspector where it says who."""
    lead_match = _LEAD.search(flat)
    lead = _names(lead_match.group(1))[:1] if lead_match else []
    if kind == "area-send":
        team = _SEND_TEAM.search(flat)
        named = _names(re.sub(r"\b(?:Ofsted|CQC)\b", ",", team.group(1))) if team else []
        lead_in_team = re.search(rf"({_NAME_WORD}\s+{_NAME_WORD})[,\s]+(?:HMI,?\s+)?Ofsted(?:\s+HMI)?,?\s+lead inspector",
                                 team.group(1), re.I) if team else None
        return named, (lead_in_team.group(1) if lead_in_team else (named[0] if named else None))
    if lead:
        team = _TEAM.search(flat)
        deputy = re.search(r"Deputy lead inspector:?\s+([A-Z][^:]{3,40}?)(?=\s+Team|\s*,|$)", flat)
        named = lead + (_names(deputy.group(1)) if deputy else []) + (_names(team.group(1)) if team else [])
        return list(dict.fromkeys(named)), lead[0]
    sentence = _INSPECTOR_SENTENCE.search(flat)
    named = _names(sentence.group(1)) if sentence else []
    stated_lead = re.search(rf"lead inspector\s+({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})", flat)
    signed = _SIGNATURE.search(flat)
    lead_name = (stated_lead or signed).group(1) if (stated_lead or signed) else None
    return named, lead_name


def _grade(text: str) -> str:
    """The grade as printed, capitalised as a judgement ("require" read as "Requires")."""
    text = re.sub(r"^require\b", "requires", text, flags=re.I)
    return text[0].upper() + text[1:].lower()


def judgements(flat: str) -> dict[str, str]:
    """The judgement table: each judgement's name and its grade, as printed."""
    table = flat[:3000]
    start = table.find("Judgement Grade")
    if start >= 0:
        table = table[start + len("Judgement Grade"):]
    found = {}
    for row in _JUDGEMENT_ROW.finditer(table.split("Overall effectiveness")[0]):
        name = re.sub(r"^\d(?:\.\d)?\.?\s+", "", row.group(1)).strip()
        found.setdefault(name, _grade(row.group(2)))
    return found


def outcome(flat: str, kind: str) -> str | None:
    if kind == "area-send":
        section = flat[flat.find("Inspection outcome"):][:1500] if "Inspection outcome" in flat else flat[:3000]
        hits = [(section.find(p), p) for p in SEND_OUTCOMES if p in section]
        return min(hits)[1] if hits else None
    if kind != "ilacs":
        return None
    for pattern in _OVERALL:
        found = pattern.search(flat[:6000])
        if found:
            return _grade(found.group(1))
    return None


def areas(text: str) -> list[str]:
    """What the visit looked at: the "Areas covered" bullets, or the "Inspectors looked at" line."""
    heading = _AREAS_HEADINGS.search(text)
    if heading:
        following = text[heading.end():].split("\n")
        bullets = []
        for line in following:
            if line.startswith("• "):
                bullets.append(line[2:])
            elif bullets and line and not line[0].isupper():
                bullets[-1] += f" {line}"
            elif bullets:
                break
        if bullets:
            return bullets
    looked = re.search(r"Inspectors looked at ([^.]+)\.", _flat(text))
    return [looked.group(1)] if looked else []


def extract(text: str) -> dict:
    """All the facts a reader takes from one publication's cleaned text."""
    flat = _flat(text)
    kind = document_type(flat)
    dated = document_date(text)
    facts: dict = {"type": kind}
    span = period(flat, dated.year if dated else None)
    if span:
        facts["period_start"], facts["period_end"] = (d.isoformat() for d in span)
    if kind == "monitoring-visit" and (number := _VISIT_NUMBER.search(flat)):
        word = number.group(1).lower()
        facts["visit_number"] = ORDINALS.index(word) + 1 if word in ORDINALS else int(word[:-2])
    if inadequate := _JUDGED_INADEQUATE.search(flat):
        facts["judged_inadequate"] = f"{inadequate.group(2)}-{_month(inadequate.group(1)):02d}"
    if kind != "jtai":  # JTAI letters are signed by inspectorate heads, not the inspectors
        named, lead = inspectors(flat, kind)
        if named:
            facts["inspectors"] = named
        if lead:
            facts["lead_inspector"] = lead
    if kind == "ilacs" and (table := judgements(flat)):
        facts["judgements"] = table
    if result := outcome(flat, kind):
        facts["outcome"] = result
    if covered := areas(text):
        facts["areas"] = covered
    if dated:
        facts["document_date"] = dated.isoformat()
    return facts

"""What an alert says: a heading, the facts as labelled fields, and the summary."""

from __future__ import annotations

from datetime import date

from reader.facts import ORDINALS
from storage.models import Alert, Publication

TYPE_LABELS = {
    "monitoring-visit": "Monitoring visit letter",
    "focused-visit": "Focused visit letter",
    "ilacs": "Inspection report",
    "jtai": "Joint targeted area inspection letter",
    "area-send": "Area SEND inspection report",
    "other": "Ofsted publication",
}


def heading(publication: Publication, alert: Alert) -> str:
    label = TYPE_LABELS.get(publication.type, TYPE_LABELS["other"])
    prefix = "Updated: " if alert.kind == "changed" else ""
    return f"{prefix}{label}: {publication.authority}"


def _day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def _period(facts: dict) -> str | None:
    start, end = facts.get("period_start"), facts.get("period_end")
    if not start:
        return None
    return _day(start) if start == end or not end else f"{_day(start)} to {_day(end)}"


def _which_visit(facts: dict) -> str | None:
    number = facts.get("visit_number")
    if not number:
        return None
    word = ORDINALS[number - 1] if number <= len(ORDINALS) else f"{number}th"
    since = facts.get("judged_inadequate")
    if since:
        judged = date.fromisoformat(f"{since}-01")
        return f"{word.capitalize()} monitoring visit since judged inadequate in {judged:%B %Y}"
    return f"{word.capitalize()} monitoring visit"


def _inspectors(facts: dict) -> str | None:
    names = facts.get("inspectors") or ([facts["lead_inspector"]] if facts.get("lead_inspector") else [])
    if not names:
        return None
    lead = facts.get("lead_inspector")
    return ", ".join(names) + (f" (lead: {lead})" if lead and len(names) > 1 else "")


def _judgement(facts: dict) -> str | None:
    if facts.get("outcome"):
        return facts["outcome"]
    judgements = facts.get("judgements")
    if judgements:  # reports from mid-2026 give four judgements and no overall grade
        return "; ".join(f"{name}: {grade}" for name, grade in judgements.items())
    return None


def fields(publication: Publication) -> list[tuple[str, str]]:
    """The facts leadership acts on, as (label, value), leaving out what is not known."""
    facts = publication.facts or {}
    published = publication.published.isoformat() if publication.published else "date not given"
    candidates = [
        ("Published", published),
        ("Visit dates" if publication.type not in ("ilacs", "area-send") else "Inspection dates",
         _period(facts)),
        ("Which visit", _which_visit(facts)),
        ("Inspectors", _inspectors(facts)),
        ("Judgement", _judgement(facts)),
    ]
    return [(label, value) for label, value in candidates if value]


def unread_reason(publication: Publication) -> str | None:
    """Why there is no summary, when there is none."""
    if publication.summary:
        return None
    return publication.read_error or "the document could not be read"


def plain_text(alert: Alert, publication: Publication) -> str:
    lines = [heading(publication, alert), publication.title]
    lines += [f"{label}: {value}" for label, value in fields(publication)]
    summary = publication.summary or {}
    if summary.get("headline"):
        lines.append(f"Headline: {summary['headline']}")
    for title, key, mark in (("Strengths", "strengths", "+"), ("Concerns", "concerns", "-")):
        if summary.get(key):
            lines.append(f"{title}:")
            lines += [f"  {mark} {point}" for point in summary[key]]
    if summary.get("overview"):
        lines.append(f"Overview: {summary['overview']}")
    if reason := unread_reason(publication):
        lines.append(f"Summary unavailable: {reason}")
    lines += [f"Document: {publication.url}", f"Listed on: {publication.page_url}"]
    return "\n".join(lines)

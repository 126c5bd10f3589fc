"""What a Slack alert says, in words: its heading and phone line, the facts as fields,
what an update changed, the plain-text fallback, and how the region or the home authority
stands beside it.

Everything here is worded from the facts the reader found and the store's earlier
publications; nothing is inferred. A publication's own words (its verdict, judgements,
dates) are wording.py's, as every reader sees them.
"""

from __future__ import annotations

import re
from datetime import date

from config import Origin
from storage.models import Alert, Publication
from storage.sector import Picture
from vocabulary import PEER, AlertKind, PublicationType, counted
from wording import (
    day,
    headline_rest,
    judgement_month,
    judgements,
    month,
    safe_url,
    span,
    verdict,
    which_visit,
)

_FIELD_NAMES = {"published": "published date", "title": "title", "url": "document link"}


def change_note(alert: Alert) -> str:
    """What an "Updated" publication changed: "published date 20 → 21 November 2026"."""
    parts = []
    for change in alert.changes or []:
        name = _FIELD_NAMES.get(change["field"], change["field"])
        old, new = change.get("old"), change.get("new")
        if change["field"] == "summary" and new == "read again":
            parts.append("the document was read again; summary updated")
        elif change["field"] == "summary":
            parts.append("the summary is now available")
        elif change["field"] == "document":
            parts.append("the document was replaced; summary read again")
        elif change["field"] == "replaced":
            quoted = "; ".join(f"“{sentence}”" for sentence in change.get("amended") or [])
            parts.append(
                "Ofsted replaced the document with a corrected copy at a new link"
                + (f"; it now reads: {quoted}" if quoted else "")
            )
        elif change["field"] == "published" and old and new:
            parts.append(f"{name} {_date_change(old, new)}")
        else:
            parts.append(f"{name} {old or 'none'} → {new or 'none'}")
    return "; ".join(parts) or "the listing changed"


def _date_change(old: str, new: str) -> str:
    before, after = date.fromisoformat(old), date.fromisoformat(new)
    if (before.year, before.month) == (after.year, after.month):
        return f"{before.day} → {day(after)}"
    return f"{day(before)} → {day(after)}"


def heading(publication: Publication, alert: Alert, *, peer: bool = False) -> str:
    """ "Monitoring visit letter: Croydon"; a peer's (another authority watched beside the
    home ones) says so first: "Peer: Monitoring visit letter: Sutton"."""
    prefix = {AlertKind.CHANGED: "Updated: ", AlertKind.RESENT: "Sent again: "}.get(AlertKind(alert.kind), "")
    if alert.on_request:  # history posted for the record: never to read as news
        when = month(publication.published) if publication.published else "an unknown date"
        prefix = f"From {when}, posted on request: "
    whose = f"{PEER}: " if peer else ""
    return f"{prefix}{whose}{PublicationType.of(publication.type).label}: {publication.authority}"


def standing(home: Publication) -> str | None:
    """A home authority's own standing, said beside a peer's alert: its latest full
    inspection's line, "Croydon's own standing: Judged Good overall (January 2025)"."""
    line = verdict(home)
    return f"{home.authority}'s own standing: {line} ({judgement_month(home)})" if line else None


def on_request(items: list[tuple[Alert, Publication]]) -> str:
    """How a burst posted on request names itself: "10 earlier publications, 2016-2023,
    posted on request"."""
    years = sorted(p.published.year for _, p in items if p.published)
    span = "" if not years else f", {years[0]}" if years[0] == years[-1] else f", {years[0]}-{years[-1]}"
    return f"{counted(len(items), 'earlier publication', 'earlier publications')}{span}, posted on request"


def _inspectors(facts: dict) -> str | None:
    names = facts.get("inspectors") or ([facts["lead_inspector"]] if facts.get("lead_inspector") else [])
    if not names:
        return None
    lead = facts.get("lead_inspector")
    return ", ".join(names) + (f" (lead: {lead})" if lead and len(names) > 1 else "")


def fields(publication: Publication) -> list[tuple[str, str]]:
    """The facts leadership acts on, as (label, value), leaving out what is not known."""
    facts = publication.facts or {}
    kind = PublicationType.of(publication.type)
    dates = span(facts["period_start"], facts.get("period_end")) if facts.get("period_start") else None
    candidates = [
        ("Published", day(publication.published) if publication.published else "date not given"),
        ("Visit dates" if kind.is_letter else "Inspection dates", dates),
        ("Visit", which_visit(publication)),
        ("Inspectors", _inspectors(facts)),
        ("Looked at", "; ".join(map(few_words, facts.get("areas") or [])) if kind.is_letter else None),
    ]
    return [(label, value) for label, value in candidates if value]


# Where an area as a letter lists it goes on past its name: "The quality of practice,
# including ...", "...; and ...".
_AREA_DETAIL = re.compile(r",| including\b|;|:| [-–] |\. ")
_FEW_WORDS = 3


def few_words(area: str) -> str:
    """An area a letter lists, in a few words: its name, without the detail after it."""
    area = " ".join(area.split()).rstrip(".")
    if (cut := _AREA_DETAIL.search(area)) and len(area[: cut.start()].split()) >= _FEW_WORDS:
        area = area[: cut.start()]
    return area[:1].upper() + area[1:]


def unread_reason(publication: Publication) -> str | None:
    """Why there is no summary, when there is none."""
    if publication.summary:
        return None
    return publication.read_error or "the document could not be read"


def notification(publication: Publication, alert: Alert, *, peer: bool = False) -> str:
    """The one line a phone shows: the heading and the verdict (the grade, for
    inspections); with no verdict, the title, unless it only names the type again."""
    said = heading(publication, alert, peer=peer)
    line = verdict(publication) or (publication.title if _says_more(publication) else None)
    return f"{said}: {line}" if line else said


def _says_more(publication: Publication) -> bool:
    """Whether a title says more than its type's label: "Joint targeted area inspection"
    or "Children's services focused visit" under "... letter" does not."""
    title = " ".join(publication.title.replace("’", "'").casefold().split())
    return (
        title.removeprefix("children's services ")
        not in PublicationType.of(publication.type).label.casefold()
    )


def shown_url(url: str | None, origins: frozenset[Origin]) -> str:
    """A URL as plain text shows it: itself when it may be linked, else a word on why not."""
    return safe_url(url, origins) or "not linked: not on a configured site"


# The summary's lists as an alert gives them, the strongest first: what a letter says
# must be put right at once, then strengths and concerns.
PRIORITY_ACTIONS = "Areas for priority action"
SUMMARY_POINTS = (
    (PRIORITY_ACTIONS, "priority_actions", "!"),
    ("Strengths", "strengths", "+"),
    ("Concerns", "concerns", "-"),
)


def plain_text(
    alert: Alert,
    publication: Publication,
    origins: frozenset[Origin],
    journey: str | None = None,
    since: tuple[str, list[str]] | None = None,
    *,
    peer: bool = False,
) -> str:
    """The whole alert as plain text; `journey` and `since`, as alerts.journey words them."""
    lines = [heading(publication, alert, peer=peer)]
    if line := verdict(publication):
        lines.append(line)
    if journey:
        lines.append(journey)
    if since:
        lines.append(f"{since[0]}:")
        lines += [f"  {said}" for said in since[1]]
    lines.append(publication.title)
    lines += [f"{label}: {value}" for label, value in fields(publication)]
    rows = judgements(publication.facts or {})
    if rows and PublicationType.of(publication.type) is PublicationType.ILACS:
        lines.append("Judgements:")
        lines += [f"  {'>' if r.weakest else ' '} {r.name}: {r.grade}" for r in rows]
    summary = publication.summary or {}
    if rest := headline_rest(publication):
        lines.append(f"Headline: {rest}")
    for title, key, mark in SUMMARY_POINTS:
        if summary.get(key):
            lines.append(f"{title}:")
            lines += [f"  {mark} {point}" for point in summary[key]]
    if summary.get("overview"):
        lines.append(f"Overview: {summary['overview']}")
    if reason := unread_reason(publication):
        lines.append(f"Summary unavailable: {reason}")
    lines += [
        f"Document: {shown_url(publication.url, origins)}",
        f"Listed on: {shown_url(publication.page_url, origins)}",
    ]
    return "\n".join(lines)


def comparison(picture: Picture, publication: Publication) -> str:
    """How the region stands beside this judgement: "Judged Good; 21 of 33 London
    authorities are Good or Outstanding at their latest inspection (as of 2 December 2026)"."""
    outcome = (publication.facts or {}).get("outcome")
    judged = f"Judged {outcome}; " if outcome else ""
    return (
        f"{judged}{picture.good_or_better} of {picture.inspected} {picture.region} authorities are "
        f"Good or Outstanding at their latest inspection (as of {day(picture.as_of)})"
    )

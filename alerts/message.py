"""What an alert says, in words: a verdict line, the facts, the judgements, the history.

Everything here is worded from the facts the reader found and the store's earlier
publications; nothing is inferred. Dates have one style: "14 March 2019",
"19-20 February 2019", "30 November - 1 December 2021".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from config import Origin, normalised, origin
from storage.models import Alert, Publication
from storage.sector import Picture
from vocabulary import PEER, AlertKind, PublicationType, counted, ordinal

# Grades from worst to best; "Adequate" is 2013's grade between the two.
_RANK = {
    "inadequate": 0,
    "requires improvement": 1,
    "requires improvement to be good": 1,
    "adequate": 1,
    "good": 2,
    "outstanding": 3,
}
# Long judgement names as reports print them, shortened for a message.
_SHORT_NAMES = (
    (re.compile(r"^The impact of leaders.*", re.I), "Impact of leaders"),
    (re.compile(r".*\bhelp and protection$", re.I), "Help and protection"),
    (re.compile(r".*\bchildren in care and care leavers$", re.I), "Children in care and care leavers"),
    (re.compile(r".*\b(?:children )?care leavers$", re.I), "Care leavers"),
    (re.compile(r".*\bchildren in care$", re.I), "Children in care"),
    (re.compile(r"^Children looked after.*", re.I), "Children looked after"),
    (re.compile(r"^Leadership, management.*", re.I), "Leadership, management and governance"),
)
_FIELD_NAMES = {"published": "published date", "title": "title", "url": "document link"}


@dataclass(frozen=True)
class Judgement:
    name: str
    grade: str
    weakest: bool  # the lowest grade in the table, below the best one


def day(value: date | str) -> str:
    """14 March 2019."""
    when = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{when.day} {when:%B %Y}"


def month(value: date | str) -> str:
    when = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{when:%B %Y}"


def span(start: date | str, end: date | str | None) -> str:
    """19-20 February 2019, 30 November - 1 December 2021, 5 December 2022 - 15 February 2023."""
    first = date.fromisoformat(start) if isinstance(start, str) else start
    last = date.fromisoformat(end) if isinstance(end, str) else (end or first)
    if first == last:
        return day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{day(last)}"
    if first.year == last.year:
        return f"{first.day} {first:%B} - {day(last)}"
    return f"{day(first)} - {day(last)}"


def rank(grade: str | None) -> int | None:
    return _RANK.get((grade or "").lower())


def short_name(judgement: str) -> str:
    return next((short for pattern, short in _SHORT_NAMES if pattern.match(judgement)), judgement)


OVERALL = "Overall effectiveness"


def judgements(facts: dict) -> list[Judgement]:
    """The judgement table, overall first where the report gives one, weakest marked."""
    rows = [(short_name(name), grade) for name, grade in (facts.get("judgements") or {}).items()]
    if facts.get("outcome") and facts.get("type") == PublicationType.ILACS:
        rows.insert(0, (OVERALL, facts["outcome"]))
    ranks = [r for _, g in rows if (r := rank(g)) is not None]
    worst = min(ranks) if ranks and min(ranks) < max(ranks) else None
    return [Judgement(name, grade, rank(grade) == worst) for name, grade in rows]


def verdict(publication: Publication) -> str | None:
    """One line, the verdict first: what a full inspection judged, or a letter's own
    finding (for a monitoring visit, after which visit it was)."""
    facts = publication.facts or {}
    kind = PublicationType.of(publication.type)
    finding = letter_finding(publication)
    if kind is PublicationType.ILACS:
        return _full_inspection_verdict(facts)
    if kind is PublicationType.MONITORING_VISIT:
        number = facts.get("visit_number")
        if finding:
            return f"{ordinal(number).capitalize()} monitoring visit: {finding}" if number else finding
        return _which_visit(facts)
    if kind.is_letter:
        return finding  # the finding, never the topic: "Looked at" gives that
    if kind is PublicationType.AREA_SEND and facts.get("outcome"):
        return f"The local area partnership's arrangements lead to {facts['outcome']}"
    return None


# A headline's first sentence, for a summary stored before its verdict was kept apart.
_FIRST_SENTENCE = re.compile(r".+?[.!?](?=\s+[A-Z‘“]|$)")


def letter_finding(publication: Publication) -> str | None:
    """A letter's own finding, as its summary leads with it."""
    summary = publication.summary or {}
    if not PublicationType.of(publication.type).is_letter or not summary.get("headline"):
        return None
    if summary.get("verdict"):
        return summary["verdict"]
    first = _FIRST_SENTENCE.match(summary["headline"])
    return first.group(0) if first else summary["headline"]


def headline_rest(publication: Publication) -> str:
    """The summary's headline less the finding the verdict line already gives."""
    headline = (publication.summary or {}).get("headline") or ""
    finding = letter_finding(publication)
    return headline.removeprefix(finding).strip() if finding else headline


def _since(line: str, facts: dict) -> str:
    since = facts.get("judged_inadequate")
    return f"{line} since the inadequate judgement of {month(f'{since}-01')}" if since else line


def _full_inspection_verdict(facts: dict) -> str | None:
    rows = judgements(facts)
    if not rows:
        return None
    overall = facts.get("outcome")
    below = [r for r in rows if r.name != OVERALL and overall and (rank(r.grade) or 0) < (rank(overall) or 0)]
    if overall:
        line = f"Judged {overall} overall"
        return line + "".join(f"; {r.name.lower()} {r.grade}" for r in below)
    # No overall grade is made up: the judgements, each in its words.
    return "No overall grade: " + "; ".join(f"{r.name.lower()} {r.grade}" for r in rows)


def judgement_month(report: Publication, named: str | None = None) -> str:
    """The month a judgement goes by, one rule everywhere: the month the letter itself
    names for it ("judged inadequate in May 2026"), else the month its report was
    published, as people know it; a report with no date, the month of its inspection."""
    if named:
        return month(f"{named}-01")
    if report.published:
        return month(report.published)
    start = (report.facts or {}).get("period_start")
    return month(start) if start else "date not given"


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


def which_visit(publication: Publication) -> str | None:
    """Which monitoring visit a letter was, unless its verdict line says just that already
    (a letter whose finding is not known): never the same line twice."""
    if PublicationType.of(publication.type) is not PublicationType.MONITORING_VISIT:
        return None
    line = _which_visit(publication.facts or {})
    return line if line != verdict(publication) else None


def _which_visit(facts: dict) -> str | None:
    """ "Fifth monitoring visit since the inadequate judgement of September 2017"."""
    number = facts.get("visit_number")
    if not (number or facts.get("judged_inadequate")):
        return None
    return _since(f"{ordinal(number).capitalize()} monitoring visit" if number else "Monitoring visit", facts)


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


def safe_url(url: str | None, origins: frozenset[Origin]) -> str | None:
    """The URL when it may be linked: http(s) on a configured origin (the Ofsted sites, the
    news sources: scheme, host and port, as requests are checked), in the form a browser
    reads it (config.normalised), never any other address a page put there, never with
    markup in it."""
    if not url or any(c in url for c in "<>| \n\"'"):
        return None
    safe = normalised(url)
    return safe if safe is not None and origin(safe) in origins else None


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

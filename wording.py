"""A publication's facts in words, as every reader sees them: Slack alerts, the terminal
and the pages. A verdict line, the judgements, the dates, which visit a letter was, which
links may be followed, and what the outbox holds.

Everything here is worded from the facts the reader found; nothing is inferred. Dates
have one style: "14 March 2019", "19-20 February 2019", "30 November - 1 December 2021".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from config import Origin, normalised, origin
from storage.models import Publication
from vocabulary import PublicationType, counted, ordinal

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


def safe_url(url: str | None, origins: frozenset[Origin]) -> str | None:
    """The URL when it may be linked: http(s) on a configured origin (the Ofsted sites, the
    news sources: scheme, host and port, as requests are checked), in the form a browser
    reads it (config.normalised), never any other address a page put there, never with
    markup in it."""
    if not url or any(c in url for c in "<>| \n\"'"):
        return None
    safe = normalised(url)
    return safe if safe is not None and origin(safe) in origins else None


def waiting(counts: dict[str, int]) -> str:
    """What the outbox holds, as status says it: "1 alert queued, 1 sector item held for
    the digest" (what is held is said only when there is some)."""
    said = f"{counted(counts['queued'], 'alert', 'alerts')} queued"
    if counts["held"]:
        said += f", {counted(counts['held'], 'sector item', 'sector items')} held for the digest"
    return said

"""Where an authority is on its way back, from the stored documents alone: the judgement a
publication's series runs from, the visits since it and what each looked at, and what the
new letter says of the concerns of the one before it.

A series runs from the judgement the letter itself names ("judged inadequate in May
2026"), else from the authority's last stored full inspection: a visit of an earlier
intervention is never counted in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from alerts.message import few_words
from reader.recurring import Compared, Letter, compare
from storage.models import Publication
from storage.outbox import Outbox
from vocabulary import PublicationType, ordinal
from wording import judgement_month, month

# The visits a journey counts, and the letters compared with the document before them.
VISITS = (PublicationType.MONITORING_VISIT, PublicationType.FOCUSED_VISIT)
# Most visits a line names, the latest; areas of one visit it names; words of each.
MOST_VISITS = 6
MOST_AREAS = 2
AREA_WORDS = 8
# Quotes a comparison gives of each kind, and the longest quote.
MOST_QUOTES = 3
QUOTE = 200
# A letter names its judgement's month: the report of it was published this near it.
_NAMED_NEAR = 3


@dataclass(frozen=True)
class Journey:
    publication: Publication
    judgement: Publication | None  # the stored report of the judgement the series runs from
    visits: list[Publication]  # the series' visits before this publication, oldest first
    start: date | None = None  # when the series began, when the store can tell

    @property
    def previous(self) -> Publication | None:
        """The document the new letter follows: the series' last visit, else the report
        of its judgement."""
        return self.visits[-1] if self.visits else self.judgement


def _dated(publication: Publication) -> date | None:
    """When a visit or inspection took place: its first day, else its publication."""
    start = (publication.facts or {}).get("period_start")
    return date.fromisoformat(start) if start else publication.published


def _ended(report: Publication) -> date | None:
    end = (report.facts or {}).get("period_end")
    return date.fromisoformat(end) if end else _dated(report)


def _outcome(report: Publication) -> str:
    return str((report.facts or {}).get("outcome") or "")


def _table(report: Publication) -> dict:
    return (report.facts or {}).get("judgements") or {}


def _months_apart(one: date, other: date) -> int:
    return abs((one.year - other.year) * 12 + one.month - other.month)


def of(publication: Publication, earlier: list[Publication]) -> Journey:
    """The publication's series. `earlier`: the authority's publications before it, newest
    first (storage.outbox.Outbox.earlier)."""
    kind = PublicationType.of(publication.type)
    # A report judges with an overall grade, or with its judgements alone (as since 2026).
    reports = [p for p in earlier if p.type == PublicationType.ILACS and (_outcome(p) or _table(p))]
    monitoring = kind is PublicationType.MONITORING_VISIT
    named = (publication.facts or {}).get("judged_inadequate") if monitoring else None
    judgement = reports[0] if reports else None
    start = _ended(judgement) if judgement else None
    if named:
        start = date.fromisoformat(f"{named}-01")
        judgement = next(
            (
                p
                for p in reports
                if _outcome(p).lower() == "inadequate"
                and p.published
                and _months_apart(p.published, start) <= _NAMED_NEAR
            ),
            None,
        )
    elif monitoring and judgement and _outcome(judgement).lower() != "inadequate":
        judgement, start = None, None  # a monitoring visit follows an inadequate judgement only
    if start is None:
        return Journey(publication, judgement, [])
    counted = (PublicationType.MONITORING_VISIT,) if monitoring else VISITS
    visits = [p for p in earlier if p.type in counted and (when := _dated(p)) is not None and when >= start]
    return Journey(publication, judgement, list(reversed(visits)), start)


def stored(outbox: Outbox, publication: Publication) -> tuple[list[Publication], dict[str, str]]:
    """What the store holds for a publication's journey: the authority's publications
    before it, newest first, and the texts of it and of the document it follows."""
    earlier = outbox.earlier(publication)
    previous = of(publication, earlier).previous
    return earlier, outbox.texts([publication.id, *([previous.id] if previous else [])])


def _kind(visit: Publication) -> str:
    """ "focused visit", as a line names a letter."""
    return PublicationType.of(visit.type).label.removesuffix(" letter").lower()


def _looked_at(visit: Publication) -> str | None:
    """What a visit looked at, in a few words each: its first areas as its letter lists them."""
    areas = (visit.facts or {}).get("areas") or []
    said = []
    for area in areas[:MOST_AREAS]:
        words = few_words(area).split()
        short = " ".join(words[:AREA_WORDS]) + ("…" if len(words) > AREA_WORDS else "")
        # "The front door" reads as "the front door" mid-line; "LADO" stays as it is.
        said.append(short[:1].lower() + short[1:] if short[1:2].islower() else short)
    more = len(areas) - MOST_AREAS
    return " and ".join(said) + (f" and {more} more" if more > 0 else "") if said else None


def _visit(visit: Publication, *, named_kind: bool) -> str:
    """ "the front door (Feb 2018)"; a visit whose areas are unknown, its date alone."""
    when = _dated(visit)
    dated = f"{when:%b %Y}" if when else "undated"
    kind = _kind(visit)
    areas = _looked_at(visit)
    if named_kind:
        return f"{kind} on {areas} ({dated})" if areas else f"{kind} ({dated})"
    return f"{areas} ({dated})" if areas else dated


def _visits(visits: list[Publication], *, named_kind: bool) -> str:
    shown = [_visit(v, named_kind=named_kind) for v in visits[-MOST_VISITS:]]
    left = len(visits) - len(shown)
    return (f"{left} earlier, then " if left > 0 else "") + ", ".join(shown)


def line(journey: Journey) -> str | None:
    """One line: "Fifth monitoring visit since the inadequate judgement of September 2017;
    earlier visits looked at: the front door (Feb 2018), Jun 2018", or for a focused visit
    or inspection, the last judgement and the visits since it."""
    publication, judgement = journey.publication, journey.judgement
    facts = publication.facts or {}
    kind = PublicationType.of(publication.type)
    if kind is PublicationType.MONITORING_VISIT:
        number = facts.get("visit_number")
        named = facts.get("judged_inadequate")
        which = f"{ordinal(number).capitalize()} monitoring visit" if number else "Monitoring visit"
        if judgement or named:
            judged = judgement_month(judgement, named) if judgement else month(f"{named}-01")
            which += f" since the inadequate judgement of {judged}"
        elif not number:
            return None
        if journey.visits:
            which += f"; earlier visits looked at: {_visits(journey.visits, named_kind=False)}"
        return which
    if judgement is None or kind is PublicationType.AREA_SEND:  # judged on another framework
        return None
    label = "Previously judged" if kind is PublicationType.ILACS else "Last judged"
    grade = _outcome(judgement) or "with no overall grade"
    said = f"{label} {grade} ({judgement_month(judgement)})"
    if journey.visits:
        return f"{said}; visits since: {_visits(journey.visits, named_kind=True)}"
    return f"{said}; no visit since"


def under(verdict: str | None, way: str | None) -> str | None:
    """The journey line as it goes under `verdict`: a letter with no finding read has
    "Fifth monitoring visit since ..." as its verdict already, so only what follows is
    said again ("Earlier visits looked at: ..."), or nothing."""
    if not way or not verdict or not way.startswith(verdict.rstrip(".")):
        return way
    rest = way[len(verdict.rstrip(".")) :].lstrip("; ")
    return rest[0].upper() + rest[1:] if rest else None


def _quote(sentence: str) -> str:
    said = " ".join(sentence.split())
    return f"“{said if len(said) <= QUOTE else said[: QUOTE - 1].rstrip() + '…'}”"


def _concerns(publication: Publication) -> list[str]:
    summary = publication.summary or {}
    return [*(summary.get("priority_actions") or []), *(summary.get("concerns") or [])]


def since_last(journey: Journey, texts: Mapping[str, str]) -> tuple[str, list[str]] | None:
    """What a monitoring or focused visit letter says of the concerns of the document
    before it in its series, as (heading, lines): raised again, not raised, new; each
    quoted from the documents. `texts`: the documents' texts by publication id."""
    publication, previous = journey.publication, journey.previous
    if PublicationType.of(publication.type) not in VISITS:
        return None
    if previous is None:
        # With no judgement known to run from, the store cannot tell where the series began.
        told = "No earlier letter in this series" if journey.start else "Not compared: no judgement is stored"
        return "Since the last letter", [told]
    if previous.type == PublicationType.ILACS:  # a judgement goes by its month everywhere
        heading = f"Since the inspection report of {judgement_month(previous)}"
    else:
        when = _dated(previous)
        heading = f"Since the {_kind(previous)} of {month(when) if when else 'an unknown date'}"
    new_text, old_text = texts.get(publication.id), texts.get(previous.id)
    if not (new_text and old_text and publication.summary and previous.summary):
        return heading, ["Not compared: one of the two documents could not be read"]
    before, after = _concerns(previous), _concerns(publication)
    if not (before or after):
        return heading, ["Neither document's summary gives a concern to compare"]
    return heading, _compared_lines(compare(Letter(before, old_text), Letter(after, new_text)))


def _compared_lines(found: Compared) -> list[str]:
    lines = [f"Raised again: {_quote(now)} (then: {_quote(then)})" for then, now in found.again[:MOST_QUOTES]]
    lines += [f"Not raised in this letter: {_quote(then)}" for then in found.dropped[:MOST_QUOTES]]
    lines += [f"New: {_quote(now)}" for now in found.new[:MOST_QUOTES]]
    left = sum(max(0, len(said) - MOST_QUOTES) for said in (found.again, found.dropped, found.new))
    if left:
        lines.append(f"And {left} more")
    return lines or ["No concern raised again, not raised or new that the two documents' words show"]

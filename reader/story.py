"""A news story read as a reader follows it: which authorities each sentence is about,
which sentences report an Ofsted finding on them, and of what kind of publication.

The title, headings and sentences are read in order. One that names authorities is
about them; one that names none is about the authorities last named (the title's, a
heading's, a sentence's): "the council", "the local area partnership", "it",
"inspectors found". Under a heading or title naming one authority, a sentence naming
others beside it stays on it, and so does one that names others but speaks of "the
council". A page on a council's own site is about that council from the start, as a
title naming it would be.

A sentence reports a finding when it gives a judgement or says what inspectors found
(reader/findings.py), with an inspection named in it, the sentence before, or a story
whose title or lead names one or gives a finding; and not when it speaks of another
setting or inspectorate, of an inspection still to come or a verdict awaited, or of an
old judgement as background. What is old is judged against the story's own date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from config import Authority
from reader import findings as words
from reader.names import Mention, index
from vocabulary import PublicationType

# The most text read: far more than any story's (a few thousand characters); a longer
# one is no story, and is not read.
MAX_CHARS = 100_000
# The longest passage kept to show why a story is here.
MAX_PASSAGE = 400

# A name said in passing, or in a list after such words: "helped by its improvement
# partner, Luton", "councils such as Luton and Bolton".
_IN_PASSING = re.compile(
    r"\b(?:partners?|partnered with|partnership with|aided by|supported by|helped by|with the help of|"
    r"alongside|such as|compared (?:with|to)|neighbouring|like|unlike)\s+(?:the\s+)?(?:London Borough of\s+)?"
    r"(?-i:[A-Z][\w’'&-]*(?:\s+[A-Z&][\w’'-]*)*\s*(?:,|\band\b|\bor\b)\s*)*$",
    re.I,
)
# A sentence's end: a stop (and a closing quote), then a capital, a quote or a digit.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][’'\"”)]))\s+(?=[A-Z‘'\"“(\d])")
# A link to another story, left in a page's text: "Read more: ...", "Related: ...".
_ELSEWHERE = re.compile(
    r"^\W*(?:read more|read next|also read|related(?: stories| articles| news| content)?|see also|"
    r"more on this(?: story)?|you may also like|most read|recommended)\s*[:|–—-]",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-–•·*▪●]|\d+[.)])\s+")
# Where a sentence's clauses part (", when ..." goes on with the clause before).
_CLAUSE = re.compile(r"[;:()]|,(?!\s*(?:when|where|which|whose)\b)|\s[–—-]\s")
# A judgement told in a clause of its own, as background to what the sentence says:
# ", rated inadequate by Ofsted in 2017,", ", whose children's services were judged
# inadequate,", ", which was rated good", ", which Ofsted rated good in March". Unless it
# is told as recent. (", which rated them good" tells what a report did: not background.)
_BACKGROUND = re.compile(
    r",\s*(?:(?:which|who|whose\b[^,.;]{0,50}?)\s+(?:was|were|is|are|had been|has been|have been)\s+"
    r"(?:\w+\s+)?(?:rated|judged|graded|deemed|branded)\b[^,.;]*(?:,|$)|"
    r"(?:which|whom)\s+(?:ofsted|inspectors|the inspectorate|the watchdog|the regulator|it)\s+"
    r"(?:had\s+|has\s+)?(?:rated|judged|graded|deemed|branded)\b[^,.;]*(?:,|$)|"
    r"(?:previously\s+|once\s+|last\s+)?(?:rated|judged|graded|deemed|branded)\b[^,.;]*,)",
    re.I,
)
# "The council", "the authority": the one in view, whatever else the sentence names.
_THE_COUNCIL = re.compile(r"\bthe (?:council|local authority|authority)\b(?![’']?s\b)", re.I)
# A judgement on children's services: Ofsted's, whether or not the story says so.
_CHILDRENS_SERVICES = re.compile(r"\bchildren[’']s (?:services|social care)\b")
# A date is old news when it is more than this many days before the story's own.
OLD_DAYS = 183
_HEADING_WORDS = 14
_INSPECTION_WINDOW = 1


@dataclass
class Unit:
    """The title, a heading or a sentence, with the authorities it names (indexes into
    the list asked about)."""

    text: str
    heading: bool
    names: tuple[int, ...]
    passing: bool = False  # it names authorities only in passing
    lower: str = ""  # the text in lower case, as reader/findings.py's patterns search it

    def __post_init__(self) -> None:
        self.lower = self.text.lower()


@dataclass
class Said:
    """What a story says of one authority, as it is read."""

    first: int  # the unit that first named it (or 0, the title, for the site's council)
    about: list[int] = field(default_factory=list)  # every unit about it
    found: list[int] = field(default_factory=list)  # those that report a finding
    named: list[int] = field(default_factory=list)  # for each finding, the unit that named it

    def forget(self, unit: int) -> None:
        """A finding at the unit was told as the past, after all."""
        kept = [(f, n) for f, n in zip(self.found, self.named, strict=True) if f != unit]
        self.found, self.named = [f for f, _ in kept], [n for _, n in kept]


def units(title: str, text: str, authorities: Sequence[Authority], site: int | None = None) -> list[Unit]:
    """The title, then each heading and sentence of the text (not a link to another
    story), with the authorities each names (a name said in passing left out). A form
    that also names something else ("Richmond") is the council's only in a story that
    shows it is meant somewhere: by another of its names, council words beside it, or
    the council's own site."""
    names = index(authorities)
    read: list[tuple[str, bool, list[Mention], bool]] = []
    for at, line in enumerate([title, *_lines(text[:MAX_CHARS])]):
        line = _BULLET.sub("", " ".join(line.split()))
        if (not line or _ELSEWHERE.match(line)) and at:
            continue
        heading = at == 0 or _is_heading(line)
        for part in [line] if heading else _SENTENCE_END.split(line):
            mentions = names.mentions(part)
            named = [m for m in mentions if not _IN_PASSING.search(part[max(0, m.start - 60) : m.start])]
            read.append((part, heading, named, bool(mentions) and not named))
    sure = {m.authority for _, _, named, _ in read for m in named if m.sure} | {site}
    return [
        Unit(part, heading, tuple(dict.fromkeys(m.authority for m in named if m.authority in sure)), passing)
        for part, heading, named, passing in read
    ]


def _lines(text: str) -> list[str]:
    """The text's lines, a line broken mid-sentence (as copies of PDFs are) joined to
    the next: one that starts in lower case goes on the line before."""
    lines: list[str] = []
    for line in text.split("\n"):
        if lines and line[:1].islower() and lines[-1].strip():
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def _is_heading(line: str) -> bool:
    """A line that heads what follows: short, with no stop at its end, or in capitals."""
    if line.isupper() and len(line) > 3:
        return True
    return len(line.split()) <= _HEADING_WORDS and line[-1] not in ".!?:;,’'\"”)"


class Story:
    """One story, read for every authority at once."""

    def __init__(self, read: list[Unit], site: int | None, published: date | None):
        self.units = read
        self.site = site
        # The story's own date; without one, the latest year it names: a judgement dated
        # well before it is background.
        self.published = published
        years = [int(y) for u in read for y in words.YEAR.findall(u.lower)]
        self.year = published.year if published else max(years, default=None)
        # A story whose title or lead is about an inspection to come, before it gives
        # any finding, tells what was found before as history: only what it tells as
        # recent is news.
        self.preview = False
        for unit in read[:3]:
            if words.TO_COME.search(unit.lower):
                if words.INSPECTION.search(unit.lower):
                    self.preview = True
                    break
            elif self._finding(unit.lower):
                break

    def read(self) -> dict[int, Said]:
        """Each authority the story names (or is the site of), with what it says of it."""
        said: dict[int, Said] = {}
        title = self.units[0]
        section = title.names or (() if self.site is None else (self.site,))
        focus, named_at = section, 0
        for authority in focus:
            said.setdefault(authority, Said(0))
        setting: bool | None = None  # another setting than the children's services in view
        body: bool | None = None  # another inspectorate in view
        # The inspection a finding is about is named in it, in the sentence before, or
        # anywhere in a story whose title or lead (its first line) names one or gives a
        # judgement.
        lead = any(words.INSPECTION.search(u.lower) for u in self.units[:2]) or (
            any(words.INSPECTION.search(u.lower) for u in self.units)
            and any(words.JUDGEMENT.search(u.lower) for u in self.units[:2])
        )
        inspected = -10  # the last unit naming an inspection
        unclaimed: int | None = None  # a finding just before, about no authority in view
        credited: tuple[int, ...] = ()  # the authorities the sentence before found on
        for at, unit in enumerate(self.units):
            text = unit.lower
            if credited and words.SINCE_THEN.search(text) and self._dated_before(self.units[at - 1].lower):
                for authority in credited:  # a dated finding, and what followed it: background
                    said[authority].forget(at - 1)
            if unit.names:
                if unit.heading:
                    section = unit.names
                ours = tuple(a for a in unit.names if a in section)
                if section and not ours and not unit.heading and _THE_COUNCIL.search(unit.text):
                    about = focus = section  # "the council" is the one in view, not those beside it
                else:
                    about, focus = unit.names, ours or unit.names
                named_at = at
                for authority in unit.names:
                    said.setdefault(authority, Said(at))
            else:
                about = () if unit.passing or words.GENERAL.search(text) else focus
            setting = _or(_setting(text), setting)
            body = _or(_body(text), body)
            if words.INSPECTION.search(text):
                inspected = at
            to_come = bool(words.TO_COME.search(text))
            found = (
                not setting
                and not body
                and not to_come
                and not (self.preview and not words.RECENT.search(text))
                and (
                    self._finding(text)
                    if lead or at - inspected <= _INSPECTION_WINDOW
                    else bool(_CHILDRENS_SERVICES.search(text)) and self._finding(text, judged=True)
                )
            )
            where = at
            if (
                not found
                and not to_come
                and unclaimed is not None
                and unit.names
                and words.REFERS_BACK.search(text)
            ):
                found, where = True, unclaimed  # "The most recent of them is Luton."
            for authority in about:
                said[authority].about.append(at)
                if found:
                    said[authority].found.append(where)
                    said[authority].named.append(named_at)
            unclaimed = at if found and not about else None
            credited = about if found else ()
        # A title naming several authorities, and a story that goes on about some of them
        # alone: the title's finding is theirs.
        spoken = {a for a in title.names if any(at > 0 for at in said[a].about)}
        for authority in set(title.names) - spoken if spoken else ():
            said[authority].forget(0)
        return {authority: what for authority, what in said.items() if what.found}

    def _old(self, month: str, year: str) -> bool:
        """Whether a date the story names is before its own time: more than half a year
        before its date (a report is news for weeks, and minutes tell it for months), or
        without one, in a year before the latest it names."""
        if self.published is None:
            return self.year is not None and int(year) < self.year
        last_day = date(int(year), _month(month), 28)
        return (self.published - last_day).days > OLD_DAYS

    def _dated_before(self, text: str) -> bool:
        """Whether the words name a date before the story's month (without a date of its
        own, a year before the latest it names)."""
        for month, year in words.DATED.findall(text):
            if self.published is None:
                if self.year is not None and int(year) < self.year:
                    return True
            elif (int(year), _month(month)) < (self.published.year, self.published.month):
                return True
        return False

    def _earlier(self, text: str) -> bool:
        """Whether the words are told as what was before: "previously", "years ago", or
        a date well before the story's own."""
        if words.EARLIER.search(text):
            return True
        return any(self._old(month, year) for month, year in words.DATED.findall(text))

    def _finding(self, text: str, *, judged: bool = False) -> bool:
        """Whether the sentence gives a judgement or says what was found (or, if asked,
        gives a judgement), in words not told as what was before; or quotes the report of
        an inspection it names."""
        if words.EARLIER_SENTENCE.search(text) or self._earlier(_opening(text)):
            return False  # "At the time, ...", "In 2019, ..."
        text = _BACKGROUND.sub(lambda m: m.group() if words.RECENT.search(m.group()) else ",", text)
        if len(words.grades(text)) < 3:  # three grades or more are the scale, not a judgement
            for hit in words.JUDGEMENT.finditer(text):
                clause = _clause(text, hit.start(), hit.end())
                if not (self._earlier(clause) or words.EARLIER_INSPECTION.search(clause)):
                    return True
        if judged:
            return False
        for hit in words.FINDING.finditer(text):
            # What was found since the last inspection is found now.
            if not self._earlier(words.EARLIER_INSPECTION.sub(" ", _clause(text, hit.start(), hit.end()))):
                return True
        return bool(words.QUOTED.search(text) and kind_named(text))

    def kind(self, said: Said) -> PublicationType:
        """The kind of publication the story reports on the authority: as named where a
        finding is, in the title, and in the other sentences about it (a visit named as
        the one before or the next left out); a grade and no kind named is a full
        inspection's, a visit or letter of no kind named a monitoring visit's."""
        votes: dict[PublicationType, int] = {}
        weighed = dict.fromkeys(said.about, 1) | {0: 2} | dict.fromkeys(said.found, 3)
        for at, weight in weighed.items():
            text = self.units[at].lower
            if words.TO_COME.search(text):
                continue
            text = words.OTHER_VISIT.sub(" ", text)
            named = [kind for kind, pattern in words.KINDS.items() if pattern.search(text)]
            if words.JOINT.search(text) and PublicationType.AREA_SEND not in named:
                named.append(PublicationType.JTAI)  # a joint inspection, SEND not its subject
            if words.FULL_INSPECTION.search(text):
                named.append(PublicationType.ILACS)
            for kind in dict.fromkeys(named):
                votes[kind] = votes.get(kind, 0) + weight
        # A grade given now (not one since which visits have followed) is a full inspection's.
        if any(
            words.JUDGEMENT.search(words.EARLIER_INSPECTION.sub(" ", self.units[at].lower))
            for at in said.found
        ):
            votes[PublicationType.ILACS] = votes.get(PublicationType.ILACS, 0) + 1
        if votes:
            return max(votes, key=lambda kind: votes[kind])
        if any(words.VISIT.search(self.units[at].lower) for at in said.found):
            return PublicationType.MONITORING_VISIT  # a letter after a visit, its kind not named
        return PublicationType.ILACS

    def passage(self, said: Said) -> str:
        """The sentence that decided, after the one that named the authority when it
        did not itself."""
        found, named = said.found[0], said.named[0]
        text = self.units[found].text
        if named != found and self.units[named].text:
            text = f"{_clip(self.units[named].text, MAX_PASSAGE // 2)} … {text}"
        return _clip(text, MAX_PASSAGE)


def kind_named(text: str) -> bool:
    return any(pattern.search(text) for pattern in words.KINDS.values())


def _joint(text: str) -> bool:
    """Whether the sentence names an inspection Ofsted leads with others (of the
    police, health, schools with the council); not SEND alone, which schools provide."""
    return bool(
        words.KINDS[PublicationType.JTAI].search(text)
        or words.JOINT.search(text)
        or words.AREA_SEND_NAMED.search(text)
    )


def _setting(text: str) -> bool | None:
    """True when the sentence speaks of another setting, False when of an authority's
    children's services, None when of neither or both (it goes on with the one before)."""
    setting = bool(words.SETTING.search(text)) and not _joint(text)
    services = bool(words.SERVICES.search(text))
    return None if setting == services else setting


def _body(text: str) -> bool | None:
    """True when the sentence speaks of another inspectorate (not inspecting with
    Ofsted), False when of Ofsted, None when of neither."""
    if words.OFSTED.search(text) or _joint(text):
        return False
    return True if words.BODY.search(text) else None


def _or(now: bool | None, before: bool | None) -> bool | None:
    return before if now is None else now


def _month(name: str) -> int:
    """A month's number, from its name; a date given by its year alone, its last."""
    return words.MONTHS.index(name) + 1 if name else 12


def _opening(text: str) -> str:
    """The sentence's opening words, up to its first comma: "In 2019, ..."."""
    head, comma, _ = text.partition(",")
    return head if comma and len(head) < 40 else ""


def _clause(text: str, start: int, end: int) -> str:
    """The clause of the sentence that holds the words at start:end."""
    cuts = [0, *(m.end() for m in _CLAUSE.finditer(text)), len(text) + 1]
    begin = max(c for c in cuts if c <= start)
    close = min(c for c in cuts if c > start)
    return text[begin : max(close, end)]


def _clip(text: str, limit: int) -> str:
    """The text, cut at a word's end to at most `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut).rstrip(" ,;:") + "…"

"""The inspectors a document names, and who led.

Three places name them: a full report's labelled team list ("Lead inspector: X",
"Deputy lead inspector: Y", "Team inspectors: Z, ..."; older reports close with it, newer
ones name only the lead under the title; 2013 reports name a "Reporting inspector"), a
letter's opening sentence ("The inspectors were X, HMI, and Y, HMI"), and a letter's
signature. Shadow and supernumerary inspectors, analysts and quality assurance managers
are not members of the inspection team.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from vocabulary import PublicationType

# A word of a name: capitalised, letters of any alphabet ("Máire"), inner hyphens and
# apostrophes ("Thomson-Jones", "O’Brien", "McEntee", "Jenny-ellen").
_WORD = r"[A-ZÀ-ÞĀ-Ž](?:[^\W\d_]|[’'\-](?=[^\W\d_]))*"
NAME = re.compile(rf"{_WORD}(?:\s+{_WORD}){{1,3}}")
# Words that are never part of a person's name: titles, roles, offices and inspectorates,
# the parts of an address ("Town Hall", "St Ives Road") and counting words.
_NOT_NAMES = frozenset(
    {
        "her",
        "his",
        "majesty’s",
        "majesty's",
        "inspector",
        "inspectors",
        "inspectorate",
        "hmi",
        "ofsted",
        "lead",
        "team",
        "deputy",
        "senior",
        "quality",
        "care",
        "commission",
        "cqc",
        "judgement",
        "grade",
        "the",
        "this",
        "these",
        "shadow",
        "social",
        "regulatory",
        "additional",
        "associate",
        "contracted",
        "seconded",
        "children’s",
        "children's",
        "services",
        "service",
        "inspection",
        "visit",
        "local",
        "authority",
        "council",
        "county",
        "borough",
        "city",
        "town",
        "district",
        "metropolitan",
        "civic",
        "hall",
        "road",
        "street",
        "avenue",
        "crescent",
        "terrace",
        "square",
        "drive",
        "gardens",
        "parade",
        "building",
        "buildings",
        "centre",
        "center",
        "office",
        "offices",
        "floor",
        "department",
        "directorate",
        "director",
        "directors",
        "executive",
        "chief",
        "officer",
        "assistant",
        "interim",
        "acting",
        "strategic",
        "corporate",
        "cabinet",
        "member",
        "manager",
        "partnership",
        "board",
        "trust",
        "nhs",
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "yours",
        "your",
        "sincerely",
        "designate",
        "all",
        "two",
        "three",
        "four",
        "five",
        "during",
        "date",
        "dates",
        "dear",
    }
)
_NAME_WORD = re.compile(_WORD)


def is_person_name(candidate: str) -> bool:
    """Whether candidate reads as one person's name: two to four name-like words, none of
    them an address's, an office's or a role's, no postcode or initialism ("SL", "HMI")."""
    words = candidate.split()
    if not 2 <= len(words) <= 4:
        return False
    for word in words:
        if not _NAME_WORD.fullmatch(word) or word.lower() in _NOT_NAMES:
            return False
        if len(word) > 1 and word.isupper():
            return False
    return True


# Titles and grades that follow a name in team lists: "SHMI", "SCRI", "(OI)", "(AI)",
# "HMI designate", "Contracted Inspector", "Her Majesty’s Inspector", "Ofsted inspector".
_ROLES = re.compile(
    r"\([^)]*\)|\b(?:Senior\s+)?HMIs?\b(?:\s+designate)?|\bS?HMI\b|\bSCRI\b|\bOI\b|\bAI\b|"
    r"(?:Her|His)\s+Majesty[’']s\s+Inspectors?|\b(?:Senior|Ofsted|Additional|Associate|Contracted|"
    r"Social care regulatory|seconded|lead|team|deputy lead)\s+[Ii]nspectors?\b|\bDr\b\.?",
    re.I,
)
# "Lead inspector: X", "Deputy lead inspectors: Y, Z", "Team inspectors (all HMI unless
# otherwise stated): ...", "Senior data analyst: ...": a capitalised label and a colon; or,
# at a line's start, a role that ends the label by itself ("Deputy lead inspector Y").
_LABEL = re.compile(
    r"(?<![\w’'])([A-Z][a-z]+(?:\s+(?:[a-z]+|Lead|Inspectors?)){0,4}(?:\s*\([^)]{0,60}\))?)\s*:\s*"
    r"|^([A-Z][a-z]+(?:\s+[a-z]+){0,3}\s+(?:inspectors?|managers?|analysts?))[ \t]+(?=[A-Z])",
    re.M,
)
_TEAM_START = re.compile(
    r"^(?:Lead [Ii]nspector\b[^:\n]{0,20}:|Lead inspector[ \t]+(?=[A-Z])|Reporting inspector\b)", re.M
)
# Team members are inspectors of any rank, but not shadows or supernumeraries.
_MEMBER_LABEL = re.compile(r"\binspectors?\b", re.I)
_NOT_MEMBER_LABEL = re.compile(r"\b(?:shadow|supernumerary|trainee)\b", re.I)
_LEAD_LABEL = re.compile(r"^(?:lead|reporting) inspector", re.I)
# Someone who came along and is no inspector of the visit: "X, who observed the visit",
# "X (observer)", "X, shadow inspector".
_OBSERVER = re.compile(
    rf"{NAME.pattern}\s*,?\s*\(?\s*(?:who\s+(?:was\s+)?(?:observ|shadow)\w*|observ\w*|shadow(?:ing|\s+inspector)"
    rf"|supernumerary\w*)\b[^,;.)]*\)?",
    re.I,
)
# A letter's sentence that names its inspectors: they follow its verb ("were", "carried
# out by"), or, in a few forms, stand before it ("X and Y carried out this visit").
_LETTER_SENTENCE = re.compile(
    r"([^.]*?)\b(?:inspectors?\b[^.]{0,40}?\b(?:were|was|are)\b|(?:conducted|carried out|undertaken|led) by"
    r"|(?:carried out|conducted|undertook) (?:this|the) (?:monitoring |focused )?visit)"
    r"([^.]*?(?:\b[A-Z]\.[^.]*?)*)\.",
    re.I,
)
_FULL_STOP = re.compile(r"\.")
# "lead inspector X", or "X, lead inspector" / "X (lead inspector)" with the name before.
_LEAD_ROLE = re.compile(r"(?<!deputy )\b(?i:lead inspector)\b")
_NAMED_BEFORE = re.compile(
    rf"({NAME.pattern})\s*(?:,\s*(?:HMI|Her Majesty[’']s Inspector)\s*)?[,(]\s*(?:the\s+)?$"
)
_LED_BY = re.compile(r"\b(?:visit|inspection)\s+was\s+led\s+by\s+([^.;]{3,120})")
_NAMED_AFTER = re.compile(rf"\s*,?\s+({_WORD}(?:\s+{_WORD}){{1,2}})")
_CLOSING = re.compile(r"\bYours?\s+(?:sincerely|faithfully)\b,?", re.I)
_SIGNED_TITLE = re.compile(r"\s*,?\s*(?:(?:Her|His)\s+Majesty[’']s\s+Inspector|HMI|Senior HMI)\b")
# An area SEND report's team, in two columns: "Jo Petch HMI, Ofsted Lead inspector   Lyndsey
# McGeary, CQC Lead inspector", each entry a name, its inspectorate and its role.
_SEND_TEAM = re.compile(r"^Inspection team[ \t]*\n(.+?)(?:\n[ \t]*\n|\Z)", re.M | re.S)
_ENTRY_WORD = rf"(?<![\w’'])(?!(?:Lead|Inspector|HMI|Ofsted|CQC)\b){_WORD}"
_SEND_ENTRY = re.compile(
    rf"({_ENTRY_WORD}(?:[ \t]+{_ENTRY_WORD}){{1,3}})[ \t]*(?:HMI)?[ \t]*,?[ \t]*(Ofsted|CQC)\b"
)
_INSPECTORATES = ("Ofsted", "CQC")
_LEAD = re.compile(r"\blead\b", re.I)


def names(chunk: str) -> list[str]:
    """The people's names in a piece of text, in order, each once, each a person's name."""
    chunk = _ROLES.sub(",", _OBSERVER.sub(",", chunk))
    found: list[str] = []
    for part in re.split(r",|;|\band\b|\bwith\b|\bas well as\b|\.(?:\s|$)", chunk):
        for run in NAME.finditer(part):
            words = run.group(0).split()
            # A name is the run of name words after anything that is not part of a name.
            while words and words[0].lower() in _NOT_NAMES:
                words.pop(0)
            name = " ".join(words)
            if is_person_name(name) and name not in found:
                found.append(name)
    return found


def _team_lines(text: str) -> str | None:
    """The labelled team list, its lines up to the first that is not part of it, or None."""
    start = _TEAM_START.search(text)
    if not start:
        return None
    lines = text[start.start() :].split("\n")
    block = [lines[0]]
    for line, after in zip(lines[1:], [*lines[2:], ""], strict=True):
        if not line and _LABEL.match(after):
            continue  # a blank line between two labels
        if not line or not _continues(block[-1], line):
            break
        block.append(line)
    return "\n".join(block)


def _continues(previous: str, line: str) -> bool:
    """Whether line is more of the team list: a new label, or a name list wrapped mid-way."""
    if _LABEL.match(line):
        return True
    last = re.split(r",|\band\b", previous)[-1].split()
    return (
        previous.rstrip().endswith((",", " and", "(", ":"))
        or previous.count("(") > previous.count(")")
        or len(last) == 1  # "..., Ralph" / "Trevelyan-Butler, Sue Williams."
        or line[:1].islower()
        or line[:1] == "("
        or bool(re.match(r"(?:S?HMI|AI|OI|SCRI|Inspector\))\b", line))
    )


def team(text: str) -> tuple[list[str], str | None] | None:
    """A full report's inspection team (lead first) and its lead, from the labelled list."""
    block = _team_lines(text)
    if block is None:
        return None
    reporting = re.match(r"Reporting inspector\s+(.{3,80})", block)
    if reporting:
        named = names(reporting.group(1))[:1]
        return named, (named[0] if named else None)
    labels = list(_LABEL.finditer(block))
    members: list[str] = []
    lead: str | None = None
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(block)
        role = label.group(1) or label.group(2)
        if not _MEMBER_LABEL.search(role) or _NOT_MEMBER_LABEL.search(role):
            continue
        named = names(block[label.end() : end])
        if _LEAD_LABEL.match(role) and named and lead is None:
            lead = named[0]
        members += [n for n in named if n not in members]
    if lead:
        members.remove(lead)
        members.insert(0, lead)
    return (members, lead) if members else None


def send_team(text: str) -> tuple[list[str], str | None] | None:
    """An area SEND report's team of both inspectorates, Ofsted's lead first, and that lead."""
    block = _SEND_TEAM.search(text)
    if not block:
        return None
    listed = block.group(1)
    entries = list(_SEND_ENTRY.finditer(listed))
    ranked: list[tuple[int, bool, str]] = []  # (inspectorate, not the lead, name)
    for entry, after in zip(entries, [*entries[1:], None], strict=True):
        found = names(entry.group(1))
        if not found:
            continue
        role = listed[entry.end() : after.start() if after else len(listed)]
        ranked.append((_INSPECTORATES.index(entry.group(2)), not _LEAD.search(role), found[0]))
    ranked.sort(key=lambda rank: rank[:2])
    members = [name for *_, name in ranked]
    lead = next((name for body, other, name in ranked if body == 0 and not other), None)
    return (members, lead) if members else None


def letter_inspectors(flat: str) -> list[str]:
    """The inspectors a letter names in its opening: every one of them."""
    opening = flat[:4000]
    # The sentence is tried from each sentence's start only, where a search would try it
    # from every character: the leftmost match starts at one anyway (what it begins with
    # cannot hold a full stop), and a search took milliseconds a letter.
    for start in (0, *(stop.end() for stop in _FULL_STOP.finditer(opening))):
        if sentence := _LETTER_SENTENCE.match(opening, start):
            # Names follow the verb; before it stands the sentence's start, which in a
            # letter's opening may run through the addressee's block ("Town Hall").
            return names(sentence.group(2)) or names(sentence.group(1))[-3:]
    return []


def stated_lead(opening: str) -> str | None:
    """The inspector the letter calls its lead: "X, lead inspector", "lead inspector X" or
    "The visit was led by X"."""
    if (led := _LED_BY.search(opening)) and (named := names(led.group(1))):
        return named[0]
    for role in _LEAD_ROLE.finditer(opening):
        before = _NAMED_BEFORE.search(opening[max(0, role.start() - 80) : role.start()])
        if before and (named := names(before.group(1))):
            return named[-1]
        after = _NAMED_AFTER.match(opening, role.end())
        if after and (named := names(after.group(1))):
            return named[0]
    return None


def signatory(text: str) -> str | None:
    """Who signed the letter: after "Yours sincerely", or a name above an inspector's title."""
    tail = text[-1500:]
    closings = list(_CLOSING.finditer(tail))
    if closings:
        closing = closings[-1]
        signed = names(tail[closing.end() : closing.end() + 120].split("\n\n")[0])
        if signed:
            return signed[0]
    lines = [line.strip() for line in tail.split("\n") if line.strip()]
    for above, line in pairwise(lines):
        if _SIGNED_TITLE.fullmatch(line) and NAME.fullmatch(above) and names(above) == [above]:
            return above
    return None


def inspectors(text: str, flat: str, kind: PublicationType) -> tuple[list[str], str | None]:
    """(every inspector named, the lead): an area SEND report's two-column team, a full
    report's labelled team list, or a letter's opening and signature."""
    if kind is PublicationType.AREA_SEND:
        return send_team(text) or ([], None)
    if not kind.is_letter and (found := team(text)):
        return found
    named = letter_inspectors(flat)
    lead = stated_lead(flat[:4000]) or signatory(text)
    if lead and named and lead not in named:
        # The signatory is one of the named inspectors, perhaps spelt with an accent.
        lead = next((n for n in named if _plain(n) == _plain(lead)), lead)
    return named, lead


def _plain(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()

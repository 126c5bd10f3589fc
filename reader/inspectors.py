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

# A word of a name: capitalised, letters of any alphabet ("Máire"), inner hyphens and
# apostrophes ("Thomson-Jones", "O’Brien", "McEntee", "Jenny-ellen").
_WORD = r"[A-ZÀ-ÞĀ-Ž](?:[^\W\d_]|[’'\-](?=[^\W\d_]))*"
NAME = re.compile(rf"{_WORD}(?:\s+{_WORD}){{1,3}}")
_NOT_NAMES = {
    "her",
    "his",
    "majesty’s",
    "majesty's",
    "inspector",
    "inspectors",
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
    "children’s",
    "children's",
    "services",
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "inspection",
    "visit",
    "local",
    "authority",
    "council",
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
}
# Titles and grades that follow a name in team lists: "SHMI", "SCRI", "(OI)", "(AI)",
# "HMI designate", "Contracted Inspector", "Her Majesty’s Inspector", "Ofsted inspector".
_ROLES = re.compile(
    r"\([^)]*\)|\b(?:Senior\s+)?HMIs?\b(?:\s+designate)?|\bS?HMI\b|\bSCRI\b|\bOI\b|\bAI\b|"
    r"(?:Her|His)\s+Majesty[’']s\s+Inspectors?|\b(?:Senior|Ofsted|Additional|Associate|Contracted|"
    r"Social care regulatory|seconded|lead|team|deputy lead)\s+[Ii]nspectors?\b|\bDr\b\.?",
    re.I,
)
# "Lead inspector: X", "Deputy lead inspectors: Y, Z", "Team inspectors (all HMI unless
# otherwise stated): ...", "Senior data analyst: ...": a capitalised label and a colon.
_LABEL = re.compile(r"(?<![\w’'])([A-Z][a-z]+(?:\s+(?:[a-z]+|Lead)){0,4}(?:\s*\([^)]{0,60}\))?)\s*:\s*")
_TEAM_START = re.compile(r"^(?:Lead inspector\b[^:]{0,20}:|Reporting inspector\b)", re.M)
# Team members are inspectors of any rank, but not shadows or supernumeraries.
_MEMBER_LABEL = re.compile(r"\binspectors?\b", re.I)
_NOT_MEMBER_LABEL = re.compile(r"\b(?:shadow|supernumerary|trainee)\b", re.I)
_LEAD_LABEL = re.compile(r"^(?:lead|reporting) inspector", re.I)
# A letter's sentence that names its inspectors.
_LETTER_SENTENCE = re.compile(
    r"[^.]*?\b(?:inspectors?\b[^.]{0,40}?\b(?:were|was|are)\b|(?:conducted|carried out|undertaken|led) by)"
    r"([^.]*?(?:\b[A-Z]\.[^.]*?)*)\.",
    re.I,
)
_FULL_STOP = re.compile(r"\.")
_STATED_LEAD = re.compile(rf"\blead inspector,?\s+({_WORD}(?:\s+{_WORD}){{1,2}})")
_CLOSING = re.compile(r"\bYours?\s+(?:sincerely|faithfully)\b,?", re.I)
_SIGNED_TITLE = re.compile(r"\s*,?\s*(?:(?:Her|His)\s+Majesty[’']s\s+Inspector|HMI|Senior HMI)\b")


def names(chunk: str) -> list[str]:
    """The people's names in a piece of text, in order, each once."""
    chunk = _ROLES.sub(",", chunk)
    found: list[str] = []
    for part in re.split(r",|;|\band\b|\bwith\b|\bas well as\b|\.(?:\s|$)", chunk):
        for run in NAME.finditer(part):
            words = run.group(0).split()
            # A name is the run of name words after anything that is not part of a name.
            while words and words[0].lower() in _NOT_NAMES:
                words.pop(0)
            if len(words) >= 2 and not any(w.lower() in _NOT_NAMES for w in words):
                name = " ".join(words)
                if name not in found:
                    found.append(name)
    return found


def _team_lines(text: str) -> str | None:
    """The labelled team list, its wrapped lines joined, or None if there is none."""
    start = _TEAM_START.search(text)
    if not start:
        return None
    lines = text[start.start() :].split("\n")
    block = [lines[0]]
    for line in lines[1:]:
        if not line or not _continues(block[-1], line):
            break
        block.append(line)
    return " ".join(block)


def _continues(previous: str, line: str) -> bool:
    """Whether line is more of the team list: a new label, or a name list wrapped mid-way."""
    if _LABEL.match(line):
        return True
    last = re.split(r",|\band\b", previous)[-1].split()
    return (
        previous.rstrip().endswith((",", " and", "("))
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
        role = label.group(1)
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


def letter_inspectors(flat: str) -> list[str]:
    """The inspectors a letter names in its opening: every one of them."""
    opening = flat[:4000]
    # The sentence is tried from each sentence's start only, where a search would try it
    # from every character: the leftmost match starts at one anyway (what it begins with
    # cannot hold a full stop), and a search took milliseconds a letter.
    for start in (0, *(stop.end() for stop in _FULL_STOP.finditer(opening))):
        if sentence := _LETTER_SENTENCE.match(opening, start):
            return names(sentence.group(0))
    return []


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


def inspectors(text: str, flat: str, letter: bool) -> tuple[list[str], str | None]:
    """(every inspector named, the lead) for a full report (team list) or a letter."""
    if not letter and (found := team(text)):
        return found
    named = letter_inspectors(flat)
    stated = _STATED_LEAD.search(flat[:4000])
    lead = stated.group(1) if stated else signatory(text)
    if lead and named and lead not in named:
        # The signatory is one of the named inspectors, perhaps spelt with an accent.
        lead = next((n for n in named if _plain(n) == _plain(lead)), lead)
    return named, lead


def _plain(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()

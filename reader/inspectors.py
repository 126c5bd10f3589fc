"""The inspectors a document names, and who led.

A report's team comes from its printed list or table (reader/teams.py); a letter names
its inspectors in its opening sentence ("The inspectors were X, HMI, and Y, HMI") and is
signed by one of them.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from reader.people import NAME, WORD, names
from reader.teams import send_team, team
from vocabulary import PublicationType

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
_NAMED_AFTER = re.compile(rf"\s*,?\s+({WORD}(?:\s+{WORD}){{1,2}})")
_CLOSING = re.compile(r"\bYours?\s+(?:sincerely|faithfully)\b,?", re.I)
_SIGNED_TITLE = re.compile(r"\s*,?\s*(?:(?:Her|His)\s+Majesty[’']s\s+Inspector|HMI|Senior HMI)\b")


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
    # The opening is on one line, single-spaced: without "led by" the search is spared.
    if " led by " in opening and (led := _LED_BY.search(opening)) and (named := names(led.group(1))):
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

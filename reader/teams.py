"""The inspection team a report prints as a list or a table, and its lead.

A full report's labelled list ("Lead inspector: X", "Deputy lead inspector: Y", "Team
inspectors: Z, ..."; older reports close with it, newer ones name only the lead under the
title; 2013 reports name a "Reporting inspector"), and an area SEND report's table of both
inspectorates. Shadow and supernumerary inspectors, analysts and quality assurance
managers are not members of the inspection team.
"""

from __future__ import annotations

import re

from reader.names import WORD, names

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
# An area SEND report's team, in two columns: "Jo Petch HMI, Ofsted Lead inspector   Lyndsey
# McGeary, CQC Lead inspector", each entry a name, its inspectorate and its role.
_SEND_TEAM = re.compile(r"^Inspection team[ \t]*\n(.+?)(?:\n[ \t]*\n|\Z)", re.M | re.S)
_ENTRY_WORD = rf"(?<![\w’'])(?!(?:Lead|Inspector|HMI|Ofsted|CQC)\b){WORD}"
_SEND_ENTRY = re.compile(
    rf"({_ENTRY_WORD}(?:[ \t]+{_ENTRY_WORD}){{1,3}})[ \t]*(?:HMI)?[ \t]*,?[ \t]*(Ofsted|CQC)\b"
)
_INSPECTORATES = ("Ofsted", "CQC")
_LEAD = re.compile(r"\blead\b", re.I)


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

"""The inspection team a report prints as a list or a table, and its lead.

A full report's labelled list ("Lead inspector: X", "Deputy lead inspector: Y", "Team
inspectors: Z, ..."; older reports close with it, newer ones name only the lead under the
title; 2013 reports name a "Reporting inspector"), and an area SEND report's table of both
inspectorates. Shadow and supernumerary inspectors, analysts and quality assurance
managers are not members of the inspection team.
"""

from __future__ import annotations

import re

from reader.people import NOT_NAMES, ROLES, is_person_name, listed_names, name_spans, names

# The words of a team list's labels, whatever their case; the last may name the role.
_LABEL_WORD = (
    r"(?i:lead|deputy|team|shadow|quality|assurance|senior|data|additional|associate|contracted|"
    r"seconded|social|care|regulatory|supernumerary|trainee|ofsted)"
)
_LABEL_END = r"(?i:inspectors?|managers?|analysts?)"
_ROLE_LABEL = rf"(?:{_LABEL_WORD}[ \t]+){{0,4}}{_LABEL_END}"
# "Lead inspector: X", "Deputy lead inspectors: Y, Z", "Team inspectors (all HMI unless
# otherwise stated): ...", "Quality Assurance Manager – ...": a label and a colon, or a
# label of role words and a dash; at a line's start, a role that ends the label by itself
# ("Deputy lead inspector Y"); or such a role alone on its line, its names below it.
_LABEL = re.compile(
    r"(?<![\w’'])([A-Z][a-z]+(?:\s+(?:[a-z]+|Lead|Inspectors?)){0,4}(?:\s*\([^)]{0,60}\))?)\s*:\s*"
    rf"|(?<![\w’'])((?:{_LABEL_WORD}[ \t]+){{0,4}}(?:{_LABEL_END}|{_LABEL_WORD})(?:\s*\([^)]{{0,60}}\))?)"
    r"(?:\s*:|[ \t]*[–—-][ \t])\s*"
    rf"|^([A-Z][a-z]+(?:\s+[a-z]+){{0,3}}\s+{_LABEL_END}|{_ROLE_LABEL})[ \t]+(?=[A-Z])"
    rf"|^({_ROLE_LABEL})[ \t]*$",
    re.M,
)
# The list starts with its lead's label, written as a heading ("Lead inspector", "LEAD
# INSPECTOR") so that a sentence wrapped onto a line that starts "lead inspector" is none.
_TEAM_START = re.compile(
    r"^(?:Lead [Ii]nspectors?|LEAD INSPECTORS?)(?:\b[^:\n]{0,20}:|[ \t]*[–—-][ \t]|[ \t]+(?=[A-Z])|[ \t]*$)"
    r"|^Reporting inspector\b",
    re.M,
)
# Team members are inspectors of any rank, but not shadows or supernumeraries.
_MEMBER_LABEL = re.compile(r"\binspectors?\b", re.I)
_NOT_MEMBER_LABEL = re.compile(r"\b(?:shadow|supernumerary|trainee)\b", re.I)
_LEAD_LABEL = re.compile(r"^(?:lead|reporting) inspector", re.I)
# A role wrapped onto the next line: "Colm Duffy, Contracted" above "Inspector, ...".
_WRAPPED_ROLE = re.compile(
    r"(?:S?HMI|AI|OI|SCRI|(?i:inspectors?|designate|associate|additional|contracted|seconded))\b\)?"
)
_LIST_SEPARATOR = re.compile(r",|;|\band\b|\.(?:\s|$)")


def _team_lines(text: str) -> str | None:
    """The labelled team list, its lines up to the first that is not part of it, or None.
    A blank line (a page break) inside the list is passed over."""
    start = _TEAM_START.search(text)
    if not start:
        return None
    lines = text[start.start() :].split("\n")
    block = [lines[0]]
    for line, after in zip(lines[1:], [*lines[2:], ""], strict=True):
        if not line and after and _continues(block[-1], after):
            continue
        if not line or not _continues(block[-1], line):
            break
        block.append(line)
    return "\n".join(block)


def _continues(previous: str, line: str) -> bool:
    """Whether line is more of the team list: a new label, a name list wrapped mid-way, or
    a line of nothing but names."""
    if _LABEL.match(line):
        return True
    last = re.split(r",|\band\b", previous)[-1].split()
    return (
        previous.rstrip().endswith((",", " and", "(", ":"))
        or previous.count("(") > previous.count(")")
        or len(last) == 1  # "..., Ralph" / "Trevelyan-Butler, Sue Williams."
        or line[:1].islower()
        or line[:1] == "("
        or bool(_WRAPPED_ROLE.match(line))
        or any(label.end() == len(previous.rstrip()) for label in _LABEL.finditer(previous))
        or _only_names(line)
    )


def _only_names(line: str) -> bool:
    """Whether the line holds names and their roles and nothing else."""
    parts = [part.strip(" .") for part in _LIST_SEPARATOR.split(ROLES.sub(",", line))]
    return any(parts) and all(is_person_name(part) for part in parts if part)


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
        role = next(group for group in label.groups() if group)
        if not _MEMBER_LABEL.search(role) or _NOT_MEMBER_LABEL.search(role):
            continue
        named = listed_names(block[label.end() : end])
        if _LEAD_LABEL.match(role) and named and lead is None:
            lead = named[0]
        members += [n for n in named if n not in members]
    if lead:
        members.remove(lead)
        members.insert(0, lead)
    return (members, lead) if members else None


# An area SEND report's team: a table of two columns, Ofsted's and the Care Quality
# Commission's, each entry a name and then its role ("Ada Kerr HMI, Ofsted Lead inspector",
# "Ada Kerr, HMI, Lead inspector", "Bea Lowe, CQC inspector"). A row of both columns comes
# out as one line, so an entry that names no inspectorate is in the column it stands in.
_SEND_HEADING = re.compile(r"^(?:The )?[Ii]nspection team:?[ \t]*$", re.M)
_INSPECTORATES = ("Ofsted", "CQC")
_NAMED_BY = (
    re.compile(r"\bOfsted\b|\bS?HMI\b|Majesty", re.I),
    re.compile(r"\bCQC\b|Care Quality Commission", re.I),
)
_LEAD = re.compile(r"(?<!deputy )\blead\b", re.I)
# Someone in the table who is no member of the inspection team.
_NOT_MEMBER = re.compile(r"\b(?:shadow|supernumerary|trainee|observ\w*|analysts?|quality assurance)\b", re.I)
_CAPITALISED = re.compile(r"\b[A-Z][^\s,;:()]*")

Entry = tuple[str, str]  # a name and its role


def send_team(text: str) -> tuple[list[str], str | None] | None:
    """An area SEND report's team of both inspectorates, Ofsted's lead first, and that lead."""
    for heading in _SEND_HEADING.finditer(text):
        rows, columns = _send_rows(text[heading.end() :].lstrip("\n").split("\n"))
        entries = [(row, column, name, role) for row in rows for column, (name, role) in enumerate(row)]
        ranked = sorted(  # (inspectorate, not the lead, order, name)
            (_INSPECTORATES.index(_inspectorate(row, column, columns)), not _LEAD.search(role), order, name)
            for order, (row, column, name, role) in enumerate(entries)
            if not _NOT_MEMBER.search(role)
        )
        if ranked:
            lead = next((name for body, other, _, name in ranked if body == 0 and not other), None)
            return list(dict.fromkeys(name for *_, name in ranked)), lead
    return None


def _send_rows(lines: list[str]) -> tuple[list[list[Entry]], tuple[str, ...]]:
    """The table's rows of entries, up to its first line that is neither, and the order of
    its columns (Ofsted's first unless its heads say otherwise). A page break inside the
    table is passed over, and a role wrapped onto a line of its own is its entry's."""
    rows: list[list[Entry]] = []
    columns: tuple[str, ...] = _INSPECTORATES
    for index, line in enumerate(lines):
        if not line.strip():
            if index + 1 < len(lines) and lines[index + 1].strip():
                continue
            break
        spans = list(name_spans(line))
        before = line[: spans[0][0]] if spans else line
        if not _only_roles(before):
            break
        if spans:
            stops = [start for start, _, _ in spans[1:]] + [len(line)]
            # Words before the first name label the whole row ("Lead inspectors Ada Kerr ...").
            rows.append(
                [
                    (name, f"{before} {line[end:stop]}")
                    for (_, end, name), stop in zip(spans, stops, strict=True)
                ]
            )
        elif rows:
            name, role = rows[-1][-1]
            rows[-1][-1] = (name, f"{role} {line}")
        elif all(named.search(line) for named in _NAMED_BY):  # the columns' heads
            columns = tuple(sorted(_INSPECTORATES, key=lambda body: _said_at(line, body)))
    return rows, columns


def _only_roles(text: str) -> bool:
    """Whether text holds no word but roles, inspectorates and small words."""
    return all(word.lower() in NOT_NAMES for word in _CAPITALISED.findall(text))


def _said_at(line: str, body: str) -> int:
    found = _NAMED_BY[_INSPECTORATES.index(body)].search(line)
    return found.start() if found else len(line)


def _inspectorate(row: list[Entry], column: int, columns: tuple[str, ...]) -> str:
    """The inspectorate an entry's role names; else, beside an entry that names one, the
    other; else the one that heads its column."""
    said = [_named(role) for _, role in row]
    if own := said[column]:
        return own
    others = {body for index, body in enumerate(said) if body and index != column}
    if len(others) == 1:
        return next(body for body in _INSPECTORATES if body not in others)
    return columns[min(column, len(columns) - 1)]


def _named(role: str) -> str | None:
    return next(
        (body for body, named in zip(_INSPECTORATES, _NAMED_BY, strict=True) if named.search(role)), None
    )

"""Dates as Ofsted documents write them, and the visit or inspection period they state.

A period is read as a list of dates joined by "and", "to", dashes and commas, in any of the
forms the documents use: "15, 16 and 21 July 2025", "30 November and 1 December 2021",
"18 Feb 2014", "1/06/2015 – 25/06/2015", "5 to 9 December 2022 and 14 to 15 February 2023".
A day takes the next month written after it, a month the next year; the period runs from the
first date written to the last. Anything that does not resolve to real dates gives no period.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# One date written out in words: "14 March 2019", "09 April 2014", "18 Feb 2014".
SINGLE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_NAME})\.?,?\s+(\d{{4}})\b")
NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
# "on Wednesday 20 and Thursday 21 June 2018": a weekday before a day says nothing more.
WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_TOKEN = re.compile(
    rf"\s*(?:(?P<weekday>{WEEKDAY}),?|(?P<numeric>\d{{1,2}}/\d{{1,2}}/\d{{4}})|(?P<year>\d{{4}})\b|"
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b|(?P<month>{MONTH_NAME})\b\.?|"
    r"(?P<joiner>,|&|\band\b|\bto\b|\buntil\b|[–—-]))"
)
# Where a document states its own visit or inspection dates, most specific first.
_CONTEXTS = (
    re.compile(r"Inspection dates?:?\s*"),
    re.compile(
        rf"\b(?:visit|visited|inspection|inspected)\b[^.]{{0,160}}?\b(?:on|between|from|held)\s+(?=\d|{WEEKDAY})",
        re.I,
    ),
    re.compile(r"\bBetween\s+(?=\d)"),
)


def month_number(name: str) -> int:
    return MONTHS.index(next(m for m in MONTHS if m.startswith(name.lower()[:3]))) + 1


def to_date(day: str, month: str, year: str) -> date | None:
    """The date written as day, month (a name or a number) and year; None if not a real day."""
    number = int(month) if month.isdigit() else month_number(month)
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def _tokens(tail: str) -> list[tuple[str, str]]:
    """The run of date words at the start of tail, as (kind, text)."""
    tokens, at = [], 0
    while (found := _TOKEN.match(tail, at)) and found.end() > at:
        kind = found.lastgroup or ""
        tokens.append((kind, found.group(kind)))
        at = found.end()
    return tokens


def _dates(tokens: list[tuple[str, str]], default_year: int | None) -> list[date] | None:
    """The dates the tokens spell, in the order written; None when they do not resolve."""
    # [day, month, year] per date; a missing part is taken from what is written after it.
    written: list[list[int | None]] = []
    for kind, text in tokens:
        if kind == "numeric":
            day, month, year = (int(part) for part in text.split("/"))
            written.append([day, month, year])
        elif kind == "day":
            written.append([int(text), None, None])
        elif kind == "month":
            for entry in reversed(written):
                if entry[1] is not None:
                    break
                entry[1] = month_number(text)
        elif kind == "year":
            _give_year(written, int(text))
    written = [entry for entry in written if entry[1] is not None]  # a trailing bare number
    if not written:
        return None
    if default_year is not None:
        _give_year(written, default_year)
    try:
        return [date(y, m, d) for d, m, y in written]  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _give_year(written: list[list[int | None]], year: int) -> None:
    """Give year to the dates still without one, stepping back a year across New Year."""
    following_month = 13
    for entry in reversed(written):
        if entry[2] is not None:
            break
        if entry[1] is not None and entry[1] > following_month:
            year -= 1
        entry[2] = year
        following_month = entry[1] if entry[1] is not None else following_month


def period(flat: str, default_year: int | None) -> tuple[date, date] | None:
    """The first and last day of the visit or inspection, as the document states them."""
    for context in _CONTEXTS:
        for found in context.finditer(flat):
            tokens = _tokens(flat[found.end() : found.end() + 120])
            dates = _dates(tokens, default_year) if tokens else None
            if dates and dates[0] <= dates[-1]:
                return dates[0], dates[-1]
    return None

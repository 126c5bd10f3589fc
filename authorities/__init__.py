"""England's local authorities with children's services: each one's URN, name and region.

The facts ship with the product in england.csv beside this module, which says where they
come from, with the short and town forms the press uses ("Richmond", "Hull"), those of
its forms that name something else too ("Richmond" in North Yorkshire), and its own web
site's name where that does not spell its name ("hants").
`[ofsted] regions_file` may name another file of the same columns (urn, region, and name)
to use instead.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ENGLAND = Path(__file__).with_name("england.csv")


@dataclass(frozen=True)
class Place:
    """An authority's name and region, the other forms the press names it by, those of
    its forms that also name another place, a person or a thing, and its site's name."""

    name: str
    region: str
    press: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    site: str = ""


def regions(path: str = "") -> dict[str, Place]:
    """URN to name and region: from the file at `path`, or England's as shipped."""
    return read(Path(path)) if path else _england()


@cache
def _england() -> dict[str, Place]:
    return read(ENGLAND)


@cache
def shared_forms() -> frozenset[str]:
    """Every form of an English authority's name that also names something else: a
    story counts one only where it shows the council is meant (reader/names.py)."""
    return frozenset(form for place in _england().values() for form in place.shared)


@cache
def sites() -> dict[str, str]:
    """The name of each English council's own site under .gov.uk, where it does not spell
    the authority's name ("hants"), to the authority's name."""
    return {place.site: place.name for place in _england().values() if place.site}


def _forms(cell: str | None) -> tuple[str, ...]:
    return tuple(form.strip() for form in (cell or "").split(";") if form.strip())


def read(path: Path) -> dict[str, Place]:
    """URN to name and region, from a CSV with the columns urn and region (and name);
    lines starting with # say where the facts come from."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = csv.DictReader(line for line in file if not line.startswith("#"))
        return {
            row["urn"].strip(): Place(
                (row.get("name") or "").strip(),
                row["region"].strip(),
                _forms(row.get("press")),
                _forms(row.get("shared")),
                (row.get("site") or "").strip(),
            )
            for row in rows
            if (row.get("urn") or "").strip().isdigit() and (row.get("region") or "").strip()
        }


# How near a typed name must be to an authority's to be offered for it (difflib's ratio).
NEAR = 0.6


def _by_form(places: dict[str, Place]) -> dict[str, str]:
    """Every form a person names an authority by, folded, to its URN: its name and the
    press's forms (asked for an authority, "Richmond" means the council)."""
    forms = {form.casefold(): urn for urn, place in places.items() for form in place.press}
    return forms | {place.name.casefold(): urn for urn, place in places.items() if place.name}


def named(text: str, places: dict[str, Place]) -> str | None:
    """The URN of the authority a person named, by its URN, its name or a press form."""
    text = " ".join(text.split())
    if text in places:
        return text
    return _by_form(places).get(text.casefold())


def nearest(text: str, places: dict[str, Place], n: int = 3) -> list[str]:
    """The names nearest to what a person typed, nearest first: for a typo."""
    names = {place.name.casefold(): place.name for place in places.values() if place.name}
    return [
        names[near] for near in difflib.get_close_matches(" ".join(text.split()).casefold(), names, n, NEAR)
    ]

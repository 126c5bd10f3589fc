"""England's local authorities with children's services: each one's URN, name and region.

The facts ship with the product in england.csv beside this module, which says where they
come from, with the short and town forms the press uses ("Richmond", "Hull").
`[ofsted] regions_file` may name another file of the same columns (urn, region, and name)
to use instead.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ENGLAND = Path(__file__).with_name("england.csv")


@dataclass(frozen=True)
class Place:
    """An authority's name and region, and the other forms the press names it by."""

    name: str
    region: str
    press: tuple[str, ...] = ()


def regions(path: str = "") -> dict[str, Place]:
    """URN to name and region: from the file at `path`, or England's as shipped."""
    return read(Path(path)) if path else _england()


@cache
def _england() -> dict[str, Place]:
    return read(ENGLAND)


def read(path: Path) -> dict[str, Place]:
    """URN to name and region, from a CSV with the columns urn and region (and name);
    lines starting with # say where the facts come from."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = csv.DictReader(line for line in file if not line.startswith("#"))
        return {
            row["urn"].strip(): Place(
                (row.get("name") or "").strip(),
                row["region"].strip(),
                tuple(form.strip() for form in (row.get("press") or "").split(";") if form.strip()),
            )
            for row in rows
            if (row.get("urn") or "").strip().isdigit() and (row.get("region") or "").strip()
        }

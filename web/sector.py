"""The sector table: where every authority the reports site lists stands (its region, its
latest full inspection and grade, its latest visit, and the days since), as `list --sector`
prints it and the sector page shows it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from authorities import Place
from storage.sector import Sector, Standing
from storage.store import Store
from web.feeds import cell
from wording import judgements, short_name

COLUMNS = (
    "urn",
    "authority",
    "region",
    "full_inspection",
    "grade",
    "latest_visit",
    "visit_type",
    "days_since",
    "latest_report",
)


@dataclass(frozen=True)
class Row:
    standing: Standing  # for the page's links to the publications
    record: dict  # the fields of COLUMNS, as printed and exported


def record(standing: Standing, today: date, region: str | None) -> dict:
    """An authority's fields: the overall grade, or the judgements where a report gives none."""
    full, visit = standing.full, standing.visit
    facts = (full.facts or {}) if full else {}
    grades = facts.get("outcome") or "; ".join(f"{short_name(j.name)}: {j.grade}" for j in judgements(facts))
    return {
        "urn": standing.urn,
        "authority": standing.name,
        "region": region,
        "full_inspection": full.published.isoformat() if full and full.published else None,
        "grade": grades or None,
        "latest_visit": visit.published.isoformat() if visit and visit.published else None,
        "visit_type": visit.type if visit else None,
        "days_since": standing.days_since(today),
        "latest_report": standing.latest_report.isoformat() if standing.latest_report else None,
    }


def rows(store: Store, regions: dict[str, Place], today: date) -> list[Row]:
    """Every listed authority, by name, with its region when the regions file gives one."""
    return [
        Row(s, record(s, today, place.region if (place := regions.get(s.urn)) else None))
        for s in Sector(store).standings()
    ]


def to_csv(records: list[dict]) -> str:
    """The table with a header row; a scraped name cannot become a spreadsheet formula."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: cell("" if v is None else str(v)) for k, v in r.items()} for r in records)
    return out.getvalue()


def matching(found: list[Row], region: str = "", name: str = "", order: str = "name") -> list[Row]:
    """The rows of one region (all when none) whose authority's name contains `name`, by
    name or, with order "longest", longest since its last inspection or visit first."""
    wanted = name.casefold().strip()
    kept = [
        row
        for row in found
        if (not region or row.record["region"] == region) and wanted in row.record["authority"].casefold()
    ]
    if order == "longest":  # never inspected first: the longest wait of all
        kept.sort(
            key=lambda row: -(row.record["days_since"] if row.record["days_since"] is not None else 1e9)
        )
    return kept

"""Benchmark: which real news pages report which authority's Ofsted findings, and of
what kind, against the labelled pages of the shared material.

    .venv/bin/python -m benchmarks.news [PAGES.jsonl]

Asks about every (page, authority) pair as the labelled set's README says, with every
English authority watched (sector mode, press forms included), and prints precision,
recall and type accuracy against the targets, every miss with the passage that decided
it (or where the page names the authority), and the milliseconds to decide one page
for all authorities. A page is dated as the product dates a story its listing leaves
undated: by its address or its dateline (how many were is printed). The passages
written for every form (tests/news_probe.py) are scored the same way after. Exits 1
when an accuracy target is missed, 2 without the pages.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from tests.news_pages import Score, pages, score, sector_authorities
from tests.news_probe import passages

TARGET_PRECISION = 0.95
TARGET_RECALL = 0.95
TARGET_TYPE = 0.90
TARGET_MS = 20.0  # a page, for all authorities: measured, never asserted in tests
DEFAULT_PAGES = Path(__file__).resolve().parents[2] / "shared" / "news" / "dev.jsonl"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PAGES
    if not path.exists():
        print(f"skipped: no labelled news pages at {path}", file=sys.stderr)
        return 2
    labelled = pages(path)
    authorities = sector_authorities()
    score(labelled[:5], authorities)  # warm: the name index, compiled patterns
    result = score(labelled, authorities)
    dated = sum(page.published is not None for page in labelled)
    taken = result.milliseconds
    accurate = _print(result)
    print(
        f"pages: {len(labelled)} ({dated} dated by their address or dateline), "
        f"authorities asked about each: every one of {len(authorities)}"
        f"\nms a page: mean {statistics.mean(taken):.1f}, median {statistics.median(taken):.1f}, "
        f"max {max(taken):.1f} (target: mean <= {TARGET_MS:.0f})"
    )
    fast = statistics.mean(taken) <= TARGET_MS
    print("targets met" if accurate and fast else "TARGETS MISSED")
    written = passages()
    print(f"\nwritten passages of every form ({len(written)}, tests/news_probe.py):")
    _print(score(written, authorities))
    return 0 if accurate else 1


def _print(result: Score) -> bool:
    """Print the misses and figures; whether the accuracy targets are met."""
    for miss in result.misses:
        print(f"{miss.page} {miss.authority}: {miss.what}\n    {miss.passage}")
    print(
        f"\npairs: {result.true_positive} kept and relevant, {result.false_positive} kept and not, "
        f"{result.false_negative} relevant and not kept"
        f"\nprecision {result.precision:.3f} (target >= {TARGET_PRECISION})"
        f"\nrecall    {result.recall:.3f} (target >= {TARGET_RECALL})"
        f"\ntype      {result.type_accuracy:.3f} (target >= {TARGET_TYPE}; "
        f"{result.typed_right} of {result.typed} relevant pages)"
    )
    return (
        result.precision >= TARGET_PRECISION
        and result.recall >= TARGET_RECALL
        and result.type_accuracy >= TARGET_TYPE
    )


if __name__ == "__main__":
    sys.exit(main())

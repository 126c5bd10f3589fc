"""Benchmark: a poison document in a cycle, on a local copy of the reports site.

    .venv/bin/python -m benchmarks.poison

After a baseline, Croydon's page lists two new letters: a 540 KB-class PDF whose one page
unpacks to twenty million characters, and a real letter. One `once` with `[crawl]
cycle_timeout = 60` must refuse the poison, alert the letter, and stay within bounds:

Targets: the cycle <= 2 s more than a cycle with the letter alone, peak RSS of the whole
process tree (the cycle, the crawl child, the reading workers) <= 400 MB. Exits 1 when
one is missed.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from benchmarks.sector import run
from tests.conftest import Workdir, pdf_reply, serve_provider
from tests.sites import documents
from tests.sites.ofsted import Entry, croydon
from tests.sites.server import Site

EXTRA_SECONDS, PEAK_MB = 2.0, 400.0


def _cycle(site: Site, *, poisoned: bool) -> tuple[float, int]:
    """(seconds, peak tree RSS) of the cycle that finds the new letters."""
    page = croydon()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Workdir(Path(folder), site)
        config = workdir.write_config()
        config.write_text(config.read_text().replace("[crawl]\n", "[crawl]\ncycle_timeout = 60\n", 1))
        serve_provider(site, page)
        run(workdir, "once", "--console")  # the baseline
        letter = Entry("50300012", "Children's services focused visit", "14 November 2026", "2026-10-07")
        visited = date(2026, 10, 7)
        site.serve(
            "/v1/file/50300012",
            pdf_reply(documents.render(documents.letter_text("focused-visit", "Croydon", visited, visited))),
        )
        page.entries.insert(0, letter)
        if poisoned:
            poison = Entry("50300011", "Children's services focused visit", "15 November 2026", "2026-10-08")
            site.serve("/v1/file/50300011", pdf_reply(documents.wall_of_text(20_000_000, 1, compressed=True)))
            page.entries.insert(0, poison)
        serve_provider(site, page)
        found = run(workdir, "once", "--console")
        return found.seconds, found.peak_rss


def main() -> int:
    site = Site().start()
    try:
        plain, _ = _cycle(site, poisoned=False)
        seconds, peak = _cycle(site, poisoned=True)
    finally:
        site.stop()
    extra = seconds - plain
    print(
        f"a cycle with the poison: {seconds:.2f} s, {extra:+.2f} s beside one without "
        f"(target <= {EXTRA_SECONDS:.0f}); peak RSS of the process tree {peak / 2**20:.0f} MB "
        f"(target <= {PEAK_MB:.0f})"
    )
    ok = extra <= EXTRA_SECONDS and peak <= PEAK_MB * 2**20
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

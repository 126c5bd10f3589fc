"""Benchmark: a whole `once` process for Croydon with nothing new, on local copies of the site.

    .venv/bin/python -m benchmarks.cycle [RUNS]

Serves a realistic Croydon provider page and its documents on 127.0.0.1, runs the
baseline cycle, then times RUNS further cycles (each a fresh process, as cron or ops would
start it) at `[crawl] delay = 0.01` (the least accepted), and prints the median and worst wall time with a
breakdown of one run: start-up to cycle start, the crawl child, delivery and exit.
The target is under 1.0 s a cycle. Exits 1 when the median misses it.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks import command_environment
from tests.conftest import Workdir, serve_provider
from tests.sites.ofsted import croydon
from tests.sites.server import Site

TARGET_SECONDS = 1.0
PROJECT = Path(__file__).resolve().parents[1]
_STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \w+ .*?: (.*)$")


def once(workdir: Path) -> tuple[float, str]:
    """Wall seconds of one `once` process, and what it logged."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(PROJECT / "scheduler.py"), "once", "--console"],
        cwd=workdir,
        env=command_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    taken = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the cycle failed ({done.returncode}): {done.stderr[-2000:]}")
    return taken, done.stdout + done.stderr


def breakdown(log: str, started: float, total: float) -> list[str]:
    """Seconds from the process start to each logged event, from the log's own stamps."""
    lines, first = [], None
    for line in log.splitlines():
        found = _STAMP.match(line)
        if not found:
            continue
        at = datetime.strptime(found.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
        first = first if first is not None else at
        lines.append(f"  +{at - first:6.3f} s  {found.group(2)[:90]}")
    return lines


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    site = Site().start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            workdir = Workdir(Path(folder), site)
            workdir.write_config()
            serve_provider(site, croydon())
            once(Path(folder))  # the baseline: stores and reads everything once
            timings, log = [], ""
            for _ in range(runs):
                taken, log = once(Path(folder))
                timings.append(taken)
    finally:
        site.stop()
    median = statistics.median(timings)
    print(f"cycles: {runs}; median {median:.3f} s, worst {max(timings):.3f} s (target < {TARGET_SECONDS} s)")
    print("the last run's events:")
    print("\n".join(breakdown(log, 0.0, timings[-1])))
    print("targets met" if median < TARGET_SECONDS else "TARGET MISSED")
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())

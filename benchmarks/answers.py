"""Benchmark: how long `/ofsted` takes to build its answer from a large store.

    .venv/bin/python -m benchmarks.answers [--only sqlite|postgresql]

Fills a scratch store as benchmarks.web_pages does (10,000 publications of 150
authorities, 2,000 news items), then builds answers in process, as the Socket Mode
thread does: an authority's (its journey, last publications and news), a typo's nearest
names, and the region side by side, each asked 100 times (p50 and p95). Slack wants the
acknowledgement, which carries the answer, within 3 s; the target is p95 <= 1,000 ms for
each. Exits 1 when one is missed.
"""

from __future__ import annotations

import statistics
import sys
import time

from alerts.answers import Answers
from benchmarks.web_pages import AUTHORITIES, fill, on_stores
from config import Config
from storage import Store

SAMPLES = 100
P95_MS = 1000.0


def measure(name: str, url: str) -> list[bool]:
    fill(url)
    store = Store(url, migrate=False, create=False)
    answers = Answers(Config(), store)
    asked = {
        "an authority": lambda n: answers.authority(str(80000 + n % AUTHORITIES), "Authority"),
        "a typo": lambda n: answers.answer("Croydn"),
        "the region": lambda n: answers.answer("sector"),
    }
    met = []
    print(f"{name}:")
    try:
        for what, ask in asked.items():
            times = []
            for n in range(SAMPLES):
                started = time.perf_counter()
                ask(n)
                times.append((time.perf_counter() - started) * 1000)
            p95 = statistics.quantiles(times, n=20)[-1]
            met.append(p95 <= P95_MS)
            print(
                f"  {what:14} p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
                f"{'ok' if met[-1] else 'MISSED'}"
            )
    finally:
        store.close()
    return met


def main() -> int:
    return on_stores(__doc__.splitlines()[0], lambda name, url, folder: measure(name, url))


if __name__ == "__main__":
    sys.exit(main())

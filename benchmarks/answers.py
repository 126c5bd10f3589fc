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

import sys

from alerts.answers import Answers
from benchmarks import timed
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
    print(f"{name}:")
    try:
        met = [timed(what, ask, SAMPLES, P95_MS) for what, ask in asked.items()]
    finally:
        store.close()
    return met


def main() -> int:
    return on_stores(__doc__.splitlines()[0], lambda name, url, folder: measure(name, url))


if __name__ == "__main__":
    sys.exit(main())

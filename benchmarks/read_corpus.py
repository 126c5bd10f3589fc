"""Benchmark: read and summarise every PDF of the shared corpus, from disk.

    .venv/bin/python benchmarks/read_corpus.py [CORPUS_DIR]

Reports the median and 95th-percentile milliseconds per document (all documents, and
letters alone) and the process's peak resident memory, against the targets. Exits 1 when
a target is missed.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from reader.publication import read_pdf  # noqa: E402

TARGET_LETTER_MEDIAN_MS = 50.0
TARGET_PEAK_RSS_MB = 150.0
LETTER_TYPES = ("focused-visit", "monitoring-visit", "jtai")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT.parent / "shared/corpus/ofsted"
    files = sorted(corpus.glob("*.pdf"))
    if not files:
        print(f"no PDFs in {corpus}", file=sys.stderr)
        return 2
    timings: dict[str, float] = {}
    for path in files:
        body = path.read_bytes()
        started = time.perf_counter()
        read_pdf(200, "application/pdf", body, len(body))
        timings[path.name] = (time.perf_counter() - started) * 1000
    letters = [ms for name, ms in timings.items() if any(f"_{t}_" in name for t in LETTER_TYPES)]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    everything = list(timings.values())
    print(f"documents: {len(everything)} ({len(letters)} letters)")
    print(f"all documents: median {statistics.median(everything):.1f} ms, "
          f"p95 {percentile(everything, 0.95):.1f} ms, max {max(everything):.1f} ms")
    letter_median = statistics.median(letters)
    print(f"letters:       median {letter_median:.1f} ms, p95 {percentile(letters, 0.95):.1f} ms "
          f"(target: median <= {TARGET_LETTER_MEDIAN_MS:.0f} ms)")
    print(f"peak RSS: {peak_mb:.1f} MB (target: <= {TARGET_PEAK_RSS_MB:.0f} MB)")
    ok = letter_median <= TARGET_LETTER_MEDIAN_MS and peak_mb <= TARGET_PEAK_RSS_MB
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

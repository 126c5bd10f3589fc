"""Benchmark: read and summarise every PDF of the shared corpus, from disk.

    .venv/bin/python -m benchmarks.read_corpus [CORPUS_DIR]

Prints the accuracy table (per type and field: correct, missing, wrong), the self-check's
facts that break an invariant (reader/selfcheck.py), and beside them the
milliseconds per document (median and 95th percentile, all documents and letters alone,
and the CPU time, for comparing two versions on a busy machine) and the process's peak
resident memory, against the targets. Exits 1 when one is missed.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

from reader.publication import read_pdf
from tests.corpus import LEFT_OUT, below_bars, read_corpus, score, self_check, table_lines
from vocabulary import PublicationType

TARGET_MEDIAN_MS = 30.0
TARGET_P95_MS = 150.0
TARGET_PEAK_RSS_MB = 150.0
LETTER_TYPES = tuple(kind.value for kind in PublicationType if kind.is_letter)
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timings(files: list[Path]) -> tuple[dict[str, float], dict[str, float]]:
    """Milliseconds to check, read and summarise each document: on the clock, and of this
    process's CPU time, which other work on a busy machine changes far less."""
    taken: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for path in files:
        body = path.read_bytes()
        started, cpu_started = time.perf_counter(), time.process_time()
        read_pdf(200, "application/pdf", body, len(body))
        taken[path.name] = (time.perf_counter() - started) * 1000
        cpu[path.name] = (time.process_time() - cpu_started) * 1000
    return taken, cpu


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    files = sorted((corpus / "ofsted").glob("*.pdf"))
    if not files:
        print(f"no PDFs in {corpus / 'ofsted'}", file=sys.stderr)
        return 2
    taken, cpu = timings(files)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    read = read_corpus(corpus)
    table, _ = score(read)
    print("\n".join(table_lines(table)))
    print(
        "scored with the inspectors facts.csv leaves out:",
        *(f"  {name}: {why}" for name, (_, why) in LEFT_OUT.items()),
        sep="\n",
    )
    breaks, own = self_check(read)
    print(f"\nself-check: {len(breaks)} facts break an invariant", *breaks, sep="\n")
    print(f"{len(own)} more break one in the document's own text, read as printed:", *own, sep="\n")
    everything = list(taken.values())
    letters = [ms for name, ms in taken.items() if any(f"_{t}_" in name for t in LETTER_TYPES)]
    median, p95 = statistics.median(everything), percentile(everything, 0.95)
    print(f"\ndocuments: {len(everything)} ({len(letters)} letters)")
    print(
        f"all documents: median {median:.1f} ms (target <= {TARGET_MEDIAN_MS:.0f}), "
        f"p95 {p95:.1f} ms (target <= {TARGET_P95_MS:.0f}), max {max(everything):.1f} ms"
    )
    print(
        f"letters:       median {statistics.median(letters):.1f} ms, p95 {percentile(letters, 0.95):.1f} ms"
    )
    spent = list(cpu.values())
    print(f"CPU time:      median {statistics.median(spent):.1f} ms, p95 {percentile(spent, 0.95):.1f} ms")
    print(f"peak RSS: {peak_mb:.1f} MB (target: <= {TARGET_PEAK_RSS_MB:.0f} MB)")
    failing = below_bars(table)
    failing += [f"self-check: {len(breaks)} facts break an invariant"] if breaks else []
    ok = median <= TARGET_MEDIAN_MS and p95 <= TARGET_P95_MS and peak_mb <= TARGET_PEAK_RSS_MB and not failing
    print("targets met" if ok else "TARGETS MISSED" + "".join(f"\n  {line}" for line in failing))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

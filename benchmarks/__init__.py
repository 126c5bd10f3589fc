"""Speed and memory benchmarks, each run as `python -m benchmarks.<name>` (see docs/benchmarks.md)."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

# What a benchmarked command must not inherit: it posts nowhere and uses its scratch store,
# and it runs as installed, with its modules' bytecode cached (pip compiles them at
# install), not compiled afresh by every process as a shell with caching off would have it.
_LEFT_OUT = ("SLACK_BOT_TOKEN", "DATABASE_URL", "PYTHONDONTWRITEBYTECODE")


def command_environment() -> dict[str, str]:
    """The environment a benchmarked command runs in."""
    return {name: value for name, value in os.environ.items() if name not in _LEFT_OUT}


def timed(name: str, call: Callable[[int], object], repeats: int, target_ms: float, *, warm: int = 0) -> bool:
    """Call `call(n)` for n in range(repeats), after `warm` calls that fill caches; print
    the wall clock's p50 and p95 and the CPU's p50; whether the p95 is within the target."""
    for n in range(warm):
        call(n)
    taken, cpu = [], []
    for n in range(repeats):
        started, busy = time.perf_counter(), time.process_time()
        call(n)
        taken.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - busy) * 1000)
    p95 = statistics.quantiles(taken, n=20)[-1]
    met = p95 <= target_ms
    print(
        f"  {name:14} p50 {statistics.median(taken):6.1f} ms  p95 {p95:6.1f} ms  "
        f"(CPU p50 {statistics.median(cpu):5.1f} ms)  {'ok' if met else 'MISSED'}"
    )
    return met

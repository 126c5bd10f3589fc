"""Speed and memory benchmarks, each run as `python -m benchmarks.<name>` (see docs/benchmarks.md)."""

from __future__ import annotations

import os

# What a benchmarked command must not inherit: it posts nowhere and uses its scratch store,
# and it runs as installed, with its modules' bytecode cached (pip compiles them at
# install), not compiled afresh by every process as a shell with caching off would have it.
_LEFT_OUT = ("SLACK_BOT_TOKEN", "DATABASE_URL", "PYTHONDONTWRITEBYTECODE")


def command_environment() -> dict[str, str]:
    """The environment a benchmarked command runs in."""
    return {name: value for name, value in os.environ.items() if name not in _LEFT_OUT}

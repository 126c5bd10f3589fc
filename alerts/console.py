"""The console reporter: alerts printed to standard output, when no Slack token is set."""

from __future__ import annotations

import sys

from alerts.blocks import Post
from alerts.reporter import Posted


class ConsoleReporter:
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def post(self, channel: str, post: Post, thread_ts: str | None = None) -> Posted:
        """Print one message; the console has no message id."""
        print(f"--- {post.label}\n{post.plain}", file=self.stream)
        self.stream.flush()
        return Posted("console", None)

    def update(self, channel_id: str, ts: str, post: Post) -> None:
        """Nothing printed can be edited; the change is printed as its own note instead."""

    def resolve(self, channel: str) -> None:
        return None

    def find(self, *args, **kwargs) -> None:
        """Nothing printed can be looked up: an interrupted print is printed again."""
        return None

"""The console reporter: alerts printed to standard output, when no Slack token is set."""

from __future__ import annotations

import sys

from alerts.message import plain_text


class ConsoleReporter:
    destination = "console"

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, alert, publication) -> str | None:
        """Print one alert; the console has no message id, so None."""
        print(f"--- alert {alert.id}\n{plain_text(alert, publication)}", file=self.stream)
        self.stream.flush()
        return None

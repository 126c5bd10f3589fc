"""The product's exceptions' one base: a problem a person must hear of, in one line, with
the exit code a command ends with because of it. `scheduler.main` is the one place that
turns a Problem into "error: ..." and its code; each layer raises its own kind.

And a failure of a source's read or of a cycle, as a value (`Failure`): what the crawl
records, health tells and the status shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vocabulary import ExitCode, FailureKind


class Problem(Exception):
    """A problem said in one line (the exception's message), ending a command with
    `exit_code`."""

    exit_code: ExitCode = ExitCode.FAILED


class UsageProblem(Problem):
    """The config or the command line is wrong: nothing was done."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Failure:
    """What failed, of what kind: the kind decides how it is told, the detail says what
    happened; str() is the words people read."""

    kind: FailureKind
    detail: str

    def __str__(self) -> str:
        # The hint is said once, at the end: a detail that says it already (failures
        # joined, a text stored with it) is not said again.
        said = self.kind.prefix + self.detail
        hint = self.kind.hint
        return f"{said} {hint}" if hint and hint not in self.detail else said

    def about(self, what: str) -> Failure:
        """The same failure, said of a page or source: "<what>: <detail>"."""
        return Failure(self.kind, f"{what}: {self.detail}")

    def stored(self) -> dict[str, str]:
        """As a cycle's errors keep it (JSON)."""
        return {"kind": self.kind.value, "detail": self.detail}

    @classmethod
    def loaded(cls, entry: dict | str) -> Failure:
        """A failure as `stored` kept it. Words alone, as a version before migration 0023
        still running beside this one writes them, and a kind this version does not know
        are read as a failed read, never an error: status and /healthz must still answer."""
        if isinstance(entry, str):
            delivery = FailureKind.DELIVERY.prefix
            if entry.startswith(delivery):
                return cls(FailureKind.DELIVERY, entry.removeprefix(delivery))
            return cls(FailureKind.READ, entry)
        try:
            kind = FailureKind(str(entry.get("kind")))
        except ValueError:
            kind = FailureKind.READ
        return cls(kind, str(entry.get("detail", "")))

    @classmethod
    def joined(cls, failures: Sequence[Failure]) -> Failure:
        """Several failures of one read as one, each in its words: of the kind told
        soonest, so that one page's layout change is not hidden by another's outage."""
        kind = next((f.kind for f in failures if f.kind.told_at_once), failures[0].kind)
        return cls(kind, "; ".join(str(f) for f in failures))

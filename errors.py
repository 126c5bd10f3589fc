"""The product's exceptions' one base: a problem a person must hear of, in one line, with
the exit code a command ends with because of it. `scheduler.main` is the one place that
turns a Problem into "error: ..." and its code; each layer raises its own kind."""

from __future__ import annotations

from vocabulary import ExitCode


class Problem(Exception):
    """A problem said in one line (the exception's message), ending a command with
    `exit_code`."""

    exit_code: ExitCode = ExitCode.FAILED


class UsageProblem(Problem):
    """The config or the command line is wrong: nothing was done."""

    exit_code = ExitCode.USAGE

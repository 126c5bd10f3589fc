"""Options that cannot go together are refused in one line (exit 2), never silently dropped."""

from __future__ import annotations

import pytest

from scheduler import conflict, parser


@pytest.mark.parametrize(
    ("argv", "refusal"),
    [
        (["list", "--json", "--csv"], "list takes --json or --csv, not both"),
        (["list", "--sector", "--since", "2024-01-01"], "--since does not apply"),
        (["backfill", "--sector", "--since", "2024-01-01"], "--since and --until do not apply"),
        (["backfill", "--sector", "--until", "2024-01-01"], "--since and --until do not apply"),
        (["backfill", "--until", "2024-01-01"], "backfill needs --since DATE"),
        (["reread"], "reread takes a publication's id, or --check alone"),
        (["reread", "50300001", "--check"], "reread takes a publication's id, or --check alone"),
    ],
)
def test_options_that_would_be_ignored_are_refused(argv, refusal):
    found = conflict(parser().parse_args(argv))
    assert found and refusal in found


@pytest.mark.parametrize(
    "argv",
    [["list", "--json"], ["list", "--sector", "--csv"], ["backfill", "--sector"], ["reread", "--check"]],
)
def test_options_that_go_together_pass(argv):
    assert conflict(parser().parse_args(argv)) is None


def test_the_command_says_it_in_one_line(workdir):
    run = workdir.cli("list", "--sector", "--since", "2024-01-01")
    assert run.code == 2 and run.err.count("\n") == 1 and run.err.startswith("error: ")


def test_exit_codes_are_defined_once_in_the_vocabulary():
    import re

    from tests.conftest import PROJECT
    from vocabulary import ExitCode

    defined = [
        f"{path.relative_to(PROJECT)}: {line}"
        for path in PROJECT.glob("**/*.py")
        if ".venv" not in path.parts
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"(EXIT|EXIT_\w+)\s*=\s*\d", line)
    ]
    assert not defined
    assert [code.value for code in ExitCode] == [0, 1, 2, 3, 4, 5, 6]

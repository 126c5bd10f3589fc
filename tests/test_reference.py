"""The command reference is generated from the parser: the checked-in copies must match."""

from __future__ import annotations

import contextlib
import io

from cogapp import Cog

from tests.conftest import PROJECT

GENERATED = ("docs/commands.md", "README.md")


def test_the_checked_in_command_reference_is_what_the_parser_says():
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.chdir(PROJECT):
        code = Cog().main(["cog", "--check", "--diff", "-I", ".", *GENERATED])
    assert code == 0, f"{said.getvalue()}\nregenerate with: cog -r {' '.join(GENERATED)}"


def test_every_command_has_a_section_and_a_row():
    import scheduler

    reference, table = scheduler.reference(), scheduler.table()
    for name in scheduler.COMMANDS:
        assert f"## {name}\n" in reference and f"usage: ofsted-watch {name}" in reference
        assert f"| `{name}" in table

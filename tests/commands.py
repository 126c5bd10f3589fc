"""Commands run in the test's own process, as the installed command runs them: through
`scheduler.main`, in the workdir, with the test's environment, and its output and its
crawl child's captured in files (the child writes to a file descriptor, as it does in
service). Starting Python and importing the product for every command cost most of the
suite's time; the commands that serve run as processes of their own."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# Commands that serve until stopped: a process of their own, which a signal can stop.
SERVING = ("serve", "web")


@dataclass
class Run:
    code: int
    out: str
    err: str


def in_process(argv: Sequence[str], *, cwd: Path, env: Mapping[str, str]) -> Run:
    """`argv` through `scheduler.main`; a bug that escapes it is a traceback and exit 1,
    as Python ends a process with one."""
    import scheduler

    with _captured() as (out, err), _within(cwd, env):
        try:
            code = scheduler.main(list(argv))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        except Exception:  # noqa: BLE001 - as an uncaught exception ends a process
            traceback.print_exc()
            code = 1
    return Run(int(code), out.text, err.text)


@dataclass
class _Output:
    file: IO[str]
    text: str = ""


@contextlib.contextmanager
def _captured() -> Iterator[tuple[_Output, _Output]]:
    """sys.stdout and sys.stderr as line-buffered files, and logging as it was after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    streams = sys.stdout, sys.stderr
    with tempfile.TemporaryFile("w+", buffering=1) as out, tempfile.TemporaryFile("w+", buffering=1) as err:
        captured = _Output(out), _Output(err)
        sys.stdout, sys.stderr = out, err
        try:
            yield captured
        finally:
            sys.stdout, sys.stderr = streams
            root.handlers[:] = handlers
            root.setLevel(level)
            for output in captured:
                output.file.flush()
                output.file.seek(0)
                output.text = output.file.read()


@contextlib.contextmanager
def _within(cwd: Path, env: Mapping[str, str]) -> Iterator[None]:
    """In `cwd` with exactly `env`, and back."""
    saved = dict(os.environ)
    here = os.getcwd()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(here)
        os.environ.clear()
        os.environ.update(saved)

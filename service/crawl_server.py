"""The crawl server: one process that has imported the crawl (Scrapy, the store, the
spiders) and forks a crawl child for each cycle.

Importing the crawl costs about a second of CPU; a fork costs milliseconds. A command
starts the server once and every cycle it runs forks its crawl from it, so `serve` pays
for the imports once, not every cycle, and the child begins its crawl at once.

Why not multiprocessing's fork server: it is one per process, shared with the document
reading pool and preloaded with whichever modules the first user named, and it is started
with this process's environment, Slack token included. This server is started with the
crawl's environment (no token) and preloads the crawl alone.

The protocol, on a Unix socket: the cycle's process sends one request a child, carrying
four descriptors (the child's end of its control socket, its stdout and stderr, and a
status pipe). The server forks; the child, in a process group of its own, runs
`service.crawl.forked`; the server writes the child's pid to the status pipe, and its
exit code when it ends, then closes it. The server ends when its requester does (its
socket's end of file), and with it, by the kernel's parent-death signal, its children.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import threading

from errors import Problem
from service import ending
from vocabulary import ExitCode

# prctl's option: the signal this process gets when its parent dies.
PR_SET_PDEATHSIG = 1
_REQUEST = b"fork"
# The descriptors a request carries, in order.
_CONTROL, _STDOUT, _STDERR, _STATUS = range(4)


def die_with_parent(parent: int | None) -> None:
    """Ask the kernel to kill this process the moment its parent dies (Linux's
    PR_SET_PDEATHSIG), and end now if it already has."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0 and (
        parent is not None and os.getppid() != parent
    ):
        ending.end(ExitCode.ORPHANED)  # the parent died before the kernel was asked


class Forked:
    """A crawl child forked by the server, seen from the cycle's process: its pid and,
    once it has ended, its exit code (negative: the signal that ended it), as the server
    writes them to its status pipe. A thread of its own listens, so that the cycle may
    wait for the child while shutdown stops it from another thread."""

    def __init__(self, status: int):
        self.returncode: int | None = None
        self._pid: int | None = None
        self._forked = threading.Event()
        self._ended = threading.Event()
        threading.Thread(target=self._listen, args=(status,), name="crawl-status", daemon=True).start()

    def _listen(self, status: int) -> None:
        with os.fdopen(status, "rb") as said:
            for line in said:
                if self._pid is None:
                    self._pid = int(line)
                    self._forked.set()
                else:
                    self.returncode = int(line)
        if self.returncode is None:  # the server ended without saying: the child died with it
            self.returncode = -signal.SIGKILL
        self._ended.set()  # first: a waiter on the pid then finds the child ended
        self._forked.set()

    @property
    def never_started(self) -> bool:
        """The server ended before it forked the child (its error is in the log)."""
        return self._ended.is_set() and self._pid is None

    @property
    def pid(self) -> int:
        """The child's pid (waits for the server to have forked it)."""
        self._forked.wait()
        if self._pid is None:
            raise ChildLost("the crawl server ended before it started the crawl")
        return self._pid

    def poll(self) -> int | None:
        """The exit code, or None while the child runs."""
        return self.returncode if self._ended.is_set() else None

    def wait(self, timeout: float | None) -> int | None:
        """The exit code; None when the child still runs after `timeout` seconds."""
        self._ended.wait(timeout)
        return self.poll()


class ChildLost(Exception):
    """The server ended before it started the crawl child."""


class CrawlUnavailable(Problem):
    """No crawl child could be started: the crawl server could not be started or reached."""


class Client:
    """The cycle's process's side: starts the server when first asked for a child, and
    again if it has ended (it dies with the thread that started it)."""

    def __init__(self, environment: dict[str, str]):
        self._environment = environment
        self._lock = threading.Lock()
        self._server: subprocess.Popen | None = None
        self._socket: socket.socket | None = None

    def start(self) -> None:
        """Start the server now, from this thread: it dies with the thread that started it."""
        with self._lock:
            self._connected()

    def fork(self, control: socket.socket, stdout: int, stderr: int) -> Forked:
        """A crawl child on `control` (its end is sent to it), writing to these descriptors."""
        status_read, status_write = os.pipe()
        try:
            with self._lock:
                for attempt in (1, 2):
                    try:
                        socket.send_fds(
                            self._connected(), [_REQUEST], [control.fileno(), stdout, stderr, status_write]
                        )
                        break
                    except OSError as exc:  # the server has ended: start another, once
                        self._close()
                        if attempt == 2:
                            raise CrawlUnavailable(
                                f"the crawl could not be started: {exc.strerror or exc}"
                            ) from exc
        except BaseException:
            os.close(status_read)
            raise
        finally:
            os.close(status_write)
        return Forked(status_read)

    def _connected(self) -> socket.socket:
        if self._server is not None and self._server.poll() is not None:
            self._close()
        if self._socket is None:
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            with theirs:
                self._server = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "service.crawl_server",
                        str(theirs.fileno()),
                        "--parent",
                        str(os.getpid()),
                    ],
                    env=self._environment,
                    stdin=subprocess.DEVNULL,
                    pass_fds=(theirs.fileno(),),
                    start_new_session=True,
                )
            self._socket = ours
        return self._socket

    def _close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._server is not None:
            with contextlib.suppress(ProcessLookupError):
                self._server.kill()
            self._server.wait()
            self._server = None


def serve(requests: socket.socket) -> None:
    """Fork a crawl child for each request until the requester goes; report each child's
    pid as it is forked and its exit code as it is reaped (SIGCHLD wakes the loop)."""
    from service import crawl

    woken, wake = os.pipe()
    for end in (woken, wake):
        os.set_blocking(end, False)
    signal.set_wakeup_fd(wake)
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)  # to be woken, not to act
    children: dict[int, int] = {}  # pid: its status pipe
    while True:
        ready, _, _ = select.select([requests.fileno(), woken], [], [])
        if woken in ready:
            with contextlib.suppress(BlockingIOError):
                while os.read(woken, 512):
                    pass
            _reap(children)
        if requests.fileno() not in ready:
            continue
        message, fds, _, _ = socket.recv_fds(requests, len(_REQUEST), 4)
        if not message:  # the cycle's process has gone, or let go
            return
        pid = os.fork()
        if pid == 0:
            signal.set_wakeup_fd(-1)
            for own in (requests.fileno(), woken, wake, fds[_STATUS], *children.values()):
                os.close(own)
            ending.end(_child(crawl, fds))
        # Its own process group from the start (it sets it too), so that the pid said is
        # at once a group to signal, whichever of the two runs first.
        with contextlib.suppress(PermissionError, ProcessLookupError):
            os.setpgid(pid, pid)
        for own in fds[:_STATUS]:
            os.close(own)
        children[pid] = fds[_STATUS]
        _say(fds[_STATUS], pid)


def _reap(children: dict[int, int]) -> None:
    """Say how each child that has ended ended, and forget it."""
    while children:
        try:
            pid, code = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        status = children.pop(pid)
        _say(status, os.waitstatus_to_exitcode(code))
        os.close(status)


def _say(status: int, number: int) -> None:
    with contextlib.suppress(OSError):  # the requester may have gone
        os.write(status, b"%d\n" % number)


def _child(crawl, fds: list[int]) -> int:
    """In the forked child: its own process group, its streams, then the crawl. Whatever
    stops it is one line, never a traceback through the server's loop."""
    try:
        os.setpgid(0, 0)  # stopping it reaches any process it starts
        die_with_parent(None)  # the server's death ends it too
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD):
            signal.signal(signum, signal.SIG_DFL)
        os.dup2(fds[_STDOUT], 1)
        os.dup2(fds[_STDERR], 2)
        os.close(fds[_STDOUT])
        os.close(fds[_STDERR])
        return crawl.forked(socket.socket(fileno=fds[_CONTROL]))
    except BaseException as exc:  # noqa: BLE001 - the crawl's end, said in one line
        logging.getLogger("service.crawl").error("the crawl stopped: %s: %s", type(exc).__name__, exc)
        return ExitCode.FAILED


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.crawl_server")
    parser.add_argument("socket", type=int, help="the descriptor of the socket requests come on")
    parser.add_argument("--parent", type=int, help="the requester's process id: the server ends with it")
    args = parser.parse_args(argv)
    die_with_parent(args.parent)
    # Stopped by its requester's end (end of file, or the parent-death signal), never by a
    # signal meant for the whole service: a crawl under way stops as its cycle asks.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_IGN)
    requests = socket.socket(fileno=args.socket)
    try:
        from service import crawl

        crawl.preload()
    except Exception as exc:  # noqa: BLE001 - a broken install, said in one line
        print(f"error: the crawl server cannot start: {type(exc).__name__}: {exc}", file=sys.stderr)
        return ExitCode.FAILED
    # What start-up made lives as long as the server: kept out of the collector's full
    # passes, and shared with every child until it writes to it.
    gc.freeze()
    serve(requests)
    return ExitCode.OK


if __name__ == "__main__":
    ending.end(main())

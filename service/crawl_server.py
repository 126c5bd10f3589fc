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
status pipe). The server forks; the child starts a session of its own and runs
`service.crawl.forked`; the server writes the child's pid to the status pipe, and its
exit code when it ends, then closes it. The server ends when its requester does (its
socket's end of file), and with it, by the kernel's parent-death signal, its children.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import select
import signal
import socket
import subprocess
import sys
import threading

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
        self._forked.set()
        self._ended.set()

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
    """The server could not start a crawl child."""


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
                    except OSError:  # the server has ended: start another, once
                        self._close()
                        if attempt == 2:
                            raise
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
    """Fork a crawl child for each request until the requester goes."""
    from service import crawl

    children: dict[int, tuple[int, int]] = {}  # pidfd: (pid, status pipe)
    while True:
        ready, _, _ = select.select([requests.fileno(), *children], [], [])
        for fd in ready:
            if fd == requests.fileno():
                message, fds, _, _ = socket.recv_fds(requests, len(_REQUEST), 4)
                if not message:  # the cycle's process has gone, or let go
                    return
                pid = os.fork()
                if pid == 0:
                    requests.close()
                    for pidfd, (_, status) in children.items():
                        os.close(pidfd)
                        os.close(status)
                    os.close(fds[_STATUS])
                    ending.end(_child(crawl, fds))
                for own in fds[:_STATUS]:
                    os.close(own)
                os.write(fds[_STATUS], b"%d\n" % pid)
                children[os.pidfd_open(pid)] = (pid, fds[_STATUS])
            else:
                pid, status = children.pop(fd)
                os.close(fd)
                _, code = os.waitpid(pid, 0)
                with contextlib.suppress(OSError):  # the requester may have gone
                    os.write(status, b"%d\n" % os.waitstatus_to_exitcode(code))
                os.close(status)


def _child(crawl, fds: list[int]) -> int:
    """In the forked child: its own session, its streams, then the crawl."""
    os.setsid()  # stopping it reaches any process it starts
    die_with_parent(None)  # the server's death ends it too
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD):
        signal.signal(signum, signal.SIG_DFL)
    os.dup2(fds[_STDOUT], 1)
    os.dup2(fds[_STDERR], 2)
    os.close(fds[_STDOUT])
    os.close(fds[_STDERR])
    return crawl.forked(socket.socket(fileno=fds[_CONTROL]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.crawl_server")
    parser.add_argument("socket", type=int, help="the descriptor of the socket requests come on")
    parser.add_argument("--parent", type=int, help="the requester's process id: the server ends with it")
    args = parser.parse_args(argv)
    die_with_parent(args.parent)
    requests = socket.socket(fileno=args.socket)
    from service import crawl

    crawl.preload()
    # What start-up made lives as long as the server: kept out of the collector's full
    # passes, and shared with every child until it writes to it.
    gc.freeze()
    serve(requests)
    return ExitCode.OK


if __name__ == "__main__":
    ending.end(main())

"""Reading documents and news articles in worker processes, each read held to a time and
a memory limit.

A document is hostile input: one built to take minutes or gigabytes must cost one failed
read with a reason, not the cycle. Each read runs in a worker process whose address space
is capped (RLIMIT_AS). A read past its time limit has its own worker killed, and that
worker alone (pebble's ProcessPool does this): a read in flight on another worker goes on
untouched. A worker that dies (the memory limit, a crash in pdfium) fails its read at
once. Workers come from a fork server that has imported the reader already, so a read
does not pay for Python's start-up.
"""

from __future__ import annotations

import asyncio
import errno
import os
import resource
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pebble import ProcessPool

MEGABYTE = 1024 * 1024
SHARED_MEMORY = "/dev/shm"


def _limit_memory(megabytes: int) -> None:
    """In each worker: its whole address space is capped."""
    limit = megabytes * MEGABYTE
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _document(status: int, content_type: str, body: bytes, declared: int | None) -> tuple[str, object]:
    """In a worker: ("done", {"facts", "summary"}) or ("failed", reason)."""
    # Imported here, in the worker (its fork server has them already): the crawl that
    # hands documents over never needs the reader or pdfium.
    from reader.publication import read_pdf
    from reader.text import ReadError

    try:
        return "done", read_pdf(status, content_type, body, declared)
    except ReadError as exc:
        return "failed", str(exc)
    except MemoryError:
        return "failed", "reading the document needed more memory than allowed, so it was stopped"


def _article(html: str, url: str) -> tuple[str, object]:
    """In a worker: ("done", the article's main text) or ("failed", reason)."""
    from reader.news import article_text  # on a worker's first article: documents do without it

    try:
        return "done", article_text(html, url)
    except MemoryError:
        return "failed", "reading the article needed more memory than allowed, so it was stopped"


class ReadingUnavailable(Exception):
    """The workers could not be started: no document can be read until that is mended."""


def _why_not_started(exc: BaseException) -> str:
    """Why the workers could not start, in words ops can act on."""
    # multiprocessing's locks live in shared memory: a read-only or full /dev/shm.
    if isinstance(exc, OSError) and (
        exc.errno == errno.ENOSPC
        or (exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and not os.access(SHARED_MEMORY, os.W_OK))
    ):
        return f"document reading could not start: {SHARED_MEMORY} is full or not writable ({exc.strerror})"
    return f"document reading could not start: {type(exc).__name__}: {exc}"


class ReadingPool:
    def __init__(self, workers: int, seconds: float, megabytes: int):
        self.workers = workers
        self.seconds = seconds
        self.megabytes = megabytes
        self._pool: ProcessPool | None = None
        self._unavailable: ReadingUnavailable | None = None
        self._broken = False  # a worker died before its read began: the pool is spent

    def start(self) -> None:
        """Start the workers if they are not running; ReadingUnavailable, saying why, when
        they cannot be (and at once on every later call: it would fail the same way)."""
        self._workers()

    def _workers(self) -> ProcessPool:
        if self._unavailable is not None:
            raise self._unavailable
        if self._broken:
            self.close()
            self._broken = False
        if self._pool is None:
            import multiprocessing  # on the first document: a quiet cycle reads none

            from pebble import ProcessPool

            context = multiprocessing.get_context("forkserver")
            # The document reader only: the news reader's libraries would add ~15 MB to
            # each worker, and a backfill reads no news.
            context.set_forkserver_preload(["reader.publication", "pypdfium2"])
            try:
                context.Lock()  # the pool's locks need shared memory: known now, not at its first read
                self._pool = ProcessPool(
                    self.workers, initializer=_limit_memory, initargs=(self.megabytes,), context=context
                )
            except Exception as exc:  # any cause: said in one line, once
                raise self._unavailable_because(exc) from exc
        return self._pool

    def _unavailable_because(self, exc: Exception) -> ReadingUnavailable:
        """No document can be read this cycle: what started is stopped, and the reason
        kept for every later call to raise."""
        self.close()
        self._unavailable = ReadingUnavailable(_why_not_started(exc))
        return self._unavailable

    async def read(
        self, status: int, content_type: str, body: bytes, declared: int | None
    ) -> tuple[str, object]:
        """What reading the document gave: ("done", {"facts", "summary"}) or ("failed", reason)."""
        return await self._run(_document, (status, content_type, body, declared), "document")

    async def article(self, html: str, url: str) -> tuple[str, object]:
        """A news article's main text: ("done", text) or ("failed", reason)."""
        return await self._run(_article, (html, url), "article")

    async def _run(
        self, work: Callable[..., tuple[str, object]], args: tuple, what: str
    ) -> tuple[str, object]:
        from concurrent.futures import TimeoutError as Overdue
        from concurrent.futures.process import BrokenProcessPool

        from pebble import ProcessExpired

        loop = asyncio.get_running_loop()
        answer: asyncio.Future = loop.create_future()

        def settle(outcome: tuple[str, object]) -> None:
            if not answer.done():
                answer.set_result(outcome)

        def done(future) -> None:
            try:
                outcome = future.result()
            except Overdue:
                outcome = (
                    "failed",
                    f"reading the {what} took longer than {self.seconds:g} s, so it was stopped",
                )
            except ProcessExpired as exc:
                outcome = "failed", f"reading the {what} stopped its worker ({_ended(exc.exitcode)})"
            except BrokenProcessPool:
                # The worker died before it had taken the read up: pebble then calls the
                # whole pool broken, and the next read starts a new one.
                self._broken = True
                outcome = "failed", f"reading the {what} stopped its worker (it ended as the read began)"
            except Exception as exc:  # noqa: BLE001 - the worker's own error, as its reason
                outcome = "failed", f"reading the {what} failed ({type(exc).__name__}: {exc})"
            loop.call_soon_threadsafe(settle, outcome)

        workers = self._workers()
        try:
            scheduled = workers.schedule(work, args, timeout=self.seconds)
        except Exception as exc:  # pebble starts its workers with the first task: the same causes
            raise self._unavailable_because(exc) from exc
        scheduled.add_done_callback(done)
        return await answer

    def close(self) -> None:
        """Stop every worker now (a read under way included)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()
            pool.join()


def _ended(exitcode: int | None) -> str:
    """How a worker ended, in words: a signal's name, or its exit code."""
    if exitcode is not None and exitcode < 0:
        import signal

        return f"killed by {signal.Signals(-exitcode).name}, perhaps past its memory limit"
    return f"exit code {exitcode}"

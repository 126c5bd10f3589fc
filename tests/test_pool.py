"""Documents are read in worker processes, each read stopped past its time limit, after
which the next document is read as usual. Real worker processes, real documents."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from datetime import date

from reader.pool import ReadingPool
from tests.sites import documents


def _read(pool: ReadingPool, body: bytes) -> tuple[str, object]:
    return asyncio.run(pool.read(200, "application/pdf", body, len(body)))


def test_a_read_past_its_time_limit_is_stopped_and_the_next_document_is_read():
    pool = ReadingPool(workers=1, seconds=0.3, megabytes=1024)
    try:
        slow = documents.wall_of_text(1_900_000, 200)  # under the text cap: read to the end, slowly
        outcome, reason = _read(pool, slow)
        assert (
            outcome == "failed" and reason == "reading the document took longer than 0.3 s, so it was stopped"
        )
        pool.seconds = 30
        visited = date(2026, 11, 14)
        letter = documents.render(documents.letter_text("focused-visit", "Croydon", visited, visited))
        outcome, found = _read(pool, letter)
        assert outcome == "done" and isinstance(found, dict) and found["facts"]["type"] == "focused-visit"
    finally:
        pool.close()


def test_a_document_that_cannot_be_read_gives_its_reason_from_the_worker():
    pool = ReadingPool(workers=1, seconds=30, megabytes=1024)
    try:
        outcome, reason = _read(pool, documents.truncated(documents.render("A letter.")))
        assert outcome == "failed" and "could not be downloaded completely" in str(reason)
    finally:
        pool.close()


def test_a_news_article_is_read_in_a_worker_too():
    pool = ReadingPool(workers=1, seconds=30, megabytes=1024)
    page = (
        "<html><body><nav>Home</nav><article><h1>Croydon</h1><p>Ofsted inspectors found that "
        "children in Croydon receive timely help and protection from skilled social workers.</p>"
        "</article></body></html>"
    )
    try:
        outcome, text = asyncio.run(pool.article(page, "https://news.example/croydon/"))
        assert outcome == "done" and "children in Croydon receive timely help" in str(text)
    finally:
        pool.close()


def _stuck(seconds: float) -> tuple[str, object]:
    """In a worker: a read that runs past any limit (a document pdfium chews on)."""
    time.sleep(seconds)
    return "done", {}


def _read_after(pause: float, body: bytes) -> tuple[str, object]:
    """In a worker: a real document's read that is still under way some time from now."""
    from reader.pool import _document

    time.sleep(pause)
    return _document(200, "application/pdf", body, len(body))


def test_a_read_past_its_limit_fails_alone_and_the_read_beside_it_is_read_correctly():
    visited = date(2026, 11, 14)
    letter = documents.render(documents.letter_text("focused-visit", "Croydon", visited, visited))
    pool = ReadingPool(workers=2, seconds=1.0, megabytes=1024)

    async def both():
        stuck = asyncio.ensure_future(pool._run(_stuck, (10.0,), "document"))
        await asyncio.sleep(0.6)  # the other read starts before the stuck one overruns, and ends after
        innocent = asyncio.ensure_future(pool._run(_read_after, (0.7, letter), "document"))
        return await stuck, await innocent

    try:
        (stuck_outcome, stuck_reason), (outcome, found) = asyncio.run(both())
    finally:
        pool.close()
    assert (stuck_outcome, stuck_reason) == (
        "failed",
        "reading the document took longer than 1 s, so it was stopped",
    )
    assert outcome == "done" and isinstance(found, dict)
    assert found["facts"]["type"] == "focused-visit" and found["facts"]["period_start"] == "2026-11-14"


def _crash() -> tuple[str, object]:
    """In a worker: pdfium aborting, or the kernel killing a worker past its memory."""
    os.kill(os.getpid(), signal.SIGKILL)
    return "done", {}


def test_a_worker_that_dies_fails_its_read_at_once_and_the_next_is_read():
    pool = ReadingPool(workers=1, seconds=30, megabytes=1024)
    try:
        outcome, reason = asyncio.run(pool._run(_crash, (), "document"))
        assert outcome == "failed"
        # Its worker's end is known, unless it died before it had taken the read up (a race
        # in which pebble calls the pool broken, and the next read has a new one).
        assert reason in (
            "reading the document stopped its worker (killed by SIGKILL, perhaps past its memory limit)",
            "reading the document stopped its worker (it ended as the read began)",
        )
        outcome, _ = _read(pool, documents.render("Focused visit to Croydon children’s services\nA letter."))
        assert outcome == "done"
    finally:
        pool.close()

"""Documents are read in worker processes, each read stopped past its time limit, after
which the next document is read as usual. Real worker processes, real documents."""

from __future__ import annotations

import asyncio
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

"""What ops read: JSON log lines for shippers, secrets redacted, and progress on long crawls."""

from __future__ import annotations

import io
import json
import logging

from scrapy.utils.test import get_crawler

from scraper import progress
from scraper.items import SourceReadItem
from service import logs


def test_json_lines_carry_the_cycle_source_and_error_and_no_token(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret-1234")
    stream = io.StringIO()
    logs.configure(cycle_id="c0ffee", stream=stream, as_json=True)
    try:
        log = logging.getLogger("scraper.pipelines")
        log.error("read failed: HTTP 500", extra={"source": "ofsted:80492"})
        try:
            raise ValueError("token xoxb-secret-1234 refused")
        except ValueError:
            log.exception("delivery failed")
    finally:
        logs.configure(stream=io.StringIO())
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first == first | {"level": "ERROR", "cycle": "c0ffee", "source": "ofsted:80492"}
    assert first["message"] == "read failed: HTTP 500" and first["time"].endswith("+00:00")
    assert second["error"] == "(ValueError: token [redacted] refused)"  # one phrase, no traceback
    assert "xoxb-secret" not in stream.getvalue()


def test_progress_is_said_while_work_is_in_hand_and_not_repeated(caplog):
    crawler = get_crawler()
    stats = crawler.stats
    assert stats is not None
    stats.set_value(progress.SOURCES, 3)
    stats.set_value(progress.DOCUMENTS_BEGUN, 5)
    watch = progress.Progress(crawler, interval=30.0)
    watch.scraped(SourceReadItem(source="ofsted:80492", name="Croydon", ok=True, seen=10, failure=None), None)
    with caplog.at_level(logging.INFO, logger="scraper.progress"):
        watch.log()
        watch.log()  # nothing new: nothing said
        stats.set_value(progress.DOCUMENTS_READ, 5)
        watch.scraped(SourceReadItem(source="ofsted:1", name="A", ok=True, seen=1, failure=None), None)
        watch.scraped(SourceReadItem(source="ofsted:2", name="B", ok=True, seen=1, failure=None), None)
        watch.log()  # all done: the crawl's own lines say the rest
    assert [r.getMessage() for r in caplog.records] == [
        "progress: sources read 1 of 3; documents read 0 of 5 found so far; about a minute left"
    ]


def test_a_turn_skipped_while_a_cycle_runs_on_is_said_once_in_the_products_words(tmp_path):
    from datetime import UTC, datetime

    from apscheduler.events import EVENT_JOB_MAX_INSTANCES, JobSubmissionEvent

    from config import Config, StorageConfig
    from service.schedule import STILL_RUNNING, Service

    stream = io.StringIO()
    logs.configure(stream=stream)
    config = Config(storage=StorageConfig(url=f"sqlite:///{tmp_path}/store.db"))
    service = Service(config, None, console=True)
    # As APScheduler does when the cycle's next turn comes while the last one runs on:
    logging.getLogger("apscheduler.scheduler").warning(
        'Execution of job "%s" skipped: maximum number of running instances reached (%d)', "cycle", 1
    )
    service.scheduler._dispatch_event(
        JobSubmissionEvent(EVENT_JOB_MAX_INSTANCES, "cycle", "default", [datetime.now(UTC)])
    )
    (line,) = stream.getvalue().splitlines()
    assert " WARNING " in line and STILL_RUNNING in line and "apscheduler" not in line


def test_the_app_level_token_is_redacted_as_the_bot_token_is(monkeypatch):
    monkeypatch.setenv("SLACK_APP_TOKEN", "app-secret-5678")  # as set, whatever its form
    assert (
        logs.redact("connect with app-secret-5678 and xapp-1-A0-99-abc")
        == "connect with [redacted] and [redacted]"
    )

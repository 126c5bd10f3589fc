"""Source health in process: when ops are told that a source broke, reminded, and told it
healed; and what /healthz says of it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select

from alerts.blocks import ops_post
from config import Config, ScheduleConfig
from errors import Failure
from scraper import provider_page, sector_listing
from service import endpoint, health
from storage import Store
from storage.cycles import Cycles as CycleRecords
from storage.models import Alert
from storage.outbox import Outbox
from storage.sources import Sources
from tests.sites import sector
from tests.sites.ofsted import Entry, ProviderPage
from vocabulary import AlertKind, FailureKind

CROYDON = "ofsted:80492"
HTTP_500 = Failure(FailureKind.READ, "HTTP 500 after retries")


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path}/store.db")
    yield s
    s.close()


class Cycles:
    """Cycles as the runner records them: one source read each, then the health check."""

    def __init__(self, store: Store):
        self.store = store
        self.count = 0

    def read(self, *, ok: bool, seen: int = 10, failure: Failure = HTTP_500) -> list[str]:
        """Record one cycle's read of Croydon; the ops messages this cycle queued."""
        self.count += 1
        cycle = f"c{self.count}"
        CycleRecords(self.store).start(cycle)
        Sources(self.store).record_read(
            cycle, CROYDON, "Croydon", ok=ok, seen=seen if ok else 0, failure=None if ok else failure
        )
        before = {a.id for a, _ in Outbox(self.store).deliverable()}
        health.check(self.store, cycle, {CROYDON}, failures_to_alert=3)
        queued = [a for a, _ in Outbox(self.store).deliverable() if a.id not in before]
        for alert in queued:  # delivered at once, as a cycle would
            Outbox(self.store).mark_delivered(type(alert), alert.id, "console", None)
        return [a.body or "" for a in queued]


def test_a_broken_source_gives_one_ops_alert_then_one_recovery(store):
    cycles = Cycles(store)
    assert cycles.read(ok=True) == []
    told = [cycles.read(ok=False) for _ in range(4)]
    assert [len(t) for t in told] == [0, 0, 1, 0]  # on the third failure in a row, once
    (message,) = told[2]
    assert message.startswith("source ofsted:80492 (Croydon) has failed since")
    assert "3 cycles in a row: HTTP 500 after retries" in message
    (healed,) = cycles.read(ok=True)
    assert healed == "source ofsted:80492 (Croydon) has recovered: 10 items listed"
    assert cycles.read(ok=True) == []  # healthy, nothing new: silence


def test_a_short_failure_is_never_told(store):
    cycles = Cycles(store)
    cycles.read(ok=True)
    assert cycles.read(ok=False) == [] and cycles.read(ok=False) == []
    assert cycles.read(ok=True) == []


def test_far_fewer_items_than_before_may_be_a_layout_change(store):
    cycles = Cycles(store)
    cycles.read(ok=True, seen=10)
    (message,) = cycles.read(ok=True, seen=3)
    assert "listed 3 items, far fewer than the 10 it listed before" in message
    assert cycles.read(ok=True, seen=3) == []  # told once, not every cycle


def _cycle(store: Store, cycle: str, *, reads: dict[str, bool], errors: tuple[Failure, ...] = ()) -> None:
    CycleRecords(store).start(cycle)
    for key, ok in reads.items():
        Sources(store).record_read(
            cycle,
            key,
            key,
            ok=ok,
            seen=10 if ok else 0,
            failure=None if ok else Failure(FailureKind.READ, "HTTP 500"),
        )
    CycleRecords(store).finish(
        cycle, status="failed" if errors or not all(reads.values()) else "ok", counts={}, errors=list(errors)
    )


def test_healthz_fails_for_an_ofsted_source_only_at_the_ops_threshold(store):
    config = Config()
    assert endpoint.health(store, config) == (False, "no cycle has finished yet")
    for number in (1, 2):
        _cycle(store, f"c{number}", reads={CROYDON: False})
        ok, reason = endpoint.health(store, config)
        assert ok, reason  # a short failure is not yet a reason to restart anything
    _cycle(store, "c3", reads={CROYDON: False})
    ok, reason = endpoint.health(store, config)
    assert not ok and "source ofsted:80492 has failed 3 cycles in a row: HTTP 500" in reason


def test_healthz_works_out_the_schedules_window_once_per_loaded_config(store, monkeypatch):
    config = Config()
    _cycle(store, "c1", reads={CROYDON: True})
    assert endpoint.health(store, config)[0]

    def walked(self):
        raise AssertionError("the schedule's window was worked out again")

    monkeypatch.setattr(ScheduleConfig, "trigger", walked)
    assert endpoint.health(store, config)[0]
    assert config.schedule.expected_window() == timedelta(hours=1, seconds=config.schedule.misfire_grace)


def test_a_failing_news_feed_degrades_health_without_failing_it(store):
    config = Config()
    for number in range(4):
        _cycle(store, f"c{number}", reads={CROYDON: True, "news:Community Care": False})
    ok, reason = endpoint.health(store, config)
    assert ok and "degraded: news source news:Community Care failing since" in reason


def test_healthz_fails_when_alerts_cannot_be_delivered(store):
    refused = Failure(FailureKind.DELIVERY, "Slack refused the configuration (invalid_auth)")
    _cycle(store, "c1", reads={CROYDON: True}, errors=(refused,))
    ok, reason = endpoint.health(store, Config())
    assert not ok and reason == "alerts: Slack refused the configuration (invalid_auth)"


def test_healthz_tells_a_delivery_failure_by_its_kind_not_its_words(store):
    # A news source's failure whose words begin as a delivery failure's is no reason to fail.
    news = Failure(FailureKind.LAYOUT, "alerts: a blog's heading, as the page now gives it")
    _cycle(store, "c1", reads={CROYDON: True}, errors=(news,))
    assert endpoint.health(store, Config())[0]
    stopped = Failure(FailureKind.DELIVERY, "Slack could not be reached")
    _cycle(store, "c2", reads={CROYDON: True}, errors=(news, stopped))
    ok, reason = endpoint.health(store, Config())
    assert not ok and reason == "alerts: Slack could not be reached"


@pytest.mark.parametrize(
    "page",
    [
        # Each as the parser fails it, in its own words.
        lambda: provider_page.parse("<html><body><h1>Croydon</h1></body></html>", "https://x/provider/44/1"),
        lambda: provider_page.parse(
            ProviderPage("X", "1", [Entry("7", "", None, "2022-04-01", label=" ")], latest=False).render(
                "https://f"
            ),
            "https://x/provider/44/1",
        ),
        lambda: sector_listing.parse(sector.page(sector.authorities(3), 0, count=False), "https://x/search"),
        lambda: sector_listing.parse(
            sector.page(sector.authorities(3), 0).replace("Latest report:", "Published:"), "https://x/search"
        ),
    ],
)
def test_a_page_that_lacks_what_it_always_gives_is_told_as_a_layout_change_at_once(store, page):
    with pytest.raises(provider_page.PageError) as failed:
        page()
    cycles = Cycles(store)
    cycles.read(ok=True)
    (message,) = cycles.read(ok=False, failure=failed.value.failure.about("https://x/"))
    assert "may have changed layout" in message and message.endswith("(has the layout changed?)")


@pytest.mark.parametrize(
    ("kind", "said"),
    [(FailureKind.LAYOUT, "may have changed layout"), (FailureKind.URN, "needs a look now")],
)
def test_a_failure_told_at_once_is_told_by_its_kind_not_its_words(store, kind, said):
    cycles = Cycles(store)
    cycles.read(ok=True)
    (message,) = cycles.read(ok=False, failure=Failure(kind, "https://x/: not as it was"))
    assert message.startswith(f"source ofsted:80492 (Croydon) {said}: https://x/: not as it was")
    assert message.endswith(f"not as it was {kind.hint}")


def test_a_listing_page_that_changed_layout_is_told_at_once_though_another_page_failed_otherwise(store):
    with pytest.raises(provider_page.PageError) as failed:
        sector_listing.parse(sector.page([], 0), "https://x/search?start=100")
    pages = [
        HTTP_500.about("https://x/search?start=0"),
        failed.value.failure.about("https://x/search?start=100"),
    ]
    cycles = Cycles(store)
    cycles.read(ok=True)
    (message,) = cycles.read(ok=False, failure=Failure.joined(pages))
    assert message == (
        "source ofsted:80492 (Croydon) may have changed layout: https://x/search?start=0: HTTP 500 "
        "after retries; https://x/search?start=100: the listing shows no local authorities "
        "(has the layout changed?)"
    )


def test_a_read_failure_whose_words_hold_a_hint_waits_for_the_threshold(store):
    cycles = Cycles(store)
    cycles.read(ok=True)
    outage = Failure(FailureKind.READ, "HTTP 500 for /search?q=(has the layout changed?)")
    assert cycles.read(ok=False, failure=outage) == [] and cycles.read(ok=False, failure=outage) == []
    (message,) = cycles.read(ok=False, failure=outage)
    assert "has failed since" in message


def test_recovery_is_good_news(store, caplog):
    cycles = Cycles(store)
    cycles.read(ok=True)
    assert cycles.read(ok=True, seen=0)  # listed nothing: told
    caplog.set_level("INFO")
    (healed,) = cycles.read(ok=True, seen=10)
    assert [r.levelname for r in caplog.records if "has recovered" in r.getMessage()] == ["INFO"]
    (alert,) = [a for a in _all_alerts(store) if a.kind == AlertKind.RECOVERED]
    assert alert.body == healed
    blocks = str(ops_post(alert).blocks)
    assert ":white_check_mark:" in blocks and ":warning:" not in blocks


def _all_alerts(store: Store) -> list[Alert]:
    with store.session() as s:
        return list(s.scalars(select(Alert)))


def test_an_outage_of_three_sources_is_one_message_and_its_end_another(store):
    keys = {CROYDON: "Croydon", "ofsted:80515": "Sutton", "ofsted:sector": "the sector listing"}

    def cycle(number: int, *, ok: bool) -> list[str]:
        CycleRecords(store).start(f"c{number}")
        for key, name in keys.items():
            Sources(store).record_read(
                f"c{number}",
                key,
                name,
                ok=ok,
                seen=10 if ok else 0,
                failure=None if ok else Failure(FailureKind.READ, "x"),
            )
        before = {a.id for a, _ in Outbox(store).deliverable()}
        health.check(store, f"c{number}", set(keys), failures_to_alert=1)
        queued = [a for a, _ in Outbox(store).deliverable() if a.id not in before]
        for alert in queued:
            Outbox(store).mark_delivered(type(alert), alert.id, "console", None)
        return [a.body or "" for a in queued]

    assert cycle(1, ok=True) == []
    (failed,) = cycle(2, ok=False)
    assert failed.startswith("3 sources need a look:") and failed.count("\n• ") == 3
    (recovered,) = cycle(3, ok=True)
    assert recovered.startswith("3 sources have recovered:") and "Sutton" in recovered


def test_errors_an_older_or_newer_version_stored_are_read_not_raised():
    from errors import Failure
    from vocabulary import FailureKind

    assert Failure.loaded("alerts: Slack could not be reached") == Failure(
        FailureKind.DELIVERY, "Slack could not be reached"
    )
    assert Failure.loaded("source ofsted:80492 failed: HTTP 500").kind is FailureKind.READ
    assert Failure.loaded({"kind": "from-a-newer-version", "detail": "x"}) == Failure(FailureKind.READ, "x")


def test_the_type_checker_points_at_a_new_kind_of_failure(tmp_path):
    """Adding a kind of failure means saying how it is told: mypy fails until it is."""
    from tests.conftest import PROJECT

    source = (PROJECT / "vocabulary.py").read_text()
    marker = '    CYCLE = "cycle"'
    assert marker in source
    (tmp_path / "vocabulary.py").write_text(source.replace(marker, '    UNTOLD = "untold"\n' + marker))
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", os.devnull, str(tmp_path / "vocabulary.py")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1 and "assert_never" in done.stdout and "UNTOLD" in done.stdout

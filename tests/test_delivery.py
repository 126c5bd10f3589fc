"""Delivering the outbox in process, through the real slack_sdk client to the local Slack
stand-in with faults injected: rate limits, a connection dropped after Slack took the
message, a refused token, routes, bursts and hostile titles. test_slack.py runs the
same delivery through the `once` command."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

import scheduler
from config import Config, SlackConfig
from errors import Failure
from service import logs
from service.endpoint import StoreCollector
from storage.cycles import Cycles
from storage.models import Alert, NewsItem
from storage.outbox import Outbox
from storage.reading import Reading
from storage.recovery import Recovery
from storage.store import Store, utcnow
from tests.conftest import delivering, listing, record
from vocabulary import AlertKind, FailureKind
from web.app import Web
from wording import waiting

READ = Reading.done(
    {"type": "focused-visit"}, {"headline": "Children are safe.", "strengths": [], "concerns": []}
)


@pytest.fixture
def store(sqlite_store):
    return sqlite_store


def _queue(store: Store, count: int = 1, **changes) -> None:
    """`count` new publications, each with its alert queued, newest first."""
    for n in range(count):
        published = date(2026, 11, 20) - timedelta(days=n)
        record(store, listing(f"5030{n:04d}", published=published, **changes), alert=True, reading=READ)


def _cycle(store: Store, slack, config: SlackConfig | None = None, **options):
    """One cycle's delivery: each cycle is its own Delivery, with its own cycle id."""
    return delivering(store, slack, config, **options).run()


def test_rate_limited_twice_then_posted_once(store, slack):
    _queue(store)
    slack.fail_next("429", "429")
    assert _cycle(store, slack).delivered == 1
    assert slack.posts_attempted() == 3 and len(slack.messages) == 1


def test_a_connection_dropped_after_slack_accepted_is_not_posted_again(store, slack, caplog):
    _queue(store)
    slack.fail_next("drop")
    logs.quiet_libraries(verbose=False)  # as every command sets up its logging
    dropped = _cycle(store, slack)
    assert dropped.delivered == 0 and "network error" in " ".join(dropped.errors)
    # One line for the problem, the product's: slack_sdk's own ERROR is not repeated.
    assert [r.name for r in caplog.records if r.levelno >= logging.WARNING] == ["alerts.delivery"]
    assert len(slack.messages) == 1  # Slack has it; the sender does not know
    with caplog.at_level(logging.INFO):
        again = _cycle(store, slack)
    assert again.errors == [] and again.queued == 0
    assert len(slack.messages) == 1 and slack.posts_attempted() == 1
    found = ["conversations.list", "conversations.history", "chat.getPermalink"]
    assert [m for m, _ in slack.calls[-3:]] == found
    assert "already in Slack" in caplog.text


def test_a_refused_token_stops_delivery_with_one_reason_and_keeps_every_alert(store, slack, caplog):
    _queue(store, 2)
    refused = _cycle(store, slack, token="xoxb-revoked")
    assert refused.stopped and "invalid_auth" in refused.stopped and "SLACK_BOT_TOKEN" in refused.stopped
    assert refused.queued == 2 and slack.messages == []
    assert "xoxb-revoked" not in caplog.text + refused.stopped
    assert _cycle(store, slack).delivered == 2
    *_alerts, told = slack.messages
    assert told["text"].startswith("ofsted-watch: Slack refused the configuration (invalid_auth) ")
    assert told["text"].endswith(" UTC; 2 alerts were held and are now posted")


def test_routes_send_types_to_their_channels(store, slack):
    _queue(store)
    inspection = listing("50400001", type="ilacs", title="Children's services inspection")
    record(store, inspection, alert=True, reading=READ)
    routes = SlackConfig(pace=0, routes={"focused-visit": "#leadership"})
    assert _cycle(store, slack, routes).delivered == 2
    channels = {m["metadata"]["event_payload"]["publication_id"]: m["channel"] for m in slack.messages}
    assert channels == {
        "50300000": slack.channel_id("#leadership"),
        "50400001": slack.channel_id("#ofsted-alerts"),
    }


def test_hostile_titles_arrive_inert(store, slack):
    hostile = "<!channel> Monitoring visit <https://evil.example|click> & <@U123>"
    _queue(store, type="other", title=hostile)  # a type whose notification names its title
    assert _cycle(store, slack).delivered == 1
    (message,) = slack.messages
    payload = json.dumps(message)
    assert "<!channel>" not in payload and "<https://evil.example" not in payload
    assert "<@U123>" not in payload
    assert (
        "&lt;!channel&gt; Monitoring visit &lt;https://evil.example|click&gt; &amp; &lt;@U123&gt;"
        in message["text"]
    )
    mrkdwn = [
        t
        for b in message["blocks"]
        for t in ([b.get("text")] + b.get("fields", []))
        if t and t.get("type") == "mrkdwn"
    ]
    assert mrkdwn and all(t["verbatim"] is True for t in mrkdwn)
    assert "link_names" not in message and "parse" not in message


def test_a_burst_is_one_digest_with_the_alerts_threaded_under_it(store, slack):
    _queue(store, 11)
    assert _cycle(store, slack).delivered == 11
    (digest,) = slack.top_level()
    assert digest["metadata"]["event_type"] == "ofsted_watch_digest"
    assert digest["text"].startswith("11 new Ofsted publications")
    assert json.dumps(digest["blocks"]).count("/v1/file/") == 11
    replies = [m for m in slack.messages if m is not digest]
    assert len(replies) == 11 and {m["thread_ts"] for m in replies} == {digest["ts"]}
    assert _cycle(store, slack).delivered == 0 and len(slack.messages) == 12


def test_a_threaded_reply_dropped_mid_burst_is_found_in_its_thread(store, slack):
    _queue(store, 10)
    # Posts: the digest, two alerts, then the third alert is accepted and dropped.
    original = slack._post_message
    calls = {"n": 0}

    def drop_fourth(args, headers):
        calls["n"] += 1
        if calls["n"] == 4:
            slack.fail_next("drop")
        return original(args, headers)

    slack._post_message = drop_fourth
    first = _cycle(store, slack)
    assert first.errors and len(slack.messages) == 4
    second = _cycle(store, slack)
    assert second.errors == [] and second.queued == 0
    assert "conversations.replies" in [m for m, _ in slack.calls]
    digest, told = slack.top_level()  # the burst's digest, and ops told of the alerts held
    assert told["text"].endswith("7 alerts were held and are now posted")
    replies = [m for m in slack.messages if m not in (digest, told)]
    ids = [m["metadata"]["event_payload"]["alert_id"] for m in replies]
    assert len(replies) == 10 and len(set(ids)) == 10  # each alert once, none twice


def test_the_sector_digest_goes_after_the_home_authority_s_own_alert(sqlite_store, slack):
    reading = Reading.done({"type": "focused-visit"}, {"headline": "Children are safe."})
    other = listing("50500001", source="ofsted:80515", authority="Sutton", urn="80515")
    record(sqlite_store, other, alert=True, reading=reading, sector=True)
    record(sqlite_store, listing("50500002"), alert=True, reading=reading)
    report = delivering(sqlite_store, slack).run()
    assert report.delivered == 2 and report.queued == 0
    texts = [m["text"] for m in slack.top_level()]
    assert texts[0].startswith("Focused visit letter: Croydon") and texts[1].startswith("Sector: 1 new")


def _story_about(store: Store, publication_id: str) -> None:
    """A news story reporting on the publication, with its alert queued."""
    with store.session() as s:
        s.add(
            NewsItem(
                id="story-1",
                source="news:Community Care",
                title="Ofsted praises Croydon",
                url="https://www.communitycare.co.uk/x",
                canonical_url="https://www.communitycare.co.uk/x",
                published=date(2026, 11, 21),
                authority="Croydon",
                urn="80492",
                links_to=publication_id,
                first_seen=utcnow(),
            )
        )
        s.flush()
        s.add(Alert(kind=AlertKind.NEWS, news_id="story-1", created_at=utcnow(), attempts=0))


def test_after_a_resend_everything_about_the_letter_stays_in_its_first_thread(store, slack):
    _queue(store)
    assert _cycle(store, slack).delivered == 1
    (first,) = slack.messages
    Recovery(store).resend("50300000")
    assert _cycle(store, slack).delivered == 1
    copy = slack.messages[1]
    assert copy["text"].startswith("Sent again: ") and copy.get("thread_ts") is None
    assert "Sent again on request. Updates and news about it stay in the thread of <" in json.dumps(
        copy["blocks"]
    )
    _story_about(store, "50300000")
    record(store, listing("50300000", published=date(2026, 11, 22)), alert=True)  # re-published
    assert _cycle(store, slack).delivered == 2
    story, update = slack.messages[2:]
    assert story["thread_ts"] == first["ts"] and update["thread_ts"] == first["ts"]
    (edit,) = slack.edits
    assert edit["ts"] == first["ts"]  # the first message shows the publication as it is now


def test_a_sector_item_held_for_the_digest_is_counted_apart_from_late_alerts(
    sqlite_store, slack, monkeypatch, capsys
):

    reading = Reading.done({"type": "focused-visit"}, {"headline": "Children are safe."})
    sutton = {"source": "ofsted:80515", "authority": "Sutton", "urn": "80515"}
    record(sqlite_store, listing("50500001", **sutton), alert=True, reading=reading, sector=True)
    assert delivering(sqlite_store, slack).run().delivered == 1  # the day's sector digest
    # Another peer's letter waits for tomorrow's digest, by design; a home alert is owed now.
    record(sqlite_store, listing("50500003", **sutton), alert=True, reading=reading, sector=True)
    report = delivering(sqlite_store, slack).run()
    assert (report.delivered, report.queued, report.held) == (0, 0, 1)
    outbox = Outbox(sqlite_store)
    assert outbox.oldest_queued() is None  # nothing late
    record(sqlite_store, listing("50500002"), alert=True, reading=reading)
    counts = outbox.counts()
    assert counts == {"queued": 1, "held": 1, "delivered": 1}
    assert waiting(counts) == "1 alert queued, 1 sector item held for the digest"
    metrics = {m.name: m.samples[0].value for m in StoreCollector(sqlite_store).collect() if m.samples}
    assert metrics["ofsted_watch_alerts_pending"] == 1 and metrics["ofsted_watch_alerts_held_for_digest"] == 1

    config = Config.model_validate({"storage": {"url": sqlite_store.url}})
    with TestClient(Web(config, sqlite_store).app()) as client:
        assert "1 alert queued, 1 sector item held for the digest, 1 delivered." in client.get("/status").text
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert scheduler.cmd_status(None, config) == 0
    assert "Alerts: 1 alert queued, 1 sector item held for the digest, 1 delivered" in capsys.readouterr().out


def test_an_alert_held_by_an_outage_says_when_it_was_found_and_one_found_since_does_not(store, slack):
    _queue(store)
    slack.fail_next("500")
    assert _cycle(store, slack).errors and slack.messages == []
    Cycles(store).start("c1")  # the cycle whose delivery failed ends; the next finds another
    Cycles(store).finish(
        "c1", status="failed", counts={}, errors=[Failure(FailureKind.DELIVERY, "Slack could not be reached")]
    )
    record(store, listing("50309999", published=date(2026, 11, 21)), alert=True, reading=READ)
    assert _cycle(store, slack).delivered == 2  # both, then the word to ops
    assert len(slack.messages) == 3
    held, found_since = [m for m in slack.messages if "ofsted-watch" not in m["text"]]
    (found_at,) = [a.created_at for a in _alerts(store) if a.publication_id == "50300000"]
    note = held["blocks"][1]["elements"][0]["text"]
    assert note == f"Found at {found_at:%H:%M} UTC; posted late: Slack could not be reached"
    assert "posted late" not in json.dumps(found_since["blocks"])


def _alerts(store: Store) -> list[Alert]:
    with store.session() as s:
        return list(s.scalars(select(Alert)))

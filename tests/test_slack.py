"""Slack delivery end to end: `scheduler.py once` with the real slack_sdk client against
a local stand-in for the Slack Web API: the message, an outage, dry runs and the console.
The delivery's other faults (rate limits, dropped connections, a refused token, routes,
bursts, hostile titles) are tested in process, in test_delivery.py."""

import json
import re
import signal

from tests.conftest import publish, serve_provider, wait_for
from tests.sites.slack import TOKEN


def test_one_message_per_publication_with_facts_summary_and_links(watched, site, slack, croydon_page):
    publish(site, croydon_page)
    run = watched.slack_once()
    assert run.code == 0, run.err
    (message,) = slack.messages
    assert message["channel"] == slack.channel_id("#ofsted-alerts")
    assert message["text"].startswith("Focused visit letter: Croydon")
    header = message["blocks"][0]
    assert header == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Focused visit letter: Croydon"},
    }
    body = json.dumps(message["blocks"])
    for expected in (
        "*Published*\\n14 November 2026",
        "*Visit dates*\\n7-8 October 2026",
        "*Inspectors*\\nRowan Ashdown, Priya Castell",
        "*Headline*",
        "*Strengths*",
        "*Concerns*",
        f"{site.url}/v1/file/50300001",
        f"{site.url}/provider/44/80492",
    ):
        assert expected in body, expected
    assert message["metadata"] == {
        "event_type": "ofsted_watch_alert",
        "event_payload": {"publication_id": "50300001", "alert_id": 1},
    }
    assert "link_names" not in message and "parse" not in message
    assert watched.slack_once().code == 0 and len(slack.messages) == 1  # never repeated


def test_a_slack_outage_loses_nothing_and_delivers_once_on_recovery(watched, site, slack, croydon_page):
    publish(site, croydon_page)
    slack.fail_next("500")
    failed = watched.slack_once()
    assert failed.code != 0 and "Slack server error (HTTP 500)" in failed.err
    assert "alerts stay queued" in failed.err and slack.messages == []
    slack.fail_next("500")
    assert watched.slack_once().code != 0 and slack.messages == []
    recovered = watched.slack_once()
    assert recovered.code == 0, recovered.err
    alert, told = slack.messages
    assert alert["metadata"]["event_payload"]["publication_id"] == "50300001"
    # The alert says it is late, and when it was found, under its header.
    late = alert["blocks"][1]["elements"][0]["text"]
    assert re.fullmatch(r"Found at \d\d:\d\d UTC; posted late: Slack could not be reached", late)
    # Ops are told once that Slack was down, from when to when, and what it held.
    assert re.fullmatch(
        r"ofsted-watch: Slack could not be reached \d\d:\d\d-\d\d:\d\d UTC; "
        r"1 alert was held and is now posted",
        told["text"],
    )
    assert watched.slack_once().code == 0 and len(slack.messages) == 2


def test_dry_run_prints_the_payload_and_marks_nothing(watched, site, slack, croydon_page):
    publish(site, croydon_page)
    dry = watched.slack_once("--dry-run")
    assert dry.code == 0 and slack.calls == []
    payload = json.loads(dry.out[dry.out.index("{") :])
    assert payload["channel"] == "#ofsted-alerts" and payload["text"].startswith("Focused visit")
    assert watched.slack_once().code == 0 and len(slack.messages) == 1


def test_without_a_token_alerts_are_printed_and_marked_delivered(watched, site, slack, croydon_page):
    publish(site, croydon_page)
    printed = watched.cli("once")
    assert printed.code == 0 and printed.out.count("--- alert") == 1 and slack.calls == []
    assert watched.slack_once().code == 0 and slack.messages == []


def test_dry_run_leaves_the_store_byte_for_byte_unchanged(watched, site, slack, croydon_page):
    database = watched.path / "data" / "ofsted-watch.db"
    publish(site, croydon_page)
    before = database.read_bytes()
    assert watched.slack_once("--dry-run").code == 0
    assert database.read_bytes() == before
    assert watched.slack_once().code == 0 and len(slack.messages) == 1  # still owed, posted once


def test_a_dry_run_on_a_new_store_uses_up_no_baseline(workdir, site, slack, croydon_page):
    workdir.write_config(slack_api_url=slack.api_url)
    serve_provider(site, croydon_page)
    assert workdir.slack_once("--dry-run").code == 0
    assert not (workdir.path / "data").exists()  # not even created
    baseline = workdir.slack_once()
    assert baseline.code == 0 and slack.messages == []  # the real first read is the baseline


def test_serve_starting_during_an_outage_says_how_many_alerts_are_queued(watched, site, slack, croydon_page):
    publish(site, croydon_page)
    slack.fail_next(*["500"] * 20)
    assert watched.slack_once().code != 0 and slack.messages == []
    config = watched.path / "config.toml"
    config.write_text(config.read_text() + '[schedule]\ncron = "0 12 1 1 *"\n')
    service = watched.spawn("serve", env={"SLACK_BOT_TOKEN": TOKEN})
    try:
        wait_for(lambda: "serving: " in watched.log(), 60, "the service to start")
    finally:
        service.send_signal(signal.SIGTERM)
        service.wait(timeout=10)
    (line,) = [line for line in watched.log().splitlines() if "serving: " in line]
    assert line.endswith("alerts to Slack #ofsted-alerts, 1 alert queued")

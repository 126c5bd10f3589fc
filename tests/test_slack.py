"""Slack delivery end to end: `scheduler.py once` with the real slack_sdk client against
a local stand-in for the Slack Web API, with faults injected."""

import json

from tests.conftest import NEW, publish, serve_provider
from tests.sites.ofsted import Entry


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
    assert (
        len(slack.messages) == 1
        and slack.messages[0]["metadata"]["event_payload"]["publication_id"] == "50300001"
    )
    assert watched.slack_once().code == 0 and len(slack.messages) == 1


def test_rate_limited_twice_then_posted_once(watched, site, slack, croydon_page):
    publish(site, croydon_page)
    slack.fail_next("429", "429")
    run = watched.slack_once()
    assert run.code == 0, run.err
    assert slack.posts_attempted() == 3 and len(slack.messages) == 1


def test_a_connection_dropped_after_slack_accepted_is_not_posted_again(watched, site, slack, croydon_page):
    publish(site, croydon_page)
    slack.fail_next("drop")
    dropped = watched.slack_once()
    assert dropped.code != 0 and "network error" in dropped.err
    assert len(slack.messages) == 1  # Slack has it; the sender does not know
    again = watched.slack_once()
    assert again.code == 0, again.err
    assert len(slack.messages) == 1 and slack.posts_attempted() == 1
    found = ["conversations.list", "conversations.history", "chat.getPermalink"]
    assert [m for m, _ in slack.calls[-3:]] == found
    assert "already in Slack" in again.err


def test_hostile_titles_arrive_inert(watched, site, slack, croydon_page):
    hostile = Entry(
        "50300002",
        "<!channel> Monitoring visit <https://evil.example|click> & <@U123>",
        "15 November 2026",
        "2026-10-08",
    )
    publish(site, croydon_page, hostile)
    assert watched.slack_once().code == 0
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


def test_a_burst_is_one_digest_with_the_alerts_threaded_under_it(workdir, site, slack, croydon_page):
    workdir.write_config(slack_api_url=slack.api_url)
    croydon_page.entries.insert(0, NEW)  # 11 documents
    serve_provider(site, croydon_page)
    run = workdir.slack_once("--alert-existing")
    assert run.code == 0, run.err
    (digest,) = slack.top_level()
    assert digest["metadata"]["event_type"] == "ofsted_watch_digest"
    assert digest["text"].startswith("11 new Ofsted publications")
    assert json.dumps(digest["blocks"]).count("/v1/file/") == 11
    replies = [m for m in slack.messages if m is not digest]
    assert len(replies) == 11 and {m["thread_ts"] for m in replies} == {digest["ts"]}
    assert workdir.slack_once().code == 0 and len(slack.messages) == 12


def test_a_configuration_error_stops_delivery_with_one_message_and_keeps_all(
    watched, site, slack, croydon_page
):
    publish(site, croydon_page)
    run = watched.slack_once(token="xoxb-revoked")
    assert run.code != 0
    problems = [line for line in run.err.splitlines() if "Slack refused the configuration" in line]
    assert len(problems) == 1 and "invalid_auth" in problems[0] and "SLACK_BOT_TOKEN" in problems[0]
    assert "xoxb-revoked" not in run.err + run.out
    assert slack.messages == []
    assert watched.slack_once().code == 0 and len(slack.messages) == 1


def test_routes_send_types_to_their_channels(watched, site, slack, croydon_page):
    config = watched.path / "config.toml"
    config.write_text(config.read_text() + '[slack.routes]\n"focused-visit" = "#leadership"\n')
    publish(site, croydon_page)
    assert watched.slack_once().code == 0
    assert [m["channel"] for m in slack.messages] == [slack.channel_id("#leadership")]


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


def test_a_threaded_reply_dropped_mid_burst_is_found_in_its_thread(workdir, site, slack, croydon_page):
    workdir.write_config(slack_api_url=slack.api_url)
    serve_provider(site, croydon_page)
    # Posts: the digest, two alerts, then the third alert is accepted and dropped.
    original = slack._post_message
    calls = {"n": 0}

    def drop_fourth(args, headers):
        calls["n"] += 1
        if calls["n"] == 4:
            slack.fail_next("drop")
        return original(args, headers)

    slack._post_message = drop_fourth
    first = workdir.slack_once("--alert-existing")
    assert first.code != 0 and len(slack.messages) == 4
    second = workdir.slack_once()
    assert second.code == 0, second.err
    assert "conversations.replies" in [m for m, _ in slack.calls]
    (digest,) = slack.top_level()
    replies = [m for m in slack.messages if m is not digest]
    ids = [m["metadata"]["event_payload"]["alert_id"] for m in replies]
    assert len(replies) == 10 and len(set(ids)) == 10  # each alert once, none twice


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

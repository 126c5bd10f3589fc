"""`check`: passes against the stand-ins, and fails, naming what, for a wrong token, a
channel the bot is not in, or a source that cannot be reached."""

from __future__ import annotations

from tests.conftest import serve_provider
from tests.sites.server import Reply
from tests.sites.slack import TOKEN


def rows(out: str) -> dict[str, str]:
    return {line.split()[0]: line for line in out.splitlines() if line.strip()}


def test_check_passes_against_the_stand_ins_and_posts_a_test_message(workdir, site, slack, croydon_page):
    workdir.write_config(slack_api_url=slack.api_url)
    serve_provider(site, croydon_page)
    slack.channel_id("#ofsted-alerts")  # the channel exists and the bot is in it
    run = workdir.cli("check", "--post", env={"SLACK_BOT_TOKEN": TOKEN})
    assert run.code == 0, run.out + run.err
    found = rows(run.out)
    assert "schema" in found["store"] and " ok " in found["store"]
    assert "bot UBOT in team test" in found["slack"]
    assert "can post here" in found["#ofsted-alerts"]
    assert "10 publications listed" in found["ofsted:80492"]
    (message,) = slack.messages
    assert message["text"].startswith("ofsted-watch check: a test message")
    path, headers = site.requests[-1]
    assert path == "/provider/44/80492" and headers["User-Agent"].startswith("ofsted-watch/")


def test_check_fails_for_a_wrong_token(workdir, site, slack, croydon_page):
    workdir.write_config(slack_api_url=slack.api_url)
    serve_provider(site, croydon_page)
    run = workdir.cli("check", env={"SLACK_BOT_TOKEN": "xoxb-wrong-0000"})
    assert run.code == 1
    assert "FAILED" in rows(run.out)["slack"] and "invalid_auth" in run.out


def test_check_fails_for_a_channel_the_bot_is_not_in(workdir, site, slack, croydon_page):
    workdir.write_config(slack_api_url=slack.api_url)
    serve_provider(site, croydon_page)
    slack.outside.add(slack.channel_id("#ofsted-alerts"))
    run = workdir.cli("check", env={"SLACK_BOT_TOKEN": TOKEN})
    assert run.code == 1 and "not a member of #ofsted-alerts" in rows(run.out)["#ofsted-alerts"]


def test_check_fails_for_an_unreachable_source_and_an_error_page(workdir, site, croydon_page):
    serve_provider(site, croydon_page, Reply(500, "down"))
    run = workdir.cli("check", "--console")
    assert run.code == 1
    assert "FAILED" in rows(run.out)["ofsted:80492"] and "HTTP 500" in run.out
    run = workdir.cli(
        "check", "--console", env={"DATABASE_URL": "postgresql://nobody:secret@127.0.0.1:9/none"}
    )
    assert run.code == 1 and "unreachable" in rows(run.out)["store"] and "secret" not in run.out

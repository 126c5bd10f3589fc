"""`check`: passes against the stand-ins, and fails, naming what, for a wrong token, a
channel the bot is not in, or a source that cannot be reached."""

from __future__ import annotations

import sqlite3

from storage.store import SCHEMA_VERSION
from tests.conftest import serve_provider
from tests.sites.server import Reply
from tests.sites.slack import TOKEN


def rows(out: str) -> dict[str, str]:
    return {line.split()[0]: line for line in out.splitlines() if line.strip()}


def test_check_passes_against_the_stand_ins_and_posts_a_test_message(workdir, site, slack, croydon_page):
    workdir.write_config(slack_api_url=slack.api_url)
    serve_provider(site, croydon_page)
    slack.channel_id("#ofsted-alerts")  # the channel exists and the bot is in it
    assert workdir.cli("migrate").code == 0  # as the deployment guide does before check
    run = workdir.cli("check", "--post", env={"SLACK_BOT_TOKEN": TOKEN})
    assert run.code == 0, run.out + run.err
    found = rows(run.out)
    assert "schema" in found["store"] and " ok " in found["store"]
    assert "bot UBOT in team test" in found["slack"]
    assert "can post here" in found["#ofsted-alerts"]
    assert " ok " in found["/ofsted"] and "off: SLACK_APP_TOKEN is not set" in found["/ofsted"]
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


def _tables(workdir) -> set[str]:
    database = workdir.path / "data" / "ofsted-watch.db"
    if not database.exists():
        return set()
    with sqlite3.connect(database) as db:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_commands_that_only_look_never_create_a_store(workdir, site, croydon_page):
    """A mistyped [storage] url once left an empty store behind, which check then called ok."""
    serve_provider(site, croydon_page)
    for command in ("check", "web", "status", "list"):
        run = workdir.cli(command, "--console") if command == "check" else workdir.cli(command)
        assert run.code == 1, (command, run.out, run.err)
        said = rows(run.out)["store"] if command == "check" else run.err
        assert f"there is no store at sqlite:///{workdir.path}/data/ofsted-watch.db" in said, command
        assert "check [storage] url or DATABASE_URL" in said and "Traceback" not in run.err
    assert not (workdir.path / "data").exists()


def test_check_and_web_never_create_or_change_the_schema_and_migrate_does(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    (workdir.path / "data").mkdir()
    sqlite3.connect(workdir.path / "data" / "ofsted-watch.db").close()  # a file, no schema
    run = workdir.cli("check", "--console")
    assert "no schema yet (once, serve or migrate creates it)" in rows(run.out)["store"]
    assert " ok " in rows(run.out)["store"] and not _tables(workdir)
    web = workdir.cli("web")
    assert web.code == 1 and "has no schema yet: once, serve or migrate creates it" in web.err
    assert not _tables(workdir)
    migrated = workdir.cli("migrate")
    assert migrated.code == 0 and f"schema {SCHEMA_VERSION} (migrated from nothing)" in migrated.out
    assert "alembic_version" in _tables(workdir)
    assert "(current)" in rows(workdir.cli("check", "--console").out)["store"]
    assert "was already current" in workdir.cli("migrate").out


def test_a_dry_run_says_what_is_wrong_with_the_store(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    gone = workdir.cli("once", "--dry-run", env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"})
    assert gone.code == 1 and "Traceback" not in gone.err
    assert "the store postgresql://nobody@127.0.0.1:9/none cannot be used: " in gone.err
    assert "schema" not in gone.err
    assert workdir.cli("migrate").code == 0
    with sqlite3.connect(workdir.path / "data" / "ofsted-watch.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '0001'")
    older = workdir.cli("once", "--dry-run")
    assert (
        older.code == 1
        and "older than this version's" in older.err
        and "run `ofsted-watch migrate`" in older.err
    )
    with sqlite3.connect(workdir.path / "data" / "ofsted-watch.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '0099'")
    newer = workdir.cli("once", "--dry-run")
    assert newer.code == 1 and "is newer than this version of ofsted-watch knows" in newer.err


def test_a_store_migrated_by_a_newer_version_is_said_in_one_line(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("migrate").code == 0
    with sqlite3.connect(workdir.path / "data" / "ofsted-watch.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '0099'")
    found = rows(workdir.cli("check", "--console").out)["store"]
    assert "FAILED" in found and f"schema 0099 is newer than this version knows ({SCHEMA_VERSION})" in found
    once = workdir.cli("once")
    assert once.code == 1 and "Traceback" not in once.err
    assert (
        f"the store's schema (0099) is newer than this version of ofsted-watch knows ({SCHEMA_VERSION})"
        in once.err
    )


def test_check_obeys_robots_txt_as_a_cycle_does_and_says_how_it_fetched(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    site.serve("/robots.txt", Reply(body="User-agent: *\nDisallow: /provider/\n", content_type="text/plain"))
    run = workdir.cli("check", "--console")
    assert run.code == 1
    assert "robots.txt disallows it, so no cycle reads it either" in rows(run.out)["ofsted:80492"]
    assert not [path for path, _ in site.requests if path.startswith("/provider/")]
    assert run.out.rstrip().splitlines()[-1].startswith("(sources are fetched as a cycle fetches them")

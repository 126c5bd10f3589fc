"""`/ofsted` over Socket Mode, through slack_sdk's own client, against local stand-ins of
Slack's Web API (apps.connections.open) and of its Socket Mode WebSocket: the hello, a
slash command and its acknowledgement carrying the answer, a disconnect and a dropped
connection each followed by a reconnection, and the workspace and token rules."""

from __future__ import annotations

import logging
import signal
import time
from datetime import date

import pytest

from config import Config, ConfigError, SlackConfig, load
from service import check, slash
from storage import Store
from storage.reading import Reading
from tests.conftest import listing, record, serve_provider, wait_for
from tests.sites.slack import TOKEN
from tests.sites.socket_mode import APP_TOKEN, TEAM, SocketModeStandIn


@pytest.fixture
def socket(slack):
    standin = SocketModeStandIn().start()
    slack.socket_url = standin.url
    yield standin
    standin.stop()


@pytest.fixture
def config(slack, monkeypatch) -> Config:
    monkeypatch.setenv(slash.APP_TOKEN, APP_TOKEN)
    return Config(slack=SlackConfig(api_url=slack.api_url, team_id=TEAM))


@pytest.fixture
def commands(config, socket, sqlite_store):
    fields = listing("1", type="ilacs", published=date(2020, 3, 16))
    record(sqlite_store, fields, alert=False, reading=Reading.done({"type": "ilacs", "outcome": "Good"}, {}))
    running = slash.SlashCommands(config, APP_TOKEN, sqlite_store).start()
    socket.wait_connections(1)
    yield running
    running.stop()


def _text(ack: dict) -> str:
    return "\n".join(block["text"]["text"] for block in ack.get("blocks", []))


def test_a_command_is_acknowledged_with_its_answer_which_only_the_asker_sees(commands, socket):
    ack = socket.ack(socket.command("croydon"))
    assert ack["response_type"] == "ephemeral"
    assert _text(ack).startswith("*Croydon*\nLatest judgement: *Good* (March 2020)")
    typo = socket.ack(socket.command("Croydn"))
    assert typo["text"] == "No English authority is called “Croydn”. Did you mean: Croydon?"


def test_an_answer_that_cannot_be_built_is_still_acknowledged_saying_so(commands, socket, caplog):
    from sqlalchemy import text

    with commands.store.engine.begin() as conn:  # the store broken under the service
        conn.execute(text("DROP TABLE publications"))
    ack = socket.ack(socket.command("croydon"))
    assert ack["text"].startswith("Sorry: the answer could not be built")
    assert "/ofsted: the answer could not be built" in caplog.text


def test_a_burst_of_commands_is_answered_in_turn(commands, socket):
    envelopes = [socket.command(asked) for asked in ("", "help", "sector", "hull", "croydon")]
    answers = [socket.ack(envelope) for envelope in envelopes]
    assert [a["text"] for a in answers] == [
        "Croydon: where it stands",
        "How to ask /ofsted",
        "London: the region side by side",
        "Kingston Upon Hull, City of: where it stands",
        "Croydon: where it stands",
    ]


def test_another_workspaces_command_is_acknowledged_and_not_answered(commands, socket, caplog):
    caplog.set_level(logging.WARNING, logger=slash.__name__)
    assert socket.ack(socket.command("croydon", team="T0ELSEWHERE")) == {}
    assert "a command from another workspace was not answered" in caplog.text


def test_a_disconnect_and_a_lost_connection_reconnect_with_back_off_logged_once(
    commands, socket, slack, caplog
):
    caplog.set_level(logging.INFO, logger=slash.__name__)
    socket.disconnect()  # Slack refreshing the connection: the client opens another
    socket.wait_connections(2)
    assert socket.ack(socket.command("help"))["text"] == "How to ask /ofsted"
    slack.open_faults = 2  # Slack cannot be reached for a while
    socket.drop()
    socket.wait_connections(3)
    assert socket.ack(socket.command("help"))["text"] == "How to ask /ofsted"
    said = [r.getMessage() for r in caplog.records]
    (failed,) = [n for n, line in enumerate(said) if "cannot connect to Slack" in line]  # not each attempt
    assert sum("connected to Slack over Socket Mode" in line for line in said[failed:]) == 1  # once back


def test_a_websocket_that_will_not_open_is_tried_again_with_back_off_not_at_once(config, slack, caplog):
    """The library says such a failure only to its listeners: it must not be taken as
    connected, nor tried again in a tight loop."""
    caplog.set_level(logging.INFO, logger=slash.__name__)
    slack.socket_url = "ws://127.0.0.1:9/link/"  # nothing listens there
    started = time.monotonic()
    running = slash.SlashCommands(config, APP_TOKEN, Store("sqlite://")).start()
    try:
        wait_for(lambda: _opened(slack) >= 3, 30, "three attempts to connect")
    finally:
        running.stop()
    assert time.monotonic() - started >= slash.BACKOFF[0] + slash.BACKOFF[1]  # it waited between them
    said = [r.getMessage() for r in caplog.records]
    assert sum("cannot connect to Slack" in line for line in said) == 1


def _opened(slack) -> int:
    return sum(method == "apps.connections.open" for method, _ in slack.calls)


def test_without_the_token_nothing_starts_and_check_says_it_is_off(monkeypatch, slack, socket, caplog):
    monkeypatch.delenv(slash.APP_TOKEN, raising=False)
    config = Config(slack=SlackConfig(api_url=slack.api_url, team_id=TEAM))
    caplog.set_level(logging.INFO, logger=slash.__name__)
    assert slash.start(config) is None and "/ofsted is off: SLACK_APP_TOKEN is not set" in caplog.text
    assert check._slash(config) == check.Finding("/ofsted", True, "off: SLACK_APP_TOKEN is not set")
    monkeypatch.setenv(slash.APP_TOKEN, APP_TOKEN)
    assert check._slash(config) == check.Finding("/ofsted", True, f"on: Socket Mode, answering team {TEAM}")
    without_team = Config(slack=SlackConfig(api_url=slack.api_url))
    assert not check._slash(without_team).ok and slash.start(without_team) is None


def test_the_app_token_is_refused_in_the_config_file_and_a_foreign_socket_address_is_not_used(tmp_path):
    file = tmp_path / "config.toml"
    file.write_text('[slack]\nchannel = "xapp-1-A0-123-abc"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="looks like a Slack token"):
        load(file)
    api = "https://slack.com/api/"
    assert slash.allowed_socket("wss://wss-primary.slack.com/link/?ticket=1", api)
    assert not slash.allowed_socket("wss://evil.example/link", api)
    assert not slash.allowed_socket("ws://wss-primary.slack.com/link", api)  # never unencrypted to Slack
    assert slash.allowed_socket("ws://127.0.0.1:9/link", "http://127.0.0.1:8/api/")


def test_serve_answers_in_its_own_thread_while_its_cycle_runs(workdir, site, slack, socket, croydon_page):
    workdir.write_config(slack_api_url=slack.api_url, extra=f'team_id = "{TEAM}"')
    serve_provider(site, croydon_page)
    service = workdir.spawn("serve", env={"SLACK_BOT_TOKEN": TOKEN, slash.APP_TOKEN: APP_TOKEN})
    try:
        socket.wait_connections(1, timeout=40)
        # The catch-up cycle starts at once; the command is answered all the same.
        assert socket.ack(socket.command("help"))["text"] == "How to ask /ofsted"
    finally:
        service.send_signal(signal.SIGTERM)
        assert service.wait(timeout=10) == 0
    log = workdir.log()
    assert "/ofsted: connected to Slack over Socket Mode, answering team T0TESTTEAM" in log
    assert APP_TOKEN not in log + workdir.log("err.log")


def test_metrics_and_healthz_say_when_ofsted_cannot_reach_slack(commands, socket, slack, sqlite_store):
    from service.endpoint import SlashCollector, health
    from storage.cycles import Cycles

    def connected() -> float:
        (gauge,) = SlashCollector(lambda: commands).collect()
        return gauge.samples[0].value

    assert connected() == 1.0 and commands.down_since is None
    slack.open_faults = 10_000  # Slack cannot be reached until further notice
    socket.drop()
    wait_for(lambda: commands.down_since is not None, 30, "the lost connection to be noticed")
    assert connected() == 0.0
    assert list(SlashCollector(lambda: None).collect()) == []  # /ofsted off: no gauge at all
    Cycles(sqlite_store).start("c1")
    Cycles(sqlite_store).finish("c1", status="ok", counts={}, errors=[])
    ok, reason = health(sqlite_store, commands.config, commands)
    since = f"{commands.down_since:%Y-%m-%d %H:%M} UTC"
    assert ok and f"degraded: /ofsted cannot reach Slack since {since}" in reason
    slack.open_faults = 0
    wait_for(lambda: commands.down_since is None, 120, "the connection to be opened again")
    assert connected() == 1.0

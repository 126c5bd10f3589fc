"""The scheduler as a service: `serve` on a schedule, health, shutdown, locking, source health."""

import json
import signal
import socket
import threading
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import NEW, serve_provider, wait_for
from tests.sites.ofsted import ProviderPage
from tests.sites.server import Reply
from tests.sites.slack import TOKEN


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:
        return 0, str(error)


def cycles(workdir) -> list[str]:
    return [line for line in workdir.cli("status").out.splitlines() if line.startswith("  20")]


@pytest.mark.long  # the next minute's cycle: up to 60 s away
def test_serve_runs_on_schedule_and_posts_the_new_publication_once(workdir, site, slack, croydon_page):
    port = free_port()
    workdir.write_config(
        slack_api_url=slack.api_url, extra=f'[schedule]\ncron = "* * * * *"\n[health]\nport = {port}\n'
    )
    serve_provider(site, croydon_page)
    service = workdir.spawn("serve", env={"SLACK_BOT_TOKEN": TOKEN})
    try:
        health = f"http://127.0.0.1:{port}"
        # No cycle has ever run, so the service catches up at once: the baseline.
        wait_for(lambda: get(f"{health}/healthz")[0] == 200, 40, "the catch-up cycle")
        assert slack.messages == []
        croydon_page.entries.insert(0, NEW)
        serve_provider(site, croydon_page)
        # The next minute's scheduled cycle finds it.
        wait_for(lambda: slack.messages, 75, "the scheduled cycle to post the new publication")
        wait_for(lambda: "running" not in cycles(workdir)[0], 20, "the scheduled cycle to finish")
        assert len(slack.messages) == 1
        assert slack.messages[0]["metadata"]["event_payload"]["publication_id"] == "50300001"

        status, body = get(f"{health}/metrics")
        assert status == 200
        metrics = {m.name: m for m in text_string_to_metric_families(body)}
        assert metrics["ofsted_watch_cycles"].samples[0].labels == {"status": "ok"}
        assert metrics["ofsted_watch_alerts_delivered"].samples[0].value == 1
        assert metrics["ofsted_watch_alerts_pending"].samples[0].value == 0
        assert "ofsted_watch_last_cycle_duration_seconds" in metrics
    finally:
        service.send_signal(signal.SIGTERM)
        assert service.wait(timeout=10) == 0
    log = workdir.log()
    assert "next cycle now (catching up)" in log and "SIGTERM received: stopping" in log
    assert "apscheduler" not in log  # its start, stop and each run repeat the service's own lines
    assert "; 1 source; alerts to Slack #ofsted-alerts" in log
    for line in log.splitlines():
        if " cycle started" in line:
            assert " INFO cycle=" in line and " source=- " in line
    assert any("source=ofsted:80492" in line for line in log.splitlines())
    assert TOKEN not in log + workdir.log("err.log")
    # Posted once: a later cycle finds nothing new to say.
    assert workdir.slack_once().code == 0
    assert len(slack.messages) == 1


def test_healthz_is_503_with_the_reason_once_a_source_counts_as_failing(workdir, site, croydon_page):
    port = free_port()
    workdir.write_config(
        extra=f'[schedule]\ncron = "0 12 1 1 *"\n[health]\nport = {port}\nfailures_to_alert = 1\n'
    )
    serve_provider(site, croydon_page, Reply(500, "down"))
    service = workdir.spawn("serve")
    try:
        status, reason = wait_for(
            lambda: (lambda r: r if "failed" in r[1] else None)(get(f"http://127.0.0.1:{port}/healthz")),
            40,
            "the failed catch-up cycle",
        )
        assert status == 503 and "HTTP 500" in reason
    finally:
        service.send_signal(signal.SIGINT)
        assert service.wait(timeout=10) == 0


def test_sigterm_mid_cycle_stops_within_10_seconds_losing_nothing(workdir, site, croydon_page):
    slow = Reply(body=croydon_page.render(site.url), delay=60)
    serve_provider(site, croydon_page, slow)
    workdir.write_config(extra=f'[schedule]\ncron = "0 12 1 1 *"\n[health]\nport = {free_port()}\n')
    # No cycle has run yet, so the service catches up at once and meets the slow page.
    service = workdir.spawn("serve", "--config", "config.toml")
    wait_for(lambda: site.hits("/provider/44/80492") >= 1 or None, 30, "the crawl to be under way")
    service.send_signal(signal.SIGTERM)
    assert service.wait(timeout=10) == 0  # the promise to systemd and Docker
    assert "interrupted" in cycles(workdir)[0]
    serve_provider(site, croydon_page)
    again = workdir.cli("once")
    assert again.code == 0, again.err
    assert len(json.loads(workdir.cli("list", "--json").out)) == 10


def test_two_concurrent_cycles_one_runs_one_refuses(workdir, site, croydon_page):
    hung = threading.Event()  # the first cycle's page answers once the second has been refused
    serve_provider(site, croydon_page, Reply(body=croydon_page.render(site.url), hold=hung))
    first = workdir.spawn("once")
    try:
        wait_for(lambda: "running" in "".join(cycles(workdir)) or None, 60, "the first cycle to start")
        second = workdir.cli("once")
    finally:
        hung.set()
    assert second.code != 0
    assert "a cycle is already running (since 20" in second.err
    assert first.wait(timeout=60) == 0
    assert [line.split()[3] for line in cycles(workdir)] == ["ok"]


def test_a_source_that_lists_nothing_may_have_changed_layout(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    empty = ProviderPage("Croydon", "80492", [])
    serve_provider(site, croydon_page, Reply(body=empty.render(site.url)))
    run = workdir.cli("once")
    assert run.out.count("--- ops") == 1 and "listed nothing: it may have changed layout" in run.out
    assert "--- ops" not in workdir.cli("once").out  # told once, not every cycle
    status = workdir.cli("status").out
    assert "PROBLEM" in status and "may have changed layout" in status


def test_status_and_run_records(workdir, site, croydon_page):
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    status = workdir.cli("status")
    assert status.code == 0
    (record,) = cycles(workdir)
    assert " ok " in record and "seen 10, new 10, changed 0, read 10, alerted 0" in record
    assert "ofsted:80492" in status.out and "10 listed" in status.out


def test_invalid_schedule_exits_2_naming_the_key(workdir):
    workdir.write_config(extra='[schedule]\ncron = "every minute"\n')
    run = workdir.cli("serve")
    assert run.code == 2 and "schedule.cron" in run.err
    workdir.write_config(extra='[schedule]\ntimezone = "Europe/Croydon"\n')
    run = workdir.cli("serve")
    assert run.code == 2 and "schedule.timezone" in run.err


def test_a_crawl_past_its_hard_timeout_is_stopped_and_recorded(workdir, site, croydon_page):
    hung = threading.Event()  # the page never answers while the cycle runs
    serve_provider(site, croydon_page, Reply(body=croydon_page.render(site.url), hold=hung))
    config = workdir.path / "config.toml"
    config.write_text(config.read_text().replace("timeout = 10", "timeout = 10\ncycle_timeout = 3"))
    try:
        run = workdir.cli("once")
    finally:
        hung.set()
    assert run.code != 0
    assert "source ofsted:80492 (Croydon) failed: the crawl timed out after 3 s" in run.err
    assert "timed-out" in cycles(workdir)[0]


def test_processes_starting_together_on_a_new_store_take_turns_to_migrate(workdir):
    commands = [workdir.spawn("migrate") for _ in range(6)]
    assert [c.wait(timeout=60) for c in commands] == [0] * 6


def test_serve_with_its_health_port_taken_says_so_in_one_line(workdir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        workdir.write_config(extra=f'[schedule]\ncron = "0 12 1 1 *"\n[health]\nport = {port}\n')
        run = workdir.cli("serve")
    assert run.code == 1 and "Traceback" not in run.err
    (line,) = [line for line in run.err.splitlines() if "health endpoint" in line]
    assert f"cannot listen on 127.0.0.1:{port}" in line and "[health] port" in line


def test_a_cycle_killed_with_its_process_is_recorded_as_interrupted_with_why(workdir, site, croydon_page):
    hung = threading.Event()
    serve_provider(site, croydon_page, Reply(body=croydon_page.render(site.url), hold=hung))
    killed = workdir.spawn("once")
    try:
        wait_for(lambda: "running" in "".join(cycles(workdir)) or None, 60, "the cycle to start")
        killed.send_signal(signal.SIGKILL)  # as the OOM killer would, or kill -9 of serve
        killed.wait()
    finally:
        hung.set()
    serve_provider(site, croydon_page)
    assert workdir.cli("once").code == 0
    status = workdir.cli("status").out.splitlines()
    (at,) = [n for n, line in enumerate(status) if line.startswith("  20") and " interrupted " in line]
    assert "ended before it could record how it went (killed, or the machine stopped)" in status[at + 1]


def test_a_scheduled_cycle_starts_with_its_crawl_child_ready(workdir, site, croydon_page):
    from config import load
    from service.schedule import Service

    serve_provider(site, croydon_page)
    config = workdir.path / "config.toml"
    service = Service(load(str(config)), str(config), console=True)
    try:
        service._cycle()  # the catch-up: its child started then
        ready = service._ready
        assert ready is not None and ready.poll() is None  # started, waiting for its turn
        service._cycle()
        assert ready.wait(60) == 0  # it crawled the second cycle
        assert service._ready is not None and service._ready is not ready
    finally:
        service._dismiss_ready()
    statuses = [line.split()[3] for line in cycles(workdir)]
    assert statuses == ["ok", "ok"]
    assert service._ready is None

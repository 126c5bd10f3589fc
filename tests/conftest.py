"""Shared fixtures: local copies of the sites, a working directory with a config, the CLI."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from scraper.provider_page import classify, parse_date
from storage.models import Publication
from tests.commands import SERVING, Run, in_process
from tests.sites import documents
from tests.sites.ofsted import Entry, croydon
from tests.sites.server import Reply, Site
from tests.sites.slack import TOKEN, SlackStandIn

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
# CI sets this so that a missing PostgreSQL server or shared material fails the run
# instead of skipping.
STRICT = "OFSTED_WATCH_CI"
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def shared(*parts: str) -> Path:
    """A path in the shared material beside the project, or a skip saying it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        why = f"needs the shared material at ../{path.relative_to(PROJECT.parent)}, absent here"
        if os.environ.get(STRICT):
            pytest.fail(f"{why} ({STRICT} is set)")
        pytest.skip(why)
    return path


@pytest.fixture
def site():
    server = Site().start()
    yield server
    server.stop()


@pytest.fixture
def slack():
    """A local stand-in for the Slack Web API."""
    standin = SlackStandIn().start()
    yield standin
    standin.stop()


@pytest.fixture
def croydon_page():
    return croydon()


def serve_provider(site: Site, page, *replies: Reply) -> str:
    """Serve the provider page, and a realistic PDF for each of its documents not yet served."""
    path = f"/provider/44/{page.urn}"
    site.serve(path, *(replies or (Reply(body=page.render(site.url)),)))
    for entry in page.entries:
        document = f"/v1/file/{entry.file_id}"
        if entry.file_id and document not in site.routes:
            kind, visited = classify(entry.title), date.fromisoformat(entry.event_date)
            site.serve(document, pdf_reply(_letter(kind, page.name, _published(entry), visited)))
    return path


@functools.cache
def _letter(kind: str, authority: str, published: date, visited: date) -> bytes:
    """A realistic letter as a PDF; rendered once per test process, as tests serve the
    same letters again and again."""
    return documents.render(documents.letter_text(kind, authority, published, visited))


def pdf_reply(body: bytes, **changes) -> Reply:
    return Reply(**{"body": body, "content_type": "application/pdf"} | changes)


def _published(entry) -> date:
    return parse_date(entry.published) or date.fromisoformat(entry.event_date) + timedelta(days=30)


def wait_for(condition, timeout: float, what: str):
    """What `condition` gives once it gives something, asked every half second; a failure
    naming `what` after `timeout` seconds, a bound for a machine however busy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


@dataclass
class Workdir:
    path: Path
    site: Site

    def write_config(
        self,
        authorities=(("Croydon", "80492"),),
        extra: str = "",
        slack_api_url: str = "https://slack.com/api/",
        news: str | None = None,
    ) -> Path:
        """A config on the local sites; `news`: [[news]] tables, or none at all."""
        entries = ", ".join(
            f'{{ name = "{n}", urn = "{u}", aliases = ["London Borough of {n}"] }}' for n, u in authorities
        )
        text = f"""{"news = []" if news is None else ""}
[storage]
url = "sqlite:///data/ofsted-watch.db"
[crawl]
delay = 0.01
backoff = 0.01
retries = 2
timeout = 10
contact = "https://example.org/ofsted-watch"
[ofsted]
base_url = "{self.site.url}"
files_url = "{self.site.url}"
authorities = [{entries}]
[slack]
channel = "#ofsted-alerts"
api_url = "{slack_api_url}"
pace = 0
{extra}
{news or ""}
"""
        config = self.path / "config.toml"
        config.write_text(text)
        return config

    def _environment(self, env: dict | None) -> dict:
        environment = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "SLACK_BOT_TOKEN", "OFSTED_WATCH_CONFIG")
        }
        return environment | (env or {})

    def cli(self, *args: str, env: dict | None = None, process: bool = False) -> Run:
        """A command, run in this process through `scheduler.main` as the installed command
        runs it; `process`, or a command that serves, runs it as a process of its own."""
        argv = _console_unless_token(args, env)
        if process or args[0] in SERVING:
            done = subprocess.run(
                [sys.executable, str(PROJECT / "scheduler.py"), *argv],
                cwd=self.path,
                env=self._environment(env),
                capture_output=True,
                text=True,
                timeout=120,
            )
            return Run(done.returncode, done.stdout, done.stderr)
        return in_process(argv, cwd=self.path, env=self._environment(env))

    def spawn(self, *args: str, env: dict | None = None) -> subprocess.Popen:
        """Start the CLI in the background; its output goes to out.log and err.log."""
        # The child has its own copies of the files: this process's are closed at once.
        with (self.path / "out.log").open("w") as out, (self.path / "err.log").open("w") as err:
            return subprocess.Popen(
                [sys.executable, str(PROJECT / "scheduler.py"), *_console_unless_token(args, env)],
                cwd=self.path,
                env=self._environment(env),
                stdout=out,
                stderr=err,
            )

    def listed(self) -> dict[str, dict]:
        """`list --json`, by id: publications and news items."""
        run = self.cli("list", "--json")
        assert run.code == 0, run.err
        return {record["id"]: record for record in json.loads(run.out)}

    def slack_once(self, *args: str, token: str = TOKEN) -> Run:
        """`once` with a Slack bot token set."""
        return self.cli("once", *args, env={"SLACK_BOT_TOKEN": token})

    def log(self, name: str = "out.log") -> str:
        return (self.path / name).read_text()


def _console_unless_token(args: tuple[str, ...], env: dict | None) -> tuple[str, ...]:
    """Cycles without a Slack token print to the console, as a user would ask with --console."""
    if args and args[0] in ("once", "serve") and "SLACK_BOT_TOKEN" not in (env or {}):
        return (*args, "--console")
    return args


@pytest.fixture
def workdir(tmp_path, site) -> Workdir:
    wd = Workdir(tmp_path, site)
    wd.write_config()
    return wd


# A new focused visit letter for Croydon, as a later crawl finds it.
NEW = Entry("50300001", "Children's services focused visit", "14 November 2026", "2026-10-07")


def publish(site: Site, page, entry: Entry = NEW) -> None:
    """The provider page lists a new publication, newest first."""
    page.entries.insert(0, entry)
    serve_provider(site, page)


@pytest.fixture
def watched(workdir, site, slack, croydon_page) -> Workdir:
    """A workdir whose first (baseline) cycle has run, posting to the stand-in."""
    workdir.write_config(slack_api_url=slack.api_url)
    serve_provider(site, croydon_page)
    assert workdir.slack_once().code == 0
    return workdir


@pytest.fixture
def sqlite_store(tmp_path):
    """An empty store of the test's own, on SQLite."""
    from storage import Store

    store = Store(f"sqlite:///{tmp_path}/store.db")
    yield store
    store.close()


# The real sites' origins, trusted as the default config trusts them.
HOSTS = frozenset({("https", "files.ofsted.gov.uk", 443), ("https", "reports.ofsted.gov.uk", 443)})


def listing(id: str = "50300001", **changes) -> dict:
    """A Croydon focused visit letter as its provider page lists it."""
    return {
        "id": id,
        "source": "ofsted:80492",
        "authority": "Croydon",
        "urn": "80492",
        "type": "focused-visit",
        "title": "Children's services focused visit",
        "url": f"https://files.ofsted.gov.uk/v1/file/{id}",
        "published": date(2026, 11, 20),
        "event_date": date(2026, 10, 7),
        "page_url": "https://reports.ofsted.gov.uk/provider/44/80492",
    } | changes


def publication(pid: str, kind: str, published: date, reading: dict | None = None, **fields) -> Publication:
    """A Croydon publication as the store would hold it, read unless `reading` says not."""
    return Publication(
        id=pid,
        source="ofsted:80492",
        authority="Croydon",
        urn="80492",
        type=kind,
        title=fields.pop("title", "Children's services inspection"),
        url=f"https://files.ofsted.gov.uk/v1/file/{pid}",
        published=published,
        page_url="https://reports.ofsted.gov.uk/provider/44/80492",
        first_seen=datetime(2026, 11, 1),
        last_seen=datetime(2026, 11, 1),
        **({"read_status": "done"} | (reading or {})),
        **fields,
    )


def delivering(store, slack, config=None, *, token: str = TOKEN, **options):
    """The product's delivery of the store's outbox, as one cycle runs it, through the
    real slack_sdk client to the Slack stand-in."""
    from alerts.delivery import Delivery
    from alerts.slack import SlackReporter
    from config import SlackConfig
    from storage.outbox import Outbox

    reporter = SlackReporter(token, slack.api_url)
    return Delivery(Outbox(store), reporter, config or SlackConfig(pace=0), HOSTS, **options)


def record(store, fields, *, alert: bool, max_read_attempts: int = 3, **sighting):
    """One publication recorded as a page of one would be: what changed."""
    from storage.publications import Publications, Sighting

    found = Sighting(fields, alert=alert, **sighting)
    return Publications(store).record([found], max_read_attempts=max_read_attempts)[0]


def emptied(store):
    """The store with every table emptied, children before parents: the PostgreSQL
    database lives for the whole session, so each test starts from nothing."""
    from sqlalchemy import delete

    from storage.models import Base

    with store.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(delete(table))
    return store


@pytest.fixture(scope="session")
def postgres_url():
    """A scratch PostgreSQL database for this test session, dropped afterwards."""
    with scratch_postgres() as url:
        yield url


@contextlib.contextmanager
def scratch_postgres():
    """A scratch PostgreSQL database, dropped afterwards; a skip (a failure in CI) when no
    server answers."""
    from sqlalchemy import create_engine, text

    admin_url = POSTGRES_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "no server"
        if os.environ.get(STRICT):
            pytest.fail(f"PostgreSQL is required ({STRICT} is set) but unreachable: {exc}")
        pytest.skip(f"no PostgreSQL server reachable at {POSTGRES_ADMIN_URL}: {exc}")
    with scratch_database(admin, POSTGRES_ADMIN_URL, "ofsted_watch_test") as url:
        yield url


@contextlib.contextmanager
def scratch_database(admin, admin_url: str, prefix: str):
    """A database of its own on the server `admin` (an engine) is connected to, named
    from `prefix`; dropped afterwards, and `admin` disposed of."""
    from sqlalchemy import text

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def pytest_collection_modifyitems(items):
    """The tests that wait on the clock start first: started last, one would be the
    suite's tail while the other workers sit idle."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


def pytest_terminal_summary(terminalreporter):
    """Print the reports tests attached with record_property("report", ...)."""
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, value in getattr(report, "user_properties", []):
                if name == "report":
                    terminalreporter.write_sep("-", report.nodeid.split("::")[-1])
                    terminalreporter.write_line(value)

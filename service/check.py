"""`check`: is everything this service needs there? The config, the store and its schema,
Slack (the token, and access to every channel alerts are routed to) and each source, with
one polite request each. Printed as a table; any failure fails the command.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from protego import Protego
from sqlalchemy.exc import SQLAlchemyError

from alerts.blocks import Post
from alerts.reporter import DeliveryError
from alerts.slack import SlackReporter
from config import Config
from product import DEFAULT_PATH, PATH_ENV
from scraper import provider_page, sector_listing
from scraper.origins import OriginCheck, origin
from storage.store import SCHEMA_VERSION, Store, StoreMissing, StoreUnavailable, shown_url
from vocabulary import SECTOR_SOURCE

# Enough of a page to know what it is; a check never reads more.
MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Finding:
    what: str
    ok: bool
    detail: str


def run(config: Config, config_path: str | None, *, console: bool, post: bool) -> list[Finding]:
    file = config_path or os.environ.get(PATH_ENV) or (DEFAULT_PATH if Path(DEFAULT_PATH).exists() else None)
    found = [Finding("config", True, f"{file} is valid" if file else "no file: the built-in defaults")]
    found.append(_store(config))
    found += _slack(config, console=console, post=post)
    found.append(_slash(config))
    found += _sources(config)
    return found


def table(findings: list[Finding]) -> str:
    width = max(len(f.what) for f in findings)
    rows = [f"{f.what:{width}}  {'ok' if f.ok else 'FAILED':6}  {f.detail}" for f in findings]
    return "\n".join([*rows, f"({FETCHED_AS})"])


def _store(config: Config) -> Finding:
    shown = shown_url(config.database_url)
    try:
        store = Store(config.database_url, migrate=False, create=False)  # check only looks
        try:
            found = store.schema_version()
        finally:
            store.close()
    except (StoreUnavailable, StoreMissing) as exc:
        return Finding("store", False, str(exc))
    except (SQLAlchemyError, OSError) as exc:
        return Finding("store", False, f"{shown}: unreachable: {str(exc).splitlines()[0]}")
    if found is None:
        return Finding(
            "store", True, f"{shown}: reachable, no schema yet (once, serve or migrate creates it)"
        )
    if found > SCHEMA_VERSION:
        return Finding(
            "store", False, f"{shown}: schema {found} is newer than this version knows ({SCHEMA_VERSION})"
        )
    if found < SCHEMA_VERSION:
        return Finding(
            "store", True, f"{shown}, schema {found} (once, serve or migrate upgrades it to {SCHEMA_VERSION})"
        )
    return Finding("store", True, f"{shown}, schema {SCHEMA_VERSION} (current)")


def _slack(config: Config, *, console: bool, post: bool) -> list[Finding]:
    if console or not config.slack.enabled:
        return [Finding("slack", True, "alerts are printed to the console; Slack is not used")]
    token = os.environ.get("SLACK_BOT_TOKEN")
    if not token:
        return [Finding("slack", False, "SLACK_BOT_TOKEN is not set")]
    slack = SlackReporter(token, config.slack.api_url, timeout=config.slack.timeout, rate_limit_retries=1)
    try:
        found = [Finding("slack", True, f"auth.test: {slack.identity()}")]
    except DeliveryError as exc:
        return [Finding("slack", False, f"auth.test failed: {exc}")]
    channels = dict.fromkeys([config.slack.channel, *config.slack.routes.values()])
    for channel in channels:
        try:
            problem = slack.membership(channel)
        except DeliveryError as exc:
            problem = str(exc)
        found.append(Finding(channel, problem is None, problem or "the bot can post here"))
    if post:
        message = "ofsted-watch check: a test message. Alerts will arrive in this channel."
        try:
            posted = slack.post(config.slack.channel, Post(text=message, label="check", plain=message))
            found.append(Finding("test message", True, f"posted to {posted.channel_id} (ts {posted.ts})"))
        except DeliveryError as exc:
            found.append(Finding("test message", False, f"not posted: {exc}"))
    return found


def _slash(config: Config) -> Finding:
    """Whether `/ofsted` runs: off without its app-level token, and the token tried."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    from service.slash import APP_TOKEN, allowed_socket, off_reason

    if reason := off_reason(config):
        return Finding("/ofsted", bool(not os.environ.get(APP_TOKEN)), f"off: {reason}")
    api_url = str(config.slack.api_url)
    client = WebClient(base_url=api_url, timeout=int(config.slack.timeout))
    try:
        url = client.apps_connections_open(app_token=os.environ[APP_TOKEN])["url"]
    except (SlackApiError, OSError) as exc:
        return Finding("/ofsted", False, f"apps.connections.open failed: {exc}")
    if not allowed_socket(str(url), api_url):
        return Finding("/ofsted", False, "Slack gave a Socket Mode address on no allowed host")
    return Finding("/ofsted", True, f"on: Socket Mode, answering team {config.slack.team_id}")


def _sources(config: Config) -> list[Finding]:
    base = config.ofsted.base_url
    urls = {
        a.source: (provider_page.provider_url(base, a.urn), "provider") for a in config.ofsted.authorities
    }
    if config.ofsted.sector:
        urls[SECTOR_SOURCE] = (sector_listing.listing_url(base, 0), "listing")
    urls |= {n.source: (n.url, "news") for n in config.news}
    check = OriginCheck(
        frozenset(o for url in config.origin_urls if (o := origin(url))),
        frozenset(h.lower() for h in config.crawl.private_hosts),
    )
    opener = urllib.request.build_opener(_CheckedRedirects(check))
    last: dict[str, float] = {}
    robots: dict[str, Protego | None] = {}
    found = []
    for key, (url, page) in urls.items():
        parts = urlsplit(url)
        host = parts.hostname or ""
        time.sleep(max(0.0, last.get(host, 0.0) + config.crawl.delay - time.monotonic()))  # polite
        last[host] = time.monotonic()
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in robots:
            robots[site] = _robots(opener, site, config)
        if (rules := robots[site]) is not None and not rules.can_fetch(url, config.user_agent):
            found.append(Finding(key, False, f"{url}: robots.txt disallows it, so no cycle reads it either"))
            continue
        found.append(Finding(key, *_fetch(opener, check, url, config, page=page)))
    return found


# What the rows of the sources say of how they were fetched.
FETCHED_AS = (
    "sources are fetched as a cycle fetches them (the origin check on every hop, robots.txt, "
    "the User-Agent, the timeout and delay, any proxy set in the environment), but once "
    "each and without retries"
)


def _robots(opener, site: str, config: Config) -> Protego | None:
    """The site's robots.txt as the crawl reads it (Scrapy's parser, Protego); None, as
    Scrapy takes it, when there is none to be had."""
    request = urllib.request.Request(f"{site}/robots.txt", headers={"User-Agent": config.user_agent})
    try:
        with opener.open(request, timeout=config.crawl.timeout) as answer:
            return Protego.parse(answer.read(MAX_BYTES).decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _fetch(opener, check: OriginCheck, url: str, config: Config, *, page: str) -> tuple[bool, str]:
    """One request; a provider page or the sector listing must also read as one."""
    if refusal := check.refusal(url, article=False):
        return False, f"refused: {refusal}"
    request = urllib.request.Request(url, headers={"User-Agent": config.user_agent})
    try:
        with opener.open(request, timeout=config.crawl.timeout) as answer:
            body = answer.read(MAX_BYTES).decode("utf-8", "replace")
            status, answered = answer.status, answer.url
    except urllib.error.HTTPError as exc:
        return False, f"{url}: HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return False, f"{url}: {getattr(exc, 'reason', None) or exc}"
    if page == "news":
        return True, f"HTTP {status}, {len(body):,} characters"
    try:
        if page == "listing":
            authorities, total = sector_listing.parse(body, url)
            return True, f"HTTP {status}, {len(authorities)} of {total} authorities on the first page"
        asked = provider_page.PROVIDER_PATH.search(urlsplit(url).path)
        listed = provider_page.parse(body, answered, asked.group(1) if asked else None)
    except provider_page.PageError as exc:
        return False, f"{url}: {exc}"
    return True, f"HTTP {status}, {len(listed)} publications listed"


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Every redirect hop passes the same origin check as the first request."""

    def __init__(self, check: OriginCheck):
        self.check = check

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if refusal := self.check.refusal(newurl, article=False):
            raise urllib.error.URLError(f"redirect refused: {refusal}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)

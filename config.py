"""The product's one TOML config file: loading, defaults and validation.

Every key is validated up front so that a typo stops the service with a message
naming the key, before anything is crawled or posted.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails
from w3lib.url import safe_url_string

import authorities
from errors import UsageProblem
from product import DEFAULT_PATH, PATH_ENV, VERSION
from vocabulary import NEWS_PREFIX, SECTOR_NAME, SECTOR_SOURCE, PublicationType

DEFAULT_PORTS = {"http": 80, "https": 443}
# (scheme, host, port): what a request or a link is checked by, all three together.
Origin = tuple[str, str, int]


def normalised(url: str) -> str | None:
    """A URL as browsers and Scrapy read it (the WHATWG URL standard, by w3lib: the host
    lower-cased, spaces and other characters percent-encoded), or None for one no honest
    page gives: not http(s), no host, user info, a backslash or a control character.
    A backslash is a slash to a browser but not to urllib, so a link such as
    "https://evil.example\\@files.ofsted.gov.uk/" would be judged by one host and opened at
    another: every URL is judged, requested, linked and stored in this form alone."""
    if "\\" in url or any(ord(c) < 0x20 or ord(c) == 0x7F for c in url.strip()):
        return None
    try:
        safe = safe_url_string(url.strip())
        parts = urlsplit(safe)
        parts.port  # noqa: B018 - a port that is no number raises here
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    return safe


def origin(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL, as normalised; None for any other URL."""
    if (safe := normalised(url)) is None:
        return None
    parts = urlsplit(safe)
    assert parts.hostname is not None  # normalised says so
    return parts.scheme, parts.hostname.lower(), parts.port or DEFAULT_PORTS[parts.scheme]


# What a Slack token looks like (bot, user, app, refresh and config tokens).
SLACK_TOKEN = re.compile(r"xox[abeoprs]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+")


class ConfigError(UsageProblem):
    """The config file is missing, unreadable or invalid; the message names the key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http(s) URL")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]


SQLITE_RELATIVE = "sqlite:///"  # three slashes and a path: relative; a fourth: absolute


class StorageConfig(_Section):
    url: str = "sqlite:///data/ofsted-watch.db"
    # Cycles and their source reads are deleted after this many days (publications, their
    # documents, news and alerts never are); metrics' totals are kept apart and stay whole.
    keep_history_days: int = Field(90, ge=1)

    def anchored(self, folder: Path) -> StorageConfig:
        """This storage with a relative SQLite path read from `folder` (the config file's),
        so that a command run from another folder (a cron job, an ops shell) finds the
        store the service uses, not an empty world where it happens to stand."""
        path, _, query = self.url.removeprefix(SQLITE_RELATIVE).partition("?")
        if not self.url.startswith(SQLITE_RELATIVE) or path.startswith("/") or path in ("", ":memory:"):
            return self
        anchored = f"{SQLITE_RELATIVE}{folder / path}" + (f"?{query}" if query else "")
        return self.model_copy(update={"url": anchored})

    @field_validator("url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql:", "postgresql+", "postgres:")):
            raise ValueError("must be a sqlite:/// or postgresql:// URL")
        return value


class CrawlConfig(_Section):
    # Seconds between requests to one host. At 0 Scrapy opens tens of connections to one
    # host at once, which no site should get from us: 0.01 is the least accepted.
    delay: float = Field(1.0, ge=0.01)
    contact: HttpUrl = "https://example.org/ofsted-watch"
    timeout: float = Field(30.0, gt=0)
    retries: int = Field(3, ge=0, le=10)
    # First back-off after a retryable failure, doubled on each further retry.
    backoff: float = Field(2.0, ge=0)
    # Hard limit, in seconds, on one cycle's crawl; past it the crawl is stopped.
    cycle_timeout: float = Field(1800.0, gt=0)
    # Hosts on private or loopback addresses that news articles may still be read from
    # (an intranet news page, say). Nothing else private is ever requested.
    private_hosts: list[str] = Field(default_factory=list)


class Authority(_Section):
    name: str = Field(min_length=1)
    urn: str
    # Other names the press uses, e.g. "London Borough of Croydon"; the name is always one.
    aliases: list[str] = Field(default_factory=list)

    @field_validator("urn", mode="before")
    @classmethod
    def _digits(cls, value: object) -> str:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()):
            raise ValueError("must be the authority's numeric Ofsted URN")
        return text

    @property
    def source(self) -> str:
        """The key under which this authority's provider page is tracked."""
        return f"ofsted:{self.urn}"

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class OfstedConfig(_Section):
    base_url: HttpUrl = "https://reports.ofsted.gov.uk"
    files_url: HttpUrl = "https://files.ofsted.gov.uk"
    authorities: list[Authority] = Field(
        default_factory=lambda: [
            Authority(name="Croydon", urn="80492", aliases=["London Borough of Croydon"])
        ],
        min_length=1,
    )
    # Watch every English authority through the reports site's listing (two requests a
    # cycle, plus the pages whose "Latest report" moved); `authorities` stay the home ones.
    sector: bool = False
    # Each page read before is read again after this many days, to catch what the
    # listing misses.
    sweep_days: int = Field(7, ge=1)
    # Peers whose new full inspection or monitoring letter is alerted on its own, as a
    # home authority's is (and in the digest too): names or URNs of England's authorities,
    # or "region" for every authority in a home authority's region.
    peers: list[str] | Literal["region"] = Field(default_factory=list)
    # England's authorities with their regions ship with the product; this names another
    # CSV with at least the columns urn and region (and name) to use instead.
    regions_file: str = ""

    @model_validator(mode="after")
    def _regions_known(self):
        if self.regions_file and not Path(self.regions_file).is_file():
            raise ValueError(f"regions_file {self.regions_file!r}: no such file")
        if isinstance(self.peers, list):
            known = authorities.regions(self.regions_file)
            names = {place.name.casefold() for place in known.values()}
            for peer in self.peers:
                if peer.strip() not in known and peer.strip().casefold() not in names:
                    near = authorities.nearest(peer, known, n=1)
                    hint = f"; did you mean {near[0]!r}?" if near else ""
                    raise ValueError(f"peer {peer!r} is no English authority's name or URN{hint}")
        return self

    @property
    def home_urns(self) -> set[str]:
        return {a.urn for a in self.authorities}

    @property
    def trusted_origins(self) -> frozenset[Origin]:
        """Where the site's pages and documents may be: its two origins."""
        return frozenset(o for url in (self.base_url, self.files_url) if (o := origin(url)))


class NewsSource(_Section):
    """A sector news source: an RSS/Atom feed, or an HTML listing read with CSS selectors."""

    name: str = Field(min_length=1, pattern=r"^[\w .&'-]+$")
    url: HttpUrl
    kind: Literal["feed", "html"]
    # For kind = "html": the selector of each listed article, and within it of the
    # title, the link (its href is followed) and the date.
    item: str | None = None
    title: str | None = None
    link: str | None = None
    date: str | None = None

    @model_validator(mode="after")
    def _selectors_for_html(self):
        if self.kind == "html":
            missing = [k for k in ("item", "title", "link") if not getattr(self, k)]
            if missing:
                raise ValueError(f"an html source needs the {', '.join(missing)} selector(s)")
        return self

    @property
    def source(self) -> str:
        return f"{NEWS_PREFIX}{self.name}"


DEFAULT_NEWS = [
    NewsSource(name="Community Care", url="https://www.communitycare.co.uk/feed/", kind="feed"),
    NewsSource(
        name="GOV.UK Ofsted", url="https://www.gov.uk/government/organisations/ofsted.atom", kind="feed"
    ),
    NewsSource(
        name="Ofsted social care blog", url="https://socialcareinspection.blog.gov.uk/feed/", kind="feed"
    ),
    # No feed exists; these selectors are the best current knowledge of its listing.
    NewsSource(
        name="WillisPalmer",
        url="https://www.willispalmer.com/children-first/",
        kind="html",
        item="article",
        title="h2 a",
        link="h2 a",
        date="time",
    ),
]


class LinkingConfig(_Section):
    # A news item reports on a publication of its authority published up to this many
    # days before it.
    window_days: int = Field(21, ge=1, le=365)
    # At most this many items are read from each news source per cycle, newest first.
    max_items: int = Field(30, ge=1, le=500)


class ReadingConfig(_Section):
    # Cycles on which a document that failed to download or parse is tried again;
    # after the last, its alert goes out without a summary and says why.
    max_attempts: int = Field(3, ge=1, le=50)
    # Documents larger than this (bytes) are not downloaded.
    max_bytes: int = Field(50_000_000, ge=1_000)
    # Each document is read in a worker process, stopped past these limits: seconds of
    # reading, and megabytes of memory (the longest real report takes about a second and
    # 100 MB).
    timeout: float = Field(60.0, gt=0)
    max_memory_mb: int = Field(1024, ge=256)
    # Worker processes reading documents at once.
    workers: int = Field(2, ge=1, le=16)


# Publication types, and the two kinds of message that are not about a publication.
ROUTE_KEYS = (*(kind.value for kind in PublicationType), "ops", "news", "sector")


class SlackConfig(_Section):
    # false: alerts are printed to the console instead of posted (as `--console` does).
    enabled: bool = True
    channel: str = Field("#ofsted-alerts", min_length=1)
    api_url: HttpUrl = "https://slack.com/api/"
    # More alerts than this for one channel in one cycle are posted as one digest
    # message, with each alert threaded under it.
    digest_threshold: int = Field(5, ge=1)
    # Other authorities' new publications go in one sector digest at most this often.
    sector_digest_hours: int = Field(24, ge=1)
    # Seconds between posts to one channel (Slack allows about one a second).
    pace: float = Field(1.0, ge=0)
    timeout: float = Field(30.0, gt=0)
    # Publication types, "ops" and "news" sent to other channels than `channel`.
    routes: dict[str, str] = Field(default_factory=dict)
    # The workspace `/ofsted` answers (its team id, "T..."): a command from any other is
    # not. The app-level token it runs with is SLACK_APP_TOKEN, in the environment.
    team_id: str = Field("", pattern=r"^(T[A-Z0-9]{2,20})?$")

    @field_validator("routes")
    @classmethod
    def _known_routes(cls, routes: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(routes) - set(ROUTE_KEYS))
        if unknown:
            raise ValueError(f"unknown route {unknown[0]!r}; routes are {', '.join(ROUTE_KEYS)}")
        return routes

    def channel_for(self, kind: str) -> str:
        return self.routes.get(kind) or self.channel


class ScheduleConfig(_Section):
    # Five-field cron, or a list of them (a cycle runs at each time any of them gives).
    # The default looks every ten minutes from 07:00 to 21:00 local time, when reports are
    # published, and hourly through the night. On the nights clocks change an hour between
    # 01:00 and 03:00 is skipped or run twice, which costs nothing: cycles are idempotent.
    cron: str | list[str] = Field(default_factory=lambda: ["*/10 7-20 * * *", "0 21-23,0-6 * * *"])
    timezone: str = "Europe/London"
    # A cycle that could not start on time (machine asleep, service down) still runs
    # within this many seconds of its time; later ones are merged into one.
    misfire_grace: int = Field(3 * 3600, ge=1)

    @field_validator("cron")
    @classmethod
    def _five_fields(cls, value: str | list[str]) -> str | list[str]:
        from apscheduler.triggers.cron import CronTrigger

        for expression in [value] if isinstance(value, str) else value:
            if len(expression.split()) != 5:
                raise ValueError(f"{expression!r} must have five fields: minute hour day month day-of-week")
            try:
                CronTrigger.from_crontab(expression)
            except ValueError as exc:
                raise ValueError(f"{expression!r} is not a valid cron expression: {exc}") from None
        if not value:
            raise ValueError("needs at least one cron expression")
        return value

    @property
    def crons(self) -> list[str]:
        return [self.cron] if isinstance(self.cron, str) else list(self.cron)

    def trigger(self):
        """APScheduler's trigger: one cron, or the earliest of several."""
        from apscheduler.triggers.combining import OrTrigger
        from apscheduler.triggers.cron import CronTrigger

        triggers = [CronTrigger.from_crontab(cron, timezone=self.timezone) for cron in self.crons]
        return triggers[0] if len(triggers) == 1 else OrTrigger(triggers)

    @cached_property
    def period(self) -> timedelta:
        """The longest gap between two scheduled cycles over the coming week: walking the
        crons takes a tenth of a second or more, and the config fixes the answer, so it is
        worked out once per loaded config, not on every health probe."""
        trigger, now = self.trigger(), datetime.now(UTC)
        times: list[datetime] = []
        previous: datetime | None = None
        while len(times) < 500:
            previous = trigger.get_next_fire_time(previous, previous or now)
            if previous is None or previous - now > timedelta(days=7):
                break
            times.append(previous)
            previous += timedelta(seconds=1)
        gaps = [later - earlier for earlier, later in pairwise(times)]
        return max(gaps, default=timedelta(days=7))

    def expected_window(self) -> timedelta:
        """How old the last good cycle may be before the service is behind."""
        return self.period + timedelta(seconds=self.misfire_grace)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value


class HealthConfig(_Section):
    # The health endpoint (/healthz, /metrics) of `serve`; 0 turns it off.
    port: int = Field(8477, ge=0, le=65535)
    host: str = "127.0.0.1"
    # A source failing this many cycles in a row is reported to ops.
    failures_to_alert: int = Field(3, ge=1)


class WebConfig(_Section):
    # The read-only web pages (`web`): the address they listen on (behind the council's
    # reverse proxy, keep 127.0.0.1) and the public URL feeds link to ("" = as asked).
    host: str = "127.0.0.1"
    port: int = Field(8478, ge=1, le=65535)
    base_url: str = ""
    # Server processes; each has its own connections to the store. One per core.
    workers: int = Field(2, ge=1, le=64)
    # Requests each process works on at once; the rest wait their turn. A page is mostly
    # Python work, so more threads than this only take turns with the interpreter's lock,
    # and under load each request then costs about twice as much.
    threads: int = Field(2, ge=1, le=64)

    @field_validator("base_url")
    @classmethod
    def _http_or_empty(cls, value: str) -> str:
        return _http_url(value) if value else value


class LoggingConfig(_Section):
    # DEBUG also logs tracebacks (as --verbose does).
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # "json": one JSON object a line, for log shippers; "text": one readable line.
    format: Literal["text", "json"] = "text"


_NOWHERE = authorities.Place("", "")


class Config(_Section):
    _store: str | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _no_secrets(cls, data: object) -> object:
        """A token pasted into the file would be sent to every site in the User-Agent, or
        shown in logs and status: it is refused, wherever it is."""
        for key, value in _strings(data):
            if SLACK_TOKEN.search(value):
                raise ValueError(
                    f"{key} looks like a Slack token: tokens belong in the environment "
                    "(SLACK_BOT_TOKEN), never in the config file"
                )
        return data

    storage: StorageConfig = StorageConfig()
    crawl: CrawlConfig = CrawlConfig()
    ofsted: OfstedConfig = OfstedConfig()
    reading: ReadingConfig = ReadingConfig()
    news: list[NewsSource] = Field(default_factory=lambda: list(DEFAULT_NEWS))
    linking: LinkingConfig = LinkingConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    health: HealthConfig = HealthConfig()
    slack: SlackConfig = SlackConfig()
    logging: LoggingConfig = LoggingConfig()
    web: WebConfig = WebConfig()

    @property
    def database_url(self) -> str:
        """The store: one given by `on_store` (by `load`, DATABASE_URL's), else the file's."""
        return self._store or self.storage.url

    def on_store(self, url: str) -> Config:
        """This config on another store (a dry run's scratch copy), said once here rather
        than through the environment."""
        moved = self.model_copy()
        moved._store = url
        return moved

    @property
    def sources(self) -> dict[str, str]:
        """Every configured source, key to name: provider pages, the sector listing when
        watched, then news sources."""
        listing = {SECTOR_SOURCE: SECTOR_NAME} if self.ofsted.sector else {}
        pages = {a.source: a.name for a in self.ofsted.authorities}
        return pages | listing | {n.source: n.name for n in self.news}

    @property
    def origin_urls(self) -> list[str]:
        """The sites the crawler may request pages and documents from."""
        return [self.ofsted.base_url, self.ofsted.files_url] + [n.url for n in self.news]

    @property
    def news_authorities(self) -> list[Authority]:
        """The authorities whose news is looked for, with every form the press names them
        by: the home ones, and with the sector watched every English authority."""
        england = authorities.regions(self.ofsted.regions_file)
        home = self.ofsted.authorities
        found = [
            a.model_copy(
                update={"aliases": list(dict.fromkeys([*a.aliases, *england.get(a.urn, _NOWHERE).press]))}
            )
            for a in home
        ]
        if self.ofsted.sector:
            found += [
                Authority(name=place.name, urn=urn, aliases=list(place.press))
                for urn, place in england.items()
                if urn not in self.ofsted.home_urns and place.name
            ]
        return found

    @property
    def link_origins(self) -> frozenset[Origin]:
        """Where alerts and pages may link to: the Ofsted sites and the news sources, each
        its whole origin (scheme, host and port), as every request is checked."""
        return frozenset(o for url in self.origin_urls if (o := origin(url)))

    @property
    def document_timeout(self) -> float:
        """Seconds one document may take to read: [reading] timeout, but never more than a
        quarter of a cycle's, so that one document cannot spend the cycle of the others."""
        return min(self.reading.timeout, self.crawl.cycle_timeout / 4)

    @property
    def user_agent(self) -> str:
        return f"ofsted-watch/{VERSION} (+{self.crawl.contact})"


def _strings(data: object, key: str = "") -> Iterator[tuple[str, str]]:
    """Every string in the raw config, with its dotted key."""
    if isinstance(data, str):
        yield key or "value", data
    elif isinstance(data, dict):
        for name, value in data.items():
            yield from _strings(value, f"{key}.{name}" if key else str(name))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, f"{key}.{index}")


def _describe(error: ErrorDetails) -> str:
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown key"
    return f"{key}: {error['msg']}"


def locate(path: str | os.PathLike | None = None) -> Path | None:
    """The config file to read: `path`, else $OFSTED_WATCH_CONFIG, else the default file;
    None when there is none and the built-in defaults apply. A file asked for by name
    that is missing is a ConfigError."""
    explicit = path is not None or PATH_ENV in os.environ
    file = Path(path or os.environ.get(PATH_ENV) or DEFAULT_PATH)
    if file.exists():
        return file
    if explicit:
        raise ConfigError(f"{file}: config file not found")
    return None


def load(path: str | os.PathLike | None = None) -> Config:
    """Read and validate the config (see `locate`). DATABASE_URL, when set, wins over the
    file's store, as deployments expect; it is read here, once."""
    file = locate(path)
    config = Config() if file is None else _read(file)
    return config.on_store(os.environ["DATABASE_URL"]) if os.environ.get("DATABASE_URL") else config


def _read(file: Path) -> Config:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read config: {exc}") from None
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(e) for e in exc.errors())
        raise ConfigError(f"{file}: invalid config: {problems}") from None
    return config.model_copy(update={"storage": config.storage.anchored(file.resolve().parent)})

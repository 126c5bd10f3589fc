"""Benchmark: how soon a publication is alerted, and what a quiet day costs the sites.

    .venv/bin/python -m benchmarks.watch

Serves a realistic Croydon page and four news feeds on 127.0.0.1, with servers that
answer 304 to a request naming the page's ETag as real servers do, and runs the real
`once` command. From what it measures and the schedules' own fire times it prints, for the
hourly watch of before (cron "17 6-22 * * *", every answer whole) and the ten-minute watch
(the default schedule, conditional requests):

1. the time from a publication appearing (any minute from 07:00 to 21:00) to its alert:
   the wait for the next cycle plus a cycle that finds and reads it;
2. a quiet day's traffic to the sites: the cycles a day times the bytes a quiet cycle is
   answered with, and whether every quiet request was conditional;
3. a quiet cycle's whole-process time, when every page answers 304.

Targets: daytime median <= 6 min and worst <= 12 min; fewer bytes a day than the hourly
watch, every quiet request conditional; a 304 cycle <= 0.8 s. Exits 1 when one is missed.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.cycle import once
from config import ScheduleConfig
from tests.conftest import NEW, Workdir, publish, serve_provider
from tests.sites.news import rss, story
from tests.sites.ofsted import croydon
from tests.sites.server import Reply, Site

HOURLY = "17 6-22 * * *"
MEDIAN_MINUTES, WORST_MINUTES, QUIET_SECONDS = 6.0, 12.0, 0.8
FEEDS = ("Community Care", "Children and Young People Now", "Local Government Chronicle", "WillisPalmer")


def _fires(schedule: ScheduleConfig, day: datetime) -> list[datetime]:
    """Every time the schedule fires from `day` (midnight) to a day later."""
    trigger, times, moment = schedule.trigger(), [], day
    while (moment := trigger.get_next_fire_time(None, moment)) < day + timedelta(days=1):
        times.append(moment)
        moment += timedelta(seconds=1)
    return times


def _latencies(schedule: ScheduleConfig, cycle: float) -> list[float]:
    """Minutes from each daytime minute's publication to its alert."""
    day = datetime(2026, 12, 7, tzinfo=UTC)  # a winter Monday: London keeps UTC
    fires = _fires(schedule, day)
    waits = []
    for minute in range(7 * 60, 21 * 60):
        published = day + timedelta(minutes=minute, seconds=30)
        following = next(f for f in [*fires, *_fires(schedule, day + timedelta(days=1))] if f >= published)
        waits.append((following - published).total_seconds() / 60 + cycle / 60)
    return waits


def _serve_feeds(site: Site) -> str:
    """Four feeds of sector news, none of it new: the [[news]] tables for them."""
    tables = []
    for number, name in enumerate(FEEDS):
        stories = [
            story(f"s{number}-{i}", f"Sector story {i} of {name}", date(2026, 11, 1 + i), "A story.")
            for i in range(20)
        ]
        site.serve(f"/feed{number}/", Reply(body=rss(site.url, stories), content_type="application/rss+xml"))
        tables.append(f'[[news]]\nname = "{name}"\nurl = "{site.url}/feed{number}/"\nkind = "feed"\n')
    return "\n".join(tables)


def _quiet(site: Site, folder: Path, *, validators: bool) -> tuple[int, int, int, list[float]]:
    """(bytes, requests, conditional requests) of a quiet cycle, and five quiet cycles' times."""
    site.validators = validators
    workdir = Workdir(folder, site)
    workdir.write_config(news=_serve_feeds(site))
    page = croydon()
    serve_provider(site, page)
    once(folder)  # the baseline
    once(folder)  # the first cycle with validators in hand
    site.requests.clear()
    site.sent = 0
    taken = [once(folder)[0]]
    sent, asked = site.sent, [h for p, h in site.requests if p != "/robots.txt"]
    taken += [once(folder)[0] for _ in range(4)]
    publish(site, page)  # and a cycle that finds a new letter: the alert's own cost
    found, log = once(folder)
    if str(NEW.file_id) not in log:
        raise SystemExit("the new letter was not alerted")
    return sent, len(asked), sum("If-None-Match" in h for h in asked), [*taken, found]


def main() -> int:
    site = Site().start()
    try:
        with tempfile.TemporaryDirectory() as before, tempfile.TemporaryDirectory() as after:
            old = _quiet(site, Path(before), validators=False)
            site.routes.clear()
            new = _quiet(site, Path(after), validators=True)
    finally:
        site.stop()
    day = datetime(2026, 12, 7, tzinfo=UTC)
    met = []
    for label, cron, (sent, asked, conditional, taken) in (
        ("hourly watch, whole answers", HOURLY, old),
        ("ten-minute watch, conditional", None, new),
    ):
        schedule = ScheduleConfig(cron=cron) if cron else ScheduleConfig()
        waits = _latencies(schedule, taken[-1])
        cycles = len(_fires(schedule, day))
        print(f"{label}:")
        print(
            f"  publication to alert, 07:00-21:00: median {statistics.median(waits):.1f} min, "
            f"worst {max(waits):.1f} min (a cycle that finds one: {taken[-1]:.2f} s)"
        )
        print(
            f"  a quiet cycle: {asked} requests ({conditional} conditional), {sent:,} bytes answered; "
            f"{cycles} cycles a day: {sent * cycles:,} bytes"
        )
        print(f"  a quiet cycle's whole process: median {statistics.median(taken[:-1]):.2f} s")
        if cron is None:
            met += [
                statistics.median(waits) <= MEDIAN_MINUTES and max(waits) <= WORST_MINUTES,
                sent * cycles < old[0] * len(_fires(ScheduleConfig(cron=HOURLY), day)),
                conditional == asked,
                statistics.median(taken[:-1]) <= QUIET_SECONDS,
            ]
    print(
        f"targets: median <= {MEDIAN_MINUTES:.0f} min and worst <= {WORST_MINUTES:.0f} min; "
        "fewer bytes a day; "
        f"every quiet request conditional; a 304 cycle <= {QUIET_SECONDS} s"
    )
    print("targets met" if all(met) else "TARGETS MISSED")
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())

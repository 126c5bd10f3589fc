"""Ops' recovery commands: post an alert again, read a document again, alert a date
range of stored publications once, read every authority's history once (a sector
backfill), and pause or resume a source.

Each prints one line saying what it did (stdout) or why it could not (stderr), and
returns the command's exit code.
"""

from __future__ import annotations

import sys
from datetime import date

from config import Config
from errors import UsageProblem
from reader.facts import extract
from reader.selfcheck import broken
from service.cycle import CycleBusy, Runner
from storage import Store
from storage.publications import Publications
from storage.recovery import Recovery
from storage.sector import Sector
from storage.sources import Sources
from vocabulary import ExitCode, counted


def resend(config: Config, publication_id: str, *, console: bool) -> int:
    """Post a publication's alert again, as a new message, now."""
    runner = Runner(config, None, console=console)  # a missing token stops it before anything
    store = Store(config.database_url)
    try:
        publication_id = Publications(store).named(publication_id)
        Recovery(store).resend(publication_id)
    except LookupError:
        raise _unknown_publication(publication_id) from None
    finally:
        store.close()
    print(f"publication {publication_id}: its alert is queued again")
    return _deliver(runner)


def backfill(config: Config, since: date, until: date | None, *, console: bool) -> int:
    """Alert, once each, the stored publications published in the range that never were:
    the home authorities' as alerts, others' in the sector digest."""
    runner = Runner(config, None, console=console)
    store = Store(config.database_url)
    try:
        home, sector = Recovery(store).backfill(since, until, config.ofsted.home_urns)
    finally:
        store.close()
    span = f"{since:%Y-%m-%d} to {until:%Y-%m-%d}" if until else f"since {since:%Y-%m-%d}"
    if not home and not sector:
        print(f"every publication published {span} has been alerted already: nothing to do")
        return ExitCode.OK
    said = [f"{home} of the watched authorities' queued as alerts"] if home else []
    if sector:
        said.append(f"{sector} of other authorities' queued for the sector digest")
    print(
        f"{counted(home + sector, 'publication', 'publications')} published {span} had never been alerted: "
        + "; ".join(said)
    )
    return _deliver(runner)


def backfill_sector(config: Config, config_path: str | None, *, console: bool) -> int:
    """Read every listed authority's history once, politely: their publications are stored
    and read as a baseline, alerting nothing. Interrupted, it goes on where it stopped."""
    if not config.ofsted.sector:
        raise UsageProblem("backfill --sector needs [ofsted] sector = true in the config")
    runner = Runner(config, config_path, console=console, log_stream=sys.stderr)
    result = runner.run(backfill=True)
    store = Store(config.database_url)
    try:
        left = Sector(store).unread()
    finally:
        store.close()
    if left:
        print(f"sector backfill: {left} authorities' pages are still to be read; run it again to go on")
    else:
        print("sector backfill: every listed authority's page has been read")
    return ExitCode.OK if result.ok and not left else ExitCode.FAILED


def reread(config: Config, publication_id: str) -> int:
    """Read a publication's document again on the next cycle, its attempts afresh. If its
    alert went out without a summary, the message is brought up to date when it is read."""
    store = Store(config.database_url)
    try:
        publication_id = Publications(store).named(publication_id)
        was = Recovery(store).reread(publication_id)
    except LookupError:
        raise _unknown_publication(publication_id) from None
    finally:
        store.close()
    print(f"publication {publication_id} (read status was {was}): its document is read on the next cycle")
    return ExitCode.OK


def selfcheck(config: Config) -> int:
    """Read every stored document's text again and print each fact that breaks an
    invariant, a line each; exit 1 when any does."""
    store = Store.existing(config.database_url)
    checked = breaks = 0
    try:
        for publication_id, authority, text in Publications(store).read_texts():
            checked += 1
            for problem in broken(extract(text)):
                breaks += 1
                print(f"{publication_id} ({authority}): {problem}")
    finally:
        store.close()
    print(f"self-check: {checked} documents read again, {breaks} facts break an invariant")
    return ExitCode.FAILED if breaks else ExitCode.OK


def pause(config: Config, name: str, *, paused: bool) -> int:
    """Pause a source (it is not read, its health not judged) or resume it."""
    found = _source(config, name)
    if found is None:
        known = ", ".join(f"{key} ({title})" for key, title in config.sources.items())
        raise UsageProblem(f"no configured source {name!r}; the sources are {known}")
    key, title = found
    store = Store(config.database_url)
    try:
        changed = Sources(store).set_paused(key, title, paused=paused)
    finally:
        store.close()
    state = "paused: it is not read until resumed" if paused else "resumed: it is read on the next cycle"
    print(f"source {key} ({title}) {'' if changed else 'was already '}{state}")
    return ExitCode.OK


def _source(config: Config, name: str) -> tuple[str, str] | None:
    """The configured source a name stands for: its key, its URN or news name, or its title."""
    wanted = name.strip().lower()
    for key, title in config.sources.items():
        if wanted in (key.lower(), key.split(":", 1)[1].lower(), title.lower()):
            return key, title
    return None


def _deliver(runner: Runner) -> int:
    try:
        result = runner.deliver()
    except CycleBusy as exc:
        print(f"{exc}: it delivers what is queued", file=sys.stderr)
        return ExitCode.OK
    if result.ok:  # a failure was logged as it happened
        print(f"delivered {result.counts.get('alerted', 0)}, {result.counts.get('queued', 0)} still queued")
    return ExitCode.OK if result.ok else ExitCode.FAILED


def _unknown_publication(publication_id: str) -> UsageProblem:
    return UsageProblem(
        f"no publication {publication_id!r} is stored "
        "(list shows each one's id; its document's link will do too)"
    )

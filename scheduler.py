"""ofsted-watch: the command-line entry point, `ofsted-watch COMMAND` (or
`python scheduler.py COMMAND`). The commands' reference, docs/commands.md and the README's
table, is generated from `parser()` by `reference()` and `table()`; tests/test_reference.py
fails when the checked-in copies are stale.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import product
from errors import Problem, UsageProblem
from service import ending
from vocabulary import CycleStatus, ExitCode, counted

if TYPE_CHECKING:
    from service.crawl import CrawlChild

# Each command imports the rest of what it needs, and this module only what is light
# (the config's models are not): `once` starts its crawl child before anything loads.


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


# How a command that acts on one publication is told which.
PUBLICATION = "the publication's id, as list shows it, or its document's link"


def _command(commands, name: str, help: str) -> argparse.ArgumentParser:
    """A command whose one-line help is also its --help's description."""
    return commands.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="ofsted-watch",
        description=("Watch Ofsted's publications about local authority children's services."),
    )
    top.add_argument("--version", action="version", version=f"ofsted-watch {product.VERSION}")
    commands = top.add_subparsers(dest="command", required=True)

    once = _command(commands, "once", help="run one full cycle: crawl, read, store, alert")
    once.add_argument(
        "--alert-existing", action="store_true", help="alert publications found on a source's first read too"
    )
    once.add_argument(
        "--dry-run",
        action="store_true",
        help="print the alerts that would be sent; the store is left exactly as it was",
    )

    serve = _command(commands, "serve", help="run cycles on the configured schedule")

    listing = _command(commands, "list", help="print stored publications and news, newest first")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument("--csv", action="store_true", help="print CSV with a header row (with --sector)")
    listing.add_argument(
        "--sector", action="store_true", help="every authority's latest inspection and visit (a table)"
    )
    listing.add_argument(
        "--since",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="only publications published on or after this date",
    )

    status = _command(commands, "status", help="print the last cycles and each source's health")

    web = _command(commands, "web", help="serve the read-only web pages and feeds (see [web])")
    migrate = _command(
        commands,
        "migrate",
        help="create or upgrade the store's schema (once and serve do it too; web and check never)",
    )
    check = _command(
        commands, "check", help="check the config, the store, Slack and every source; non-zero on any failure"
    )
    check.add_argument("--post", action="store_true", help="post a test message to the alerts channel too")
    resend = _command(commands, "resend", help="post a publication's alert again, as a new message")
    reread = _command(
        commands,
        "reread",
        help="read a publication's document again on the next cycle (one that gave up, say)",
    )
    resend.add_argument("id", metavar="ID", help=PUBLICATION)
    reread.add_argument("id", nargs="?", metavar="ID", help=PUBLICATION)
    reread.add_argument(
        "--check",
        action="store_true",
        help="instead, read every stored document's text again and print each fact that breaks "
        "an invariant (a name that is no person's, a lead not among the inspectors, ...)",
    )
    backfill = _command(
        commands,
        "backfill",
        help="alert, once each, stored publications in a date range that were never alerted; "
        "or with --sector, read every authority's history once",
    )
    backfill.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD", help="published on or after")
    backfill.add_argument(
        "--sector",
        action="store_true",
        help="read every listed authority's page and documents once, politely; resumable",
    )
    backfill.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD", help="published on or before")
    pause = _command(commands, "pause", help="stop reading a source until it is resumed")
    resume = _command(commands, "resume", help="read a paused source again")
    for sub in (pause, resume):
        sub.add_argument(
            "source",
            metavar="SOURCE",
            help="a source's key, URN, authority or news source name, as status shows",
        )

    for sub in (once, serve, check, resend, backfill):
        sub.add_argument(
            "--console",
            action="store_true",
            help="print alerts to the console instead of posting them to Slack (no token needed)",
        )
    for sub in (once, serve, listing, status, web, migrate, check, resend, reread, backfill, pause, resume):
        sub.add_argument(
            "--config", metavar="FILE", help=f"TOML config file (default: {product.DEFAULT_PATH})"
        )
        sub.add_argument("--verbose", action="store_true", help="log debug lines and tracebacks too")
    return top


# The reference's width, whatever the terminal that generates it.
REFERENCE_WIDTH = 92


def _commands() -> dict[str, argparse.ArgumentParser]:
    (subparsers,) = (a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(subparsers.choices)


def reference() -> str:
    """Every command's help in Markdown, as `ofsted-watch COMMAND --help` prints it."""
    parts = []
    for name, command in _commands().items():
        command.formatter_class = functools.partial(argparse.HelpFormatter, width=REFERENCE_WIDTH)
        parts.append(f"## {name}\n\n```\n{command.format_help().rstrip()}\n```\n")
    return "\n".join(parts)


def table() -> str:
    """The commands in a Markdown table: each one's usage, and what it does."""
    rows = ["| command | what it does |", "|---|---|"]
    for command in _commands().values():
        usage = " ".join(command.format_usage().split()[2:])  # less "usage: ofsted-watch"
        usage = usage.replace(" [-h]", "").replace(" [--config FILE]", "").replace(" [--verbose]", "")
        rows.append(f"| `{usage.replace('|', chr(92) + '|')}` | {command.description} |")
    return "\n".join(rows) + "\n"


def cmd_sector(args, config) -> int:
    from authorities import regions as known
    from presentation import sector_table
    from storage import Store
    from web import sector

    store = Store.existing(config.database_url)
    try:
        regions = known(config.ofsted.regions_file)
        rows = [row.record for row in sector.rows(store, regions, date.today())]
    finally:
        store.close()
    if not rows:
        print("no sector listing read yet: set [ofsted] sector = true and run a cycle", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif args.csv:
        sys.stdout.write(sector.to_csv(rows))
    elif rows:
        print(sector_table(rows))
    return ExitCode.OK


def cmd_once(args, config, child: CrawlChild | None = None) -> int:
    """`child`: the crawl child, started as the command began."""
    child = child or _crawl_child()
    if args.dry_run:
        return _dry_run(args, config, child)
    return _once(args, config, child)


def _dry_run(args, config, child: CrawlChild) -> int:
    """The cycle on a scratch copy of the store: it prints what would be posted, and the
    store itself, baselines included, is left exactly as it was."""
    from storage.snapshot import scratch_copy

    with tempfile.TemporaryDirectory(prefix="ofsted-watch-dry-run-") as folder:
        scratch = config.on_store(scratch_copy(config.database_url, Path(folder)))
        logging.getLogger(__name__).info("dry run on a copy of the store; nothing is changed or posted")
        return _once(args, scratch, child)


def _once(args, config, child: CrawlChild) -> int:
    from service.cycle import Runner

    runner = Runner(
        config,
        args.config,
        console=args.console or args.dry_run,
        verbose=args.verbose,
        log_stream=sys.stderr,
    )
    result = runner.run(alert_existing=args.alert_existing, dry_run=args.dry_run, child=child)
    # Each problem was logged once, where it happened; the last line sums them up.
    return {CycleStatus.OK: ExitCode.OK, CycleStatus.DEGRADED: ExitCode.DEGRADED}.get(
        CycleStatus(result.status), ExitCode.FAILED
    )


def cmd_serve(args, config) -> int:
    from service.schedule import Service

    return Service(config, args.config, console=args.console, verbose=args.verbose).run()


def cmd_list(args, config) -> int:
    if args.sector:
        return cmd_sector(args, config)
    if args.csv:
        raise UsageProblem("--csv is for the sector table: list --sector --csv")
    from presentation import catalogue_records, listed
    from storage import Store
    from storage.news import News
    from storage.publications import Publications

    store = Store.existing(config.database_url)
    try:
        publications = Publications(store).all(since=args.since)
        news = News(store).items(since=args.since)
        # What each story reports on, stored before the range asked for or within it.
        reported = {p.id: p for p in publications}
        for linked in {n.links_to for n in news if n.links_to} - reported.keys():
            reported[linked] = Publications(store).get(linked)
    finally:
        store.close()
    records = catalogue_records(publications, news)
    if args.json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
        return ExitCode.OK
    for r in records:
        print(listed(r, reported))
    if not records:
        print("no publications stored yet", file=sys.stderr)
    return ExitCode.OK


def cmd_status(args, config) -> int:
    from presentation import status_lines
    from storage import Store
    from storage.cycles import Cycles
    from storage.outbox import Outbox
    from storage.sources import Sources

    store = Store.existing(config.database_url)
    try:
        cycles, sources, alerts = Cycles(store).recent(10), Sources(store).all(), Outbox(store).counts()
        backfill = _backfill_progress(store)
    finally:
        store.close()
    if backfill:
        print(backfill)
    print("\n".join(status_lines(cycles, sources, alerts, config.sources, config.ofsted.sector)))
    return ExitCode.OK


def _backfill_progress(store) -> str | None:
    """How far the sector backfill under way has got, in a line; None when none runs."""
    from presentation import backfill_progress
    from storage.cycles import Cycles
    from storage.sector import Sector

    running = Cycles(store).running(backfill=True)
    if running is None:
        return None
    sector = Sector(store)
    return backfill_progress(running, len(sector.listed()), sector.unread())


def cmd_migrate(args, config) -> int:
    from storage.store import SCHEMA_VERSION, Store, shown_url

    store = Store(config.database_url, migrate=False)
    try:
        was = store.schema_version()
        store.migrate()
    finally:
        store.close()
    done = "was already current" if was == SCHEMA_VERSION else f"migrated from {was or 'nothing'}"
    print(f"store {shown_url(config.database_url)}: schema {SCHEMA_VERSION} ({done})")
    return ExitCode.OK


def cmd_web(args, config) -> int:
    from storage.store import Store, shown_url
    from web.server import serve

    Store.existing(config.database_url).close()  # the pages only read: a store this version reads

    logging.getLogger(__name__).info(
        "web pages at http://%s:%d/ on the store %s (%s)",
        config.web.host,
        config.web.port,
        shown_url(config.database_url),
        counted(config.web.workers, "worker", "workers"),
    )
    serve(config, args.config)
    return ExitCode.OK


def cmd_check(args, config) -> int:
    from service import check

    findings = check.run(config, args.config, console=args.console, post=args.post)
    print(check.table(findings))
    return 0 if all(f.ok for f in findings) else ExitCode.FAILED


def cmd_recovery(args, config) -> int:
    from service import recovery

    if args.command == "resend":
        return recovery.resend(config, args.id, console=args.console)
    if args.command == "backfill" and args.sector:
        return recovery.backfill_sector(config, args.config, console=args.console)
    if args.command == "backfill":
        return recovery.backfill(config, args.since, args.until, console=args.console)
    if args.command == "reread":
        return recovery.selfcheck(config) if args.check else recovery.reread(config, args.id)
    return recovery.pause(config, args.source, paused=args.command == "pause")


COMMANDS = {
    "once": cmd_once,
    "serve": cmd_serve,
    "list": cmd_list,
    "status": cmd_status,
    "check": cmd_check,
    "web": cmd_web,
    "migrate": cmd_migrate,
    **dict.fromkeys(("resend", "reread", "backfill", "pause", "resume"), cmd_recovery),
}


def _crawl_child() -> CrawlChild:
    from service.crawl import CrawlChild

    return CrawlChild(log_stream=sys.stderr)


def conflict(args) -> str | None:
    """Why these options cannot go together, or None: an option that would be ignored is
    refused, never dropped without a word."""
    command = args.command
    if command == "list" and args.json and args.csv:
        return "list takes --json or --csv, not both"
    if command == "list" and args.sector and args.since:
        return "list --sector shows each authority's latest publications: --since does not apply"
    if command == "backfill" and args.sector and (args.since or args.until):
        return "backfill --sector reads every authority's whole history: --since and --until do not apply"
    if command == "backfill" and not args.sector and args.since is None:
        return "backfill needs --since DATE (or --sector)"
    if command == "reread" and (args.id is None) == (not args.check):
        return "reread takes a publication's id, or --check alone"
    return None


def main(argv: list[str] | None = None) -> int:
    """Run a command; every Problem it meets ends here, said in one line with its code."""
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except Problem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


def _run(args) -> int:
    if problem := conflict(args):
        raise UsageProblem(problem)
    # Before anything else loads: the crawl reads the config and imports Scrapy on the
    # other core while this process does the same. It ends unless told its cycle.
    child = _crawl_child() if args.command == "once" else None
    try:
        return _configured(args, child)
    finally:
        if child:
            child.dismiss()  # ends it unless its cycle began and ended


def _configured(args, child: CrawlChild | None) -> int:
    import config as configuration
    from service import logs

    # The service logs to stdout; one-shot commands keep stdout for their own output.
    logging_stream = sys.stdout if args.command in ("serve", "web") else sys.stderr
    logs.configure(stream=logging_stream, verbose=args.verbose)
    config = configuration.load(args.config)
    logs.configure(
        stream=logging_stream,
        verbose=args.verbose,
        level=config.logging.level,
        as_json=config.logging.format == "json",
    )
    try:
        if child:
            return cmd_once(args, config, child)
        return COMMANDS[args.command](args, config)
    except BrokenPipeError:
        # The reader went away (`list --json | head`): end quietly, as a filter does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.OK
    except Exception as exc:
        from sqlalchemy.exc import SQLAlchemyError  # loaded by then: every command opens the store

        from storage.store import StoreProblem, unreachable

        if isinstance(exc, SQLAlchemyError):
            raise StoreProblem(unreachable(config.database_url, exc)) from exc
        raise


if __name__ == "__main__":
    ending.end(main())

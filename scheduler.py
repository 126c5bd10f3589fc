"""ofsted-watch: the command-line entry point.

    python scheduler.py once [--config FILE] [--alert-existing]
    python scheduler.py list [--config FILE] [--json] [--since YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date

import config as configuration
import cycle
from storage import Store

EXIT_FAILED = 1
EXIT_CONFIG = 2


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="scheduler.py", description=(
        "Watch Ofsted's publications about local authority children's services."))
    top.add_argument("--version", action="version", version=f"ofsted-watch {configuration.VERSION}")
    commands = top.add_subparsers(dest="command", required=True)

    once = commands.add_parser("once", help="run one full cycle: crawl, store, alert")
    once.add_argument("--alert-existing", action="store_true",
                      help="alert publications found on a source's first read too")
    once.add_argument("--dry-run", action="store_true",
                      help="print the alerts that would be sent, and mark none delivered")

    listing = commands.add_parser("list", help="print stored publications, newest first")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD",
                         help="only publications published on or after this date")

    for sub in (once, listing):
        sub.add_argument("--config", metavar="FILE",
                         help=f"TOML config file (default: {configuration.DEFAULT_PATH})")
    return top


def publication_record(p) -> dict:
    return {
        "id": p.id,
        "authority": p.authority,
        "urn": p.urn,
        "type": p.type,
        "title": p.title,
        "published": p.published.isoformat() if p.published else None,
        "event_date": p.event_date.isoformat() if p.event_date else None,
        "url": p.url,
        "page_url": p.page_url,
        "first_seen": p.first_seen.isoformat(timespec="seconds") + "Z",
        "changed_at": p.changed_at.isoformat(timespec="seconds") + "Z" if p.changed_at else None,
        "read_status": p.read_status,
        "read_error": p.read_error,
        "facts": p.facts,
        "summary": p.summary,
    }


def cmd_once(args, config) -> int:
    result = cycle.run(config, args.config, alert_existing=args.alert_existing,
                       dry_run=args.dry_run)
    for failure in result.failures:
        print(failure, file=sys.stderr)
    return EXIT_FAILED if result.failures else 0


def cmd_list(args, config) -> int:
    store = Store(config.database_url)
    try:
        records = [publication_record(p) for p in store.publications(since=args.since)]
    finally:
        store.close()
    if args.json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
        return 0
    for r in records:
        print(f"{r['published'] or 'undated':10}  {r['type']:16}  {r['authority']}: {r['title']}"
              f"\n{'':10}  {r['url']}")
    if not records:
        print("no publications stored yet", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    try:
        config = configuration.load(args.config)
    except configuration.ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    return {"once": cmd_once, "list": cmd_list}[args.command](args, config)


if __name__ == "__main__":
    sys.exit(main())

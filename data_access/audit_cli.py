"""``python -m data_access audit`` and ``audit-purge``: reading and trimming the audit trail.

    audit [--email E] [--since DATE] [--until DATE] [--lang en|zh] [--db URL]
    audit-purge [--days N] [--db URL]

``audit`` prints one tab-separated line per event, oldest first, under a heading line: when
(UTC), who, what, the page and the detail as JSON (control characters escaped, so a value
cannot move the terminal's cursor). ``--since`` and ``--until`` are calendar days in UTC, both
included. ``audit-purge`` deletes the events older than the retention
(``data_access.audit_retention``, or ``--days``) and records that it did. Exit status 0 on
success, 1 when the database cannot be used or the configured retention is bad, 2 for bad
arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time, timedelta

from data_access import audit
from data_access.audit_retention import RetentionError, retention_days
from data_access.audit_words import COLUMNS, KIND_NAMES, NO_EVENTS
from data_access.cli_database import REFUSED, open_for_command
from data_access.roles import RoleError, normalise_email
from data_access.write_lock import DatabaseBusy

PROG = "python -m data_access"
ACTOR = "cli"


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _email(value: str) -> str:
    try:
        return normalise_email(value)
    except RoleError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _days(value: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of days (1 or more)")
    return int(value)


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="database URL (default: DATABASE_URL)")


def add_audit_commands(subcommands: argparse._SubParsersAction) -> None:
    """Add ``audit`` and ``audit-purge`` to a command line's subcommands."""
    show = subcommands.add_parser(
        "audit",
        help="print the audit trail for a person or a period",
        description="Print the audit trail's events, oldest first, one tab-separated line each.",
    )
    show.add_argument("--email", type=_email, help="only this person's events")
    show.add_argument("--since", type=_day, metavar="DATE", help="from this UTC day (YYYY-MM-DD)")
    show.add_argument("--until", type=_day, metavar="DATE", help="to this UTC day, included")
    show.add_argument("--lang", choices=sorted(KIND_NAMES), default="en", help="language")
    _database_option(show)
    show.set_defaults(run=run_audit, parser=show)

    purge = subcommands.add_parser(
        "audit-purge",
        help="delete audit events older than the retention",
        description="Delete the audit events older than the retention (DASHBOARD_AUDIT_RETENTION_"
        "DAYS, else [dashboard] audit_retention_days in the secrets, else 400 days); the purge "
        "is itself recorded.",
    )
    purge.add_argument("--days", type=_days, help="keep this many days instead")
    _database_option(purge)
    purge.set_defaults(run=run_purge)


def _start(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time())


def run_audit(args: argparse.Namespace) -> int:
    if args.since and args.until and args.since > args.until:
        args.parser.error(f"--since {args.since} is after --until {args.until}")
    db = open_for_command(args.db, f"{PROG} audit")
    if isinstance(db, int):
        return db
    found = audit.events(
        db,
        actor=args.email,
        since=_start(args.since),
        before=_start(args.until + timedelta(days=1) if args.until else None),
    )
    if not found:
        print(NO_EVENTS[args.lang], file=sys.stderr)
        return 0
    print("\t".join(COLUMNS[args.lang].values()))
    names = KIND_NAMES[args.lang]
    for event in found:
        print(
            "\t".join(
                (
                    event.at.isoformat(sep=" ", timespec="seconds"),
                    event.actor,
                    names.get(event.kind, event.kind),
                    event.page or "",
                    json.dumps(event.detail, ensure_ascii=False, sort_keys=True),
                )
            )
        )
    return 0


def run_purge(args: argparse.Namespace) -> int:
    try:
        days = args.days or retention_days()
    except RetentionError as error:
        print(f"{PROG} audit-purge: {error}", file=sys.stderr)
        return REFUSED
    db = open_for_command(args.db, f"{PROG} audit-purge")
    if isinstance(db, int):
        return db
    try:
        deleted = audit.purge(db, retention_days=days, actor=ACTOR)
    except DatabaseBusy as busy:
        print(f"{PROG} audit-purge: {busy}", file=sys.stderr)
        return REFUSED
    print(f"deleted {deleted} audit event(s) older than {days} days")
    return 0

"""The command line of ``python -m metrics``: flags, value checks, one-line errors.

Every bad argument ends the command with one line on standard error and exit
status 2 (argparse itself would print the usage too, on a second line).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Sequence
from datetime import date
from typing import NoReturn

from data_access import Filters
from metrics.months import months_apart, parse_month

PROG = "python -m metrics"
USAGE_ERROR = 2
MAX_DAYS = 366

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def fail(prog: str, message: str) -> NoReturn:
    """End the command with a one-line usage error."""
    sys.stderr.write(f"{prog}: error: {' '.join(message.split())}\n")
    raise SystemExit(USAGE_ERROR)


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        fail(self.prog, message)


def iso_date(text: str) -> date:
    """A calendar date written ``YYYY-MM-DD`` (and nothing else ISO 8601 allows)."""
    if _DATE.fullmatch(text):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(text)
    raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)")


def positive_days(text: str) -> int:
    """A campaign's length in days: a whole number from 1 to 366."""
    if text.isdigit() and 1 <= int(text) <= MAX_DAYS:
        return int(text)
    raise argparse.ArgumentTypeError(f"{text!r} is not a number of days (1 to {MAX_DAYS})")


def month(text: str) -> str:
    try:
        parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _user_filter_flags(parser: argparse.ArgumentParser, names: Sequence[str]) -> None:
    for name in names:
        parser.add_argument(
            f"--{name}", action="append", default=[], metavar=name.upper(), help="repeatable"
        )


def build_parser() -> OneLineParser:
    parser = OneLineParser(prog=PROG, description="Print metrics of the wallet dashboard as JSON.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    database = OneLineParser(add_help=False)
    database.add_argument("--db", metavar="URL", help="database URL (else DATABASE_URL)")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, parents=[database], allow_abbrev=False)

    summary = command("summary", "summary KPIs of a period")
    summary.add_argument("--start", type=iso_date, required=True, metavar="YYYY-MM-DD")
    summary.add_argument("--end", type=iso_date, required=True, metavar="YYYY-MM-DD")
    _user_filter_flags(summary, ("branch", "region", "segment", "channel"))

    targets = command("targets", "team targets of a month")
    targets.add_argument("--month", type=month, required=True, metavar="YYYY-MM")
    targets.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD")
    targets.add_argument("--team", action="append", default=[], metavar="ID", help="repeatable")

    campaign = command("campaign", "impact of a campaign on registrations")
    campaign.add_argument("--campaign", required=True, metavar="ID")
    _user_filter_flags(campaign, ("segment", "channel"))

    planner = command("plan", "what a campaign in some branches could detect, judged on history")
    planner.add_argument(
        "--branch",
        dest="treated",
        action="append",
        required=True,
        metavar="ID",
        help="repeatable: the branches that would run the campaign",
    )
    planner.add_argument("--days", type=positive_days, required=True, metavar="L")
    planner.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD")
    _user_filter_flags(planner, ("segment", "channel"))

    retention = command("retention", "monthly cohort retention")
    retention.add_argument(
        "--from", dest="first_month", type=month, required=True, metavar="YYYY-MM"
    )
    retention.add_argument("--to", dest="last_month", type=month, required=True, metavar="YYYY-MM")
    _user_filter_flags(retention, ("branch", "region", "segment", "channel"))
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The parsed command line; exits with a one-line error when it makes no sense."""
    args = build_parser().parse_args(argv)
    prog = f"{PROG} {args.command}"
    if args.command == "summary" and args.end < args.start:
        fail(prog, f"--end {args.end} is before --start {args.start}")
    if args.command == "retention" and months_apart(args.first_month, args.last_month) < 0:
        fail(prog, f"--from {args.first_month} is after --to {args.last_month}")
    return args


def filters(args: argparse.Namespace) -> Filters:
    """The user filters given on the command line (flags a command lacks count as empty)."""
    given = vars(args)
    return Filters(
        branches=given.get("branch", ()),
        regions=given.get("region", ()),
        segments=given.get("segment", ()),
        channels=given.get("channel", ()),
    )

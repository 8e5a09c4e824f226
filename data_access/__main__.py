"""``python -m data_access COMMAND ...``: the data layer's command line.

    load DIR [--db URL] [--replace]     load a folder of CSV files (see the data contract)
    users add|remove|list ...           viewer roles (``data_access.users_cli``)
    audit | audit-purge ...             the audit trail (``data_access.audit_cli``)

Each command is added by a function that takes the subcommands object, adds
its parser and sets ``run`` (``args -> exit status``) as a default; a new
command is one such function appended to ``COMMANDS``. Exit status 0 on
success, 1 when the command is refused or fails, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from data_access.audit_cli import add_audit_commands
from data_access.cli_database import REFUSED, open_for_command
from data_access.loader import (
    WAITING,
    WRITER_WAIT_SECONDS,
    LoadRejected,
    LoadResult,
    load,
    sources_from_folder,
)
from data_access.users_cli import add_users_command
from data_access.write_lock import DatabaseBusy
from data_access.writers import COMMAND_LINE

PROG = "python -m data_access"
PRINTED_PROBLEMS = 200
PROGRESS_INTERVAL = 1.0

Command = Callable[[argparse._SubParsersAction], None]


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy database URL (default: $DATABASE_URL, else the embedded SQLite file)",
    )


def _directory(value: str) -> Path:
    path = Path(value)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{value}: no such directory")
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value}: not a directory")
    return path


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds (0 or more)")
    return seconds


def add_load_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "load",
        help="load a folder of CSV files into the database",
        description=(
            "Validate every CSV file in DIR against the data contract, then upsert all rows "
            "by key in one transaction. Any problem: every problem is printed as "
            "FILE:LINE: COLUMN: message, nothing is written, exit status 1."
        ),
    )
    parser.add_argument("folder", metavar="DIR", type=_directory, help="folder of CSV files")
    add_database_option(parser)
    parser.add_argument(
        "--replace", action="store_true", help="remove all data first (in the same transaction)"
    )
    parser.add_argument(
        "--wait",
        metavar="SECONDS",
        type=_seconds,
        default=WRITER_WAIT_SECONDS,
        help="how long to wait while another load or edit is writing, then give up writing "
        f"nothing (default {WRITER_WAIT_SECONDS:g})",
    )
    parser.set_defaults(run=run_load)


class _StderrProgress:
    """Prints the loader's progress to stderr, at most once per ``PROGRESS_INTERVAL`` seconds."""

    def __init__(self) -> None:
        self._last = time.monotonic()

    def __call__(self, message: str, fraction: float) -> None:
        now = time.monotonic()
        if message == WAITING or now - self._last >= PROGRESS_INTERVAL:
            self._last = now
            print(f"{message}: {fraction:.0%}", file=sys.stderr, flush=True)


def run_load(args: argparse.Namespace) -> int:
    db = open_for_command(args.db, f"{PROG} load")
    if isinstance(db, int):
        return db
    try:
        result = load(
            db,
            sources_from_folder(args.folder),
            writer=COMMAND_LINE,
            replace=args.replace,
            source=str(args.folder.resolve()),
            progress=_StderrProgress(),
            wait_seconds=args.wait,
        )
    except LoadRejected as rejected:
        _print_rejection(rejected)
        return REFUSED
    except DatabaseBusy as busy:
        print(f"{PROG} load: {busy}", file=sys.stderr)
        return REFUSED
    except SQLAlchemyError as error:
        print(f"{PROG} load: the database failed, nothing was written: {error}", file=sys.stderr)
        return REFUSED
    _print_result(result)
    return 0


def _print_rejection(rejected: LoadRejected) -> None:
    shown = rejected.problems[:PRINTED_PROBLEMS]
    for problem in shown:
        print(problem, file=sys.stderr)
    if rejected.total > len(shown):
        print(f"... and {rejected.total - len(shown)} more problems", file=sys.stderr)
    print(f"load rejected: {rejected.total} problem(s); nothing was written", file=sys.stderr)


def _print_result(result: LoadResult) -> None:
    total = sum(result.rows.values())
    replaced = " (all earlier data removed)" if result.replace else ""
    print(f"loaded {total} rows{replaced}")
    for table, count in result.rows.items():
        print(f"  {table}: {count}")


COMMANDS: tuple[Command, ...] = (add_load_command, add_users_command, add_audit_commands)


def build_parser(commands: Sequence[Command] = COMMANDS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Load and manage the dashboard's data.")
    subcommands = parser.add_subparsers(dest="command", required=True)
    for add_command in commands:
        add_command(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())

"""``python -m exports pack``: the meeting deck, headless, for scheduled reports.

    python -m exports pack --start D --end D [--branch ID]... [--region R]...
        [--segment S]... [--channel C]... [--lang en|zh] [--compare previous|last_year]
        --out FILE.pptx [--db URL]

Progress goes to standard error, one line per step; on success standard
output gets a JSON object naming the file and its slides. The file is written
whole or not at all. Exit status 0 on success, 2 for bad arguments, 1 when
the database cannot be read; every error is one line on standard error (the
same conventions, and the same argument checks, as ``python -m metrics``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from data_access import Database, open_database
from data_access.migrations import SchemaTooNewError
from display.i18n import LANGS
from metrics.cli_args import OneLineParser, fail, filters, iso_date
from metrics.period import Period

PROG = "python -m exports"
DATABASE_ERROR = 1


def build_parser() -> OneLineParser:
    parser = OneLineParser(prog=PROG, description="Write the wallet dashboard's meeting files.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    pack = commands.add_parser(
        "pack", help="meeting pack (PowerPoint) for a period", allow_abbrev=False
    )
    pack.add_argument("--start", type=iso_date, required=True, metavar="YYYY-MM-DD")
    pack.add_argument("--end", type=iso_date, required=True, metavar="YYYY-MM-DD")
    for name in ("branch", "region", "segment", "channel"):
        pack.add_argument(
            f"--{name}", action="append", default=[], metavar=name.upper(), help="repeatable"
        )
    pack.add_argument("--lang", choices=LANGS, default="en")
    pack.add_argument("--compare", choices=("previous", "last_year"), default="previous")
    pack.add_argument("--out", type=pptx_path, required=True, metavar="FILE.pptx")
    pack.add_argument("--db", metavar="URL", help="database URL (else DATABASE_URL)")
    return parser


def pptx_path(text: str) -> Path:
    """A ``.pptx`` file name in a folder that exists (the file itself may be new)."""
    path = Path(text)
    if path.suffix.lower() != ".pptx":
        raise argparse.ArgumentTypeError(f"{text!r} must name a .pptx file")
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r}: folder {str(path.parent)!r} does not exist")
    return path


def run_pack(db: Database, args: argparse.Namespace) -> dict[str, Any]:
    """Build and write the deck, reporting progress on standard error."""
    from exports.pack import write_pack  # charts and python-pptx: only this command pays for them

    prog = f"{PROG} {args.command}"

    def progress(message: str, done: float) -> None:
        sys.stderr.write(f"{prog}: {done:4.0%} {message}\n")
        sys.stderr.flush()

    slides = write_pack(
        db,
        Period(args.start, args.end),
        filters(args),
        args.out,
        lang=args.lang,
        comparison=args.compare,
        progress=progress,
    )
    return {"out": str(args.out), "slides": slides, "lang": args.lang}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    prog = f"{PROG} {args.command}"
    if args.end < args.start:
        fail(prog, f"--end {args.end} is before --start {args.start}")
    try:
        result = run_pack(open_database(args.db), args)
    except (SQLAlchemyError, SchemaTooNewError, OSError, ImportError) as exc:
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        sys.stderr.write(f"{prog}: database error: {first_line}\n")
        return DATABASE_ERROR
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

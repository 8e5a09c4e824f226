"""``python -m metrics pack``: the meeting deck, headless, for scheduled reports.

    python -m metrics pack --start D --end D [--branch ID]... [--region R]...
        [--segment S]... [--channel C]... [--lang en|zh] [--compare previous|last_year]
        --out FILE.pptx [--db URL]

Progress goes to standard error, one line per step; on success standard
output gets a JSON object naming the file and its slides. The file is written
whole or not at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from data_access import Database
from display.i18n import LANGS
from metrics import cli_args
from metrics.period import Period

COMMAND = "pack"


def add_pack_command(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``pack`` on the ``python -m metrics`` sub-command parsers."""
    parser = subparsers.add_parser(
        COMMAND, help="meeting pack (PowerPoint) for a period", allow_abbrev=False
    )
    parser.add_argument("--start", type=cli_args.iso_date, required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--end", type=cli_args.iso_date, required=True, metavar="YYYY-MM-DD")
    for name in ("branch", "region", "segment", "channel"):
        parser.add_argument(
            f"--{name}", action="append", default=[], metavar=name.upper(), help="repeatable"
        )
    parser.add_argument("--lang", choices=LANGS, default="en")
    parser.add_argument("--compare", choices=("previous", "last_year"), default="previous")
    parser.add_argument("--out", type=pptx_path, required=True, metavar="FILE.pptx")
    parser.add_argument("--db", metavar="URL", help="database URL (else DATABASE_URL)")
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

    if args.end < args.start:
        cli_args.fail(
            f"{cli_args.PROG} {COMMAND}", f"--end {args.end} is before --start {args.start}"
        )

    def progress(message: str, done: float) -> None:
        sys.stderr.write(f"{cli_args.PROG} {COMMAND}: {done:4.0%} {message}\n")
        sys.stderr.flush()

    slides = write_pack(
        db,
        Period(args.start, args.end),
        cli_args.filters(args),
        args.out,
        lang=args.lang,
        comparison=args.compare,
        progress=progress,
    )
    return {"out": str(args.out), "slides": slides, "lang": args.lang}

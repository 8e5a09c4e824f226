"""``python -m sample_data generate --out DIR [--seed N] [--scale X] [--end YYYY-MM-DD]``;
``python -m sample_data seed [--db URL]`` (what a first start runs: scale-1 sample data loaded
into the database if it holds none; progress on standard error)."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from data_access import open_database
from sample_data.generator import generate
from sample_data.seed import seed_if_empty


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sample_data", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("generate", help="write a sample CSV folder")
    command.add_argument("--out", type=Path, required=True, help="folder to write the files into")
    command.add_argument(
        "--seed", type=_non_negative_int, default=7, help="random seed (default 7)"
    )
    command.add_argument(
        "--scale",
        type=_positive_float,
        default=1.0,
        help="multiplies users and activity (default 1)",
    )
    command.add_argument(
        "--end", type=_day, default=None, help="last day of the data (default: yesterday)"
    )
    seed = commands.add_parser(
        "seed", help="fill the database with scale-1 sample data if it holds none"
    )
    seed.add_argument(
        "--db",
        default=None,
        help="database URL (default: DATABASE_URL, else the embedded SQLite file)",
    )
    return parser


def _show_progress(message: str, fraction: float) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def _seed(url: str | None) -> int:
    db = open_database(url)
    filled = seed_if_empty(db, _show_progress)
    print("sample data loaded" if filled else "the database already holds data: left as it is")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "seed":
        return _seed(args.db)
    started = time.perf_counter()
    try:
        rows = generate(
            args.out, seed=args.seed, scale=args.scale, end=args.end, progress=_show_progress
        )
    except OSError as error:
        print(f"sample_data: cannot write {args.out}: {error}", file=sys.stderr)
        return 1
    width = max(map(len, rows))
    for name, count in rows.items():
        print(f"{name:<{width}}  {count:>12,}")
    print(
        f"{'total':<{width}}  {sum(rows.values()):>12,}  in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

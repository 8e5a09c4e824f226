"""``python -m bench --scale X [--db URL] [--out FILE] [--data DIR] [--skip-load]``.

Generates sample data at scale X (seed 7, ending 2026-06-30) into a temporary
folder, loads it with ``--replace`` into ``--db`` (default: a new SQLite file
beside the data), then times, each in a process of its own so that its peak
memory is its own: the load (rows per second), every page under AppTest with
an emptied cache (cold) and again (warm), the median of three rounds, the same
pages over an empty database and over a tiny one (scale 0.1), and each
``python -m metrics`` command. Prints a Markdown table and writes it (and the
raw numbers as JSON beside it) to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
from datetime import date
from pathlib import Path

from bench.measure import Measured, StepFailed, run
from bench.report import markdown

END = date(2026, 6, 30)
SEED = 7
TINY_SCALE = 0.1
"""About 2,600 users: every page draws all its charts and tables (at 0.02 the Complaints page
finds none in the default period), over little data. The empty database is no floor for a
page's cost, since each page stops at "no data yet"."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--scale", type=float, required=True, help="sample data scale (1: ~26k users)"
    )
    parser.add_argument("--db", help="database URL to load into (emptied first!)")
    parser.add_argument("--out", type=Path, help="write the Markdown table here (and .json beside)")
    parser.add_argument(
        "--data", type=Path, help="an existing CSV folder instead of generating one"
    )
    parser.add_argument(
        "--skip-load", action="store_true", help="time an already loaded --db without loading"
    )
    return parser


def _metrics_commands(url: str) -> dict[str, list[str]]:
    return {
        "summary, last 30 days": ["summary", "--start", "2026-06-01", "--end", "2026-06-30"],
        "summary, one year": ["summary", "--start", "2025-07-01", "--end", "2026-06-30"],
        "summary, one branch, 90 days": [
            "summary",
            "--start",
            "2026-04-01",
            "--end",
            "2026-06-30",
            "--branch",
            "HZ-01",
        ],
        "targets, one month": ["targets", "--month", "2026-06"],
        "campaign impact": ["campaign", "--campaign", _first_campaign(url)],
        "retention, 12 cohorts": ["retention", "--from", "2025-07", "--to", "2026-06"],
    }


def _first_campaign(url: str) -> str:
    from sqlalchemy import select

    from data_access import open_database
    from data_access.schema import campaigns

    return open_database(url).scalar(
        select(campaigns.c.campaign_id).order_by(campaigns.c.start_date)
    )


def machine() -> str:
    import os

    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores, {memory_gb:.0f} GB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def benchmark(args: argparse.Namespace, work: Path) -> dict:
    data = args.data or work / "csv"
    results: dict = {"scale": args.scale, "machine": machine()}
    if args.data is None:
        generated = _generate(data, args.scale)
        results["generate"] = {"seconds": generated.seconds, "peak_mb": generated.peak_mb}
    url = args.db or f"sqlite:///{work / 'bench.sqlite3'}"
    results["dialect"] = url.split(":", 1)[0].split("+", 1)[0]
    if not args.skip_load:
        loaded = run(["-m", "bench.steps", "load", str(data), url])
        rows, seconds = loaded.output["rows"], loaded.output["seconds"]
        results["load"] = {
            "rows": rows,
            "seconds": seconds,
            "rows_per_second": rows / seconds,
            "peak_mb": loaded.peak_mb,
        }
    results["users"], results["activity_rows"] = _sizes(url)
    results["pages"] = _pages(url)
    results["empty_pages"] = _pages(f"sqlite:///{work / 'empty.sqlite3'}")
    tiny = f"sqlite:///{work / 'tiny.sqlite3'}"
    _generate(work / "tiny-csv", TINY_SCALE)
    run(["-m", "bench.steps", "load", str(work / "tiny-csv"), tiny])
    results["tiny_pages"] = _pages(tiny)
    results["metrics"] = {
        name: _timed(run(["-m", "metrics", *command, "--db", url]))
        for name, command in _metrics_commands(url).items()
    }
    return results


def _generate(folder: Path, scale: float) -> Measured:
    return run(
        [
            "-m",
            "sample_data",
            "generate",
            "--out",
            str(folder),
            "--scale",
            str(scale),
            "--seed",
            str(SEED),
            "--end",
            END.isoformat(),
        ]
    )


def _sizes(url: str) -> tuple[int, int]:
    from sqlalchemy import func, select

    from data_access import open_database
    from data_access.schema import wallet_activity, wallet_users

    db = open_database(url)
    return tuple(
        db.scalar(select(func.count()).select_from(table))
        for table in (wallet_users, wallet_activity)
    )


def _pages(url: str) -> dict:
    measured = run(["-m", "bench.steps", "pages", url])
    return {"peak_mb": measured.peak_mb, "runs": measured.output}


def _timed(measured: Measured) -> dict[str, float]:
    return {"seconds": measured.seconds, "peak_mb": measured.peak_mb}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.skip_load and not args.db:
        print("python -m bench: --skip-load needs --db", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix=f"bench-{args.scale:g}-") as folder:
        try:
            results = benchmark(args, Path(folder))
        except StepFailed as error:
            print(f"python -m bench: {error}", file=sys.stderr)
            return 1
    table = markdown(results)
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

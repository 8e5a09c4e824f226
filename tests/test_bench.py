"""The benchmark's pure parts: the results table and the load test's verdicts."""

from __future__ import annotations

from pathlib import Path

from bench.load_test import BackgroundLoad, Result, Visit, mixtures, percentile, server_runs
from bench.report import markdown


def visit(view: str, version: str, tiles: tuple[str, ...], error: str | None = None) -> Visit:
    return Visit(0, "page link", view, 1.0, version, tiles, error)


def test_a_view_showing_two_tile_sets_under_one_data_version_is_a_mixture():
    visits = [
        visit("overview?", "data version 3", ("New users 10",)),
        visit("overview?", "data version 3", ("New users 12",)),
        visit("growth?", "data version 3", ("New users 10",)),
        visit("growth?", "data version 4", ("New users 12",)),  # a new load: not a mixture
        visit("activity?", "data version 4", (), "TimeoutError"),
    ]
    assert mixtures(visits) == ["overview? (data version 3)"]


def test_a_load_test_fails_on_an_error_a_mixture_or_a_load_that_did_not_commit():
    clean = [visit("overview?", "data version 3", ("New users 10",))]
    assert Result(clean, [0.3], None).problems() == []
    unfinished = BackgroundLoad("sqlite://", Path("csv"), sessions=1)
    assert Result(clean, [0.3], unfinished).problems() == [
        "the load did not commit: not finished in time"
    ]
    seen = [*clean, visit("overview?", "data version 3", ("New users 12",))]
    seen.append(visit("growth?", "data version 3", (), "TimeoutError: 120000 ms"))
    assert Result(seen, [0.3], None).problems() == [
        "error in session 0 (page link, growth?): TimeoutError: 120000 ms",
        "mixed data: overview? (data version 3)",
    ]


def test_percentiles_pick_the_nearest_rank():
    values = [float(n) for n in range(10, 0, -1)]  # 1..10, unordered
    assert percentile(values, 0.5) == 5.0  # rank round(4.5) = 4 (0-based) of 1..10
    assert percentile(values, 0.95) == 10.0
    assert percentile([7.0], 0.95) == 7.0


def test_server_times_are_the_runs_of_the_browsed_pages_that_did_not_start_over():
    log = "\n".join(
        [
            "2026-11-23 19:51:02.975 page / ran in 144 ms (ended by RerunException)",
            "2026-11-23 19:51:03.366 page /overview ran in 388 ms",
            "2026-11-23 19:51:04.001 page /growth ran in 95 ms (ended by RerunException)",
            "2026-11-23 19:51:04.101 page /growth ran in 61 ms (ended by StopException)",
            "2026-11-23 19:51:04.500 page /data ran in 40 ms",  # not a page the test browses
            "2026-11-23 19:51:05.120 page /activity ran in 1204 ms",
            "2026-11-23 19:51:05.200 Some other line about /overview ran in 7 ms",
        ]
    )
    assert server_runs(log) == [0.388, 0.061, 1.204]


def test_the_table_says_which_goals_are_met():
    results = {
        "scale": 1.0,
        "users": 1_000,
        "activity_rows": 5_000,
        "dialect": "sqlite",
        "machine": "2 cores",
        "load": {"rows": 6_000, "seconds": 0.05, "rows_per_second": 120_000.0, "peak_mb": 70.0},
        "pages": {"peak_mb": 600.0, "runs": {"growth": {"cold": 1.2, "warm": 0.03}}},
        "empty_pages": {"peak_mb": 100.0, "runs": {"growth": {"cold": 0.02, "warm": 0.02}}},
        "tiny_pages": {"peak_mb": 100.0, "runs": {"growth": {"cold": 0.05, "warm": 0.019}}},
        "metrics": {"summary": {"seconds": 0.5, "peak_mb": 40.0}},
    }
    lines = markdown(results).splitlines()
    assert lines[0].startswith("Scale 1: 1,000 users, 5,000 activity rows, sqlite")
    load = next(line for line in lines if line.startswith("| load"))
    assert "120,000 rows/s" in load and "100,000 rows/s: met" in load
    growth = next(line for line in lines if line.startswith("| page growth"))
    # 1.2 s cold misses 1 s; 30 ms warm is within 1.5 x 20 ms, not within 1.5 x 19 ms = 28.5 ms
    assert "1200 / 30 ms" in growth and "empty data: 20 ms, tiny data: 19 ms" in growth
    assert "cold <= 1 s: NOT met" in growth and "warm <= 1.5x empty: met" in growth
    assert "warm <= 1.5x tiny: NOT met" in growth
    process = next(line for line in lines if line.startswith("| dashboard process"))
    assert "600 MB" in process and "NOT met" in process

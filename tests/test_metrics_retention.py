"""Cohort retention on a hand-built data set; expected values worked out by hand.

The latest activity (any user) is 2024-03-31, so every cohort runs to March.
"""

from __future__ import annotations

import pytest

from data_access import Filters, Scope
from metrics.retention import RetentionCell, retention
from tests.metrics_fixtures import activity, branch, insert, user

WORLD = (
    branch("杭州-3", "浙江"),
    branch("BR 04", "江苏"),
    user("r1", "杭州-3", "2024-01-05", "young"),
    user("r2", "杭州-3", "2024-01-31", "老年"),
    user("r3", "BR 04", "2024-02-10", "young"),
    user("r4", "BR 04", "2023-12-31", "young"),  # cohort before the range
    user("r5", "杭州-3", "2024-03-15", "young"),  # never active
    activity("r1", "2024-01-05"),
    activity("r1", "2024-01-20"),  # twice in January: counted once
    activity("r1", "2024-03-01"),
    activity("r2", "2024-02-01"),
    activity("r3", "2024-02-10"),
    activity("r3", "2024-03-31"),
    activity("r4", "2024-01-01"),
)


@pytest.fixture
def world(db):
    insert(db, *WORLD)
    return db


def cells(*rows: tuple[str, int, int, int, float | None]) -> list[dict]:
    keys = ("cohort", "offset", "cohort_users", "active_users", "rate")
    return [dict(zip(keys, values, strict=True)) for values in rows]


def as_dicts(result: list[RetentionCell]) -> list[dict]:
    return [cell.to_dict() for cell in result]


def test_all_users(world):
    expected = cells(
        ("2024-01", 0, 2, 1, 0.5),  # r1 r2; r1 in January
        ("2024-01", 1, 2, 1, 0.5),  # r2 in February
        ("2024-01", 2, 2, 1, 0.5),  # r1 in March
        ("2024-02", 0, 1, 1, 1.0),  # r3
        ("2024-02", 1, 1, 1, 1.0),
        ("2024-03", 0, 1, 0, 0.0),  # r5
        # April: after the latest activity month, no cells
    )
    assert as_dicts(retention(world, "2024-01", "2024-04", Filters())) == expected


def test_filters_keep_the_latest_month_of_all_users(world):
    # Only r2 (老年); its last activity is February, but the offsets still run to March.
    expected = cells(
        ("2024-01", 0, 1, 0, 0.0), ("2024-01", 1, 1, 1, 1.0), ("2024-01", 2, 1, 0, 0.0)
    )
    assert as_dicts(retention(world, "2024-01", "2024-01", Filters(segments=("老年",)))) == expected


def test_empty_cohorts_have_null_rates(world):
    expected = cells(
        ("2024-01", 0, 0, 0, None),
        ("2024-01", 1, 0, 0, None),
        ("2024-01", 2, 0, 0, None),
        ("2024-02", 0, 1, 1, 1.0),  # r3
        ("2024-02", 1, 1, 1, 1.0),
        ("2024-03", 0, 0, 0, None),
    )
    by_filter = retention(world, "2024-01", "2024-03", Filters(branches=("BR 04",)))
    assert as_dicts(by_filter) == expected
    scoped = world.with_scope(Scope(branches=frozenset({"BR 04"})))
    assert retention(scoped, "2024-01", "2024-03", Filters()) == by_filter


def test_cohort_across_a_year_end(world):
    # r4 registered 2023-12-31, active 2024-01-01: offsets 0..3 up to March 2024.
    expected = cells(
        ("2023-12", 0, 1, 0, 0.0),
        ("2023-12", 1, 1, 1, 1.0),
        ("2023-12", 2, 1, 0, 0.0),
        ("2023-12", 3, 1, 0, 0.0),
    )
    assert as_dicts(retention(world, "2023-12", "2023-12", Filters())) == expected


def test_filter_matching_nothing(world):
    result = retention(world, "2024-03", "2024-03", Filters(channels=("nowhere",)))
    assert as_dicts(result) == cells(("2024-03", 0, 0, 0, None))


def test_no_activity_at_all(db):
    insert(db, branch("B"), user("u", "B", "2024-01-01"))
    assert retention(db, "2024-01", "2024-03", Filters()) == []


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2024-03", "2024-01", "after"),
        ("2024-13", "2024-12", "2024-13"),
        ("2024-1", "2024-02", "YYYY-MM"),
    ],
)
def test_bad_months(db, first, last, message):
    with pytest.raises(ValueError, match=message):
        retention(db, first, last, Filters())

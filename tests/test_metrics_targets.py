"""Team targets on a hand-built February 2024 (29 days); expected values worked out by hand."""

from __future__ import annotations

import json
from datetime import date

import pytest

from data_access import Scope
from metrics.targets import TargetRow, latest_data_date, team_targets
from tests.metrics_fixtures import activity, branch, insert, staff_member, target, team, user
from tests.tolerance import assert_records_close

WORLD = (
    branch("杭州-3", "浙江"),
    branch("BR 04", "江苏"),
    team("T1", "杭州-3"),
    team("T 2", "BR 04"),
    team("T3", "杭州-3"),
    staff_member("s1", "T1"),
    staff_member("s2", "T1"),
    staff_member("s3", "T 2"),
    user("a", "杭州-3", "2024-01-31", staff_id="s1"),
    user("b", "杭州-3", "2024-02-01", staff_id="s2"),
    user("c", "BR 04", "2024-02-10", staff_id="s1"),  # T1's user, registered at another branch
    user("d", "杭州-3", "2024-02-20", staff_id="s1"),
    user("e", "BR 04", "2024-02-05", staff_id="s3"),
    user("f", "杭州-3", "2024-02-03"),  # no staff: no team
    activity("a", "2024-01-31", 50),
    activity("a", "2024-02-01", 2),
    activity("a", "2024-02-15", 3),
    activity("a", "2024-02-16", 10),
    activity("b", "2024-02-01", 1),
    activity("c", "2024-02-12", 4),
    activity("e", "2024-02-05", 7),
    activity("e", "2024-02-06", 1),
    activity("f", "2024-02-03", 100),
    target("2024-02", "T1", "transactions", 20),
    target("2024-02", "T1", "new_users", 10),
    target("2024-02", "T1", "active_users", 4),
    target("2024-02", "T 2", "new_users", 2),
    target("2024-03", "T1", "new_users", 99),
)

KEYS = [
    "team_id",
    "branch_id",
    "metric",
    "target",
    "actual",
    "attainment",
    "elapsed_days",
    "days_in_month",
    "expected_by_now",
    "projected",
]


@pytest.fixture
def world(db):
    insert(db, *WORLD)
    return db


def row(team_id, branch_id, metric, target_value, actual, elapsed, days=29):
    return {
        "team_id": team_id,
        "branch_id": branch_id,
        "metric": metric,
        "target": target_value,
        "actual": actual,
        "attainment": actual / target_value,
        "elapsed_days": elapsed,
        "days_in_month": days,
        "expected_by_now": target_value * elapsed / days,
        "projected": actual * days / elapsed if elapsed else None,
    }


def as_dicts(rows: list[TargetRow]) -> list[dict]:
    return [r.to_dict() for r in rows]


def test_mid_month(world):
    # As of 15 Feb: T1's users are a b c d; new b c; active a b c; transactions 2+3+1+4.
    # "T 2" sorts before "T1" (space before digit); T1's metrics in the dictionary's order.
    expected = [
        row("T 2", "BR 04", "new_users", 2, 1, 15),  # e
        row("T1", "杭州-3", "new_users", 10, 2, 15),
        row("T1", "杭州-3", "active_users", 4, 3, 15),
        row("T1", "杭州-3", "transactions", 20, 10, 15),
    ]
    assert_records_close(
        as_dicts(team_targets(world, "2024-02", as_of=date(2024, 2, 15))), expected
    )
    assert expected[2]["projected"] == pytest.approx(5.8)  # 3 x 29 / 15


def test_as_of_defaults_to_the_latest_data_date(world):
    # Latest: d registered 20 Feb (activity ends 16 Feb). T1 new b c d; active a b c;
    # transactions 2+3+10+1+4.
    assert latest_data_date(world) == date(2024, 2, 20)
    expected = [
        row("T 2", "BR 04", "new_users", 2, 1, 20),
        row("T1", "杭州-3", "new_users", 10, 3, 20),
        row("T1", "杭州-3", "active_users", 4, 3, 20),
        row("T1", "杭州-3", "transactions", 20, 20, 20),
    ]
    assert_records_close(as_dicts(team_targets(world, "2024-02")), expected)


def test_as_of_after_the_month_counts_the_whole_month(world):
    rows = team_targets(world, "2024-02", as_of=date(2024, 3, 5))
    assert {r.elapsed_days for r in rows} == {29}
    assert [(r.actual, r.projected) for r in rows] == [(1, 1.0), (3, 3.0), (3, 3.0), (20, 20.0)]
    assert rows[0].expected_by_now == 2.0


def test_as_of_on_the_first_day(world):
    # 1 Feb: T1 new b; active a b; transactions 2 + 1.
    rows = team_targets(world, "2024-02", as_of=date(2024, 2, 1))
    assert [(r.elapsed_days, r.actual) for r in rows] == [(1, 0), (1, 1), (1, 2), (1, 3)]


def test_as_of_before_the_month(world):
    rows = team_targets(world, "2024-02", as_of=date(2024, 1, 20))
    assert as_dicts(rows) == [row("T 2", "BR 04", "new_users", 2, 0, 0)] + [
        row("T1", "杭州-3", metric, value, 0, 0)
        for metric, value in (("new_users", 10), ("active_users", 4), ("transactions", 20))
    ]
    assert rows[0].projected is None and rows[0].expected_by_now == 0.0


def test_teams_narrow_and_unknown_ones_match_nothing(world):
    rows = team_targets(world, "2024-02", as_of=date(2024, 2, 15), teams=["T 2", "nobody"])
    assert [(r.team_id, r.metric, r.actual) for r in rows] == [("T 2", "new_users", 1)]
    assert team_targets(world, "2024-02", teams=["T3"]) == []
    assert team_targets(world, "2024-04") == []


def test_scope_drops_teams_and_users_outside(world):
    outside_hangzhou = world.with_scope(Scope(branches=frozenset({"BR 04"})))
    rows = team_targets(outside_hangzhou, "2024-02", as_of=date(2024, 2, 15))
    assert [(r.team_id, r.actual) for r in rows] == [("T 2", 1)]
    # In 杭州-3 only, T1 loses user c (registered at BR 04): new b; active a b; tx 2+3+1.
    hangzhou = world.with_scope(Scope(branches=frozenset({"杭州-3"})))
    rows = team_targets(hangzhou, "2024-02", as_of=date(2024, 2, 15))
    assert [(r.team_id, r.metric, r.actual) for r in rows] == [
        ("T1", "new_users", 1),
        ("T1", "active_users", 2),
        ("T1", "transactions", 6),
    ]


def test_no_user_data_means_nothing_elapsed(db):
    insert(db, branch("B"), team("T", "B"), target("2024-02", "T", "new_users", 5))
    assert as_dicts(team_targets(db, "2024-02")) == [row("T", "B", "new_users", 5, 0, 0)]


def test_to_dict_has_the_dictionary_keys_and_is_json(world):
    (first, *_) = team_targets(world, "2024-02")
    assert list(first.to_dict()) == KEYS
    assert json.loads(json.dumps(first.to_dict(), ensure_ascii=False)) == first.to_dict()


@pytest.mark.parametrize("month", ["2024-13", "2024-2", "24-02", "2024-00"])
def test_bad_month(db, month):
    with pytest.raises(ValueError, match=month):
        team_targets(db, month)

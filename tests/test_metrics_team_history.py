"""A team's pace, history and rank: values worked out by hand from the rows below."""

from __future__ import annotations

from datetime import date

import pytest

from data_access import Database, Filters, Scope
from data_access.schema import staff, targets, teams
from metrics.team_history import (
    attainment_history,
    branch_ranking,
    pace,
    target_months,
    team_progress,
    visible_teams,
)
from tests.promotion_data import active, add, add_activity, add_users, organisation, user

AS_OF = date(2026, 6, 10)  # June: 10 days elapsed, 20 remaining


def target(month: str, team_id: str, metric: str, value: int) -> dict:
    return {"month": month, "team_id": team_id, "metric": metric, "target": value}


@pytest.fixture
def june(db: Database) -> Database:
    organisation(db)
    add(db, teams, {"team_id": "T4", "branch_id": "B1", "team_name": "Merchant"})
    add(db, teams, {"team_id": "T5", "branch_id": "B1", "team_name": "Payroll"})
    add(db, staff, {"staff_id": "S6", "team_id": "T4", "staff_name": "Sun"})
    add(
        db,
        targets,
        target("2025-12", "T1", "new_users", 9),
        target("2026-01", "T1", "new_users", 5),
        target("2026-03", "T1", "new_users", 4),
        target("2026-06", "T1", "new_users", 30),
        target("2026-06", "T1", "active_users", 20),
        target("2026-06", "T1", "transactions", 100),
        target("2026-06", "T2", "new_users", 10),
        target("2026-06", "T3", "new_users", 3),
        target("2026-06", "T4", "new_users", 10),
    )
    add_users(
        db,
        *(user(f"j{i}", date(2026, 1, 20), "S1") for i in range(5)),
        *(user(f"m{i}", date(2026, 3, 2), "S2") for i in range(2)),
        *(user(f"n{i}", date(2026, 6, 1), "S1") for i in range(12)),
        user("late", date(2026, 6, 11), "S1"),
        *(user(f"c{i}", date(2026, 6, 3), "S4") for i in range(4)),
        *(user(f"d{i}", date(2026, 6, 3), "S6") for i in range(4)),
        *(user(f"k{i}", date(2026, 6, 4), "S5", branch_id="B2") for i in range(4)),
    )
    add_activity(
        db,
        *(active(f"n{i}", date(2026, 6, 5), transactions=5) for i in range(5)),
        active("n5", date(2026, 6, 9), transactions=8),
        active("n6", date(2026, 6, 11), transactions=50),  # after as_of
    )
    return db


def test_progress_gives_pace_and_what_is_left_per_day(june: Database):
    rows = team_progress(june, "T1", "2026-06", as_of=AS_OF)
    assert [
        (r.metric, r.target, r.actual, r.remaining_days, r.needed_per_day, r.pace) for r in rows
    ] == [
        # expected by now = target x 10 / 30
        ("new_users", 30, 12, 20, 18 / 20, "ahead"),  # 12 against 10: 120 %
        ("active_users", 20, 6, 20, 14 / 20, "behind"),  # 6 against 6.67: 90 %
        ("transactions", 100, 33, 20, 67 / 20, "on_track"),  # 33 against 33.3: 99 %
    ]


def test_nothing_is_needed_per_day_once_the_target_is_met_or_the_month_is_over(june: Database):
    met = team_progress(june, "T3", "2026-06", as_of=AS_OF)
    assert [(r.target, r.actual, r.needed_per_day) for r in met] == [(3, 4, 0.0)]
    over = team_progress(june, "T2", "2026-06", as_of=date(2026, 7, 2))
    assert [(r.actual, r.remaining_days, r.needed_per_day) for r in over] == [(4, 0, None)]
    # 3 June: 4 opened against 1 expected (10 x 3 / 30); 6 still needed over 27 days
    early = team_progress(june, "T4", "2026-06", as_of=date(2026, 6, 3))
    assert [(r.actual, r.needed_per_day, r.pace) for r in early] == [(4, 6 / 27, "ahead")]
    not_started = team_progress(june, "T4", "2026-06", as_of=date(2026, 5, 31))
    assert [(r.actual, r.remaining_days, r.needed_per_day, r.pace) for r in not_started] == [
        (0, 30, 10 / 30, None)
    ]


def test_pace_bands():
    assert pace(105, 100) == "ahead"
    assert pace(104.9, 100) == "on_track"
    assert pace(95, 100) == "on_track"
    assert pace(94.9, 100) == "behind"
    assert pace(0, 0) is None


def test_history_covers_the_six_months_ending_with_the_month(june: Database):
    rows = attainment_history(june, "T1", "2026-06", as_of=AS_OF)
    assert [(r.month, r.metric, r.target, r.actual, r.attainment) for r in rows] == [
        ("2026-01", "new_users", 5, 5, 1.0),  # 2025-12 is seven months back
        ("2026-03", "new_users", 4, 2, 0.5),
        ("2026-06", "new_users", 30, 12, 0.4),  # so far
        ("2026-06", "active_users", 20, 6, 0.3),
        ("2026-06", "transactions", 100, 33, 0.33),
    ]
    assert [r.remaining_days for r in rows] == [0, 0, 20, 20, 20]


def test_branch_teams_are_ranked_by_mean_attainment(june: Database):
    standings = branch_ranking(june, "B1", "2026-06", as_of=AS_OF)
    assert [(s.rank, s.team_id, s.score) for s in standings] == [
        (1, "T4", 0.4),  # Merchant and Outreach tie: 4 of 10 each
        (1, "T2", 0.4),
        (3, "T1", pytest.approx((0.4 + 0.3 + 0.33) / 3)),
        (None, "T5", None),  # no targets in June
    ]
    assert standings[2].attainment == {
        "new_users": 0.4,
        "active_users": 0.3,
        "transactions": 0.33,
    }


def test_visible_teams_follow_scope_and_filters(june: Database):
    assert [t.team_id for t in visible_teams(june)] == ["T3", "T1", "T4", "T2", "T5"]
    assert [t.team_id for t in visible_teams(june, Filters(regions=("江苏",)))] == []
    scoped = june.with_scope(Scope(branches=frozenset({"B2"})))
    assert [(t.team_id, t.branch_name) for t in visible_teams(scoped)] == [("T3", "宁波海曙支行")]
    assert visible_teams(scoped, Filters(branches=("B1",))) == []
    assert target_months(june) == ["2026-06", "2026-03", "2026-01", "2025-12"]
    assert target_months(scoped) == ["2026-06"]
    assert branch_ranking(scoped, "B1", "2026-06", as_of=AS_OF) == []

"""Staff leaderboard quality: values worked out by hand from the rows below."""

from __future__ import annotations

from datetime import date

import pytest

from data_access import Database, Scope
from data_access.schema import complaints
from metrics.period import Period
from metrics.staff_quality import QualityCounts, flags, staff_leaderboard
from tests.promotion_data import active, add, add_activity, add_users, organisation, user

AS_OF = date(2026, 6, 30)
HALF_YEAR = Period(date(2026, 1, 1), date(2026, 6, 30))


def complaint(complaint_id: str, user_id: str, opened_on: date) -> dict:
    return {
        "complaint_id": complaint_id,
        "user_id": user_id,
        "opened_on": opened_on,
        "resolved_on": None,
        "category": "failed_payment",
    }


@pytest.fixture
def team_db(db: Database) -> Database:
    """Wallets opened by team T1 around the 30- and 90-day boundaries (as of 2026-06-30).

    Judged at 30 days: registered by 2026-06-01. Judged at 90 days: by 2026-03-03.
    """
    organisation(db)
    add_users(
        db,
        user("u1", date(2026, 3, 3), "S1"),
        user("u2", date(2026, 3, 4), "S1", segment="senior"),
        user("u3", date(2026, 6, 1), "S1"),
        user("u4", date(2026, 6, 2), "S1", segment="senior"),
        user("u5", date(2025, 12, 31), "S1"),
        user("u6", date(2026, 2, 10), "S1"),
        user("u7", date(2026, 2, 10), "S1"),
        user("u8", date(2026, 1, 15), "S1", branch_id="B2"),
        user("u9", date(2026, 2, 1), "S4"),
        user("u10", date(2026, 5, 1), "S2"),
        user("u11", date(2026, 2, 1)),
    )
    add_activity(
        db,
        active("u1", date(2026, 4, 1)),  # day 29: transacted within 30 days
        active("u1", date(2026, 6, 1)),  # day 90: still active 90 days on
        active("u2", date(2026, 4, 3)),  # day 30: too late
        active("u3", date(2026, 6, 1)),  # day 0
        active("u4", date(2026, 6, 2)),  # day 0, but not judged yet
        active("u5", date(2026, 1, 1)),
        active("u6", date(2026, 6, 9)),  # day 119: still active
        active("u7", date(2026, 5, 10)),  # day 89: neither
        active("u9", date(2026, 2, 1)),
        active("u10", date(2026, 5, 1)),
    )
    add(
        db,
        complaints,
        complaint("c1", "u1", date(2026, 5, 1)),
        complaint("c2", "u2", date(2026, 7, 5)),  # after as_of
        complaint("c3", "u5", date(2026, 2, 1)),  # opened before the period
    )
    return db


def summary(board) -> list[tuple]:
    return [
        (
            s.staff_id,
            s.volume_rank,
            s.quality_rank,
            s.opened,
            s.judged_30d,
            s.transacted_30d_share,
            s.judged_90d,
            s.active_90d_share,
            s.complaints,
            s.complaints_per_1000,
            s.seniors_opened,
            s.seniors_unused_30d,
            s.seniors_unused_share,
            s.flags,
        )
        for s in board.staff
    ]


def test_counts_shares_and_ranks_per_person(team_db: Database):
    board = staff_leaderboard(team_db, "T1", HALF_YEAR, as_of=AS_OF)
    assert board.openings == HALF_YEAR
    assert summary(board) == [
        # u1 u2 u3 u4 u6 u7 u8; transacted: u1 u3 of 6; active at 90: u1 u6 of u1 u6 u7 u8
        ("S1", 1, 2, 7, 6, 2 / 6, 4, 2 / 4, 1, 1000 / 7, 2, 1, 1.0, ()),
        ("S2", 2, 1, 1, 1, 1.0, 0, None, 0, 0.0, 0, 0, None, ()),
        ("S3", 3, None, 0, 0, None, 0, None, 0, None, 0, 0, None, ()),
    ]
    assert board.staff[0].staff_name == "Wang"
    assert board.team == QualityCounts(
        opened=8,
        judged_30d=7,
        transacted_30d=3,
        judged_90d=4,
        active_90d=2,
        seniors_opened=2,
        seniors_judged_30d=1,
        seniors_unused_30d=1,
        complaints=1,
    )


def test_only_users_of_branches_in_scope_count(team_db: Database):
    scoped = team_db.with_scope(Scope(branches=frozenset({"B1"})))
    wang = staff_leaderboard(scoped, "T1", HALF_YEAR, as_of=AS_OF).staff[0]
    assert (wang.opened, wang.judged_30d, wang.transacted_30d_share) == (6, 5, 2 / 5)
    assert (wang.judged_90d, wang.active_90d_share) == (3, 2 / 3)
    elsewhere = team_db.with_scope(Scope(branches=frozenset({"B2"})))
    assert staff_leaderboard(elsewhere, "T1", HALF_YEAR, as_of=AS_OF).staff == ()


def test_openings_stop_at_as_of(team_db: Database):
    board = staff_leaderboard(
        team_db, "T1", Period(date(2026, 6, 1), date(2026, 7, 31)), as_of=AS_OF
    )
    assert board.openings == Period(date(2026, 6, 1), AS_OF)
    assert [(s.staff_id, s.opened, s.judged_30d) for s in board.staff] == [
        ("S1", 2, 1),  # u3 (judged) and u4
        ("S2", 0, 0),
        ("S3", 0, 0),
    ]
    later = staff_leaderboard(
        team_db, "T1", Period(date(2026, 8, 1), date(2026, 8, 31)), as_of=AS_OF
    )
    assert later.openings is None
    assert [s.opened for s in later.staff] == [0, 0, 0]


def test_as_of_defaults_to_the_latest_data_date(team_db: Database):
    # The latest date with data is u6's activity on 2026-06-09: openings up to 2026-05-11 are
    # judged at 30 days (u1 u2 u6 u7 u8), of which only u1 transacted in time.
    board = staff_leaderboard(team_db, "T1", HALF_YEAR)
    assert board.openings == Period(date(2026, 1, 1), date(2026, 6, 9))
    wang = board.staff[0]
    assert (wang.opened, wang.judged_30d, wang.transacted_30d_share) == (7, 5, 1 / 5)


def test_flags_people_padding_with_unused_senior_wallets(db: Database):
    organisation(db)
    january = date(2026, 1, 10)
    wang = [user(f"w{i}", january, "S1", segment="senior") for i in range(6)]
    wang += [user(f"y{i}", january, "S1") for i in range(4)]
    li = [user(f"l{i}", january, "S2", segment="senior") for i in range(6)]
    add_users(db, *wang, *li)
    add_activity(db, *(active(f"l{i}", january) for i in range(6)))
    board = staff_leaderboard(db, "T1", HALF_YEAR, as_of=AS_OF)
    # Team: 6 of 16 transacted (0.375); 6 of 12 seniors unused (0.5); nobody active at 90 days.
    assert {s.staff_id: s.flags for s in board.staff} == {
        "S1": ("low_transacted_30d", "seniors_unused"),  # 0 of 10; 6 of 6 seniors unused
        "S2": (),
        "S3": (),
    }


def test_flag_rules_at_their_thresholds():
    team = QualityCounts(opened=500, judged_30d=100, transacted_30d=60, complaints=6)
    # 11 of 25 = 0.44, more than 15 points under 0.60
    assert flags(QualityCounts(opened=25, judged_30d=25, transacted_30d=11), team) == (
        "low_transacted_30d",
    )
    # 0 of 9: too few judged to say
    assert flags(QualityCounts(opened=9, judged_30d=9), team) == ()
    # 3 per 100 = 30 per 1,000 against the team's 12: at least twice
    assert flags(QualityCounts(opened=100, complaints=3), team) == ("many_complaints",)
    # 2 complaints are too few; 4 per 200 = 20 is under 24
    assert flags(QualityCounts(opened=100, complaints=2), team) == ()
    assert flags(QualityCounts(opened=200, complaints=4), team) == ()
    seniors = QualityCounts(seniors_judged_30d=20, seniors_unused_30d=8)  # team: 0.4
    assert flags(QualityCounts(seniors_judged_30d=5, seniors_unused_30d=5), seniors) == (
        "seniors_unused",
    )
    # 4 unused is too few; 5 of 10 (0.5) is not more than 15 points over 0.4
    assert flags(QualityCounts(seniors_judged_30d=4, seniors_unused_30d=4), seniors) == ()
    assert flags(QualityCounts(seniors_judged_30d=10, seniors_unused_30d=5), seniors) == ()

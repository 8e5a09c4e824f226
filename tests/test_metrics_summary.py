"""Summary KPIs on a small hand-built data set; expected values worked out by hand.

Period P = 2024-03-01..2024-03-10 (10 days) unless a test says otherwise.
"""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from data_access import Filters, Scope
from metrics import breakdowns
from metrics.breakdowns import Dimension
from metrics.definitions import SUMMARY_METRICS
from metrics.period import Period
from metrics.summary import summary
from tests.metrics_fixtures import (
    activity,
    branch,
    complaint,
    insert,
    market,
    survey,
    user,
)

P = Period(date(2024, 3, 1), date(2024, 3, 10))

WORLD = (
    branch("杭州-3", "浙江"),
    branch("HZ-01", "浙江"),
    branch("BR 04", "江苏"),
    user("u1", "杭州-3", "2024-02-20", "young", "online"),
    user("u2", "杭州-3", "2024-03-01", "老年", "branch"),
    user("u3", "BR 04", "2024-03-05", "young", "referral"),
    user("u4", "HZ-01", "2024-03-10", "merchant", "outreach"),
    user("u5", "杭州-3", "2024-03-11", "young", "online"),
    activity("u1", "2024-02-28", 5, "10.00"),
    activity("u1", "2024-03-01", 2, "12.34"),
    activity("u1", "2024-03-10", 1, "0.01"),
    activity("u2", "2024-03-30", 1, "5.00"),  # day 29 after registering: activated
    activity("u3", "2024-04-04", 3, "1.00"),  # day 30: not activated
    activity("u4", "2024-03-10", 4, "100.10"),  # day 0: activated
    activity("u5", "2024-03-11", 1, "1.00"),
    survey("s1", "u1", "2024-03-02", csat=5, nps=10),
    survey("s2", "u2", "2024-03-03", csat=3),
    survey("s3", "u3", "2024-03-09", nps=9),
    survey("s4", "u4", "2024-03-10", csat=4, nps=8),
    survey("s5", "u1", "2024-02-29", csat=1, nps=0),  # before P
    survey("s6", "u1", "2024-03-11", csat=1, nps=0),  # after P
    survey("s7", "u2", "2024-03-04", nps=3),
    complaint("c1", "u1", "2024-02-25", "2024-03-02"),
    complaint("c2", "u1", "2024-03-01", "2024-03-08"),  # 7 days
    complaint("c3", "u2", "2024-03-02", "2024-03-12"),  # 10 days, resolved after P
    complaint("c4", "u3", "2024-03-05"),  # never resolved
    complaint("c5", "u4", "2024-03-10", "2024-03-10"),  # 0 days
    complaint("c6", "u1", "2024-02-20"),  # before P, never resolved
    complaint("c7", "u5", "2024-03-11"),  # after P
    market("2024-03", "浙江", "Our wallet", 30, is_own=True),
    market("2024-03", "浙江", "Alipay", 70),
    market("2024-03", "江苏", "Our wallet", 10, is_own=True),
    market("2024-03", "江苏", "Alipay", 90),
    market("2024-02", "浙江", "Our wallet", 1000, is_own=True),
    market("2024-04", "浙江", "Alipay", 1000),
)

EVERYONE = {
    "new_users": 3,  # u2 u3 u4
    "total_users": 4,  # u1..u4 (u5 registers after P)
    "active_users": 2,  # u1, u4
    "avg_daily_active_users": 0.3,  # active user-days u1 x2 + u4 x1 = 3, over 10 days
    "transactions": 7,  # 2 + 1 + 4
    "amount": 112.45,  # 12.34 + 0.01 + 100.10
    "tx_per_active_user": 3.5,  # 7 / 2
    "avg_amount_per_transaction": 112.45 / 7,  # amount / transactions
    "activation_rate_30d": 2 / 3,  # u2 (day 29) and u4 (day 0) of u2 u3 u4
    "survey_responses": 5,  # s1 s2 s3 s4 s7
    "csat_avg": 4.0,  # (5 + 3 + 4) / 3
    "csat_satisfied_share": 2 / 3,  # 5 and 4 of 5, 3, 4
    "nps": 25.0,  # scores 10 9 8 3: 100 x (2 - 1) / 4
    "complaints": 4,  # c2 c3 c4 c5
    "complaints_per_10k_active": 20000.0,  # 4 x 10000 / 2
    "complaint_median_resolution_days": 7.0,  # median of 7, 10, 0
    "complaints_resolved_within_7d_share": 0.5,  # c2 (7 days) and c5 of 4
    "complaints_open_at_end": 3,  # c3 (resolved after P), c4, c6
    "own_share": 0.2,  # March, all regions: (30 + 10) / 200
}


@pytest.fixture
def world(db):
    insert(db, *WORLD)
    return db


def check(actual: dict, expected: dict) -> None:
    assert list(actual) == list(expected)
    assert actual == pytest.approx(expected)
    for key, value in expected.items():
        assert type(actual[key]) is type(value), key


def test_summary_keys_are_the_declared_metrics_in_order(db):
    result = summary(db, P, Filters())
    assert list(result) == [metric.key for metric in SUMMARY_METRICS]


def test_everyone(world):
    check(summary(world, P, Filters()), EVERYONE)


def test_one_branch_with_a_chinese_id(world):
    expected = {
        "new_users": 1,  # u2
        "total_users": 2,  # u1 u2
        "active_users": 1,  # u1
        "avg_daily_active_users": 0.2,  # 2 user-days / 10
        "transactions": 3,
        "amount": 12.35,
        "tx_per_active_user": 3.0,
        "avg_amount_per_transaction": 12.35 / 3,
        "activation_rate_30d": 1.0,  # u2
        "survey_responses": 3,  # s1 s2 s7
        "csat_avg": 4.0,  # (5 + 3) / 2
        "csat_satisfied_share": 0.5,
        "nps": 0.0,  # 10 and 3: 100 x (1 - 1) / 2
        "complaints": 2,  # c2 c3
        "complaints_per_10k_active": 20000.0,  # 2 x 10000 / 1
        "complaint_median_resolution_days": 8.5,  # (7 + 10) / 2
        "complaints_resolved_within_7d_share": 0.5,
        "complaints_open_at_end": 2,  # c3 c6
        "own_share": 0.3,  # 浙江 only: 30 / 100
    }
    check(summary(world, P, Filters(branches=("杭州-3",))), expected)


def test_region_and_segment_together(world):
    expected = {
        "new_users": 1,  # u3 (BR 04 is in 江苏)
        "total_users": 1,
        "active_users": 0,
        "avg_daily_active_users": 0.0,
        "transactions": 0,
        "amount": 0.0,
        "tx_per_active_user": None,
        "avg_amount_per_transaction": None,  # no transactions
        "activation_rate_30d": 0.0,  # u3 first active on day 30
        "survey_responses": 1,  # s3
        "csat_avg": None,
        "csat_satisfied_share": None,
        "nps": 100.0,  # one promoter
        "complaints": 1,  # c4
        "complaints_per_10k_active": None,
        "complaint_median_resolution_days": None,
        "complaints_resolved_within_7d_share": 0.0,  # c4 never resolved
        "complaints_open_at_end": 1,
        "own_share": 0.1,  # 江苏: 10 / 100 (segments do not apply to the market)
    }
    check(summary(world, P, Filters(regions=("江苏",), segments=("young",))), expected)


def test_several_values_in_one_filter(world):
    expected = {
        "new_users": 2,  # u2 u4
        "total_users": 2,
        "active_users": 1,  # u4
        "avg_daily_active_users": 0.1,
        "transactions": 4,
        "amount": 100.1,
        "tx_per_active_user": 4.0,
        "avg_amount_per_transaction": 25.025,  # 100.10 / 4
        "activation_rate_30d": 1.0,
        "survey_responses": 3,  # s2 s4 s7
        "csat_avg": 3.5,  # (3 + 4) / 2
        "csat_satisfied_share": 0.5,
        "nps": -50.0,  # 8 and 3: 100 x (0 - 1) / 2
        "complaints": 2,  # c3 c5
        "complaints_per_10k_active": 20000.0,
        "complaint_median_resolution_days": 5.0,  # (10 + 0) / 2
        "complaints_resolved_within_7d_share": 0.5,
        "complaints_open_at_end": 1,  # c3
        "own_share": 0.2,
    }
    check(summary(world, P, Filters(segments=("老年", "merchant"))), expected)


def test_single_day_period(world):
    expected = {
        "new_users": 1,  # u4
        "total_users": 4,
        "active_users": 2,  # u1 u4
        "avg_daily_active_users": 2.0,
        "transactions": 5,
        "amount": 100.11,
        "tx_per_active_user": 2.5,
        "avg_amount_per_transaction": 20.022,  # (100.10 + 0.01) / 5
        "activation_rate_30d": 1.0,
        "survey_responses": 1,  # s4
        "csat_avg": 4.0,
        "csat_satisfied_share": 1.0,
        "nps": 0.0,  # a passive
        "complaints": 1,  # c5
        "complaints_per_10k_active": 5000.0,
        "complaint_median_resolution_days": 0.0,
        "complaints_resolved_within_7d_share": 1.0,
        "complaints_open_at_end": 3,  # c3 c4 c6
        "own_share": 0.2,
    }
    day = date(2024, 3, 10)
    check(summary(world, Period(day, day), Filters()), expected)


def test_period_with_no_data_keeps_the_stock_figures(world):
    expected = {key: None for key in EVERYONE} | {
        "new_users": 0,
        "total_users": 5,
        "active_users": 0,
        "avg_daily_active_users": 0.0,
        "transactions": 0,
        "amount": 0.0,
        "survey_responses": 0,
        "complaints": 0,
        "complaints_open_at_end": 3,  # c4 c6 c7 are still open
    }
    check(summary(world, Period(date(2030, 1, 1), date(2030, 1, 31)), Filters()), expected)


@pytest.mark.parametrize(
    "filters",
    [Filters(branches=("nowhere",)), Filters(segments=("young",), channels=("branch",))],
)
def test_filter_matching_nothing(world, filters):
    expected = {key: None for key in EVERYONE} | {
        "new_users": 0,
        "total_users": 0,
        "active_users": 0,
        "avg_daily_active_users": 0.0,
        "transactions": 0,
        "amount": 0.0,
        "survey_responses": 0,
        "complaints": 0,
        "complaints_open_at_end": 0,
    }
    if not filters.branches:
        expected["own_share"] = 0.2  # market data follows regions only
    check(summary(world, P, filters), expected)


def test_branch_and_region_filters_combine_for_the_market(world):
    # Users: 杭州-3 and 江苏 share none. Market: regions in both = none.
    result = summary(world, P, Filters(branches=("杭州-3",), regions=("江苏",)))
    assert (result["total_users"], result["own_share"]) == (0, None)
    result = summary(world, P, Filters(branches=("杭州-3", "BR 04"), regions=("江苏",)))
    assert (result["total_users"], result["own_share"]) == (1, 0.1)


def test_scope_restricts_like_the_filter(world):
    scoped = world.with_scope(Scope(branches=frozenset({"杭州-3"}), regions=frozenset({"浙江"})))
    assert summary(scoped, P, Filters()) == summary(world, P, Filters(branches=("杭州-3",)))
    nothing = world.with_scope(Scope(branches=frozenset(), regions=frozenset()))
    assert summary(nothing, P, Filters())["total_users"] == 0


def test_empty_database_and_json(db):
    result = summary(db, P, Filters())
    assert result["total_users"] == 0 and result["own_share"] is None
    assert json.loads(json.dumps(result)) == result


def test_median_of_an_even_number_of_equal_and_different_days(world):
    insert(world, complaint("c8", "u4", "2024-03-03", "2024-03-06"))  # 3 days
    # resolved in P: 0, 3, 7, 10 -> (3 + 7) / 2
    assert summary(world, P, Filters())["complaint_median_resolution_days"] == 5.0
    insert(world, complaint("c9", "u4", "2024-03-04", "2024-03-07"))  # 3 days again
    # 0, 3, 3, 7, 10 -> 3
    assert summary(world, P, Filters())["complaint_median_resolution_days"] == 3.0


def test_average_transaction_amount_worked_by_hand(world):
    # In P: u1 12.34 (2 transactions) and 0.01 (1), u4 100.10 (4): 112.45 / 7
    result = summary(world, P, Filters())
    assert result["avg_amount_per_transaction"] == pytest.approx(16.064285714285714)
    # The same declaration per group: young is u1 (12.35 / 3), merchant u4 (100.10 / 4), and
    # 老年 (u2, listed though inactive in P) has no transaction, so no average.
    segments = Dimension("segment", ("young", "merchant", "老年"))
    by_segment = breakdowns.activity(world, P, Filters(), (segments,))
    values = dict(zip(by_segment["segment"], by_segment["avg_amount_per_transaction"], strict=True))
    assert values["young"] == pytest.approx(4.116666666666667)
    assert values["merchant"] == pytest.approx(25.025)
    assert math.isnan(values["老年"])
    # No transactions at all: null, never 0.
    assert (
        summary(world, Period(date(2030, 1, 1), date(2030, 1, 2)), Filters())[
            "avg_amount_per_transaction"
        ]
        is None
    )

"""Breakdowns, time series and filter choices against a small hand-built data set.

Every expected value below was worked out by hand from the rows in ``_rows``
(see the comments there); the tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from data_access import Database, Filters, Scope
from metrics import breakdowns, dimensions, series
from metrics.breakdowns import Dimension
from metrics.period import Period
from metrics.series import TimeBuckets
from metrics.summary import summary
from tests.metrics_fixtures import (
    activity,
    branch,
    campaign,
    campaign_branch,
    complaint,
    insert,
    market,
    survey,
    user,
)

MARCH = Period(date(2024, 3, 1), date(2024, 3, 31))
WEEKS = (TimeBuckets(MARCH, "week"),)
# 2024-03-01 is a Friday: weeks start on Mondays 02-26, 03-04, 03-11, 03-18, 03-25.
WEEK_STARTS = [date(2024, 2, 26), date(2024, 3, 4), date(2024, 3, 11), date(2024, 3, 18)]
WEEK_STARTS.append(date(2024, 3, 25))


def march_2024_rows():
    """Five users in three branches, two regions; activity, surveys, complaints, market, campaigns."""
    comment = {"s1": "Great app", "s2": "", "s3": "Too hard 100%_ok"}
    surveys = [
        # March: CSAT 5, 3, 4 (one response without CSAT); NPS 10, 6, 8, 9.
        survey("s1", "u1", "2024-03-05", csat=5, nps=10),
        survey("s2", "u2", "2024-03-06", csat=3, nps=6),
        survey("s3", "u3", "2024-03-12", csat=4, nps=8),
        survey("s4", "u4", "2024-03-20", nps=9),
        survey("s5", "u1", "2024-04-02", csat=1, nps=0),  # after March
    ]
    for _table, values in surveys:
        values["comment"] = comment.get(values["response_id"])
    return [
        branch("HZ-01", "浙江", "杭州西湖支行"),
        branch("HZ-02", "浙江", "杭州滨江支行"),
        branch("BJ-01", "北京", "北京朝阳支行"),
        user("u1", "HZ-01", "2024-03-01", segment="young", channel="online"),
        user("u2", "HZ-01", "2024-03-04", segment="senior", channel="branch"),
        user("u3", "HZ-02", "2024-03-10", segment="young", channel="outreach"),
        user("u4", "BJ-01", "2024-02-20", segment="merchant", channel="online"),
        user("u5", "BJ-01", "2024-03-31", segment="young", channel="referral"),
        activity("u1", "2024-03-01", 2, "10.50"),
        activity("u1", "2024-03-02", 1, "5.00"),
        activity("u1", "2024-03-15", 3, "20.00"),
        activity("u2", "2024-04-10", 1, "1.00"),  # day 37 after registering: not activated
        activity("u3", "2024-03-10", 1, "2.00"),  # a Sunday: week of 03-04
        activity("u4", "2024-03-02", 4, "40.00"),
        *surveys,
        complaint("c1", "u1", "2024-03-03", "2024-03-05", "security"),  # 2 days
        complaint("c2", "u2", "2024-03-07", "2024-03-20", "failed_payment"),  # 13 days
        complaint("c3", "u3", "2024-03-25", None, "failed_payment"),
        complaint("c4", "u4", "2024-02-25", "2024-03-10", "security"),  # opened in February
        complaint("c5", "u4", "2024-02-21", None, "compatibility"),  # opened in February
        market("2024-02", "浙江", "Our wallet", 10, is_own=True),
        market("2024-02", "浙江", "Alipay", 90),
        market("2024-03", "浙江", "Our wallet", 100, is_own=True),
        market("2024-03", "浙江", "Alipay", 300),
        market("2024-03", "北京", "Our wallet", 50, is_own=True),
        market("2024-03", "北京", "Alipay", 150),
        market("2024-03", "北京", "WeChat Pay", 300),
        campaign("C1", "2024-03-05", "2024-03-20"),
        campaign("C2", "2024-01-01", "2024-01-31"),
        campaign("C3", "2024-03-25", "2024-04-15"),
        campaign_branch("C1", "HZ-01"),
        campaign_branch("C2", "BJ-01"),
        campaign_branch("C3", "BJ-01"),
    ]


@pytest.fixture
def data(db: Database) -> Database:
    insert(db, *march_2024_rows())
    return db


def _close(actual: float | None, expected: float) -> bool:
    return actual is not None and math.isclose(actual, expected, rel_tol=1e-9)


def _row(frame: pd.DataFrame, label: str) -> pd.Series:
    """The one row of ``frame`` at index ``label``."""
    row = frame.loc[label]
    assert isinstance(row, pd.Series), f"{label} is not a unique index label"
    return row


def test_time_buckets_cover_the_period_with_clipped_edges():
    weeks = TimeBuckets(MARCH, "week")
    assert weeks.levels() == WEEK_STARTS
    assert [weeks.days_in(start) for start in WEEK_STARTS] == [3, 7, 7, 7, 7]
    months = TimeBuckets(Period(date(2024, 1, 15), date(2024, 3, 3)), "month")
    assert months.levels() == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]
    assert [months.days_in(m) for m in months.levels()] == [17, 29, 3]
    assert len(TimeBuckets(MARCH, "day").levels()) == 31


def test_partial_end_buckets_are_detected():
    assert TimeBuckets(MARCH, "week").has_partial_buckets()  # 03-01 is a Friday
    assert not TimeBuckets(MARCH, "month").has_partial_buckets()
    assert not TimeBuckets(MARCH, "day").has_partial_buckets()
    mondays = Period(date(2024, 3, 4), date(2024, 3, 31))  # four whole weeks
    assert not TimeBuckets(mondays, "week").has_partial_buckets()


def test_trailing_months_widen_short_periods_only():
    assert series.trailing_months(MARCH, 12) == Period(date(2023, 4, 1), date(2024, 3, 31))
    long = Period(date(2020, 1, 15), date(2024, 3, 31))
    assert series.trailing_months(long, 12) == long


def test_unknown_grain_or_dimension_is_rejected():
    with pytest.raises(ValueError, match="grain"):
        TimeBuckets(MARCH, "year")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="dimension"):
        Dimension("colour")  # type: ignore[arg-type]


def test_registrations_by_week_are_zero_filled(data):
    frame = breakdowns.registrations(data, MARCH, Filters(), WEEKS)
    assert frame["bucket"].tolist() == WEEK_STARTS
    assert frame["new_users"].tolist() == [1, 2, 0, 0, 1]


def test_registrations_by_day_and_month(data):
    days = breakdowns.registrations(data, MARCH, Filters(), (TimeBuckets(MARCH, "day"),))
    assert days.set_index("bucket")["new_users"][date(2024, 3, 4)] == 1
    assert days["new_users"].sum() == 4
    quarter = Period(date(2024, 2, 1), date(2024, 3, 31))
    months = breakdowns.registrations(data, quarter, Filters(), (TimeBuckets(quarter, "month"),))
    assert months["new_users"].tolist() == [1, 4]


def test_registrations_by_segment_and_by_week_and_channel(data):
    by_segment = breakdowns.registrations(data, MARCH, Filters(), (Dimension("segment"),))
    assert dict(zip(by_segment["segment"], by_segment["new_users"], strict=True)) == {
        "senior": 1,
        "young": 3,
    }
    both = breakdowns.registrations(data, MARCH, Filters(), (*WEEKS, Dimension("channel")))
    # Every week appears for every channel found, with zeros.
    assert len(both) == 5 * 4
    week_of_0304 = both[both["bucket"] == date(2024, 3, 4)].set_index("channel")["new_users"]
    assert week_of_0304.to_dict() == {"branch": 1, "online": 0, "outreach": 1, "referral": 0}


def test_filters_restrict_registrations(data):
    young = breakdowns.registrations(data, MARCH, Filters(segments=("young",)))
    assert young["new_users"].tolist() == [3]
    beijing = breakdowns.registrations(data, MARCH, Filters(regions=("北京",)))
    assert beijing["new_users"].tolist() == [1]


def test_cumulative_users_start_from_earlier_registrations(data):
    frame = series.cumulative_users(data, MARCH, Filters(), "week")
    assert frame["total_users"].tolist() == [2, 4, 4, 4, 5]


def test_activity_by_week(data):
    frame = breakdowns.activity(data, MARCH, Filters(), WEEKS).set_index("bucket")
    assert frame["active_users"].tolist() == [2, 1, 1, 0, 0]
    assert frame["transactions"].tolist() == [7, 1, 3, 0, 0]
    assert frame["amount"].tolist() == [55.5, 2.0, 20.0, 0.0, 0.0]
    assert frame["days"].tolist() == [3, 7, 7, 7, 7]
    assert _close(frame["avg_daily_active_users"][WEEK_STARTS[0]], 3 / 3)
    assert _close(frame["avg_daily_active_users"][WEEK_STARTS[1]], 1 / 7)
    assert _close(frame["tx_per_active_user"][WEEK_STARTS[0]], 7 / 2)
    assert math.isnan(frame["tx_per_active_user"][WEEK_STARTS[3]])


def test_monthly_activity_gives_stickiness(data):
    frame = breakdowns.activity(data, MARCH, Filters(), (TimeBuckets(MARCH, "month"),))
    row = frame.iloc[0]
    assert row["active_users"] == 3 and row["transactions"] == 11 and row["amount"] == 77.5
    assert _close(row["avg_daily_active_users"], 5 / 31)
    assert _close(row["stickiness"], (5 / 31) / 3)


def test_activation_by_registration_week(data):
    frame = breakdowns.activation(data, MARCH, Filters(), WEEKS)
    assert frame["new_users"].tolist() == [1, 2, 0, 0, 1]
    assert frame["activated"].tolist() == [1, 1, 0, 0, 0]
    rates = frame["activation_rate_30d"].tolist()
    assert rates[:2] == [1.0, 0.5] and math.isnan(rates[2]) and rates[4] == 0.0


def test_satisfaction_overall_and_by_segment(data):
    total = breakdowns.satisfaction(data, MARCH, Filters()).iloc[0]
    assert (total["responses"], total["csat_responses"], total["nps_responses"]) == (4, 3, 4)
    assert (total["promoters"], total["passives"], total["detractors"]) == (2, 1, 1)
    assert _close(total["csat_avg"], 4.0)
    assert _close(total["csat_satisfied_share"], 2 / 3)
    assert _close(total["nps"], 25.0)
    by = breakdowns.satisfaction(data, MARCH, Filters(), (Dimension("segment"),))
    by = by.set_index("segment")
    assert _close(by["csat_avg"]["young"], 4.5) and _close(by["nps"]["young"], 50.0)
    assert _close(by["nps"]["senior"], -100.0)
    assert _close(by["nps"]["merchant"], 100.0) and math.isnan(by["csat_avg"]["merchant"])


def test_score_distributions_list_every_score(data):
    csat = breakdowns.score_distribution(data, MARCH, Filters(), "csat")
    assert csat["score"].tolist() == [1, 2, 3, 4, 5]
    assert csat["responses"].tolist() == [0, 0, 1, 1, 1]
    nps = breakdowns.score_distribution(data, MARCH, Filters(), "nps")
    assert nps["score"].tolist() == list(range(11))
    assert nps["responses"].tolist() == [0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1]


def test_complaint_rates_and_resolution(data):
    rates = breakdowns.complaint_rates(data, MARCH, Filters()).iloc[0]
    assert (rates["complaints"], rates["resolved_within_7d"], rates["active_users"]) == (3, 1, 3)
    assert _close(rates["complaints_resolved_within_7d_share"], 1 / 3)
    assert _close(rates["complaints_per_10k_active"], 3 * 10000 / 3)
    weekly = breakdowns.complaint_rates(data, MARCH, Filters(), WEEKS)
    assert weekly["complaints"].tolist() == [1, 1, 0, 0, 1]
    assert weekly["active_users"].tolist() == [2, 1, 1, 0, 0]
    assert _close(weekly["complaints_per_10k_active"].iloc[0], 10000 / 2)
    assert math.isnan(weekly["complaints_per_10k_active"].iloc[4])  # no active users
    days = breakdowns.resolution_days(data, MARCH, Filters())
    assert list(zip(days["days"], days["complaints"], strict=True)) == [(2, 1), (13, 1)]


def test_complaint_categories_ranked(data):
    frame = breakdowns.complaint_categories(data, MARCH, Filters())
    assert frame["category"].tolist() == ["failed_payment", "security"]
    assert frame["complaints"].tolist() == [2, 1]
    assert _close(frame["share"].iloc[0], 2 / 3)


def test_backlog_ages_and_open_complaints(data):
    end = breakdowns.backlog_ages(data, date(2024, 3, 31), Filters())
    assert end["age_band"].tolist() == ["0_7", "8_30", "31_90", "91_plus"]
    assert end["complaints"].tolist() == [1, 0, 1, 0]  # c3 is 6 days old, c5 39
    mid = breakdowns.backlog_ages(data, date(2024, 3, 15), Filters())
    assert mid["complaints"].tolist() == [0, 2, 0, 0]  # c2 8 days old, c5 23
    table = breakdowns.open_complaints(data, date(2024, 3, 31), Filters())
    assert table["complaint_id"].tolist() == ["c5", "c3"]
    assert table["age_days"].tolist() == [39, 6]
    assert table["branch_name"].tolist() == ["北京朝阳支行", "杭州滨江支行"]


def test_recent_comments_search_is_literal_and_case_insensitive(data):
    everything = breakdowns.recent_comments(data, MARCH, Filters())
    assert everything["comment"].tolist() == ["Too hard 100%_ok", "Great app"]
    assert breakdowns.recent_comments(data, MARCH, Filters(), "GREAT")["comment"].tolist() == [
        "Great app"
    ]
    for literal in ("%", "_"):
        found = breakdowns.recent_comments(data, MARCH, Filters(), literal)
        assert found["comment"].tolist() == ["Too hard 100%_ok"]
    assert breakdowns.recent_comments(data, MARCH, Filters(), "x%y").empty


def test_market_shares_by_region_and_provider(data):
    by_region = breakdowns.market_transactions(data, MARCH, Filters(), ["region"])
    shares = dict(zip(by_region["region"], by_region["own_share"], strict=True))
    assert _close(shares["浙江"], 0.25) and _close(shares["北京"], 0.1)
    providers = breakdowns.market_transactions(data, MARCH, Filters(), ["month", "provider"])
    got = dict(zip(providers["provider"], providers["share"], strict=True))
    assert _close(got["Our wallet"], 150 / 900) and _close(got["WeChat Pay"], 300 / 900)
    assert providers.set_index("provider")["is_own"].to_dict() == {
        "Alipay": False,
        "Our wallet": True,
        "WeChat Pay": False,
    }
    # A branch filter selects its region's market; months overlapping the period count.
    span = Period(date(2024, 2, 15), date(2024, 3, 10))
    monthly = breakdowns.market_transactions(data, span, Filters(branches=("HZ-02",)), ["month"])
    assert monthly["month"].tolist() == [date(2024, 2, 1), date(2024, 3, 1)]
    assert [round(s, 9) for s in monthly["own_share"]] == [0.1, 0.25]


def test_branch_league(data):
    league = breakdowns.branch_league(data, MARCH, Filters()).set_index("branch_id")
    hz, bj = _row(league, "HZ-01"), _row(league, "BJ-01")
    assert hz[["new_users", "total_users", "active_users"]].tolist() == [2, 2, 1]
    assert hz["transactions"] == 6 and hz["complaints"] == 2
    assert _close(hz["avg_daily_active_users"], 3 / 31)
    assert _close(hz["activation_rate_30d"], 0.5)
    assert _close(hz["nps"], 0.0) and _close(hz["csat_avg"], 4)
    assert _close(hz["own_share"], 0.25)
    assert bj[["new_users", "total_users", "complaints"]].tolist() == [1, 2, 0]
    assert _close(bj["activation_rate_30d"], 0.0)
    assert math.isnan(bj["csat_avg"])
    assert _close(bj["own_share"], 0.1)
    only_zhejiang = breakdowns.branch_league(data, MARCH, Filters(regions=("浙江",)))
    assert only_zhejiang["branch_id"].tolist() == ["HZ-01", "HZ-02"]


def test_sample_sizes(data):
    assert breakdowns.sample_sizes(data, MARCH, Filters()) == {
        "activation_rate_30d": 4,
        "csat_avg": 3,
        "csat_satisfied_share": 3,
        "nps": 4,
        "complaints_resolved_within_7d_share": 3,
    }


def test_tile_trends_are_daily_for_a_month(data):
    trends = series.tile_trends(data, MARCH, Filters())
    new_users = [n for n in trends["new_users"] if n is not None]
    assert new_users == trends["new_users"]  # a count is never undefined
    assert len(new_users) == 31 and sum(new_users) == 4
    assert trends["total_users"][0] == 2 and trends["total_users"][-1] == 5
    assert trends["transactions"][:3] == [2.0, 5.0, 0.0]
    assert trends["nps"][4] == 100.0 and trends["nps"][0] is None
    assert trends["own_share"] == [pytest.approx(150 / 900)]


def test_tile_trends_leave_out_partial_weeks(data):
    # 1 March to 31 May 2024 is 92 days: weekly trends. Its first week (Monday 26 February)
    # has 3 days in the period and its last (Monday 27 May) 5: both are left out, leaving
    # the twelve complete weeks from Monday 4 March to Monday 20 May.
    trends = series.tile_trends(data, Period(date(2024, 3, 1), date(2024, 5, 31)), Filters())
    # u2 and u3 registered in the week of 4 March, u5 on Sunday 31 March (week of 25 March);
    # u1 (1 March) fell in the partial first week.
    assert trends["new_users"] == [2.0, 0.0, 0.0, 1.0] + [0.0] * 8
    # Total users at the end of each complete week: u4 before March, u1 in the partial week.
    assert trends["total_users"] == [4.0, 4.0, 4.0, 5.0] + [5.0] * 8
    assert trends["own_share"] == [pytest.approx(150 / 900)]  # market data: whole months
    # The data end on 10 April: registrations after 12 March have not had their 30 days. Of
    # the week of 4 March, u3 was active on registering, u2 only on day 37: one of two.
    assert trends["activation_rate_30d"] == [pytest.approx(0.5)]


def test_filter_choices_and_data_dates(data):
    choices = dimensions.filter_choices(data)
    assert choices.regions == ("北京", "浙江")
    assert [b.branch_id for b in choices.branches_in(["浙江"])] == ["HZ-01", "HZ-02"]
    assert choices.segments == ("merchant", "senior", "young")
    assert choices.channels == ("branch", "online", "outreach", "referral")
    assert dimensions.data_dates(data) == dimensions.DataDates(date(2024, 2, 20), date(2024, 4, 10))


def test_choices_follow_the_viewer_scope(data):
    scoped = data.with_scope(Scope(branches=frozenset({"HZ-01"}), regions=frozenset({"浙江"})))
    choices = dimensions.filter_choices(scoped)
    assert [b.branch_id for b in choices.branches] == ["HZ-01"]
    assert choices.segments == ("senior", "young")
    assert dimensions.data_dates(scoped) == dimensions.DataDates(
        date(2024, 3, 1), date(2024, 4, 10)
    )


def test_empty_database_has_no_dates_and_zero_series(db):
    assert dimensions.data_dates(db) is None
    frame = breakdowns.activity(db, MARCH, Filters(), WEEKS)
    assert frame["active_users"].tolist() == [0] * 5


def test_campaign_periods_follow_branch_and_region_filters(data):
    everywhere = dimensions.campaign_periods(data, MARCH, Filters())
    assert everywhere["campaign_id"].tolist() == ["C1", "C3"]
    zhejiang = dimensions.campaign_periods(data, MARCH, Filters(regions=("浙江",)))
    assert zhejiang["campaign_id"].tolist() == ["C1"]
    assert zhejiang["start"].tolist() == [date(2024, 3, 5)]


@pytest.mark.parametrize(
    "filters", [Filters(), Filters(regions=("浙江",)), Filters(segments=("young", "senior"))]
)
def test_branch_league_adds_up_to_the_summary(data, filters):
    """Every user belongs to one branch, so per-branch counts sum to the summary's."""
    league = breakdowns.branch_league(data, MARCH, filters)
    totals = summary(data, MARCH, filters)
    for key in ("new_users", "total_users", "active_users", "transactions", "complaints"):
        assert league[key].sum() == totals[key], key
    average = totals["avg_daily_active_users"]
    assert average is not None
    assert _close(league["avg_daily_active_users"].sum(), average)

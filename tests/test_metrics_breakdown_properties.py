"""Property tests: breakdowns (read from the rollups) equal plain-Python readings of the
dictionary over the base rows, per time bucket and user attribute.

The random data sets, filters and scopes are those of ``tests/test_metrics_properties``; the
reference below groups the rows by hand, without ``metrics`` code.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from data_access import Filters
from data_access.schema import wallet_activity
from metrics import breakdowns
from metrics.breakdowns import Dimension, Key
from metrics.period import Period
from metrics.series import TimeBuckets
from tests.metrics_fixtures import activity, branch, clear, insert, user
from tests.test_metrics_properties import (
    REGION_OF,
    SETTINGS,
    World,
    days_around,
    draw_period,
    scopes,
    user_filters,
    worlds,
)

dimensions = st.sampled_from([None, "segment", "channel", "branch_id", "region"])
grains = st.sampled_from([None, "day", "week", "month"])


def bucket_of(day: date, grain: str | None) -> date | None:
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return None


def attribute(user: dict, dimension: str | None) -> str | None:
    if dimension is None:
        return None
    return REGION_OF[user["branch_id"]] if dimension == "region" else user[dimension]


def reference(world: World, period: Period, f, grain, dimension) -> dict:
    """Per (bucket, attribute): new users, activated, distinct active users, user-days,
    transactions; only groups with something in them."""
    users = {u["user_id"]: u for u in world.users_in(f)}
    groups: dict = defaultdict(lambda: [0, 0, set(), 0, 0])
    for u in users.values():
        if period.start <= u["registered_on"] <= period.end:
            cell = groups[(bucket_of(u["registered_on"], grain), attribute(u, dimension))]
            cell[0] += 1
            cell[1] += any(
                a["user_id"] == u["user_id"]
                and 0 <= (a["activity_date"] - u["registered_on"]).days <= 29
                for a in world[wallet_activity]
            )
    for a in world[wallet_activity]:
        active_user = users.get(a["user_id"])
        if active_user is None or not period.start <= a["activity_date"] <= period.end:
            continue
        cell = groups[(bucket_of(a["activity_date"], grain), attribute(active_user, dimension))]
        cell[2].add(a["user_id"])
        cell[3] += 1
        cell[4] += a["transactions"]
    return {key: (n, act, len(who), days, tx) for key, (n, act, who, days, tx) in groups.items()}


def computed(db, period: Period, f, grain, dimension) -> dict:
    keys: list[Key] = []
    if grain is not None:
        keys.append(TimeBuckets(period, grain))
    if dimension is not None:
        keys.append(Dimension(dimension))
    names = [key.name for key in keys]
    registered = breakdowns.activation(db, period, f, keys)
    active = breakdowns.activity(db, period, f, keys)
    frame = registered.merge(active, on=names, how="outer") if names else registered.join(active)
    frame = frame.fillna(0)
    days = frame["days"].where(frame["days"] > 0, 1)
    result = {}
    for i, row in frame.iterrows():
        key = (
            row["bucket"] if grain is not None else None,
            row[dimension] if dimension is not None else None,
        )
        values = (
            int(row["new_users"]),
            int(row["activated"]),
            int(row["active_users"]),
            round(row["avg_daily_active_users"] * days.at[i]),
            int(row["transactions"]),
        )
        if any(values):
            result[key] = values
    return result


@SETTINGS
@given(
    rows=worlds(),
    scope=scopes,
    f=user_filters,
    grain=grains,
    dimension=dimensions,
    data=st.data(),
)
def test_breakdowns_match_the_reference(db, rows, scope, f, grain, dimension, data):
    period = draw_period(data, rows)
    clear(db)
    insert(db, *rows)
    viewer = db.with_scope(scope)
    expected = reference(World(rows, scope), period, f, grain, dimension)
    assert computed(viewer, period, f, grain, dimension) == expected


@SETTINGS
@given(rows=worlds(), scope=scopes, f=user_filters, dimension=dimensions, data=st.data())
def test_users_registered_by_match_the_reference(db, rows, scope, f, dimension, data):
    end = data.draw(days_around(rows))
    clear(db)
    insert(db, *rows)
    keys = [Dimension(dimension)] if dimension else []
    frame = breakdowns.users_registered_by(db.with_scope(scope), end, f, keys)
    expected: dict = defaultdict(int)
    for u in World(rows, scope).users_in(f):
        if u["registered_on"] <= end:
            expected[attribute(u, dimension)] += 1
    found = {
        (row[dimension] if dimension else None): row["total_users"] for _, row in frame.iterrows()
    }
    assert {key: n for key, n in found.items() if n} == dict(expected)


@pytest.mark.parametrize("grain", ["week", "month"])
def test_whole_and_clipped_buckets_count_distinct_users(db, grain):
    """By hand: one user active on 28 Feb, 29 Feb and 1 Mar 2024, another on 1 Mar only."""
    insert(
        db,
        branch("HZ-01", "浙江"),
        user("a", "HZ-01", "2024-02-01"),
        user("b", "HZ-01", "2024-02-01"),
        activity("a", "2024-02-28", 1),
        activity("a", "2024-02-29", 1),
        activity("a", "2024-03-01", 1),
        activity("b", "2024-03-01", 1),
    )
    period = Period(date(2024, 2, 1), date(2024, 3, 1))
    frame = breakdowns.activity(db, period, Filters(), [TimeBuckets(period, grain)])
    counts = dict(zip(frame["bucket"], frame["active_users"], strict=True))
    if grain == "month":  # February whole (a), March clipped to its first day (a, b)
        assert counts == {date(2024, 2, 1): 1, date(2024, 3, 1): 2}
    else:  # the week of Monday 26 Feb holds all three days: a and b once each
        assert counts[date(2024, 2, 26)] == 2
        assert sum(counts.values()) == 2

"""Campaign impact on a hand-built data set; expected values worked out by hand.

Campaign "C 1" runs 2024-03-11..03-20 (L = 10 days); pre window 03-01..03-10.
Treated: 杭州-3 and BR 04 (n = 2); control: HZ-01 and D4 (n = 2). A rate is
new users / (n x 10) = new users / 20.
"""

from __future__ import annotations

from datetime import date

import pytest

from data_access import Filters, Scope
from metrics.campaign import UnknownCampaignError, campaign_impact
from tests.metrics_fixtures import branch, campaign, campaign_branch, insert, user

WORLD = (
    branch("杭州-3", "浙江"),
    branch("BR 04", "江苏"),
    branch("HZ-01", "浙江"),
    branch("D4", "江苏"),
    campaign("C 1", "2024-03-11", "2024-03-20"),
    campaign_branch("C 1", "杭州-3"),
    campaign_branch("C 1", "BR 04"),
    campaign("ALL", "2024-03-11", "2024-03-20"),
    *(campaign_branch("ALL", b) for b in ("杭州-3", "BR 04", "HZ-01", "D4")),
    # treated, pre
    user("t1", "杭州-3", "2024-03-01", "young"),
    user("t2", "杭州-3", "2024-03-10", "老年"),
    user("t3", "BR 04", "2024-03-05", "young"),
    # treated, during
    user("t4", "杭州-3", "2024-03-11", "young", campaign_id="C 1"),
    user("t5", "杭州-3", "2024-03-15", "young", campaign_id="C 1"),
    user("t6", "BR 04", "2024-03-20", "老年", campaign_id="C 1"),
    user("t7", "BR 04", "2024-03-12", "young"),
    user("t8", "杭州-3", "2024-03-18", "young"),
    # treated, outside both windows
    user("t9", "杭州-3", "2024-02-29", "young"),
    user("t10", "杭州-3", "2024-03-21", "young", campaign_id="C 1"),
    # control
    user("c1", "HZ-01", "2024-03-02", "young"),
    user("c2", "HZ-01", "2024-03-12", "young"),
    user("c3", "D4", "2024-03-19", "young"),
    user("c4", "D4", "2024-03-22", "young"),
)

KEYS = [
    "campaign_id",
    "start",
    "end",
    "days",
    "treated_branches",
    "control_branches",
    "treated_pre",
    "treated_during",
    "control_pre",
    "control_during",
    "lift",
    "did",
    "did_lift",
    "incremental_users",
    "attributed_users",
]


@pytest.fixture
def world(db):
    insert(db, *WORLD)
    return db


def impact(**values) -> dict:
    return {"campaign_id": "C 1", "start": "2024-03-11", "end": "2024-03-20", "days": 10} | values


def test_no_filters(world):
    expected = impact(
        treated_branches=2,
        control_branches=2,
        treated_pre=0.15,  # t1 t2 t3
        treated_during=0.25,  # t4..t8
        control_pre=0.05,  # c1
        control_during=0.1,  # c2 c3
        lift=2 / 3,  # 0.25 / 0.15 - 1
        did=0.05,  # (0.25 - 0.15) - (0.1 - 0.05)
        did_lift=1 / 3,  # 0.05 / 0.15
        incremental_users=1.0,  # 0.05 x 2 x 10
        attributed_users=4,  # t4 t5 t6 t10
    )
    result = campaign_impact(world, "C 1", Filters()).to_dict()
    assert list(result) == KEYS
    assert result == pytest.approx(expected)


def test_segment_filter(world):
    expected = impact(
        treated_branches=2,
        control_branches=2,
        treated_pre=0.1,  # t1 t3
        treated_during=0.2,  # t4 t5 t7 t8
        control_pre=0.05,
        control_during=0.1,
        lift=1.0,
        did=0.05,  # 0.1 - 0.05
        did_lift=0.5,
        incremental_users=1.0,
        attributed_users=3,  # t4 t5 t10
    )
    assert campaign_impact(world, "C 1", Filters(segments=("young",))).to_dict() == pytest.approx(
        expected
    )


def test_several_segments_and_a_channel(world):
    everyone = campaign_impact(world, "C 1", Filters(segments=("young", "老年")))
    assert everyone == campaign_impact(world, "C 1", Filters())
    online = campaign_impact(world, "C 1", Filters(channels=("online",)))  # the default channel
    assert online == everyone


def test_filter_matching_nothing_gives_zero_rates_and_null_ratios(world):
    expected = impact(
        treated_branches=2,
        control_branches=2,
        treated_pre=0.0,
        treated_during=0.0,
        control_pre=0.0,
        control_during=0.0,
        lift=None,
        did=0.0,
        did_lift=None,
        incremental_users=0.0,
        attributed_users=0,
    )
    assert campaign_impact(world, "C 1", Filters(segments=("nobody",))).to_dict() == expected


def test_no_control_branches(world):
    result = campaign_impact(world, "ALL", Filters())
    # Treated: all 4 branches, pre t1 t2 t3 c1 = 4 / 40, during t4..t8 c2 c3 = 7 / 40.
    assert (result.treated_branches, result.control_branches) == (4, 0)
    assert (result.treated_pre, result.treated_during) == pytest.approx((0.1, 0.175))
    assert result.lift == pytest.approx(0.75)
    assert (result.control_pre, result.control_during) == (None, None)
    assert (result.did, result.did_lift, result.incremental_users) == (None, None, None)
    assert result.attributed_users == 0


def test_scope_counts_only_visible_branches(world):
    scoped = world.with_scope(Scope(branches=frozenset({"杭州-3", "HZ-01"})))
    expected = impact(
        treated_branches=1,
        control_branches=1,
        treated_pre=0.2,  # t1 t2 over 1 x 10
        treated_during=0.3,  # t4 t5 t8
        control_pre=0.1,  # c1
        control_during=0.1,  # c2
        lift=0.5,
        did=0.1,
        did_lift=0.5,
        incremental_users=1.0,  # 0.1 x 1 x 10
        attributed_users=3,  # t4 t5 t10
    )
    assert campaign_impact(scoped, "C 1", Filters()).to_dict() == pytest.approx(expected)


def test_single_day_campaign(world):
    insert(world, campaign("ONE", "2024-03-11", "2024-03-11"), campaign_branch("ONE", "杭州-3"))
    result = campaign_impact(world, "ONE", Filters())
    # L = 1: pre is 03-10 (t2 at 杭州-3), during 03-11 (t4); control 3 branches, none.
    assert (result.days, result.start, result.end) == (1, date(2024, 3, 11), date(2024, 3, 11))
    assert (result.treated_pre, result.treated_during, result.control_during) == (1.0, 1.0, 0.0)
    assert (result.lift, result.did, result.incremental_users) == (0.0, 0.0, 0.0)


def test_unknown_campaign(world):
    with pytest.raises(UnknownCampaignError, match="C 9"):
        campaign_impact(world, "C 9", Filters())


def test_branch_or_region_filters_are_refused(world):
    for filters in (Filters(branches=("杭州-3",)), Filters(regions=("浙江",))):
        with pytest.raises(ValueError, match="segment and channel"):
            campaign_impact(world, "C 1", filters)

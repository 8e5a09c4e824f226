"""Campaign series, splits and verdicts: values worked out by hand from the rows below."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from data_access import Database, Filters, Scope
from data_access.schema import campaign_branches, campaigns
from metrics.campaign import campaign_impact
from metrics.campaign_series import (
    Verdict,
    campaign_list,
    daily_registrations,
    impact_by,
    round_about,
    treated_branch_ids,
    verdict,
)
from tests.promotion_data import add, add_users, organisation, user

NO_FILTERS = Filters()


def users(prefix: str, count: int, day: date, branch_id: str, **labels) -> list[dict]:
    return [user(f"{prefix}{i}", day, branch_id=branch_id, **labels) for i in range(count)]


@pytest.fixture
def spring(db: Database) -> Database:
    """C1 runs 11-20 March 2026 in B1 (pre window 1-10 March); B2 and B3 are the control.

    Per branch-day: treated 10/10 = 1.0 before, 30/10 = 3.0 during;
    control 20/20 = 1.0 before, 24/20 = 1.2 during. DiD = 2.0 - 0.2 = 1.8, x 1 x 10 = 18.
    """
    organisation(db)
    add(
        db,
        campaigns,
        {
            "campaign_id": "C1",
            "campaign_name": "开立有礼",
            "start_date": date(2026, 3, 11),
            "end_date": date(2026, 3, 20),
            "description": None,
        },
        {
            "campaign_id": "C2",
            "campaign_name": "Spring vouchers",
            "start_date": date(2026, 3, 15),
            "end_date": date(2026, 4, 10),
            "description": "government vouchers",
        },
    )
    add(
        db,
        campaign_branches,
        {"campaign_id": "C1", "branch_id": "B1"},
        {"campaign_id": "C2", "branch_id": "B3"},
    )
    add_users(
        db,
        *users("early", 3, date(2026, 2, 28), "B1"),
        *users("a", 4, date(2026, 3, 1), "B1"),
        *users("b", 6, date(2026, 3, 5), "B1"),
        *users("c", 20, date(2026, 3, 11), "B1", channel="outreach", campaign_id="C1"),
        *users("d", 10, date(2026, 3, 20), "B1", segment="senior"),
        *users("late", 3, date(2026, 3, 21), "B1"),
        *users("e", 10, date(2026, 3, 2), "B2"),
        *users("f", 10, date(2026, 3, 10), "B3"),
        *users("g", 24, date(2026, 3, 15), "B2"),
    )
    return db


def test_daily_registrations_per_branch_day(spring: Database):
    points = daily_registrations(spring, "C1", NO_FILTERS)
    assert len(points) == 20 * 2
    assert points[0].day == date(2026, 3, 1) and points[-1].day == date(2026, 3, 20)
    nonzero = {
        (p.day.day, p.window, p.group): (p.registrations, p.per_branch)
        for p in points
        if p.registrations
    }
    assert nonzero == {
        (1, "pre", "treated"): (4, 4.0),
        (5, "pre", "treated"): (6, 6.0),
        (2, "pre", "control"): (10, 5.0),
        (10, "pre", "control"): (10, 5.0),
        (11, "during", "treated"): (20, 20.0),
        (15, "during", "control"): (24, 12.0),
        (20, "during", "treated"): (10, 10.0),
    }
    assert {p.per_branch for p in points if not p.registrations} == {0.0}


def test_series_means_are_the_impact_rates(spring: Database):
    impact = campaign_impact(spring, "C1", NO_FILTERS)
    points = daily_registrations(spring, "C1", NO_FILTERS)

    def mean(window: str, group: str) -> float:
        shown = [p for p in points if p.window == window and p.group == group]
        values = [p.per_branch for p in shown if p.per_branch is not None]
        assert len(values) == len(shown)  # every group has branches to divide by
        return sum(values) / len(values)

    assert (mean("pre", "treated"), mean("during", "treated")) == (1.0, 3.0)
    assert (mean("pre", "control"), mean("during", "control")) == (1.0, 1.2)
    assert mean("pre", "treated") == pytest.approx(impact.treated_pre)
    assert mean("during", "control") == pytest.approx(impact.control_during)


def test_series_follow_segment_filters_and_refuse_branch_filters(spring: Database):
    seniors = daily_registrations(spring, "C1", Filters(segments=("senior",)))
    assert [(p.day, p.group, p.registrations) for p in seniors if p.registrations] == [
        (date(2026, 3, 20), "treated", 10)
    ]
    with pytest.raises(ValueError):
        daily_registrations(spring, "C1", Filters(branches=("B1",)))


def test_impact_split_by_segment_and_channel(spring: Database):
    def table(dimension):
        return [
            (s.value, s.impact.treated_pre, s.impact.treated_during, s.impact.incremental_users)
            for s in impact_by(spring, "C1", NO_FILTERS, dimension)
        ]

    # young: (2.0 - 1.0) - (1.2 - 1.0) = 0.8 -> 8; senior: (1.0 - 0) - (0 - 0) = 1.0 -> 10
    assert table("segment") == [
        ("senior", 0.0, 1.0, pytest.approx(10)),
        ("young", 1.0, 2.0, pytest.approx(8)),
    ]
    # branch: (1.0 - 1.0) - (1.2 - 1.0) = -0.2 -> -2; outreach: (2.0 - 0) - 0 = 2.0 -> 20
    assert table("channel") == [
        ("branch", 1.0, 1.0, pytest.approx(-2)),
        ("outreach", 0.0, 2.0, pytest.approx(20)),
    ]
    only_outreach = impact_by(spring, "C1", Filters(channels=("outreach",)), "segment")
    assert [(s.value, s.impact.attributed_users) for s in only_outreach] == [("young", 20)]


def test_verdict_for_a_campaign_with_a_small_control_group(spring: Database):
    impact = campaign_impact(spring, "C1", NO_FILTERS)
    assert verdict(spring, impact) == Verdict("more", 18, ("small_control",))


def test_verdict_warns_of_partial_pre_data_and_an_unfinished_campaign(spring: Database):
    # C2, 15 March - 10 April (27 days) in B3; pre window 16 Feb - 14 March, data from 28 Feb.
    # treated (B3): 10/27 before, 0 during.
    # control (B1, B2): before 3 + 4 + 6 + 20 + 10 = 43 of 54 branch-days, during 10 + 3 + 24 = 37.
    # DiD = (0 - 20/54) - (37/54 - 43/54) = -14/54; x 1 branch x 27 days = -7.
    impact = campaign_impact(spring, "C2", NO_FILTERS)
    assert verdict(spring, impact) == Verdict(
        "fewer", 7, ("small_control", "partial_pre_data", "not_over")
    )


def test_verdict_without_a_comparison(spring: Database):
    only_b1 = spring.with_scope(Scope(branches=frozenset({"B1"})))
    assert verdict(only_b1, campaign_impact(only_b1, "C1", NO_FILTERS)) == Verdict(
        "unknown", None, ("no_control",)
    )
    # B2's first registration (2 March) is after the pre window's first day
    only_b2 = spring.with_scope(Scope(branches=frozenset({"B2"})))
    assert verdict(only_b2, campaign_impact(only_b2, "C1", NO_FILTERS)) == Verdict(
        "unknown", None, ("no_treated", "small_control", "partial_pre_data")
    )


def test_verdict_same_and_no_pre_data(spring: Database):
    impact = replace(
        campaign_impact(spring, "C1", NO_FILTERS),
        treated_branches=5,
        control_branches=10,
        incremental_users=-0.4,
    )
    assert verdict(spring, impact) == Verdict("same", 0, ())
    assert verdict(spring, replace(impact, treated_pre=0.0)).caveats == ("no_pre_data",)
    assert verdict(spring, replace(impact, control_pre=0.0)).caveats == ("no_pre_data",)


def test_round_about():
    assert [round_about(v) for v in (0.4, 2.5, 17.2, 99.5, 849.6, 1234, 1250, 12345)] == [
        0,
        3,
        17,
        100,
        850,
        1200,
        1300,
        12000,
    ]


def test_campaign_list_latest_first(spring: Database):
    listed = campaign_list(spring)
    assert [(c.campaign_id, c.start, c.end) for c in listed] == [
        ("C2", date(2026, 3, 15), date(2026, 4, 10)),
        ("C1", date(2026, 3, 11), date(2026, 3, 20)),
    ]
    assert (listed[1].pre.start, listed[1].pre.end) == (date(2026, 3, 1), date(2026, 3, 10))


def test_treated_branches_in_scope(spring: Database):
    assert treated_branch_ids(spring, "C1") == ["B1"]
    only_b2 = spring.with_scope(Scope(branches=frozenset({"B2"})))
    assert treated_branch_ids(only_b2, "C1") == []

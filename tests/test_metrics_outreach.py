"""The outreach funnel: values worked out by hand from the visits and users below."""

from __future__ import annotations

from datetime import date

import pytest

from data_access import Database, Filters, Scope
from data_access.schema import outreach_visits
from metrics.outreach import Grouping, outreach_funnel, outreach_total, visit_calendar
from metrics.period import Period
from tests.promotion_data import active, add, add_activity, add_users, organisation, user

APRIL = Period(date(2026, 4, 1), date(2026, 4, 30))
NO_FILTERS = Filters()


def visit(visit_id: str, staff_id: str, day: date, location_type: str, contacts: int) -> dict:
    return {
        "visit_id": visit_id,
        "staff_id": staff_id,
        "visited_on": day,
        "location_type": location_type,
        "contacts": contacts,
    }


def recruit(user_id: str, day: date, staff_id: str, **labels) -> dict:
    labels.setdefault("channel", "outreach")
    return user(user_id, day, staff_id, **labels)


@pytest.fixture
def visits(db: Database) -> Database:
    organisation(db)
    add(
        db,
        outreach_visits,
        visit("V01", "S1", date(2026, 4, 2), "community", 20),
        visit("V02", "S1", date(2026, 4, 2), "merchant", 10),  # same day: V01 gets the users
        visit("V03", "S4", date(2026, 4, 3), "enterprise_payroll", 50),
        visit("V04", "S1", date(2026, 4, 10), "rural", 5),
        visit("V05", "S5", date(2026, 4, 3), "community", 30),  # branch B2
        visit("V06", "S1", date(2026, 3, 31), "community", 40),  # before April
        visit("V9", "S1", date(2025, 12, 31), "rural", 3),
        visit("V10", "S1", date(2025, 12, 31), "merchant", 4),  # "V10" sorts before "V9"
    )
    add_users(
        db,
        recruit("r1", date(2026, 4, 2), "S1"),
        recruit("r2", date(2026, 4, 2), "S1", segment="senior"),
        recruit("r3", date(2026, 4, 2), "S1", channel="branch"),  # not an outreach user
        recruit("r4", date(2026, 4, 3), "S1"),  # S1 made no visit that day
        recruit("r5", date(2026, 4, 3), "S4"),
        recruit("r6", date(2026, 4, 3), "S4"),
        recruit("r7", date(2026, 4, 3), "S5", branch_id="B2"),
        recruit("r8", date(2026, 3, 31), "S1"),  # before April
        recruit("r9", date(2026, 4, 3), "S4"),
        recruit("r20", date(2025, 12, 31), "S1"),
        recruit("r21", date(2025, 12, 31), "S1"),
    )
    add_activity(
        db,
        active("r1", date(2026, 4, 2)),  # day 0: activated
        active("r1", date(2026, 5, 3)),  # next month
        active("r2", date(2026, 5, 5)),  # day 33: not activated, but next month
        active("r3", date(2026, 4, 2)),
        active("r4", date(2026, 4, 3)),
        active("r5", date(2026, 5, 2)),  # day 29: activated, and next month
        active("r6", date(2026, 6, 1)),  # neither
        active("r7", date(2026, 4, 3)),  # activated only
        active("r9", date(2026, 4, 30)),  # day 27: activated; same month
        active("r20", date(2026, 1, 15)),  # next month across the year end
        active("r21", date(2026, 2, 1)),  # two months on
    )
    return db


def funnel(db: Database, by: Grouping, filters: Filters = NO_FILTERS, period: Period = APRIL):
    return [
        (
            row.key,
            row.label,
            row.visits,
            row.contacts,
            row.registrations,
            row.activated_30d,
            row.active_next_month,
        )
        for row in outreach_funnel(db, period, filters, by)
    ]


def test_funnel_by_location_type(visits: Database):
    assert funnel(visits, "location_type") == [
        ("community", "community", 2, 50, 3, 2, 2),  # V01: r1 r2; V05: r7
        ("enterprise_payroll", "enterprise_payroll", 1, 50, 3, 2, 1),  # r5 r6 r9
        ("merchant", "merchant", 1, 10, 0, 0, 0),
        ("rural", "rural", 1, 5, 0, 0, 0),
    ]
    rows = outreach_funnel(visits, APRIL, NO_FILTERS, "location_type")
    assert [row.registrations_per_visit for row in rows] == [1.5, 3.0, 0.0, 0.0]
    assert [row.registrations_per_contact for row in rows] == [3 / 50, 3 / 50, 0.0, 0.0]
    assert [row.activated_share for row in rows] == [2 / 3, 2 / 3, None, None]
    assert [row.active_next_month_share for row in rows] == [2 / 3, 1 / 3, None, None]


def test_funnel_by_team_and_by_staff(visits: Database):
    assert funnel(visits, "team") == [
        ("T1", "Lobby", 3, 35, 2, 1, 2),
        ("T2", "Outreach", 1, 50, 3, 2, 1),
        ("T3", "Lobby", 1, 30, 1, 1, 0),
    ]
    assert funnel(visits, "staff") == [
        ("S1", "Wang", 3, 35, 2, 1, 2),
        ("S4", "Chen", 1, 50, 3, 2, 1),
        ("S5", "Zhou", 1, 30, 1, 1, 0),
    ]


def test_total(visits: Database):
    total = outreach_total(visits, APRIL, NO_FILTERS)
    assert (total.visits, total.contacts, total.registrations) == (5, 115, 6)
    assert (total.activated_30d, total.active_next_month) == (4, 3)
    assert total.registrations_per_visit == 6 / 5


def test_scope_and_branch_filters_narrow_visits_and_users(visits: Database):
    only_b1 = visits.with_scope(Scope(branches=frozenset({"B1"})))
    assert funnel(only_b1, "location_type")[0] == ("community", "community", 1, 20, 2, 1, 2)
    assert funnel(visits, "location_type", Filters(branches=("B2",))) == [
        ("community", "community", 1, 30, 1, 1, 0)
    ]
    assert funnel(visits, "team", Filters(regions=("江苏",))) == []


def test_segment_and_channel_filters_narrow_registrations_only(visits: Database):
    seniors = funnel(visits, "location_type", Filters(segments=("senior",)))
    assert seniors[0] == ("community", "community", 2, 50, 1, 0, 1)  # r2 only
    assert [row[2:4] for row in seniors] == [(2, 50), (1, 50), (1, 10), (1, 5)]
    lobby = outreach_total(visits, APRIL, Filters(channels=("branch",)))
    assert (lobby.visits, lobby.registrations) == (5, 0)


def test_next_month_crosses_the_year_and_ties_go_to_the_first_visit_id(visits: Database):
    winter = Period(date(2025, 12, 1), date(2026, 1, 31))
    assert funnel(visits, "location_type", period=winter) == [
        ("merchant", "merchant", 1, 4, 2, 1, 1),  # V10: r20 (day 15, January); r21 (day 32)
        ("rural", "rural", 1, 3, 0, 0, 0),
    ]


def test_visit_calendar(visits: Database):
    days = visit_calendar(visits, APRIL, NO_FILTERS)
    assert len(days) == 30
    busy = {d.day.day: (d.visits, d.contacts, d.registrations) for d in days if d.visits}
    assert busy == {2: (2, 30, 2), 3: (2, 80, 4), 10: (1, 5, 0)}
    assert sum(d.registrations for d in days) == 6

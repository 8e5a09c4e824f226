"""The outreach funnel: visits, contacts, registrations, activation, the month after.

For a period [start, end]:

- visits: outreach visits dated in the period, by staff of teams whose branch
  the viewer may see and that is in the filters' branches and regions.
- contacts: the sum of those visits' ``contacts``.
- registrations: wallet users with channel ``outreach``, registered in the
  period by a visiting staff member on a day that person made a visit counted
  above, and in the user filters (segment, channel, branch, region). Each such
  user is attributed to one visit: that person's visit that day, or, when they
  made several, the one whose ``visit_id`` sorts first (character by
  character). The visit gives the location type, team and staff.
- activated within 30 days: of those registrations, the users with an activity
  row 0 to 29 days after ``registered_on`` (as the activation rate).
- still active the next month: of those registrations, the users with an
  activity row in the calendar month after the month they registered in. This
  does not require activation within 30 days, so it is not a subset of the
  step before. Registrations of the last 29 days (or of the latest month)
  have not yet had the time to reach these steps.

Segment and channel filters narrow the registrations only; visits and
contacts are not about users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from types import MappingProxyType
from typing import Literal

from sqlalchemy import ColumnElement, and_, func, select

from data_access import Database, Filters
from data_access.schema import (
    OUTREACH_CHANNEL,
    branches,
    outreach_visits,
    rollup_outreach_registrations,
    staff,
    teams,
)
from metrics.branch_scope import branch_in_scope
from metrics.period import Period
from metrics.values import Result, as_int, ratio

Grouping = Literal["location_type", "team", "staff"]


@dataclass(frozen=True)
class Visit:
    visit_id: str
    visited_on: date
    location_type: str
    contacts: int
    staff_id: str
    staff_name: str
    team_id: str
    team_name: str


@dataclass(frozen=True)
class Outcome:
    """What the registrations attributed to one visit (or a group of visits) came to."""

    registrations: int = 0
    activated_30d: int = 0
    active_next_month: int = 0

    @staticmethod
    def total(outcomes: Iterable[Outcome]) -> Outcome:
        """The sum of ``outcomes``, added field by field (a page adds tens of thousands)."""
        found = list(outcomes)
        return Outcome(
            sum(o.registrations for o in found),
            sum(o.activated_30d for o in found),
            sum(o.active_next_month for o in found),
        )


@dataclass(frozen=True)
class FunnelRow(Result):
    key: str
    """The location type, team id or staff id; ``all`` for the total."""
    label: str
    visits: int
    contacts: int
    registrations: int
    activated_30d: int
    active_next_month: int
    registrations_per_visit: float | None
    registrations_per_contact: float | None
    activated_share: float | None
    """activated_30d / registrations."""
    active_next_month_share: float | None
    """active_next_month / registrations."""


@dataclass(frozen=True)
class VisitDay(Result):
    day: date
    visits: int
    contacts: int
    registrations: int


_KEYS: dict[str, Callable[[Visit], tuple[str, str]]] = {
    "location_type": lambda v: (v.location_type, v.location_type),
    "team": lambda v: (v.team_id, v.team_name),
    "staff": lambda v: (v.staff_id, v.staff_name),
}


def outreach_funnel(
    db: Database, period: Period, filters: Filters, by: Grouping
) -> list[FunnelRow]:
    """One funnel row per location type, team or staff member with a visit, by key."""
    visits, outcomes = attributed_visits(db, period, filters)
    groups: dict[tuple[str, str], list[Visit]] = {}
    for visit in visits:
        groups.setdefault(_KEYS[by](visit), []).append(visit)
    return [
        _funnel(key, label, members, outcomes) for (key, label), members in sorted(groups.items())
    ]


def outreach_total(db: Database, period: Period, filters: Filters) -> FunnelRow:
    """The whole funnel over every visit counted."""
    visits, outcomes = attributed_visits(db, period, filters)
    return _funnel("all", "all", visits, outcomes)


def visit_calendar(db: Database, period: Period, filters: Filters) -> list[VisitDay]:
    """Visits, contacts and attributed registrations for every day of the period."""
    visits, outcomes = attributed_visits(db, period, filters)
    by_day: dict[date, list[Visit]] = {}
    for visit in visits:
        by_day.setdefault(visit.visited_on, []).append(visit)
    days = [period.start + timedelta(days=n) for n in range(period.days)]
    return [
        VisitDay(
            day,
            len(by_day.get(day, [])),
            sum(v.contacts for v in by_day.get(day, [])),
            sum(
                outcomes[v.visit_id].registrations
                for v in by_day.get(day, [])
                if v.visit_id in outcomes
            ),
        )
        for day in days
    ]


def attributed_visits(
    db: Database, period: Period, filters: Filters
) -> tuple[tuple[Visit, ...], Mapping[str, Outcome]]:
    """The period's visits and, by visit id, the outcome of the registrations attributed to it.

    The funnel, the total and the calendar of one page all start from these, so they are
    computed once per snapshot (``Database.within_snapshot``).
    """
    key = ("outreach.attributed_visits", db.scope, period, filters)
    return db.within_snapshot(key, lambda: _attributed_visits(db, period, filters))


def _attributed_visits(
    db: Database, period: Period, filters: Filters
) -> tuple[tuple[Visit, ...], Mapping[str, Outcome]]:
    visits = tuple(_visits(db, period, filters))
    chosen: dict[tuple[str, date], str] = {}
    for visit in sorted(visits, key=lambda v: v.visit_id):
        chosen.setdefault((visit.staff_id, visit.visited_on), visit.visit_id)
    outcomes = {  # _registrations has one row per (staff, day): one per chosen visit
        chosen[(staff_id, day)]: outcome
        for staff_id, day, outcome in _registrations(db, period, filters)
        if (staff_id, day) in chosen
    }
    return visits, MappingProxyType(outcomes)


def _funnel(
    key: str, label: str, visits: Iterable[Visit], outcomes: Mapping[str, Outcome]
) -> FunnelRow:
    visits = list(visits)
    contacts = sum(v.contacts for v in visits)
    outcome = Outcome.total(outcomes[v.visit_id] for v in visits if v.visit_id in outcomes)
    return FunnelRow(
        key=key,
        label=label,
        visits=len(visits),
        contacts=contacts,
        registrations=outcome.registrations,
        activated_30d=outcome.activated_30d,
        active_next_month=outcome.active_next_month,
        registrations_per_visit=ratio(outcome.registrations, len(visits)),
        registrations_per_contact=ratio(outcome.registrations, contacts),
        activated_share=ratio(outcome.activated_30d, outcome.registrations),
        active_next_month_share=ratio(outcome.active_next_month, outcome.registrations),
    )


def _visible_teams(db: Database, filters: Filters) -> ColumnElement[bool]:
    """Teams of branches in scope and in the filters' branches and regions."""
    conditions = [branch_in_scope(db, teams.c.branch_id)]
    if filters.branches:
        conditions.append(teams.c.branch_id.in_(filters.branches))
    if filters.regions:
        conditions.append(
            teams.c.branch_id.in_(
                select(branches.c.branch_id).where(branches.c.region.in_(filters.regions))
            )
        )
    return and_(*conditions)


def _visits(db: Database, period: Period, filters: Filters) -> list[Visit]:
    v = outreach_visits.c
    statement = (
        select(
            v.visit_id,
            v.visited_on,
            v.location_type,
            v.contacts,
            v.staff_id,
            staff.c.staff_name,
            teams.c.team_id,
            teams.c.team_name,
        )
        .select_from(
            outreach_visits.join(staff, v.staff_id == staff.c.staff_id).join(
                teams, staff.c.team_id == teams.c.team_id
            )
        )
        .where(v.visited_on.between(period.start, period.end), _visible_teams(db, filters))
    )
    return [Visit(*row) for row in db.rows(statement)]


def _registrations(
    db: Database, period: Period, filters: Filters
) -> list[tuple[str, date, Outcome]]:
    """Outreach registrations on visiting days, per (staff, day), with their outcomes (from
    the outreach registrations rollup, which holds only outreach users)."""
    if filters.channels and OUTREACH_CHANNEL not in filters.channels:
        return []
    r, v = rollup_outreach_registrations.c, outreach_visits.c
    # A join to the period's distinct visiting days reads the visits once, through their day
    # index, on both databases (a correlated EXISTS made SQLite walk each person's period).
    visit_days = (
        select(v.staff_id, v.visited_on)
        .where(v.visited_on.between(period.start, period.end))
        .distinct()
        .subquery()
    )
    rows = (
        rollup_outreach_registrations.join(
            visit_days,
            (visit_days.c.staff_id == r.staff_id) & (visit_days.c.visited_on == r.day),
        )
        .join(staff, r.staff_id == staff.c.staff_id)
        .join(teams, staff.c.team_id == teams.c.team_id)
    )
    statement = (
        select(
            r.staff_id,
            r.day,
            func.sum(r.new_users),
            func.sum(r.activated_30d),
            func.sum(r.active_next_month),
        )
        .select_from(rows)
        .where(
            r.day.between(period.start, period.end),
            _visible_teams(db, filters),
            db.user_condition(replace(filters, channels=()), users=rollup_outreach_registrations),
        )
        .group_by(r.staff_id, r.day)
    )
    return [
        (staff_id, day, Outcome(as_int(n), as_int(act), as_int(nxt)))
        for staff_id, day, n, act, nxt in db.rows(statement)
    ]

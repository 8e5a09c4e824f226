"""Cohort retention: of the users registered in month M, the share active in month M + k."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from data_access import Database, Filters
from data_access.schema import rollup_cohort_activity, rollup_registration_months, wallet_activity
from metrics.months import add_months, month_period, month_text, months_apart
from metrics.period import Period
from metrics.values import Result, ratio


@dataclass(frozen=True)
class RetentionCell(Result):
    cohort: str
    offset: int
    cohort_users: int
    active_users: int
    rate: float | None


def retention(
    db: Database, first_month: str, last_month: str, filters: Filters
) -> list[RetentionCell]:
    """Cells for cohorts ``first_month`` to ``last_month``, ordered by cohort then offset.

    Offsets run from 0 to the latest month with any activity (of all users,
    whatever the filters), so every cohort's row ends in the same month; a
    cohort after that month has no cells. ``ValueError`` for a malformed month
    or ``first_month`` after ``last_month``.
    """
    if months_apart(first_month, last_month) < 0:
        raise ValueError(f"first month {first_month} is after last month {last_month}")
    cohorts = Period(month_period(first_month).start, month_period(last_month).end)
    latest = db.scalar(select(func.max(wallet_activity.c.activity_date)))
    if latest is None:
        return []
    sizes, active = _counts(db, cohorts, filters)
    cells = []
    cohort = first_month
    while months_apart(cohort, last_month) >= 0:
        size = sizes.get(cohort, 0)
        for offset in range(months_apart(cohort, month_text(latest)) + 1):
            users = active.get((cohort, add_months(cohort, offset)), 0)
            cells.append(RetentionCell(cohort, offset, size, users, ratio(users, size)))
        cohort = add_months(cohort, 1)
    return cells


def _counts(
    db: Database, cohorts: Period, filters: Filters
) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """``{cohort: users}`` and ``{(cohort, month): active users}`` for users in F, from the
    monthly registrations and cohort rollups (a user belongs to one cohort, branch, segment,
    channel, so their counts add up)."""
    r, c = rollup_registration_months.c, rollup_cohort_activity.c
    months = (month_text(cohorts.start), month_text(cohorts.end))
    sizes = (
        select(r.month, func.sum(r.new_users))
        .where(
            r.month.between(*months),
            db.user_condition(filters, users=rollup_registration_months),
        )
        .group_by(r.month)
    )
    active = (
        select(c.cohort, c.month, func.sum(c.active_users))
        .where(
            c.cohort.between(*months),
            db.user_condition(filters, users=rollup_cohort_activity),
        )
        .group_by(c.cohort, c.month)
    )
    return (
        {name: int(count) for name, count in db.rows(sizes)},
        {(name, when): int(count) for name, when, count in db.rows(active)},
    )

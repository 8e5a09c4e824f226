"""Reading the rollups: the queries ``metrics`` builds on for users active over any span and
users registered up to a day."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, Table, func, or_, select, union_all

from data_access.months import add_months, month_end, month_text
from data_access.rollups.common import ALL_DAYS
from data_access.schema import (
    rollup_active_periods,
    rollup_activity,
    rollup_month_arrivals,
    rollup_registration_months,
    rollup_registrations,
    rollup_user_months,
)


def whole_period(start: date, end: date) -> tuple[str, date] | None:
    """How ``start`` to ``end`` is stored whole: ``("day", start)`` for one day (the daily
    rollup), ``("week", start)`` for a Monday to Sunday, ``("month", start)`` for a calendar
    month (``rollup_active_periods``); None for any other span."""
    if start == end:
        return ("day", start)
    if start.weekday() == 0 and end == start + timedelta(days=6):
        return ("week", start)
    if start.day == 1 and end == month_end(start):
        return ("month", start)
    return None


def distinct_active_users(
    start: date,
    end: date,
    where: Callable[[Table], ColumnElement[bool]],
    by: Sequence[str] = (),
) -> Select:
    """As ``active_users``, read from the row stored for the span when it is one day, one
    calendar week or month (``whole_period``)."""
    stored = whole_period(start, end)
    if stored is None:
        return active_users(start, end, where, by)
    grain, first = stored
    if grain == "day":
        table, when = rollup_activity, rollup_activity.c.day == first
    else:
        table = rollup_active_periods
        when = (table.c.grain == grain) & (table.c.period_start == first)
    groups = [table.c[name] for name in by]
    return (
        select(*groups, func.sum(table.c.active_users).label("active_users"))
        .where(when, where(table))
        .group_by(*groups)
    )


def active_users(
    start: date,
    end: date,
    where: Callable[[Table], ColumnElement[bool]],
    by: Sequence[str] = (),
) -> Select:
    """``by`` columns and ``active_users``: the distinct users active from ``start`` to ``end``
    (both included) among the rows ``where(table)`` selects, per group of user attributes
    ``by`` (``DIMENSIONS``); ``where`` is given each rollup table read (``Database.user_condition``
    fits).

    No DISTINCT is computed: each active user is counted once, in the first month of the
    period where they were active. Only the user-month rows of the period's first and last
    months are read; the months between come from ``rollup_month_arrivals``:

    - first month: users active on or after ``start``; and users not, whose next month with
      activity is inside the period (counted here, through ``next_*``, for their later month);
    - months between: users whose previous month with activity is before the period;
    - last month: users active up to ``end`` whose previous month is before the period.
    """
    um, arrivals = rollup_user_months.c, rollup_month_arrivals.c
    first, last = month_text(start), month_text(end)
    from_start = ALL_DAYS & ~((1 << (start.day - 1)) - 1)
    to_end = (1 << end.day) - 1
    if first == last:
        parts = [
            (
                rollup_user_months,
                um.month == first,
                um.day_mask.bitwise_and(from_start & to_end) != 0,
            )
        ]
    else:
        next_in_period = or_(
            (um.next_month > first) & (um.next_month < last),
            (um.next_month == last) & (um.next_mask.bitwise_and(to_end) != 0),
        )
        parts = [
            (
                rollup_user_months,
                um.month == first,
                (um.day_mask.bitwise_and(from_start) != 0) | next_in_period,
            ),
            (
                rollup_user_months,
                um.month == last,
                (um.day_mask.bitwise_and(to_end) != 0) & (um.prev_month < first),
            ),
        ]
        if add_months(first, 1) < last:
            parts.append(
                (
                    rollup_month_arrivals,
                    (arrivals.month > first) & (arrivals.month < last),
                    arrivals.prev_month < first,
                )
            )
    selects = []
    for table, month, condition in parts:
        count = func.count() if table is rollup_user_months else func.sum(table.c.active_users)
        selects.append(
            select(*(table.c[name] for name in by), count.label("active_users"))
            .where(month, condition, where(table))
            .group_by(*(table.c[name] for name in by))
        )
    combined = union_all(*selects).subquery() if len(selects) > 1 else selects[0].subquery()
    return select(
        *(combined.c[name] for name in by), func.sum(combined.c.active_users).label("active_users")
    ).group_by(*(combined.c[name] for name in by))


def registered_by(
    end: date, where: Callable[[Table], ColumnElement[bool]], by: Sequence[str] = ()
) -> Select:
    """``by`` columns and ``new_users``: the users registered on or before ``end`` among the
    rows ``where(table)`` selects, per group of ``by`` (``DIMENSIONS``): the monthly rollup's
    months before ``end``'s month, then the daily rollup's days of that month."""
    months, days = rollup_registration_months, rollup_registrations
    first = end.replace(day=1)
    parts = [
        (months, months.c.month < month_text(first)),
        (days, days.c.day.between(first, end)),
    ]
    combined = union_all(
        *(
            select(*(table.c[name] for name in by), func.sum(table.c.new_users).label("new_users"))
            .where(when, where(table))
            .group_by(*(table.c[name] for name in by))
            for table, when in parts
        )
    ).subquery()
    return select(
        *(combined.c[name] for name in by), func.sum(combined.c.new_users).label("new_users")
    ).group_by(*(combined.c[name] for name in by))

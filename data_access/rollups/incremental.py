"""Keeping the rollups up to date after a load, a few days at a time.

A load calls ``refresh`` inside its own transaction with the dates it wrote;
only the rollup rows those dates can change are deleted and computed again
from the base tables, so readers see the old data or the new, never a mix.
The same per-rollup steps, given every day, compute rollups from scratch
(``data_access.rollups.from_scratch``).

Which rows a load can change:

- a user written (new, replaced, or moved to another registration date) may
  have changed branch, segment, channel or cohort, so every day that user was
  active is recomputed, as is their registration day (and the day they had
  before, which the loader reports among the touched dates);
- an activity row on day d changes that day, its week and its month, and
  the activation of users registered on d - 29 to d;
- the staff rollup is recomputed for whole calendar months (a user's first
  active day in a month can move when activity is added anywhere in it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy import Date as SqlDate
from sqlalchemy import Integer as SqlInteger
from sqlalchemy import String as SqlString

from data_access.months import month_end, month_text
from data_access.rollups.common import (
    ACTIVATION_DAYS,
    ACTIVITY_WITH_USER,
    ALL_DAYS,
    DIMENSIONS,
    NO_MONTH,
    USER_DIMENSIONS,
    Days,
    replace_rows,
    was_activated,
)
from data_access.rollups.sql import day_bit_of, first_day_of_mask, in_storage_order
from data_access.schema import (
    OUTREACH_CHANNEL,
    rollup_active_periods,
    rollup_activity,
    rollup_cohort_activity,
    rollup_month_arrivals,
    rollup_outreach_registrations,
    rollup_registration_months,
    rollup_registrations,
    rollup_staff_days,
    rollup_user_months,
    wallet_activity,
    wallet_users,
)
from data_access.sql_functions import month_of

_u, _a = wallet_users.c, wallet_activity.c


def refresh(conn: Connection, touched: Mapping[str, Iterable[date]]) -> None:
    """Bring every rollup up to date after a load that wrote rows dated ``touched[table]``.

    ``touched`` maps a base table's name to the dates of the rows written to it
    (``wallet_users``: ``registered_on``, including a moved user's former date;
    ``wallet_activity``: ``activity_date``). Other tables do not feed a rollup.
    """
    registered = Days(touched.get(wallet_users.name, ()))
    active = Days(touched.get(wallet_activity.name, ())) | _activity_days_of(conn, registered)
    refresh_parts(conn, registered | active.widened(ACTIVATION_DAYS - 1), active)


def refresh_parts(conn: Connection, registration_days: Days, activity_days: Days) -> None:
    """The rollup rows of the days given (every rollup whole, when every day is given)."""
    if registration_days:
        _refresh_registrations(conn, registration_days)
        refresh_registration_months(conn, registration_days)
    if activity_days:
        _refresh_activity(conn, activity_days)
        refresh_arrivals(conn, _refresh_user_months(conn, activity_days))
    if registration_days or activity_days:
        refresh_staff_days(conn, (registration_days | activity_days).whole_months())
        refresh_outreach_registrations(conn, registration_days | activity_days.previous_months())
    if activity_days:
        refresh_period_rollups(conn, activity_days)


def refresh_period_rollups(conn: Connection, activity_days: Days) -> None:
    """The cohort and active-period rollups, from the user-month rollup (up to date)."""
    months = months_of(conn, activity_days)
    _refresh_cohorts(conn, months)
    _refresh_active_months(conn, months)
    _refresh_active_weeks(conn, _weeks_of(conn, activity_days))


def _activity_days_of(conn: Connection, registered: Days) -> Days:
    """The days with activity of the users registered on ``registered`` days."""
    if not registered:
        return Days()
    statement = (
        select(_a.activity_date)
        .select_from(ACTIVITY_WITH_USER)
        .where(registered.condition(_u.registered_on))
        .distinct()
    )
    return Days(conn.execute(statement).scalars())


def _refresh_registrations(conn: Connection, days: Days) -> None:
    rows = (
        select(
            _u.registered_on,
            *USER_DIMENSIONS,
            func.count(),
            func.count(case((was_activated(_u.user_id, _u.registered_on), 1))),
        )
        .where(days.condition(_u.registered_on))
        .group_by(_u.registered_on, *USER_DIMENSIONS)
    )
    replace_rows(conn, rollup_registrations, days.condition(rollup_registrations.c.day), rows)


def refresh_registration_months(conn: Connection, days: Days) -> None:
    """The monthly sums of the registrations rollup over the months holding ``days``."""
    r, table = rollup_registrations.c, rollup_registration_months
    month = month_of(r.day)
    dimensions = [r[name] for name in DIMENSIONS]
    rows = select(month, *dimensions, func.sum(r.new_users)).group_by(month, *dimensions)
    if days.every:
        replace_rows(conn, table, true(), rows)
        return
    for first in sorted({day.replace(day=1) for day in days.days}):
        in_month = r.day.between(first, month_end(first))
        replace_rows(conn, table, table.c.month == month_text(first), rows.where(in_month))


def refresh_outreach_registrations(conn: Connection, days: Days) -> None:
    """The outreach rollup's rows of ``days``, a calendar month at a time: "active the next
    month" is then activity between two fixed dates, with no month arithmetic in SQL."""
    table = rollup_outreach_registrations
    conn.execute(delete(table).where(days.condition(table.c.day)))
    keys = (_u.registered_on, _u.staff_id, _u.branch_id, _u.segment)
    for first in months_of(conn, days, dated=_u.registered_on):
        following = month_end(first) + timedelta(days=1)
        active_next_month = exists().where(
            _a.user_id == _u.user_id, _a.activity_date.between(following, month_end(following))
        )
        rows = (
            select(
                *keys,
                func.count(),
                func.count(case((was_activated(_u.user_id, _u.registered_on), 1))),
                func.count(case((active_next_month, 1))),
            )
            .where(
                _u.channel == OUTREACH_CHANNEL,
                _u.staff_id.is_not(None),
                _u.registered_on.between(first, month_end(first)),
                days.condition(_u.registered_on),
            )
            .group_by(*keys)
        )
        conn.execute(insert(table).from_select([c.name for c in table.columns], rows))


def _refresh_activity(conn: Connection, days: Days) -> None:
    day = in_storage_order(_a.activity_date)
    rows = (
        select(
            day,
            *USER_DIMENSIONS,
            func.count(),
            func.sum(_a.transactions),
            func.sum(_a.amount_cents),
        )
        .select_from(ACTIVITY_WITH_USER)
        .where(days.condition(_a.activity_date))
        .group_by(day, *USER_DIMENSIONS)
    )
    replace_rows(conn, rollup_activity, days.condition(rollup_activity.c.day), rows)


def _first_days_from_user_months(days: Days) -> Select:
    """Each user's first active day in each month of ``days`` (whole calendar months), read
    from the user-month rollup (up to date)."""
    um = rollup_user_months.c
    months = sorted({month_text(day) for day in days.days})
    return select(um.user_id, first_day_of_mask(um.month, um.day_mask).label("day")).where(
        true() if days.every else um.month.in_(months)
    )


def first_days_from_activity(days: Days) -> Select:
    """Each user's first active day in each month of ``days`` (whole calendar months)."""
    return (
        select(_a.user_id, func.min(_a.activity_date).label("day"))
        .where(days.condition(_a.activity_date))
        .group_by(_a.user_id, month_of(_a.activity_date))
    )


def refresh_staff_days(
    conn: Connection,
    days: Days,
    first_days: Callable[[Days], Select] = _first_days_from_user_months,
) -> None:
    """The staff rollup's rows of ``days`` (whole calendar months), users with a staff id only."""
    staffed = _u.staff_id.is_not(None)
    keys = (_u.staff_id, _u.branch_id)

    def counts(new_users=None, first_active=None, transactions=None) -> list[ColumnElement]:
        given = {"new_users": new_users, "first_active": first_active, "tx": transactions}
        return [
            (literal(0, SqlInteger) if value is None else value).label(name)
            for name, value in given.items()
        ]

    registered = (
        select(_u.registered_on.label("day"), *keys, *counts(new_users=func.count()))
        .where(staffed, days.condition(_u.registered_on))
        .group_by(_u.registered_on, *keys)
    )
    first = first_days(days).subquery()
    first_active = (
        select(first.c.day, *keys, *counts(first_active=func.count()))
        .select_from(first.join(wallet_users, first.c.user_id == _u.user_id))
        .where(staffed)
        .group_by(first.c.day, *keys)
    )
    day = in_storage_order(_a.activity_date)
    transactions = (
        select(day, *keys, *counts(transactions=func.sum(_a.transactions)))
        .select_from(ACTIVITY_WITH_USER)
        .where(staffed, days.condition(_a.activity_date))
        .group_by(day, *keys)
    )
    c = union_all(registered, first_active, transactions).subquery().c
    rows = select(
        c.day,
        c.staff_id,
        c.branch_id,
        func.sum(c.new_users),
        func.sum(c.first_active),
        func.sum(c.tx),
    ).group_by(c.day, c.staff_id, c.branch_id)
    replace_rows(conn, rollup_staff_days, days.condition(rollup_staff_days.c.day), rows)


def months_of(
    conn: Connection, days: Days, dated: ColumnElement[date] = rollup_activity.c.day
) -> list[date]:
    """The first days of the months holding ``days`` (for every day, all months from the first
    value of ``dated`` to the last: by default the days with activity)."""
    if days.every:
        return sorted({day.replace(day=1) for day in _every_day(conn, dated)})
    return sorted({day.replace(day=1) for day in days.days})


def _weeks_of(conn: Connection, days: Days) -> list[date]:
    """The Mondays of the weeks holding ``days`` (for every day, all weeks from the first day
    with activity to the last)."""
    if days.every:
        return sorted({_monday(day) for day in _every_day(conn, rollup_activity.c.day)})
    return sorted({_monday(day) for day in days.days})


def _every_day(conn: Connection, dated: ColumnElement[date]) -> list[date]:
    """Every day from the first value of ``dated`` to the last (two reads of its index)."""
    first, last = conn.execute(
        select(select(func.min(dated)).scalar_subquery(), select(func.max(dated)).scalar_subquery())
    ).one()
    if first is None:
        return []
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _refresh_user_months(conn: Connection, days: Days) -> list[date]:
    """Every row of each user active on ``days`` (their masks, previous and next months may
    change); returns the first days of the months holding those users' rows."""
    table, um = rollup_user_months, rollup_user_months.c
    if days.every:
        users: ColumnElement[bool] = true()
        conn.execute(delete(table))
    else:
        touched = wallet_activity.alias("touched")
        active_then = select(touched.c.user_id).where(days.condition(touched.c.activity_date))
        users = _a.user_id.in_(active_then)
        conn.execute(delete(table).where(um.user_id.in_(active_then)))
    month = month_of(_a.activity_date).label("month")
    day_bit = day_bit_of(_a.activity_date)
    cohort = month_of(_u.registered_on).label("cohort")
    per_month = (
        select(month, *USER_DIMENSIONS, _a.user_id, cohort, func.sum(day_bit).label("day_mask"))
        .select_from(ACTIVITY_WITH_USER)
        .where(users)
        .group_by(_a.user_id, month, *USER_DIMENSIONS, cohort)
        .subquery()
    )
    m = per_month.c
    none, empty = literal(NO_MONTH, SqlString), literal(0, SqlInteger)
    rows = select(
        m.month,
        m.branch_id,
        m.segment,
        m.channel,
        m.user_id,
        m.cohort,
        m.day_mask,
        func.lag(m.month, 1, none).over(partition_by=m.user_id, order_by=m.month),
        func.lag(m.day_mask, 1, empty).over(partition_by=m.user_id, order_by=m.month),
        func.lead(m.month, 1, none).over(partition_by=m.user_id, order_by=m.month),
        func.lead(m.day_mask, 1, empty).over(partition_by=m.user_id, order_by=m.month),
    ).order_by(*(m[c.name] for c in table.primary_key.columns))
    # In key order, so that on PostgreSQL a month's rows share pages: a scan of one month then
    # reads a twentieth of the table, not every page (SQLite keeps the table in key order).
    conn.execute(insert(table).from_select([c.name for c in table.columns], rows))
    months = select(um.month).distinct()
    if not days.every:
        months = months.where(um.user_id.in_(active_then))
    return sorted(date.fromisoformat(f"{text}-01") for text in conn.execute(months).scalars())


def refresh_arrivals(conn: Connection, months: list[date]) -> None:
    table, um = rollup_month_arrivals, rollup_user_months.c
    grouping = (um.month, um.prev_month, um.branch_id, um.segment, um.channel)
    for first in months:
        month = month_text(first)
        rows = select(*grouping, func.count()).where(um.month == month).group_by(*grouping)
        replace_rows(conn, table, table.c.month == month, rows)


def _refresh_cohorts(conn: Connection, months: list[date]) -> None:
    """Cohort rows of each activity month, counted from the user-month rows (one per user)."""
    table, um = rollup_cohort_activity, rollup_user_months.c
    dimensions = (um.cohort, um.month, um.branch_id, um.segment, um.channel)
    for first in months:
        month = month_text(first)
        rows = select(*dimensions, func.count()).where(um.month == month).group_by(*dimensions)
        replace_rows(conn, table, table.c.month == month, rows)


def _refresh_active_months(conn: Connection, months: list[date]) -> None:
    table, um = rollup_active_periods, rollup_user_months.c
    for first in months:
        rows = (
            select(
                literal("month", SqlString),
                literal(first, SqlDate),
                um.branch_id,
                um.segment,
                um.channel,
                func.count(),
            )
            .where(um.month == month_text(first))
            .group_by(um.branch_id, um.segment, um.channel)
        )
        replace_rows(conn, table, _period_key(table, "month", first), rows)


def _refresh_active_weeks(conn: Connection, mondays: list[date]) -> None:
    """Weekly active users, counted from the user-month rows of the one or two months a week
    has days in: the users active on its days in each. A user active in both months is counted
    in the earlier only (their row of the later month has it as previous month, with a day of
    the week set). One statement, run for every week."""
    table, um = rollup_active_periods, rollup_user_months.c
    names = ("month", "days", "earlier_month", "earlier_days")

    def in_month(part: int) -> Select:
        month, days, earlier_month, earlier_days = (
            bindparam(f"{name}_{part}", type_=SqlString if "month" in name else SqlInteger)
            for name in names
        )
        dimensions = [um[name] for name in DIMENSIONS]
        seen_earlier = (um.prev_month == earlier_month) & (
            um.prev_mask.bitwise_and(earlier_days) != 0
        )
        return (
            select(*dimensions, func.count().label("active_users"))
            .where(um.month == month, um.day_mask.bitwise_and(days) != 0, ~seen_earlier)
            .group_by(*dimensions)
        )

    parts = union_all(in_month(0), in_month(1)).subquery()
    dimensions = [parts.c[name] for name in DIMENSIONS]
    rows = select(
        literal("week", SqlString),
        bindparam("monday", type_=SqlDate),
        *dimensions,
        func.sum(parts.c.active_users),
    ).group_by(*dimensions)
    parameters = []
    for monday in mondays:
        sunday = monday + timedelta(days=6)
        week: dict[str, object] = {"monday": monday}
        earlier = (NO_MONTH, 0)
        months = sorted({monday.replace(day=1), sunday.replace(day=1)})
        for part in range(2):
            if part < len(months):
                first = months[part]
                start, end = max(monday, first), min(sunday, month_end(first))
                days = ALL_DAYS & ~((1 << (start.day - 1)) - 1) & ((1 << end.day) - 1)
                values = (month_text(first), days, *earlier)
                earlier = (month_text(first), days)
            else:
                values = (NO_MONTH, 0, NO_MONTH, 0)
            week.update(
                {f"{name}_{part}": value for name, value in zip(names, values, strict=True)}
            )
        parameters.append(week)
    conn.execute(delete(table).where(table.c.grain == "week", table.c.period_start.in_(mondays)))
    if parameters:
        conn.execute(insert(table).from_select([c.name for c in table.columns], rows), parameters)


def _period_key(table, grain: str, start: date) -> ColumnElement[bool]:
    return (table.c.grain == grain) & (table.c.period_start == start)

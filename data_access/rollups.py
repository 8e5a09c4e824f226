"""Keeping the derived tables (``schema.ROLLUP_TABLES``) equal to their definitions.

A load calls ``refresh`` inside its own transaction with the dates it wrote;
only the rollup rows those dates can change are deleted and computed again
from the base tables, so readers see the old data or the new, never a mix.
``rebuild`` computes every rollup from scratch (a ``--replace`` load, the
migration that introduced them).

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

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    case,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy import Date as SqlDate
from sqlalchemy import Integer as SqlInteger
from sqlalchemy import String as SqlString
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from data_access.schema import (
    ROLLUP_TABLES,
    rollup_active_periods,
    rollup_activity,
    rollup_cohort_activity,
    rollup_month_arrivals,
    rollup_registration_months,
    rollup_registrations,
    rollup_staff_days,
    rollup_user_months,
    wallet_activity,
    wallet_users,
)
from data_access.sql_functions import add_days, month_of

ACTIVATION_DAYS = 30
"""A user is activated when active 0 to ``ACTIVATION_DAYS - 1`` days after registering."""

_u, _a = wallet_users.c, wallet_activity.c
_USER_DIMENSIONS = (_u.branch_id, _u.segment, _u.channel)
_ACTIVITY_WITH_USER = wallet_activity.join(wallet_users, _a.user_id == _u.user_id)


class Days:
    """A set of calendar days, or every day (``Days.everything()``)."""

    def __init__(self, days: Iterable[date] = (), *, every: bool = False) -> None:
        self.every = every
        self.days = frozenset(days)

    @classmethod
    def everything(cls) -> Days:
        return cls(every=True)

    def __bool__(self) -> bool:
        return self.every or bool(self.days)

    def __or__(self, other: Days) -> Days:
        return Days(self.days | other.days, every=self.every or other.every)

    def ranges(self) -> list[tuple[date, date]]:
        """The days as the fewest ``(first, last)`` runs of consecutive days, in order."""
        runs: list[tuple[date, date]] = []
        for day in sorted(self.days):
            if runs and runs[-1][1] + timedelta(days=1) == day:
                runs[-1] = (runs[-1][0], day)
            else:
                runs.append((day, day))
        return runs

    def condition(self, column: ColumnElement) -> ColumnElement[bool]:
        """``column`` falls on one of the days."""
        if self.every:
            return true()
        if not self.days:
            return false()
        return or_(*(column.between(first, last) for first, last in self.ranges()))

    def whole_months(self) -> Days:
        """Every day of the calendar months these days fall in."""
        if self.every:
            return self
        firsts = {day.replace(day=1) for day in self.days}
        return Days(
            first + timedelta(days=n)
            for first in firsts
            for n in range((_month_end(first) - first).days + 1)
        )

    def widened(self, before: int) -> Days:
        """These days together with the ``before`` days preceding each."""
        if self.every:
            return self
        return Days(day - timedelta(days=back) for day in self.days for back in range(before + 1))


def refresh(conn: Connection, touched: Mapping[str, Iterable[date]]) -> None:
    """Bring every rollup up to date after a load that wrote rows dated ``touched[table]``.

    ``touched`` maps a base table's name to the dates of the rows written to it
    (``wallet_users``: ``registered_on``, including a moved user's former date;
    ``wallet_activity``: ``activity_date``). Other tables do not feed a rollup.
    """
    registered = Days(touched.get(wallet_users.name, ()))
    active = Days(touched.get(wallet_activity.name, ())) | _activity_days_of(conn, registered)
    _refresh(conn, registered | active.widened(ACTIVATION_DAYS - 1), active)


def rebuild(conn: Connection) -> None:
    """Compute every rollup from the base tables as they are now."""
    clear(conn)
    _refresh(conn, Days.everything(), Days.everything())


def fill(conn: Connection, tables: Sequence[Table]) -> None:
    """Compute ``tables`` from scratch (migrations adding a rollup): the staff rollup, and the
    monthly registrations (from the daily registrations rollup, which must be filled)."""
    fillers = {
        rollup_staff_days: _refresh_staff_days,
        rollup_registration_months: _refresh_registration_months,
    }
    for table in tables:
        fillers[table](conn, Days.everything())


def _refresh(conn: Connection, registration_days: Days, activity_days: Days) -> None:
    if registration_days:
        _refresh_registrations(conn, registration_days)
        _refresh_registration_months(conn, registration_days)
    if registration_days or activity_days:
        _refresh_staff_days(conn, (registration_days | activity_days).whole_months())
    if activity_days:
        _refresh_activity(conn, activity_days)
        _refresh_arrivals(conn, _refresh_user_months(conn, activity_days))
        months = _months_of(conn, activity_days)
        _refresh_cohorts(conn, months)
        _refresh_active_months(conn, months)
        _refresh_active_weeks(conn, _weeks_of(conn, activity_days))


def _activity_days_of(conn: Connection, registered: Days) -> Days:
    """The days with activity of the users registered on ``registered`` days."""
    if not registered:
        return Days()
    statement = (
        select(_a.activity_date)
        .select_from(_ACTIVITY_WITH_USER)
        .where(registered.condition(_u.registered_on))
        .distinct()
    )
    return Days(conn.execute(statement).scalars())


def _replace_rows(conn: Connection, table, where: ColumnElement[bool], rows) -> None:
    conn.execute(delete(table).where(where))
    conn.execute(insert(table).from_select([c.name for c in table.columns], rows))


def _refresh_registrations(conn: Connection, days: Days) -> None:
    activated = (
        exists()
        .where(_a.user_id == _u.user_id)
        .where(
            _a.activity_date.between(
                _u.registered_on, add_days(_u.registered_on, ACTIVATION_DAYS - 1)
            )
        )
    )
    rows = (
        select(
            _u.registered_on,
            *_USER_DIMENSIONS,
            func.count(),
            func.count(case((activated, 1))),
        )
        .where(days.condition(_u.registered_on))
        .group_by(_u.registered_on, *_USER_DIMENSIONS)
    )
    _replace_rows(conn, rollup_registrations, days.condition(rollup_registrations.c.day), rows)


def _refresh_registration_months(conn: Connection, days: Days) -> None:
    """The monthly sums of the registrations rollup over the months holding ``days``."""
    r, table = rollup_registrations.c, rollup_registration_months
    month = month_of(r.day)
    dimensions = [r[name] for name in DIMENSIONS]
    rows = select(month, *dimensions, func.sum(r.new_users)).group_by(month, *dimensions)
    if days.every:
        _replace_rows(conn, table, true(), rows)
        return
    for first in sorted({day.replace(day=1) for day in days.days}):
        in_month = r.day.between(first, _month_end(first))
        _replace_rows(conn, table, table.c.month == _month_text(first), rows.where(in_month))


def _refresh_activity(conn: Connection, days: Days) -> None:
    day = _in_storage_order(_a.activity_date)
    rows = (
        select(
            day,
            *_USER_DIMENSIONS,
            func.count(),
            func.sum(_a.transactions),
            func.sum(_a.amount_cents),
        )
        .select_from(_ACTIVITY_WITH_USER)
        .where(days.condition(_a.activity_date))
        .group_by(day, *_USER_DIMENSIONS)
    )
    _replace_rows(conn, rollup_activity, days.condition(rollup_activity.c.day), rows)


def _refresh_staff_days(conn: Connection, days: Days) -> None:
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
    first_days = (
        select(_a.user_id, func.min(_a.activity_date).label("day"))
        .where(days.condition(_a.activity_date))
        .group_by(_a.user_id, month_of(_a.activity_date))
        .subquery()
    )
    first_active = (
        select(first_days.c.day, *keys, *counts(first_active=func.count()))
        .select_from(first_days.join(wallet_users, first_days.c.user_id == _u.user_id))
        .where(staffed)
        .group_by(first_days.c.day, *keys)
    )
    day = _in_storage_order(_a.activity_date)
    transactions = (
        select(day, *keys, *counts(transactions=func.sum(_a.transactions)))
        .select_from(_ACTIVITY_WITH_USER)
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
    _replace_rows(conn, rollup_staff_days, days.condition(rollup_staff_days.c.day), rows)


def _months_of(conn: Connection, days: Days) -> list[date]:
    """The first days of the months holding ``days`` (all months with activity for every day)."""
    if days.every:
        found = conn.execute(select(month_of(rollup_activity.c.day)).distinct()).scalars()
        return sorted(date.fromisoformat(f"{month}-01") for month in found)
    return sorted({day.replace(day=1) for day in days.days})


def _weeks_of(conn: Connection, days: Days) -> list[date]:
    """The Mondays of the weeks holding ``days`` (all weeks with activity for every day)."""
    if days.every:
        found = conn.execute(select(rollup_activity.c.day).distinct()).scalars()
        return sorted({_monday(day) for day in found})
    return sorted({_monday(day) for day in days.days})


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month_end(first: date) -> date:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _month_text(first: date) -> str:
    return first.strftime("%Y-%m")


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
    day_bit = literal(1).bitwise_lshift(_day_of_month(_a.activity_date) - 1)
    cohort = month_of(_u.registered_on).label("cohort")
    per_month = (
        select(month, *_USER_DIMENSIONS, _a.user_id, cohort, func.sum(day_bit).label("day_mask"))
        .select_from(_ACTIVITY_WITH_USER)
        .where(users)
        .group_by(_a.user_id, month, *_USER_DIMENSIONS, cohort)
        .subquery()
    )
    m = per_month.c
    order = {"partition_by": m.user_id, "order_by": m.month}
    none, empty = literal(NO_MONTH, SqlString), literal(0, SqlInteger)
    rows = select(
        m.month,
        m.branch_id,
        m.segment,
        m.channel,
        m.user_id,
        m.cohort,
        m.day_mask,
        func.lag(m.month, 1, none).over(**order),
        func.lag(m.day_mask, 1, empty).over(**order),
        func.lead(m.month, 1, none).over(**order),
        func.lead(m.day_mask, 1, empty).over(**order),
    )
    conn.execute(insert(table).from_select([c.name for c in table.columns], rows))
    months = select(um.month).distinct()
    if not days.every:
        months = months.where(um.user_id.in_(active_then))
    return sorted(date.fromisoformat(f"{text}-01") for text in conn.execute(months).scalars())


def _refresh_arrivals(conn: Connection, months: list[date]) -> None:
    table, um = rollup_month_arrivals, rollup_user_months.c
    grouping = (um.month, um.prev_month, um.branch_id, um.segment, um.channel)
    for first in months:
        month = _month_text(first)
        rows = select(*grouping, func.count()).where(um.month == month).group_by(*grouping)
        _replace_rows(conn, table, table.c.month == month, rows)


def _refresh_cohorts(conn: Connection, months: list[date]) -> None:
    """Cohort rows of each activity month, counted from the user-month rows (one per user)."""
    table, um = rollup_cohort_activity, rollup_user_months.c
    dimensions = (um.cohort, um.month, um.branch_id, um.segment, um.channel)
    for first in months:
        month = _month_text(first)
        rows = select(*dimensions, func.count()).where(um.month == month).group_by(*dimensions)
        _replace_rows(conn, table, table.c.month == month, rows)


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
            .where(um.month == _month_text(first))
            .group_by(um.branch_id, um.segment, um.channel)
        )
        _replace_rows(conn, table, _period_key(table, "month", first), rows)


def _refresh_active_weeks(conn: Connection, mondays: list[date]) -> None:
    """Weekly active users, counted from the user-month rows of the one or two months a week
    touches."""
    table = rollup_active_periods
    for monday in mondays:
        counts = active_users(
            monday, monday + timedelta(days=6), lambda _: true(), by=DIMENSIONS
        ).subquery()
        rows = select(
            literal("week", SqlString),
            literal(monday, SqlDate),
            *(counts.c[name] for name in (*DIMENSIONS, "active_users")),
        )
        _replace_rows(conn, table, _period_key(table, "week", monday), rows)


def _period_key(table, grain: str, start: date) -> ColumnElement[bool]:
    return (table.c.grain == grain) & (table.c.period_start == start)


def clear(conn: Connection) -> None:
    """Empty every rollup (a ``--replace`` load empties the base tables in the same way)."""
    for table in ROLLUP_TABLES:
        conn.execute(delete(table))


class _in_storage_order(FunctionElement):  # noqa: N801 - reads as a SQL function
    """The value of a column, in a form an index cannot deliver in order (SQLite: ``+column``).

    Grouping a whole table by date would otherwise make SQLite walk the date index and fetch
    each row from the table at random; scanning the table and sorting is several times faster.
    A WHERE on the column itself still uses the index.
    """

    inherit_cache = True

    def __init__(self, column: ColumnElement) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(_in_storage_order)
def _in_storage_order_default(element, compiler, **kw):
    (value,) = list(element.clauses)
    return compiler.process(value, **kw)


@compiles(_in_storage_order, "sqlite")
def _in_storage_order_sqlite(element, compiler, **kw):
    (value,) = list(element.clauses)
    return f"+{compiler.process(value, **kw)}"


class _day_of_month(FunctionElement):  # noqa: N801 - reads as a SQL function
    type = SqlInteger()
    inherit_cache = True


@compiles(_day_of_month)
def _day_of_month_default(element, compiler, **kw):
    (value,) = list(element.clauses)
    return f"CAST(EXTRACT(DAY FROM {compiler.process(value, **kw)}) AS INTEGER)"


@compiles(_day_of_month, "sqlite")
def _day_of_month_sqlite(element, compiler, **kw):
    (value,) = list(element.clauses)
    return f"CAST(strftime('%d', {compiler.process(value, **kw)}) AS INTEGER)"


# --- reading --------------------------------------------------------------------------------

_ALL_DAYS = (1 << 31) - 1
NO_MONTH = ""
"""``prev_month``/``next_month`` of a user's first/last month with activity (sorts first)."""
DIMENSIONS = ("branch_id", "segment", "channel")


def whole_period(start: date, end: date) -> tuple[str, date] | None:
    """How ``start`` to ``end`` is stored whole: ``("day", start)`` for one day (the daily
    rollup), ``("week", start)`` for a Monday to Sunday, ``("month", start)`` for a calendar
    month (``rollup_active_periods``); None for any other span."""
    if start == end:
        return ("day", start)
    if start.weekday() == 0 and end == start + timedelta(days=6):
        return ("week", start)
    if start.day == 1 and end == _month_end(start):
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
    first, last = _month_text(start), _month_text(end)
    from_start = _ALL_DAYS & ~((1 << (start.day - 1)) - 1)
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
        if add_months_text(first, 1) < last:
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
        (months, months.c.month < _month_text(first)),
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


def add_months_text(month: str, count: int) -> str:
    year, number = int(month[:4]), int(month[5:]) + count
    year, number = year + (number - 1) // 12, (number - 1) % 12 + 1
    return f"{year:04d}-{number:02d}"

"""Keeping the derived tables (``schema.ROLLUP_TABLES``) equal to their definitions.

A load calls ``refresh`` inside its own transaction with the dates it wrote;
only the rollup rows those dates can change are deleted and computed again
from the base tables, so readers see the old data or the new, never a mix.
``rebuild`` computes every rollup from scratch (a ``--replace`` load, the
migration that introduced them); on SQLite by a route of its own, reading the
activity per group of users (see "every rollup at once on SQLite" below).

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
from contextlib import AbstractContextManager
from datetime import date, timedelta

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Index,
    MetaData,
    Select,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy import Date as SqlDate
from sqlalchemy import Integer as SqlInteger
from sqlalchemy import String as SqlString
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateTable, DropTable
from sqlalchemy.sql.functions import FunctionElement

from data_access.connection_settings import temporarily
from data_access.months import add_months as add_months_text
from data_access.months import month_end as _month_end
from data_access.months import month_text as _month_text
from data_access.schema import (
    OUTREACH_CHANNEL,
    ROLLUP_TABLES,
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

    def previous_months(self) -> Days:
        """Every day of the calendar month before each of these days' months."""
        if self.every:
            return self
        return Days(day.replace(day=1) - timedelta(days=1) for day in self.days).whole_months()

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
    """Compute ``tables`` from scratch (migrations adding a rollup): the staff and outreach
    rollups (from the base tables), and the monthly registrations (from the daily registrations
    rollup, which must be filled)."""
    fillers = {
        rollup_staff_days: lambda conn, days: _refresh_staff_days(
            conn, days, _first_days_from_activity
        ),
        rollup_registration_months: _refresh_registration_months,
        rollup_outreach_registrations: _refresh_outreach_registrations,
    }
    for table in tables:
        fillers[table](conn, Days.everything())


def _refresh(conn: Connection, registration_days: Days, activity_days: Days) -> None:
    """The rollup rows of the days given; every rollup whole, when every day is given, with
    more memory and, on SQLite, by its own route (``_rebuild_sqlite``)."""
    if registration_days.every and activity_days.every:
        with _bulk_settings(conn):
            if conn.dialect.name == "sqlite":
                _rebuild_sqlite(conn)
            else:
                _refresh_parts(conn, registration_days, activity_days)
    else:
        _refresh_parts(conn, registration_days, activity_days)


def _refresh_parts(conn: Connection, registration_days: Days, activity_days: Days) -> None:
    if registration_days:
        _refresh_registrations(conn, registration_days)
        _refresh_registration_months(conn, registration_days)
    if activity_days:
        _refresh_activity(conn, activity_days)
        _refresh_arrivals(conn, _refresh_user_months(conn, activity_days))
    if registration_days or activity_days:
        _refresh_staff_days(conn, (registration_days | activity_days).whole_months())
        _refresh_outreach_registrations(conn, registration_days | activity_days.previous_months())
    if activity_days:
        _refresh_period_rollups(conn, activity_days)


def _refresh_period_rollups(conn: Connection, activity_days: Days) -> None:
    """The cohort and active-period rollups, from the user-month rollup (up to date)."""
    months = _months_of(conn, activity_days)
    _refresh_cohorts(conn, months)
    _refresh_active_months(conn, months)
    _refresh_active_weeks(conn, _weeks_of(conn, activity_days))


_REBUILD_SQLITE_CACHE_KIB = 1 << 16
"""64 MB each for the database and the temporary tables: at scale 46 (10 M activity rows) the
rebuild took 92 s with it, 76 s with 512 MB (the loader then peaked at 1.2 GB) and 178 s with the
2 MB default; a load run from the Data page runs in the dashboard process."""
_REBUILD_POSTGRES_SETTINGS = {"work_mem": "256MB"}


def _bulk_settings(conn: Connection) -> AbstractContextManager[None]:
    """More memory while every rollup is computed, restored afterwards.

    SQLite: the page cache (default 2 MB) of the database and of the temporary tables, or the
    rollups inserted out of key order re-read their pages from disk over and over; pages are
    only allocated as they are used. PostgreSQL (for the transaction): ``work_mem``, so that
    grouping a million rows is a hash aggregate in memory, not a sort spilled to disk (JIT
    compilation is off for every session, ``engine._postgres_settings``).
    """
    if conn.dialect.name == "sqlite":
        cache = {f"{schema}.cache_size": -_REBUILD_SQLITE_CACHE_KIB for schema in ("main", "temp")}
        return temporarily(conn, cache)
    return temporarily(conn, _REBUILD_POSTGRES_SETTINGS)


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


def _activated(user_id: ColumnElement, registered_on: ColumnElement) -> ColumnElement[bool]:
    """The user was active 0 to ``ACTIVATION_DAYS - 1`` days after registering."""
    last = add_days(registered_on, ACTIVATION_DAYS - 1)
    return exists().where(_a.user_id == user_id, _a.activity_date.between(registered_on, last))


def _refresh_registrations(conn: Connection, days: Days) -> None:
    rows = (
        select(
            _u.registered_on,
            *_USER_DIMENSIONS,
            func.count(),
            func.count(case((_activated(_u.user_id, _u.registered_on), 1))),
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


def _refresh_outreach_registrations(conn: Connection, days: Days) -> None:
    """The outreach rollup's rows of ``days``, a calendar month at a time: "active the next
    month" is then activity between two fixed dates, with no month arithmetic in SQL."""
    table = rollup_outreach_registrations
    conn.execute(delete(table).where(days.condition(table.c.day)))
    keys = (_u.registered_on, _u.staff_id, _u.branch_id, _u.segment)
    for first in _months_of(conn, days, dated=_u.registered_on):
        following = _month_end(first) + timedelta(days=1)
        active_next_month = exists().where(
            _a.user_id == _u.user_id, _a.activity_date.between(following, _month_end(following))
        )
        rows = (
            select(
                *keys,
                func.count(),
                func.count(case((_activated(_u.user_id, _u.registered_on), 1))),
                func.count(case((active_next_month, 1))),
            )
            .where(
                _u.channel == OUTREACH_CHANNEL,
                _u.staff_id.is_not(None),
                _u.registered_on.between(first, _month_end(first)),
                days.condition(_u.registered_on),
            )
            .group_by(*keys)
        )
        conn.execute(insert(table).from_select([c.name for c in table.columns], rows))


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


def _first_days_from_user_months(days: Days) -> Select:
    """Each user's first active day in each month of ``days`` (whole calendar months), read
    from the user-month rollup (up to date)."""
    um = rollup_user_months.c
    months = sorted({_month_text(day) for day in days.days})
    return select(um.user_id, _first_day_of_mask(um.month, um.day_mask).label("day")).where(
        true() if days.every else um.month.in_(months)
    )


def _first_days_from_activity(days: Days) -> Select:
    """Each user's first active day in each month of ``days`` (whole calendar months)."""
    return (
        select(_a.user_id, func.min(_a.activity_date).label("day"))
        .where(days.condition(_a.activity_date))
        .group_by(_a.user_id, month_of(_a.activity_date))
    )


def _refresh_staff_days(
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


def _months_of(
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
    day_bit = _day_bit(_a.activity_date)
    cohort = month_of(_u.registered_on).label("cohort")
    per_month = (
        select(month, *_USER_DIMENSIONS, _a.user_id, cohort, func.sum(day_bit).label("day_mask"))
        .select_from(_ACTIVITY_WITH_USER)
        .where(users)
        .group_by(_a.user_id, month, *_USER_DIMENSIONS, cohort)
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
                start, end = max(monday, first), min(sunday, _month_end(first))
                days = _ALL_DAYS & ~((1 << (start.day - 1)) - 1) & ((1 << end.day) - 1)
                values = (_month_text(first), days, *earlier)
                earlier = (_month_text(first), days)
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


def clear(conn: Connection) -> None:
    """Empty every rollup (a ``--replace`` load empties the base tables in the same way)."""
    for table in ROLLUP_TABLES:
        conn.execute(delete(table))


# --- every rollup at once on SQLite ---------------------------------------------------------
# SQLite has no hash aggregate: grouping all activity by day sorts every row in one sort, which
# slows down badly as the table grows. Here the activity is read once in key order for the
# user-month rows, and per combination of user attributes (or per member of staff) for the
# daily rollups, so that each sort holds a few thousand rows; those results are gathered in
# temporary tables and inserted in the rollups' key order.

_scratch = MetaData()

_scratch_users = Table(
    "rollup_scratch_users",
    _scratch,
    Column("user_id", SqlString, primary_key=True),
    Column("branch_id", SqlString, nullable=False),
    Column("segment", SqlString, nullable=False),
    Column("channel", SqlString, nullable=False),
    Column("staff_id", SqlString),
    Column("registered_on", SqlDate, nullable=False),
    Column("activated_30d", SqlInteger, nullable=False),
    Index(
        "rollup_scratch_users_dimensions",
        "branch_id",
        "segment",
        "channel",
        "registered_on",
        "activated_30d",
    ),
    Index(
        "rollup_scratch_users_staff",
        "staff_id",
        "branch_id",
        "registered_on",
        sqlite_where=literal_column("staff_id").is_not(None),
    ),
    prefixes=["TEMPORARY"],
    sqlite_with_rowid=False,
)
"""The users, found by id in one lookup (two in ``wallet_users``) and by attributes or staff
through indexes holding their ids."""

_scratch_user_months = Table(
    "rollup_scratch_user_months",
    _scratch,
    Column("user_id", SqlString, primary_key=True),
    Column("month", SqlString, primary_key=True),
    Column("first_day", SqlDate, nullable=False),
    Column("day_mask", SqlInteger, nullable=False),
    prefixes=["TEMPORARY"],
    sqlite_with_rowid=False,
)
"""Each user's months with activity: the first active day and the day mask."""

_scratch_user_month_order = Table(
    "rollup_scratch_user_month_order",
    _scratch,
    Column("seq", SqlInteger, primary_key=True),
    Column("user_id", SqlString, nullable=False),
    Column("month", SqlString, nullable=False),
    Column("day_mask", SqlInteger, nullable=False),
    prefixes=["TEMPORARY"],
)
"""The user-month rows numbered in (user, month) order: a user's previous and next months are
the rows numbered one less and one more, when they are the same user's."""

_scratch_rollups = {
    table: Table(
        f"rollup_scratch_{table.name}",
        _scratch,
        *(Column(c.name, c.type, nullable=False) for c in table.columns),
        prefixes=["TEMPORARY"],
    )
    for table in (rollup_registrations, rollup_activity, rollup_staff_days)
}
"""Where the rows computed per group of users gather before going into the rollup in order."""


def _rebuild_sqlite(conn: Connection) -> None:
    every = Days.everything()
    for table in _scratch.sorted_tables:
        conn.execute(CreateTable(table))
    _copy_users(conn)
    _insert_registrations(conn)
    _refresh_registration_months(conn, every)
    _collect_user_months(conn)
    _insert_user_months(conn)
    _insert_activity_per_dimensions(conn)
    _insert_staff_days_per_staff(conn)
    _refresh_outreach_registrations(conn, every)
    for table in reversed(_scratch.sorted_tables):
        conn.execute(DropTable(table))
    _refresh_arrivals(conn, _months_of(conn, every))
    _refresh_period_rollups(conn, every)


def _create_indexes(conn: Connection, table: Table) -> None:
    """``table``'s indexes, built once it is filled (``CreateTable`` leaves them out)."""
    for index in sorted(table.indexes, key=lambda index: index.name or ""):  # all are named
        index.create(conn)


def _groups(conn: Connection, keys: Sequence[str]) -> list[dict[str, object]]:
    """The distinct values of the scratch users' ``keys`` (none null), in order."""
    su = _scratch_users.c
    columns = [su[key] for key in keys]
    groups = select(*columns).where(*(c.is_not(None) for c in columns)).distinct()
    return [dict(group) for group in conn.execute(groups.order_by(*columns)).mappings()]


def _copy_users(conn: Connection) -> None:
    """The scratch users, read in key order (so are the activity rows telling whether they
    were activated); their indexes built once they are all in."""
    table = _scratch_users
    activated = case((_activated(_u.user_id, _u.registered_on), 1), else_=0)
    copied = [_u[c.name] for c in table.columns if c.name != "activated_30d"]
    rows = select(*copied, activated).order_by(_u.user_id)
    conn.execute(insert(table).from_select([*(c.key for c in copied), "activated_30d"], rows))
    _create_indexes(conn, table)


def _insert_per_group(
    conn: Connection, table: Table, per_group: Select, keys: Sequence[str]
) -> None:
    """``per_group`` run for each distinct value of the scratch users' ``keys`` (bound
    parameters of the same names), its rows gathered, then inserted into ``table`` in key
    order."""
    scratch = _scratch_rollups[table]
    parameters = _groups(conn, keys)
    names = [c.name for c in scratch.c]
    if parameters:
        conn.execute(insert(scratch).from_select(names, per_group), parameters)
    key_order = [scratch.c[c.name] for c in table.primary_key.columns]
    conn.execute(insert(table).from_select(names, select(*scratch.c).order_by(*key_order)))


def _dimension_parameters() -> tuple[list[ColumnElement], ColumnElement[bool]]:
    """Bound user attributes, and the condition selecting the scratch users that have them."""
    su = _scratch_users.c
    bound = [bindparam(name, type_=SqlString) for name in DIMENSIONS]
    return [value.label(value.key) for value in bound], and_(
        *(su[value.key] == value for value in bound)
    )


def _insert_registrations(conn: Connection) -> None:
    """Grouped in the order of the scratch users' attribute index, which holds all it needs."""
    su = _scratch_users.c
    dimensions = [su[name] for name in DIMENSIONS]
    per_day = (
        select(
            su.registered_on.label("day"),
            *dimensions,
            func.count().label("new_users"),
            func.sum(su.activated_30d).label("activated_30d"),
        )
        .group_by(*dimensions, su.registered_on)
        .subquery()
    )
    table = rollup_registrations
    rows = select(*per_day.c).order_by(*(per_day.c[c.name] for c in table.primary_key.columns))
    conn.execute(insert(table).from_select(table.c.keys(), rows))


def _collect_user_months(conn: Connection) -> None:
    """Each user's months: the first day and the day mask, read in key order (user, day), so
    that each row is added to or updates the last user-month row written."""
    table = _scratch_user_months
    day = _a.activity_date
    rows = (
        select(_a.user_id, month_of(day), day, _day_bit(day))
        .where(true())  # SQLite reads ON CONFLICT after a bare FROM as a join's ON
        .order_by(_a.user_id, day)
    )
    statement = sqlite_insert(table).from_select([c.name for c in table.columns], rows)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.user_id, table.c.month],
        set_={"day_mask": table.c.day_mask.bitwise_or(statement.excluded.day_mask)},
    )
    conn.execute(statement)


def _insert_user_months(conn: Connection) -> None:
    order, m = _scratch_user_month_order, _scratch_user_months.c
    conn.execute(
        insert(order).from_select(
            ["user_id", "month", "day_mask"],
            select(m.user_id, m.month, m.day_mask).order_by(m.user_id, m.month),
        )
    )
    this, before, after = order.alias("this"), order.alias("before"), order.alias("after")
    su = _scratch_users.c

    def beside(other, step: int) -> ColumnElement[bool]:
        return (other.c.seq == this.c.seq + step) & (other.c.user_id == this.c.user_id)

    rows = select(
        this.c.month,
        su.branch_id,
        su.segment,
        su.channel,
        this.c.user_id,
        month_of(su.registered_on),
        this.c.day_mask,
        func.coalesce(before.c.month, NO_MONTH),
        func.coalesce(before.c.day_mask, 0),
        func.coalesce(after.c.month, NO_MONTH),
        func.coalesce(after.c.day_mask, 0),
    ).select_from(
        this.join(_scratch_users, su.user_id == this.c.user_id)
        .outerjoin(before, beside(before, -1))
        .outerjoin(after, beside(after, 1))
    )
    table = rollup_user_months
    conn.execute(insert(table).from_select([c.name for c in table.columns], rows))


def _insert_activity_per_dimensions(conn: Connection) -> None:
    su = _scratch_users.c
    dimensions, same_dimensions = _dimension_parameters()
    per_day = (
        select(
            _a.activity_date,
            *dimensions,
            func.count(),
            func.sum(_a.transactions),
            func.sum(_a.amount_cents),
        )
        .select_from(_scratch_users.join(wallet_activity, _a.user_id == su.user_id))
        .where(same_dimensions)
        .group_by(_a.activity_date)
    )
    _insert_per_group(conn, rollup_activity, per_day, DIMENSIONS)


def _insert_staff_days_per_staff(conn: Connection) -> None:
    su, m = _scratch_users.c, _scratch_user_months.c
    staff_id, branch_id = (bindparam(name, type_=SqlString) for name in ("staff_id", "branch_id"))
    theirs = (su.staff_id == staff_id) & (su.branch_id == branch_id)

    def counts(day, new_users=0, first_active=0, transactions=None) -> list[ColumnElement]:
        given = {"new_users": new_users, "first_active": first_active}
        return [
            day.label("day"),
            *(literal(value, SqlInteger).label(name) for name, value in given.items()),
            (literal(0, SqlInteger) if transactions is None else transactions).label("tx"),
        ]

    parts = union_all(
        select(*counts(_a.activity_date, transactions=_a.transactions))
        .select_from(_scratch_users.join(wallet_activity, _a.user_id == su.user_id))
        .where(theirs),
        select(*counts(m.first_day, first_active=1))
        .select_from(_scratch_users.join(_scratch_user_months, m.user_id == su.user_id))
        .where(theirs),
        select(*counts(su.registered_on, new_users=1)).where(theirs),
    ).subquery()
    day, new_users, first_active, transactions = parts.c
    per_day = select(
        day,
        staff_id.label("staff_id"),
        branch_id.label("branch_id"),
        func.sum(new_users),
        func.sum(first_active),
        func.sum(transactions),
    ).group_by(day)
    _insert_per_group(conn, rollup_staff_days, per_day, ("staff_id", "branch_id"))


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
    """From SQLite's ``YYYY-MM-DD`` text, cheaper than parsing it with ``strftime``."""
    (value,) = list(element.clauses)
    return f"CAST(substr({compiler.process(value, **kw)}, 9, 2) AS INTEGER)"


def _day_bit(day: ColumnElement) -> ColumnElement[int]:
    """Bit d-1 for a day d of its month (a day mask's bit)."""
    return literal(1).bitwise_lshift(_day_of_month(day) - 1)


class _first_day_of_mask(FunctionElement):  # noqa: N801 - reads as a SQL function
    """The date of the lowest day set in a non-zero day mask of month ``YYYY-MM``."""

    type = SqlDate()
    inherit_cache = True


_DAY_NUMBER_BITS = (
    (0x7FFF0000, 16),
    (0x7F00FF00, 8),
    (0x70F0F0F0, 4),
    (0x4CCCCCCC, 2),
    (0x2AAAAAAA, 1),
)
"""For each binary digit of k (by its weight), the day bits 2**k (k = 0 to 30) whose k has
that digit: ANDed with the lowest set bit of a day mask, they spell out its k, the day less one."""


def _lowest_day_number(mask: str, weight: Callable[[str, int], str]) -> str:
    """SQL for the day of the lowest bit set in ``mask``; ``weight(part, n)`` is ``n`` when
    ``part`` is not zero, else 0."""
    lowest = f"({mask} & -{mask})"
    return " + ".join(["1", *(weight(f"({lowest} & {bits})", n) for bits, n in _DAY_NUMBER_BITS)])


@compiles(_first_day_of_mask)
def _first_day_of_mask_default(element, compiler, **kw):
    month, mask = (compiler.process(value, **kw) for value in element.clauses)
    day = _lowest_day_number(mask, lambda part, n: f"(CASE WHEN {part} <> 0 THEN {n} ELSE 0 END)")
    return f"(CAST({month} || '-01' AS DATE) + ({day}) - 1)"


@compiles(_first_day_of_mask, "sqlite")
def _first_day_of_mask_sqlite(element, compiler, **kw):
    month, mask = (compiler.process(value, **kw) for value in element.clauses)
    day = _lowest_day_number(mask, lambda part, n: f"({part} <> 0) * {n}")
    return f"printf('%s-%02d', {month}, {day})"


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

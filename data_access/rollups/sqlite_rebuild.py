"""Every rollup at once on SQLite.

SQLite has no hash aggregate: grouping all activity by day sorts every row in one sort, which
slows down badly as the table grows. Here the activity is read once in key order for the
user-month rows, and per combination of user attributes (or per member of staff) for the
daily rollups, so that each sort holds a few thousand rows; those results are gathered in
temporary tables and inserted in the rollups' key order.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    func,
    insert,
    literal,
    literal_column,
    select,
    true,
    union_all,
)
from sqlalchemy import Date as SqlDate
from sqlalchemy import Integer as SqlInteger
from sqlalchemy import String as SqlString
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.schema import CreateTable, DropTable

from data_access.rollups.common import DIMENSIONS, NO_MONTH, Days, was_activated
from data_access.rollups.incremental import (
    months_of,
    refresh_arrivals,
    refresh_outreach_registrations,
    refresh_period_rollups,
    refresh_registration_months,
)
from data_access.rollups.sql import day_bit_of
from data_access.schema import (
    rollup_activity,
    rollup_registrations,
    rollup_staff_days,
    rollup_user_months,
    wallet_activity,
    wallet_users,
)
from data_access.sql_functions import month_of

_u, _a = wallet_users.c, wallet_activity.c


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


def rebuild_sqlite(conn: Connection) -> None:
    every = Days.everything()
    for table in _scratch.sorted_tables:
        conn.execute(CreateTable(table))
    _copy_users(conn)
    _insert_registrations(conn)
    refresh_registration_months(conn, every)
    _collect_user_months(conn)
    _insert_user_months(conn)
    _insert_activity_per_dimensions(conn)
    _insert_staff_days_per_staff(conn)
    refresh_outreach_registrations(conn, every)
    for table in reversed(_scratch.sorted_tables):
        conn.execute(DropTable(table))
    refresh_arrivals(conn, months_of(conn, every))
    refresh_period_rollups(conn, every)


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
    activated = case((was_activated(_u.user_id, _u.registered_on), 1), else_=0)
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
        select(_a.user_id, month_of(day), day, day_bit_of(day))
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

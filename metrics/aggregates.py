"""SQL building blocks shared by the metric modules."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, FromClause, Join, and_, case, func, select, true
from sqlalchemy.sql.elements import True_

from data_access import Database, Filters
from data_access.schema import complaints, wallet_users


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """The number of rows for which ``condition`` holds (portable ``COUNT ... FILTER``)."""
    return func.count(case((condition, 1)))


def with_user(table: FromClause) -> Join:
    """``table`` joined to the wallet user each of its rows belongs to."""
    return table.join(wallet_users, table.c.user_id == wallet_users.c.user_id)


def with_user_lookup(db: Database, table: FromClause) -> tuple[Join, FromClause]:
    """``(table joined to its rows' users, the users)``, each row's user read by its key; the
    users' ``branch_id``, ``segment`` and ``channel`` serve ``Database.user_condition``.

    For a period's few thousand survey or complaint rows, PostgreSQL's planner prefers hashing
    all 1.2 million users at scale 46 (330-360 ms for the 42 days of a campaign's windows on
    the shared machine) to a lookup per row (110-300 ms), and its parallel workers take the
    other core meanwhile. A ``LATERAL`` subquery with ``LIMIT 1`` (the user id is the key)
    is not merged into the join, so it stays a lookup per row. SQLite looks up per row anyway.
    """
    u = wallet_users.c
    if db.dialect != "postgresql":
        return with_user(table), wallet_users
    user = (
        select(u.branch_id, u.segment, u.channel)
        .where(u.user_id == table.c.user_id)
        .limit(1)
        .lateral("user_of_row")
    )
    return table.join(user, true()), user


def of_users(
    db: Database, table: FromClause, filters: Filters, *, need_user: bool = False
) -> tuple[FromClause, ColumnElement[bool]]:
    """``(from clause, condition)`` selecting the rows of ``table`` (rows of wallet users, by
    ``user_id``) whose user is in F and in the viewer's scope.

    When that is every user and ``need_user`` is false, the join to the user is left out: it
    would keep every row (each row's user exists, by foreign key) and costs a lookup per row.
    """
    condition = db.user_condition(filters)
    if isinstance(condition, True_) and not need_user:
        return table, condition
    return with_user(table), condition


def open_complaint_parts(as_of: date) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Complaints open at the end of ``as_of``, as two disjoint conditions: opened by then and
    never resolved, or opened by then and resolved after it.

    Queried apart (two counts, or a ``UNION ALL``), each reads its few rows through the
    resolution-day index. Written as one ``OR``, SQLite walks every complaint opened up to
    ``as_of`` instead (38,000 at scale 46: 20 ms against 0.3 ms).
    """
    c = complaints.c
    opened = c.opened_on <= as_of
    return and_(c.resolved_on.is_(None), opened), and_(c.resolved_on > as_of, opened)

"""SQL building blocks shared by the metric modules."""

from __future__ import annotations

from sqlalchemy import ColumnElement, FromClause, Join, case, func
from sqlalchemy.sql.elements import True_

from data_access import Database, Filters
from data_access.schema import wallet_users


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """The number of rows for which ``condition`` holds (portable ``COUNT ... FILTER``)."""
    return func.count(case((condition, 1)))


def with_user(table: FromClause) -> Join:
    """``table`` joined to the wallet user each of its rows belongs to."""
    return table.join(wallet_users, table.c.user_id == wallet_users.c.user_id)


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

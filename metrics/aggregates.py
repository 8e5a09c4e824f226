"""SQL building blocks shared by the metric modules."""

from __future__ import annotations

from sqlalchemy import ColumnElement, FromClause, Join, case, func

from data_access.schema import wallet_users


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """The number of rows for which ``condition`` holds (portable ``COUNT ... FILTER``)."""
    return func.count(case((condition, 1)))


def with_user(table: FromClause) -> Join:
    """``table`` joined to the wallet user each of its rows belongs to."""
    return table.join(wallet_users, table.c.user_id == wallet_users.c.user_id)

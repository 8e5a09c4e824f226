"""The viewer's branch scope applied to branch rows that are not users (teams, campaign groups).

Users are scoped by ``Database.user_condition``; this is its counterpart for a
bare ``branch_id`` column, so that a viewer never sees a team or a branch count
from outside the branches they may see.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, true

from data_access import Database


def branch_in_scope(db: Database, branch_column) -> ColumnElement[bool]:
    branches = db.scope.branches
    if branches is None:
        return true()
    return branch_column.in_(sorted(branches)) if branches else false()

"""What the rollup modules share: the activation window, the user attributes the rollups are
grouped by, sets of days (``Days``), calendar months and replacing a rollup's rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Connection, delete, exists, false, insert, or_, true

from data_access.months import month_end
from data_access.schema import wallet_activity, wallet_users
from data_access.sql_functions import add_days

ACTIVATION_DAYS = 30
"""A user is activated when active 0 to ``ACTIVATION_DAYS - 1`` days after registering."""

_u, _a = wallet_users.c, wallet_activity.c
USER_DIMENSIONS = (_u.branch_id, _u.segment, _u.channel)
ACTIVITY_WITH_USER = wallet_activity.join(wallet_users, _a.user_id == _u.user_id)


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
            for n in range((month_end(first) - first).days + 1)
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


def replace_rows(conn: Connection, table, where: ColumnElement[bool], rows) -> None:
    conn.execute(delete(table).where(where))
    conn.execute(insert(table).from_select([c.name for c in table.columns], rows))


def was_activated(user_id: ColumnElement, registered_on: ColumnElement) -> ColumnElement[bool]:
    """The user was active 0 to ``ACTIVATION_DAYS - 1`` days after registering."""
    last = add_days(registered_on, ACTIVATION_DAYS - 1)
    return exists().where(_a.user_id == user_id, _a.activity_date.between(registered_on, last))


ALL_DAYS = (1 << 31) - 1
NO_MONTH = ""
"""``prev_month``/``next_month`` of a user's first/last month with activity (sorts first)."""
DIMENSIONS = ("branch_id", "segment", "channel")

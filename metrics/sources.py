"""Where measures come from: each source counts its rows in the database, per group of keys.

A measure is a count or a sum over one source's rows (``EventSource.measures``), named once
here; the metric declarations (``metrics.definitions``) combine measures into KPIs and the
engine (``metrics.engine``) asks each source for the measures it needs. A source returns one
row per group it finds (``key columns + measure columns``); the engine zero-fills and joins.

The rules that decide what a row counts as (a satisfied CSAT, a promoter, a complaint resolved
in time) are constants here, used by the SQL and by Python alike (``nps_group``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import pandas as pd
from sqlalchemy import ColumnElement, FromClause, Select, Table, case, func, select

from data_access import Database, Filters
from data_access.rollups import active_users as rollup_active_users
from data_access.rollups import distinct_active_users, whole_period
from data_access.rollups import registered_by as rollup_registered_by
from data_access.schema import (
    branches,
    complaints,
    market_share,
    rollup_active_periods,
    rollup_activity,
    rollup_registrations,
    rollup_staff_days,
    staff,
    surveys,
    wallet_users,
)
from data_access.sql_functions import day_diff
from metrics.aggregates import count_if, of_users, open_complaint_parts
from metrics.keys import Dimension, Key, Team
from metrics.months import month_text
from metrics.period import Period

SATISFIED_FROM = 4
"""A CSAT score (1-5) of at least this is satisfied."""
PROMOTER_FROM = 9
"""An NPS score (0-10) of at least this is a promoter's."""
DETRACTOR_UP_TO = 6
"""An NPS score of at most this is a detractor's; those between are passives'."""
RESOLVED_WITHIN_DAYS = 7
"""A complaint resolved at most this many days after opening was resolved in time."""


def nps_group(score: int) -> str:
    """``promoters``, ``passives`` or ``detractors``: the group an NPS score belongs to."""
    if score >= PROMOTER_FROM:
        return "promoters"
    return "detractors" if score <= DETRACTOR_UP_TO else "passives"


Aggregate = Callable[[Any], ColumnElement[Any]]
"""A measure's SQL: an aggregate over the columns (``rows``) of one source's selected rows."""


class Source(Protocol):
    """Rows that measures count, and the groupings they can be counted by."""

    @property
    def measures(self) -> Sequence[str]:
        """The measures this source computes."""

    def supports(self, keys: Sequence[Key]) -> bool:
        """Whether the source can group its rows by ``keys``."""

    def frame(
        self, db: Database, period: Period, filters: Filters, keys: Sequence[Key], wanted: list[str]
    ) -> pd.DataFrame:
        """Key columns and the ``wanted`` measures, one row per group found (one row for no
        keys)."""


def _user_keys(keys: Sequence[Key]) -> bool:
    """Only time buckets and user attributes."""
    return all(key.is_time or isinstance(key, Dimension) for key in keys)


def _attribute_keys(keys: Sequence[Key]) -> bool:
    """Only user attributes."""
    return all(isinstance(key, Dimension) for key in keys)


@dataclass(frozen=True, eq=False)
class EventSource:
    """Rows dated by ``event_date`` (``period`` selects them) of a table whose user attributes
    are its own columns (a rollup, ``own_users``) or its user's (a table of rows by
    ``user_id``). ``rows`` are the columns the measures aggregate; ``values`` name row columns
    whose distribution can be read (``histogram``)."""

    table: Table
    event_date: str
    rows: Mapping[str, ColumnElement[Any]]
    aggregates: Mapping[str, Aggregate]
    own_users: bool = False
    values: Sequence[str] = field(default=())

    @property
    def measures(self) -> Sequence[str]:
        return tuple(self.aggregates)

    def supports(self, keys: Sequence[Key]) -> bool:
        return _user_keys(keys)

    def frame(
        self, db: Database, period: Period, filters: Filters, keys: Sequence[Key], wanted: list[str]
    ) -> pd.DataFrame:
        aggregates = self.aggregates
        return self._grouped(
            db, period, filters, keys, lambda c: {name: aggregates[name](c) for name in wanted}
        )

    def histogram(
        self, db: Database, period: Period, filters: Filters, keys: Sequence[Key], value: str
    ) -> pd.DataFrame:
        """Key columns, ``value`` and ``count``: how many rows have each non-null value."""
        return self._grouped(
            db, period, filters, keys, lambda c: {"count": func.count()}, by_value=value
        )

    def _grouped(
        self,
        db: Database,
        period: Period,
        filters: Filters,
        keys: Sequence[Key],
        aggregates: Callable[[Any], Mapping[str, ColumnElement[Any]]],
        by_value: str | None = None,
    ) -> pd.DataFrame:
        """Aggregate the period's rows per group of ``keys`` (and of ``by_value``).

        The database groups by each key's column; ``decode`` may map several of its values to
        one group (a time key's days to their bucket, which is cheaper than computing the
        bucket per row in SQL), so the measures, all counts and sums, are added up again per
        group. When the filters, the scope and the keys leave every user in, the join to the
        users is left out (``aggregates.of_users``).
        """
        source: FromClause = self.table
        users: FromClause = self.table if self.own_users else wallet_users
        condition = db.user_condition(filters, users=users)
        if not self.own_users:
            needs_user = any(not key.is_time for key in keys)
            source, condition = of_users(db, source, filters, need_user=needs_user)
        if any(key.joins_branches for key in keys):
            source = source.join(branches, users.c.branch_id == branches.c.branch_id)
        event_date = self.table.c[self.event_date]
        labels = [f"k{i}" for i in range(len(keys))]
        columns = [
            key.column(event_date, users).label(k) for key, k in zip(keys, labels, strict=True)
        ]
        where = [event_date.between(period.start, period.end)]
        groups = list(labels)
        if by_value is not None:
            where.append(self.rows[by_value].is_not(None))
            groups.append(by_value)
        inner = (
            select(*columns, *(expression.label(name) for name, expression in self.rows.items()))
            .select_from(source)
            .where(condition, *where)
            .subquery()
        )
        measures = aggregates(inner.c)
        statement: Select = select(
            *(inner.c[name] for name in groups),
            *(expression.label(name) for name, expression in measures.items()),
        ).select_from(inner)
        if groups:
            statement = statement.group_by(*(inner.c[name] for name in groups))
        names = [key.name for key in keys]
        decode: list[Callable[[Any], Any]] = [key.decode for key in keys]
        if by_value is not None:
            names.append(by_value)
            decode.append(as_count)
        found = counted(db.rows(statement), names, list(measures), decode)
        if any(key.is_time for key in keys):
            found = found.groupby(names, as_index=False)[list(measures)].sum()
        return found


def as_count(value: Any) -> int:
    """An SQL count or sum as an int; ``NULL`` (pandas reads it as NaN) is 0."""
    return 0 if value is None or pd.isna(value) else int(value)


def counted(
    rows: Iterable[Sequence[Any]], keys: Sequence[str], counts: Sequence[str], decode: Any = None
) -> pd.DataFrame:
    """A frame of database ``rows``: the ``keys`` columns (each value through
    ``decode[i]``, when given), then the ``counts`` columns as ints (``NULL`` is 0), converted
    in Python and built at once (a frame per column operation costs more than the query)."""
    width = len(keys)
    decoders = decode or [None] * width
    values = [
        (
            *(raw if d is None else d(raw) for d, raw in zip(decoders, row[:width], strict=True)),
            *(as_count(value) for value in row[width:]),
        )
        for row in rows
    ]
    frame = pd.DataFrame(values, columns=[*keys, *counts])
    # Python ints make int64 columns already; only an empty frame needs the type.
    return frame if values else frame.astype(dict.fromkeys(counts, "int64"))


_r, _a, _s = rollup_registrations.c, rollup_activity.c, surveys.c

REGISTRATIONS = EventSource(
    rollup_registrations,
    "day",
    rows={"new_users": _r.new_users, "activated_30d": _r.activated_30d},
    aggregates={
        "new_users": lambda c: func.sum(c.new_users),
        "activated": lambda c: func.sum(c.activated_30d),
    },
    own_users=True,
)
"""Users registered in the period, and those of them active 0 to 29 days after (daily rollup)."""

ACTIVITY = EventSource(
    rollup_activity,
    "day",
    rows={
        "user_days": _a.active_users,
        "transactions": _a.transactions,
        "amount_cents": _a.amount_cents,
    },
    aggregates={
        # One activity row per user and day: the rows are the sum of the daily actives.
        "user_days": lambda c: func.sum(c.user_days),
        "transactions": lambda c: func.sum(c.transactions),
        "amount_cents": lambda c: func.sum(c.amount_cents),
    },
    own_users=True,
)
"""Activity in the period (daily rollup): user-days, transactions, amount in cents."""

SURVEYS = EventSource(
    surveys,
    "responded_on",
    rows={"csat": _s.csat, "nps": _s.nps},
    aggregates={
        "responses": lambda c: func.count(),
        "csat_responses": lambda c: func.count(c.csat),
        "csat_sum": lambda c: func.sum(c.csat),
        # For the CSAT interval (metrics.uncertainty): the sample variance needs the squares.
        "csat_sum_of_squares": lambda c: func.sum(c.csat * c.csat),
        "satisfied": lambda c: count_if(c.csat >= SATISFIED_FROM),
        "nps_responses": lambda c: func.count(c.nps),
        "promoters": lambda c: count_if(c.nps >= PROMOTER_FROM),
        "passives": lambda c: count_if(c.nps.between(DETRACTOR_UP_TO + 1, PROMOTER_FROM - 1)),
        "detractors": lambda c: count_if(c.nps <= DETRACTOR_UP_TO),
        "net_promoters": lambda c: func.sum(
            case((c.nps >= PROMOTER_FROM, 1), (c.nps <= DETRACTOR_UP_TO, -1), else_=0)
        ),
    },
)
"""Survey responses in the period."""

COMPLAINTS = EventSource(
    complaints,
    "opened_on",
    rows={"resolution_days": day_diff(complaints.c.opened_on, complaints.c.resolved_on)},
    aggregates={
        "complaints": lambda c: func.count(),
        # Unresolved complaints have no resolution days, so count as not resolved in time.
        "resolved_within_7d": lambda c: count_if(c.resolution_days <= RESOLVED_WITHIN_DAYS),
    },
    values=("resolution_days",),
)
"""Complaints opened in the period; ``resolution_days`` of the resolved ones."""


@dataclass(frozen=True)
class DistinctActiveUsers:
    """``active_users``: the distinct users active in each group's days (a time bucket clipped
    to the period, else the period), read from the rollup that holds exactly that span: one day
    from the daily activity rollup, a whole calendar week or month from the weekly and monthly
    ones, any other span through ``rollups.active_users`` (the period alone:
    ``rollups.distinct_active_users``; time buckets: all of them in a few queries). User attributes are grouped by their
    columns in the rollups; regions are summed from branches (a user has one branch)."""

    measures: Sequence[str] = ("active_users",)

    def supports(self, keys: Sequence[Key]) -> bool:
        return _user_keys(keys)

    def frame(
        self, db: Database, period: Period, filters: Filters, keys: Sequence[Key], wanted: list[str]
    ) -> pd.DataFrame:
        time = next((key for key in keys if key.is_time), None)
        by = rollup_columns(keys)
        if time is None:
            statement = distinct_active_users(
                period.start, period.end, lambda table: db.user_condition(filters, users=table), by
            )
            counts = counted(db.rows(statement), by, ["active_users"])
        else:
            counts = _active_users_in_spans(db, filters, _time_spans(time), by)
            counts[time.name] = counts["span"]
        return summed(db, counts, [key.name for key in keys], "active_users")


@dataclass(frozen=True)
class UsersRegisteredBy:
    """``total_users``: users registered on or before the period's last day
    (``rollups.registered_by``)."""

    measures: Sequence[str] = ("total_users",)

    def supports(self, keys: Sequence[Key]) -> bool:
        return _attribute_keys(keys)

    def frame(
        self, db: Database, period: Period, filters: Filters, keys: Sequence[Key], wanted: list[str]
    ) -> pd.DataFrame:
        return users_registered_by(db, period.end, filters, keys)


def users_registered_by(
    db: Database, end: date, filters: Filters, keys: Sequence[Key]
) -> pd.DataFrame:
    """``total_users`` per group of user attributes ``keys``: users registered up to ``end``."""
    by = rollup_columns(keys)
    statement = rollup_registered_by(end, lambda table: db.user_condition(filters, users=table), by)
    found = counted(db.rows(statement), by, ["total_users"])
    return summed(db, found, [key.name for key in keys], "total_users")


@dataclass(frozen=True)
class OpenComplaints:
    """``complaints_open_at_end``: complaints opened by the period's last day and not resolved
    by then, counted in two parts that each read their few rows through an index
    (``aggregates.open_complaint_parts``)."""

    measures: Sequence[str] = ("complaints_open_at_end",)

    def supports(self, keys: Sequence[Key]) -> bool:
        return _attribute_keys(keys)

    def frame(
        self, db: Database, period: Period, filters: Filters, keys: Sequence[Key], wanted: list[str]
    ) -> pd.DataFrame:
        rows, of_filters = of_users(db, complaints, filters, need_user=bool(keys))
        if any(key.joins_branches for key in keys):
            rows = rows.join(branches, wallet_users.c.branch_id == branches.c.branch_id)
        columns = [key.column(complaints.c.opened_on, wallet_users) for key in keys]
        names = [key.name for key in keys]
        found: list[tuple[Any, ...]] = []
        for part in open_complaint_parts(period.end):
            statement = select(*columns, func.count()).select_from(rows).where(part, of_filters)
            if columns:
                statement = statement.group_by(*columns)
            found += [tuple(row) for row in db.rows(statement)]
        if not names:
            return counted([(sum(count for (count,) in found),)], [], self.measures)
        frame = counted(found, names, self.measures)
        return frame.groupby(names, as_index=False)[list(self.measures)].sum()


def _market_own(m: Any) -> ColumnElement[Any]:
    return func.sum(case((m.is_own == 1, m.transactions), else_=0))


MARKET_AGGREGATES: Mapping[str, Aggregate] = {
    "own_transactions": _market_own,
    "market_transactions": lambda m: func.sum(m.transactions),
}
"""Payment transactions in market data: the bank's own, and every provider's."""


def market_rows(period: Period, db: Database, filters: Filters) -> list[ColumnElement[bool]]:
    """The market rows of the months overlapping the period, in F's regions."""
    m = market_share.c
    return [
        m.month.between(month_text(period.start), month_text(period.end)),
        db.market_region_condition(filters, m.region),
    ]


@dataclass(frozen=True)
class Market:
    """Market data: monthly transactions per region and provider. Grouped by region, or by
    branch (each branch of F's branches and regions, in scope, gets its region's figures)."""

    measures: Sequence[str] = tuple(MARKET_AGGREGATES)

    def supports(self, keys: Sequence[Key]) -> bool:
        return len(keys) == 0 or (
            len(keys) == 1
            and isinstance(keys[0], Dimension)
            and keys[0].name in ("region", "branch_id")
        )

    def frame(
        self, db: Database, period: Period, filters: Filters, keys: Sequence[Key], wanted: list[str]
    ) -> pd.DataFrame:
        m = market_share.c
        by = [m.region] if keys else []
        statement = select(*by, *(MARKET_AGGREGATES[name](m).label(name) for name in wanted))
        statement = statement.where(*market_rows(period, db, filters))
        if by:
            statement = statement.group_by(*by)
        names = ["region"] if keys else []
        frame = counted(db.rows(statement), names, wanted)
        if keys and keys[0].name == "branch_id":
            b = branches.c
            place = Filters(branches=filters.branches, regions=filters.regions)
            listed = db.rows(
                select(b.branch_id, b.region).where(db.user_condition(place, users=branches))
            )
            of_branch = pd.DataFrame(
                [tuple(row) for row in listed], columns=["branch_id", "region"]
            )
            frame = of_branch.merge(frame, on="region").drop(columns=["region"])
        return frame


@dataclass(frozen=True)
class StaffDays:
    """Team actuals from the staff rollup: the users whose staff belongs to the team, counted
    from a month's first day (``first_active`` is then exactly the distinct actives). Teams are
    not narrowed by user filters (only by the viewer's scope)."""

    measures: Sequence[str] = ("new_users", "active_users", "transactions")

    def supports(self, keys: Sequence[Key]) -> bool:
        return len(keys) == 1 and isinstance(keys[0], Team)

    def frame(
        self, db: Database, period: Period, filters: Filters, keys: Sequence[Key], wanted: list[str]
    ) -> pd.DataFrame:
        assert period.start.day == 1, period
        (team_key,) = keys
        assert isinstance(team_key, Team)
        r, team = rollup_staff_days.c, staff.c.team_id
        columns = {
            "new_users": func.sum(r.new_users),
            "active_users": func.sum(r.first_active),
            "transactions": func.sum(r.transactions),
        }
        statement = (
            select(team, *(columns[name] for name in wanted))
            .select_from(rollup_staff_days.join(staff, r.staff_id == staff.c.staff_id))
            .where(
                r.day.between(period.start, period.end),
                team.in_(team_key.teams),
                db.user_condition(Filters(), users=rollup_staff_days),
            )
            .group_by(team)
        )
        return counted(db.rows(statement), ["team_id"], wanted)


SOURCES: tuple[Source, ...] = (
    REGISTRATIONS,
    ACTIVITY,
    DistinctActiveUsers(),
    SURVEYS,
    COMPLAINTS,
    UsersRegisteredBy(),
    OpenComplaints(),
    Market(),
    StaffDays(),
)
"""Every source, in the order the engine tries them for a measure and a grouping."""

HISTOGRAMS: Mapping[str, EventSource] = {
    value: source
    for source in SOURCES
    if isinstance(source, EventSource)
    for value in source.values
}
"""The source of each value whose distribution (and median) can be read."""


def rollup_columns(keys: Sequence[Key]) -> list[str]:
    """The rollup columns the user attributes among ``keys`` are grouped from (a region's
    branches)."""
    names = {"branch_id" if key.name == "region" else key.name for key in keys if not key.is_time}
    return sorted(names)


def summed(db: Database, found: pd.DataFrame, names: list[str], measure: str) -> pd.DataFrame:
    """``found`` (grouped by rollup columns) summed per group of ``names``: counts of users add
    up over branches, as a user has one branch."""
    if "region" in names:
        regions = dict(db.rows(select(branches.c.branch_id, branches.c.region)))
        found["region"] = found["branch_id"].map(regions)
    if not names:
        return pd.DataFrame({measure: [int(found[measure].sum())]})
    return found.groupby(names, as_index=False)[[measure]].sum()


def _time_spans(time: Key) -> dict[Any, tuple[date, date]]:
    """Every group of the time bucket key ``time``, with the first and last day it covers."""
    levels = time.levels()
    if levels is None:
        raise ValueError(f"time key {time.name!r} lists no groups")
    spans: dict[Any, tuple[date, date]] = {}
    for value in levels:
        span = time.span(value)
        if span is None:
            raise ValueError(f"time key {time.name!r} gives no days for {value!r}")
        spans[value] = span
    return spans


def _active_users_in_spans(
    db: Database, filters: Filters, spans: Mapping[Any, tuple[date, date]], by: Sequence[str]
) -> pd.DataFrame:
    """``span`` (the key of ``spans``), the ``by`` columns and ``active_users``: the days and
    the whole weeks and months (``rollups.whole_period``) each in one query."""
    single_days: dict[date, Any] = {}
    whole: dict[tuple[str, date], Any] = {}
    other: dict[Any, tuple[date, date]] = {}
    for value, (first, last) in spans.items():
        stored = whole_period(first, last)
        if stored is None:
            other[value] = (first, last)
        elif stored[0] == "day":
            single_days[first] = value
        else:
            whole[stored] = value

    def where(table: FromClause) -> ColumnElement[bool]:
        return db.user_condition(filters, users=table)

    found: list[tuple[Any, ...]] = []
    if single_days:
        r = rollup_activity.c
        statement = (
            select(r.day, *(r[name] for name in by), func.sum(r.active_users))
            .where(r.day.in_(sorted(single_days)), where(rollup_activity))
            .group_by(r.day, *(r[name] for name in by))
        )
        found += [(single_days[day], *rest) for day, *rest in db.rows(statement)]
    if whole:
        p = rollup_active_periods.c
        for grain in ("week", "month"):
            starts = sorted(start for g, start in whole if g == grain)
            if not starts:
                continue
            statement = (
                select(p.period_start, *(p[name] for name in by), func.sum(p.active_users))
                .where(p.grain == grain, p.period_start.in_(starts), where(rollup_active_periods))
                .group_by(p.period_start, *(p[name] for name in by))
            )
            found += [(whole[(grain, start)], *rest) for start, *rest in db.rows(statement)]
    for value, (first, last) in other.items():
        found += [(value, *row) for row in db.rows(rollup_active_users(first, last, where, by))]
    return counted(found, ["span", *by], ["active_users"])

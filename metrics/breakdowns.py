"""Summary metrics split into groups: by user attribute, by time bucket, or both.

A group is described by ``Key`` objects (``Dimension`` here, ``TimeBuckets`` in
``metrics.series``). Every query aggregates in the database and returns one row
per group; ratios are taken in pandas from the returned counts, with the same
definitions as ``metrics.summary`` (``NaN`` where the summary says ``null``).
Keys are small frozen values, so they can be part of a cache key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import product
from typing import Any, Literal, Protocol

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy import Date as SqlDate

from data_access import Database, Filters
from data_access.rollups import active_users as rollup_active_users
from data_access.rollups import registered_by as rollup_registered_by
from data_access.rollups import whole_period
from data_access.schema import (
    branches,
    complaints,
    market_share,
    rollup_active_periods,
    rollup_activity,
    rollup_registrations,
    surveys,
    wallet_users,
)
from data_access.sql_functions import day_diff
from metrics.aggregates import count_if, of_users, open_complaint_parts, with_user
from metrics.months import month_text, parse_month
from metrics.period import Period
from metrics.summary import RESOLVED_WITHIN_DAYS

BACKLOG_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0_7", 0, 7),
    ("8_30", 8, 30),
    ("31_90", 31, 90),
    ("91_plus", 91, None),
)
"""Open complaints by age in days: (band code, first day, last day or open-ended)."""


class Key(Protocol):
    """One grouping column of a breakdown."""

    @property
    def name(self) -> str:
        """The output column."""

    @property
    def joins_branches(self) -> bool:
        """Whether the column needs the branches table joined to the users."""

    @property
    def is_time(self) -> bool:
        """Whether the groups are time buckets (``days_in`` then gives their length)."""

    def column(self, event_date: ColumnElement[Any], users: FromClause) -> ColumnElement[Any]:
        """The SQL expression grouped by, given the date column of the counted event and the
        table holding the user attributes (``wallet_users`` or a rollup); ``decode`` maps its
        values to groups."""

    def decode(self, raw: Any) -> Any:
        """The group (its Python value) of one database value of ``column``."""

    def levels(self) -> Sequence[Any] | None:
        """Every group that must appear (zero-filled), or ``None`` for those found."""

    def days_in(self, value: Any) -> int | None:
        """The number of days a group covers, when the key is a time bucket."""

    def span(self, value: Any) -> tuple[date, date] | None:
        """The first and last day of the period a time bucket covers, else ``None``."""


DimensionName = Literal["segment", "channel", "branch_id", "region"]


@dataclass(frozen=True)
class Dimension:
    """A user attribute: the user's segment, channel, branch or branch's region."""

    name: DimensionName

    def __post_init__(self) -> None:
        if self.name not in ("segment", "channel", "branch_id", "region"):
            raise ValueError(f"unknown dimension {self.name!r}")

    @property
    def joins_branches(self) -> bool:
        return self.name == "region"

    @property
    def is_time(self) -> bool:
        return False

    def column(self, event_date: ColumnElement[Any], users: FromClause) -> ColumnElement[Any]:
        return branches.c.region if self.name == "region" else users.c[self.name]

    def decode(self, raw: Any) -> Any:
        return raw

    def levels(self) -> None:
        return None

    def days_in(self, value: Any) -> None:
        return None

    def span(self, value: Any) -> None:
        return None


def _grouped(
    db: Database,
    filters: Filters,
    keys: Sequence[Key],
    *,
    source: FromClause,
    event_date: ColumnElement[Any],
    where: Sequence[ColumnElement[bool]],
    rows: Mapping[str, ColumnElement[Any]],
    aggregates: Callable[[Any], Mapping[str, ColumnElement[Any]]],
    users: FromClause = wallet_users,
) -> pd.DataFrame:
    """Aggregate the rows of ``source`` per group of ``keys``. ``users`` holds the user
    attributes: a rollup's own columns (``users`` is ``source``), or ``wallet_users``, joined to
    the rows of ``source`` (a table of rows by ``user_id``) when the filters, the scope or a
    key needs it (``aggregates.of_users``).

    The database groups by each key's column; ``decode`` may map several of its values to one
    group (a time key's days to their bucket, which is cheaper than computing the bucket per
    row in SQL), so the measures, all counts and sums, are added up again per group.
    Aggregates come back as ints; groups a key requires but the data lacks are added with
    zeros.
    """
    condition = db.user_condition(filters, users=users)
    if users is wallet_users and source is not wallet_users:
        needs_user = any(not key.is_time for key in keys)
        source, condition = of_users(db, source, filters, need_user=needs_user)
    if any(key.joins_branches for key in keys):
        source = source.join(branches, users.c.branch_id == branches.c.branch_id)
    key_labels = [f"k{i}" for i in range(len(keys))]
    inner = (
        select(
            *(
                key.column(event_date, users).label(label)
                for key, label in zip(keys, key_labels, strict=True)
            ),
            *(expression.label(name) for name, expression in rows.items()),
        )
        .select_from(source)
        .where(condition, *where)
        .subquery()
    )
    measures = aggregates(inner.c)
    statement: Select = select(
        *(inner.c[label] for label in key_labels),
        *(expression.label(name) for name, expression in measures.items()),
    ).select_from(inner)
    if keys:
        statement = statement.group_by(*(inner.c[label] for label in key_labels))
    names = [key.name for key in keys]
    found = pd.DataFrame([tuple(row) for row in db.rows(statement)], columns=names + [*measures])
    for key in keys:
        found[key.name] = found[key.name].map(key.decode)
    for name in measures:
        found[name] = found[name].map(_count).astype("int64")
    if any(key.is_time for key in keys):
        found = found.groupby(names, as_index=False)[list(measures)].sum()
    return _complete(found, keys, list(measures))


def _count(value: Any) -> int:
    """An SQL count or sum as an int; ``NULL`` (pandas reads it as NaN) is 0."""
    return 0 if value is None or pd.isna(value) else int(value)


def _complete(found: pd.DataFrame, keys: Sequence[Key], measures: list[str]) -> pd.DataFrame:
    if not keys:
        return found
    names = [key.name for key in keys]
    levels = []
    for key in keys:
        required = key.levels()
        levels.append(required if required is not None else sorted(found[key.name].unique()))
    full = pd.DataFrame(list(product(*levels)), columns=names)
    merged = full.merge(found, on=names, how="left")
    merged[measures] = merged[measures].fillna(0).astype("int64")
    return merged


def _share(numerator: pd.Series, denominator: pd.Series, scale: float = 1.0) -> pd.Series:
    """``scale * numerator / denominator``, NaN where the divisor is 0."""
    return scale * numerator / denominator.where(denominator != 0)


def _in(period: Period, column: ColumnElement[Any]) -> ColumnElement[bool]:
    return column.between(period.start, period.end)


def registrations(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key] = ()
) -> pd.DataFrame:
    """``new_users`` per group: users registered in the period."""
    return _registered(db, filters, keys, _in(period, rollup_registrations.c.day))[
        [key.name for key in keys] + ["new_users"]
    ]


def users_registered_by(
    db: Database, end: date, filters: Filters, keys: Sequence[Dimension] = ()
) -> pd.DataFrame:
    """``total_users`` per group: users registered on or before ``end``."""
    by = _rollup_columns(keys)
    statement = rollup_registered_by(end, lambda table: db.user_condition(filters, users=table), by)
    found = pd.DataFrame([tuple(row) for row in db.rows(statement)], columns=[*by, "total_users"])
    found["total_users"] = found["total_users"].map(_count).astype("int64")
    return _summed(db, found, [key.name for key in keys], "total_users")


def _rollup_columns(keys: Sequence[Key]) -> list[str]:
    """The rollup columns the user attributes among ``keys`` are grouped from (a region's
    branches)."""
    names = {"branch_id" if key.name == "region" else key.name for key in keys if not key.is_time}
    return sorted(names)


def _summed(db: Database, found: pd.DataFrame, names: list[str], measure: str) -> pd.DataFrame:
    """``found`` (grouped by rollup columns) summed per group of ``names``: counts of users add
    up over branches, as a user has one branch."""
    if "region" in names:
        regions = dict(db.rows(select(branches.c.branch_id, branches.c.region)))
        found["region"] = found["branch_id"].map(regions)
    if not names:
        return pd.DataFrame({measure: [int(found[measure].sum())]})
    return found.groupby(names, as_index=False)[[measure]].sum()


def _registered(
    db: Database, filters: Filters, keys: Sequence[Key], when: ColumnElement[bool]
) -> pd.DataFrame:
    """``new_users`` and ``activated`` (active on day 0 to 29 after registering) per group of
    the users registered on the days ``when`` selects, from the daily registrations rollup."""
    r = rollup_registrations.c
    return _grouped(
        db,
        filters,
        keys,
        source=rollup_registrations,
        users=rollup_registrations,
        event_date=r.day,
        where=[when],
        rows={"new_users": r.new_users, "activated": r.activated_30d},
        aggregates=lambda c: {
            "new_users": func.sum(c.new_users),
            "activated": func.sum(c.activated),
        },
    )


def _days(frame: pd.DataFrame, keys: Sequence[Key], period: Period) -> pd.Series:
    """Days each group covers: its time bucket's days, else the whole period's."""
    for key in keys:
        if key.is_time:
            return frame[key.name].map(key.days_in).astype("int64")
    return pd.Series(period.days, index=frame.index, dtype="int64")


def activity(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key] = ()
) -> pd.DataFrame:
    """Per group: ``active_users``, ``avg_daily_active_users``, ``transactions``, ``amount``,
    ``tx_per_active_user`` and ``stickiness`` (average daily actives / active users,
    DAU/MAU when the groups are months)."""
    r = rollup_activity.c
    frame = _grouped(
        db,
        filters,
        keys,
        source=rollup_activity,
        users=rollup_activity,
        event_date=r.day,
        where=[_in(period, r.day)],
        rows={
            "user_days": r.active_users,
            "transactions": r.transactions,
            "amount_cents": r.amount_cents,
        },
        aggregates=lambda c: {
            "user_days": func.sum(c.user_days),
            "transactions": func.sum(c.transactions),
            "amount_cents": func.sum(c.amount_cents),
        },
    )
    names = [key.name for key in keys]
    distinct_users = _distinct_active_users(db, period, filters, keys)
    if names:
        frame = frame.merge(distinct_users, on=names, how="left")
        frame["active_users"] = frame["active_users"].fillna(0).astype("int64")
    else:
        frame["active_users"] = distinct_users["active_users"].astype("int64")
    frame = frame[[*names, "active_users", "user_days", "transactions", "amount_cents"]]
    frame["days"] = _days(frame, keys, period)
    # One activity row per user and day: the rows are the sum of the daily actives.
    frame["avg_daily_active_users"] = frame["user_days"] / frame["days"]
    frame["amount"] = (frame["amount_cents"] / 100).round(2)
    frame["tx_per_active_user"] = _share(frame["transactions"], frame["active_users"])
    frame["stickiness"] = _share(frame["avg_daily_active_users"], frame["active_users"])
    return frame.drop(columns=["user_days", "amount_cents"])


def _distinct_active_users(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key]
) -> pd.DataFrame:
    """``active_users`` per group of ``keys``: the distinct users active in the group's days.

    Each group's days (a time bucket clipped to the period, else the period) are read from
    the rollup that holds exactly that span: one day from the daily activity rollup, a whole
    calendar week or month from the weekly and monthly ones, any other span through
    ``rollups.active_users``. User attributes are grouped by their columns in the rollups;
    regions are summed from branches in pandas (a user has one branch, so counts add up).
    """
    time = next((key for key in keys if key.is_time), None)
    spans = _time_spans(time) if time is not None else {None: (period.start, period.end)}
    counts = _active_users_in_spans(db, filters, spans, _rollup_columns(keys))
    if time is not None:
        counts[time.name] = counts["span"]
    return _summed(db, counts, [key.name for key in keys], "active_users")


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
    frame = pd.DataFrame(found, columns=["span", *by, "active_users"])
    frame["active_users"] = frame["active_users"].map(_count).astype("int64")
    return frame


def activation(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key] = ()
) -> pd.DataFrame:
    """Per group of users registered in the period: ``new_users``, ``activated`` (active
    on day 0 to 29 after registering) and ``activation_rate_30d``; time keys group by
    registration date."""
    frame = _registered(db, filters, keys, _in(period, rollup_registrations.c.day))
    frame["activation_rate_30d"] = _share(frame["activated"], frame["new_users"])
    return frame


def satisfaction(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key] = ()
) -> pd.DataFrame:
    """Per group of the period's survey responses: counts of responses, CSAT scores,
    satisfied (4-5), NPS scores, promoters (9-10), passives (7-8), detractors (0-6),
    and ``csat_avg``, ``csat_satisfied_share``, ``nps``; ``csat_sum`` and
    ``csat_sum_of_squares`` are kept for intervals (``metrics.uncertainty``)."""
    s = surveys.c
    frame = _grouped(
        db,
        filters,
        keys,
        source=surveys,
        event_date=s.responded_on,
        where=[_in(period, s.responded_on)],
        rows={"csat": s.csat, "nps": s.nps},
        aggregates=lambda c: {
            "responses": func.count(),
            "csat_responses": func.count(c.csat),
            "csat_sum": func.sum(c.csat),
            "csat_sum_of_squares": func.sum(c.csat * c.csat),
            "satisfied": count_if(c.csat >= 4),
            "nps_responses": func.count(c.nps),
            "promoters": count_if(c.nps >= 9),
            "passives": count_if(c.nps.between(7, 8)),
            "detractors": count_if(c.nps <= 6),
        },
    )
    frame["csat_avg"] = _share(frame["csat_sum"], frame["csat_responses"])
    frame["csat_satisfied_share"] = _share(frame["satisfied"], frame["csat_responses"])
    frame["nps"] = _share(frame["promoters"] - frame["detractors"], frame["nps_responses"], 100)
    return frame


def complaint_counts(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key] = ()
) -> pd.DataFrame:
    """Per group of complaints opened in the period: ``complaints``, ``resolved_within_7d``
    and ``complaints_resolved_within_7d_share`` (open ones count as not resolved)."""
    c = complaints.c
    within = and_(
        c.resolved_on.is_not(None),
        day_diff(c.opened_on, c.resolved_on) <= RESOLVED_WITHIN_DAYS,
    )
    frame = _grouped(
        db,
        filters,
        keys,
        source=complaints,
        event_date=c.opened_on,
        where=[_in(period, c.opened_on)],
        rows={"within": case((within, 1), else_=0)},
        aggregates=lambda cols: {
            "complaints": func.count(),
            "resolved_within_7d": func.sum(cols.within),
        },
    )
    frame["complaints_resolved_within_7d_share"] = _share(
        frame["resolved_within_7d"], frame["complaints"]
    )
    return frame


def complaint_rates(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key] = ()
) -> pd.DataFrame:
    """``complaint_counts`` with the group's ``active_users`` and
    ``complaints_per_10k_active``."""
    names = [key.name for key in keys]
    counts = complaint_counts(db, period, filters, keys)
    active = activity(db, period, filters, keys)[[*names, "active_users"]]
    frame = counts.merge(active, on=names, how="outer") if names else counts.join(active)
    totals = ["complaints", "resolved_within_7d", "active_users"]
    frame[totals] = frame[totals].fillna(0).astype("int64")
    frame["complaints_per_10k_active"] = _share(frame["complaints"], frame["active_users"], 10000)
    return frame


def score_distribution(
    db: Database, period: Period, filters: Filters, score: Literal["csat", "nps"]
) -> pd.DataFrame:
    """``score, responses`` for every possible score (CSAT 1-5, NPS 0-10), zeros included."""
    column = {"csat": surveys.c.csat, "nps": surveys.c.nps}[score]
    rows, of_filters = of_users(db, surveys, filters)
    statement = (
        select(column, func.count())
        .select_from(rows)
        .where(_in(period, surveys.c.responded_on), column.is_not(None), of_filters)
        .group_by(column)
    )
    counts = {int(value): int(n) for value, n in db.rows(statement)}
    scores = range(1, 6) if score == "csat" else range(0, 11)
    return pd.DataFrame(
        {"score": list(scores), "responses": [counts.get(value, 0) for value in scores]}
    )


def complaint_categories(db: Database, period: Period, filters: Filters) -> pd.DataFrame:
    """``category, complaints, share`` of the period's complaints, most frequent first."""
    c = complaints.c
    rows, of_filters = of_users(db, complaints, filters)
    statement = (
        select(c.category, func.count().label("complaints"))
        .select_from(rows)
        .where(_in(period, c.opened_on), of_filters)
        .group_by(c.category)
    )
    frame = pd.DataFrame(
        [tuple(row) for row in db.rows(statement)], columns=["category", "complaints"]
    )
    frame["complaints"] = frame["complaints"].astype("int64")
    frame["share"] = _share(frame["complaints"], pd.Series(frame["complaints"].sum(), frame.index))
    return frame.sort_values(["complaints", "category"], ascending=[False, True], ignore_index=True)


def resolution_days(db: Database, period: Period, filters: Filters) -> pd.DataFrame:
    """``days, complaints``: days from opening to resolution of the period's resolved complaints."""
    c = complaints.c
    days = day_diff(c.opened_on, c.resolved_on).label("days")
    rows, of_filters = of_users(db, complaints, filters)
    inner = (
        select(days)
        .select_from(rows)
        .where(_in(period, c.opened_on), c.resolved_on.is_not(None), of_filters)
        .subquery()
    )
    statement = select(inner.c.days, func.count()).group_by(inner.c.days).order_by(inner.c.days)
    return pd.DataFrame(
        [(int(d), int(n)) for d, n in db.rows(statement)], columns=["days", "complaints"]
    )


def backlog_ages(db: Database, as_of: date, filters: Filters) -> pd.DataFrame:
    """``age_band, complaints``: complaints open at the end of ``as_of`` by days since opening,
    bands in ``BACKLOG_BANDS`` order, zeros included."""
    c = complaints.c
    age = day_diff(c.opened_on, literal(as_of, SqlDate))
    band = case(
        *((age <= last, code) for code, _, last in BACKLOG_BANDS if last is not None),
        else_=BACKLOG_BANDS[-1][0],
    ).label("age_band")
    rows, of_filters = of_users(db, complaints, filters)
    inner = union_all(
        *(
            select(band).select_from(rows).where(part, of_filters)
            for part in open_complaint_parts(as_of)
        )
    ).subquery()
    counts = dict(db.rows(select(inner.c.age_band, func.count()).group_by(inner.c.age_band)))
    return pd.DataFrame(
        {
            "age_band": [code for code, _, _ in BACKLOG_BANDS],
            "complaints": [int(counts.get(code, 0)) for code, _, _ in BACKLOG_BANDS],
        }
    )


def open_complaints(db: Database, as_of: date, filters: Filters, limit: int = 500) -> pd.DataFrame:
    """The oldest ``limit`` complaints open at the end of ``as_of``: ``complaint_id, opened_on,
    age_days, category, branch_id, branch_name, segment``."""
    c, u, b = complaints.c, wallet_users.c, branches.c
    statement = (
        select(
            c.complaint_id,
            c.opened_on,
            day_diff(c.opened_on, literal(as_of, SqlDate)).label("age_days"),
            c.category,
            u.branch_id,
            b.branch_name,
            u.segment,
        )
        .select_from(with_user(complaints).join(branches, u.branch_id == b.branch_id))
        # One OR here: in order of opening, SQLite walks the opening day's index either way.
        .where(or_(*open_complaint_parts(as_of)), db.user_condition(filters))
        .order_by(c.opened_on, c.complaint_id)
        .limit(limit)
    )
    columns = ["complaint_id", "opened_on", "age_days", "category", "branch_id", "branch_name"]
    return pd.DataFrame([tuple(row) for row in db.rows(statement)], columns=[*columns, "segment"])


def recent_comments(
    db: Database, period: Period, filters: Filters, search: str = "", limit: int = 200
) -> pd.DataFrame:
    """The newest ``limit`` non-empty survey comments of the period containing ``search``
    (case-insensitive, taken literally): ``responded_on, branch_name, segment, csat, nps,
    comment``."""
    s, u, b = surveys.c, wallet_users.c, branches.c
    conditions = [_in(period, s.responded_on), s.comment.is_not(None), s.comment != ""]
    if search.strip():
        conditions.append(s.comment.icontains(search.strip(), autoescape=True))
    statement = (
        select(s.responded_on, b.branch_name, u.segment, s.csat, s.nps, s.comment)
        .select_from(with_user(surveys).join(branches, u.branch_id == b.branch_id))
        .where(*conditions, db.user_condition(filters))
        .order_by(s.responded_on.desc(), s.response_id.desc())
        .limit(limit)
    )
    columns = ["responded_on", "branch_name", "segment", "csat", "nps", "comment"]
    frame = pd.DataFrame([tuple(row) for row in db.rows(statement)], columns=columns)
    for score in ("csat", "nps"):
        frame[score] = frame[score].astype("Int64")
    return frame


MarketBy = Literal["month", "region", "provider"]


def market_transactions(
    db: Database, period: Period, filters: Filters, by: Sequence[MarketBy]
) -> pd.DataFrame:
    """Market transactions over the months overlapping the period, in F's regions, per group
    of ``by``: ``transactions``, ``own_transactions`` and ``own_share``; with ``provider`` in
    ``by`` also ``is_own`` and ``share`` (the provider's part of its month/region group).
    ``month`` is given as the month's first day."""
    m = market_share.c
    columns = [m[name] for name in by]
    statement = (
        select(
            *columns,
            func.sum(m.transactions).label("transactions"),
            func.sum(case((m.is_own == 1, m.transactions), else_=0)).label("own_transactions"),
            func.max(m.is_own).label("is_own"),
        )
        .where(
            m.month.between(month_text(period.start), month_text(period.end)),
            db.market_region_condition(filters, m.region),
        )
        .group_by(*columns)
        .order_by(*columns)
    )
    frame = pd.DataFrame(
        [tuple(row) for row in db.rows(statement)],
        columns=[*by, "transactions", "own_transactions", "is_own"],
    )
    for name in ("transactions", "own_transactions"):
        frame[name] = frame[name].map(_count).astype("int64")
    frame["is_own"] = frame["is_own"].map(_count) == 1
    if "month" in by:
        frame["month"] = frame["month"].map(parse_month)
    frame["own_share"] = _share(frame["own_transactions"], frame["transactions"])
    if "provider" not in by:
        return frame.drop(columns=["is_own"])
    groups = [name for name in by if name != "provider"]
    totals = (
        frame.groupby(groups)["transactions"].transform("sum")
        if groups
        else pd.Series(frame["transactions"].sum(), frame.index)
    )
    frame["share"] = _share(frame["transactions"], totals)
    return frame


def sample_sizes(db: Database, period: Period, filters: Filters) -> dict[str, int]:
    """The observations behind each rate that can rest on a thin sample, keyed by metric."""
    new_users = int(activation(db, period, filters)["new_users"].iloc[0])
    survey = satisfaction(db, period, filters).iloc[0]
    opened = int(complaint_counts(db, period, filters)["complaints"].iloc[0])
    return {
        "activation_rate_30d": new_users,
        "csat_avg": int(survey["csat_responses"]),
        "csat_satisfied_share": int(survey["csat_responses"]),
        "nps": int(survey["nps_responses"]),
        "complaints_resolved_within_7d_share": opened,
    }


LEAGUE_COLUMNS = ("branch_id", "branch_name", "region")


def branch_league(db: Database, period: Period, filters: Filters) -> pd.DataFrame:
    """One row per branch in F's branches and regions (and in scope), with the Overview KPIs
    computed for that branch's users (own share: its region's), plus ``survey_responses``,
    ``nps_responses`` and ``csat_responses`` for judging thin samples."""
    b = branches.c
    place = Filters(branches=filters.branches, regions=filters.regions)
    rows = db.rows(
        select(b.branch_id, b.branch_name, b.region)
        .where(db.user_condition(place, users=branches))
        .order_by(b.branch_id)
    )
    league = pd.DataFrame([tuple(row) for row in rows], columns=list(LEAGUE_COLUMNS))
    by_branch = (Dimension("branch_id"),)
    parts = [
        registrations(db, period, filters, by_branch),
        users_registered_by(db, period.end, filters, by_branch),
        activity(db, period, filters, by_branch)[
            ["branch_id", "active_users", "avg_daily_active_users", "transactions"]
        ],
        activation(db, period, filters, by_branch)[["branch_id", "activation_rate_30d"]],
        satisfaction(db, period, filters, by_branch)[
            [
                "branch_id",
                "responses",
                "nps_responses",
                "csat_responses",
                "nps",
                "csat_avg",
                "promoters",
                "passives",
                "detractors",
                "csat_sum",
                "csat_sum_of_squares",
            ]
        ].rename(columns={"responses": "survey_responses"}),
        complaint_counts(db, period, filters, by_branch)[["branch_id", "complaints"]],
    ]
    for part in parts:
        league = league.merge(part, on="branch_id", how="left")
    counts = [
        "new_users",
        "total_users",
        "active_users",
        "transactions",
        "complaints",
        "survey_responses",
        "nps_responses",
        "csat_responses",
        "promoters",
        "passives",
        "detractors",
        "csat_sum",
        "csat_sum_of_squares",
    ]
    league[counts] = league[counts].fillna(0).astype("int64")
    league["avg_daily_active_users"] = league["avg_daily_active_users"].fillna(0.0)
    shares = market_transactions(db, period, filters, ["region"])
    league = league.merge(shares[["region", "own_share"]], on="region", how="left")
    return league

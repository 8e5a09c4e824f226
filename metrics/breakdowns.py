"""Summary metrics split into groups: by user attribute, by time bucket, or both; and the
tables the pages show beside them (score distributions, categories, backlog, comments).

A group is described by ``Key`` objects (``Dimension`` in ``metrics.keys``, ``TimeBuckets``
in ``metrics.series``). Every KPI comes from its declaration through ``metrics.engine``, which
aggregates in the database and returns one row per group, with the same definitions as
``metrics.summary`` (``NaN`` where the summary says ``null``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import pandas as pd
from sqlalchemy import ColumnElement, case, func, literal, or_, select, union_all
from sqlalchemy import Date as SqlDate

from data_access import Database, Filters
from data_access.schema import branches, complaints, market_share, surveys, wallet_users
from data_access.sql_functions import day_diff
from metrics import sources
from metrics.aggregates import of_users, open_complaint_parts, with_user
from metrics.definitions import OVERVIEW_TILES, SUMMARY_METRICS
from metrics.engine import compute, derive, histogram, measure_frame
from metrics.keys import Dimension, Key
from metrics.months import parse_month
from metrics.period import Period

__all__ = [
    "BACKLOG_BANDS",
    "LEAGUE_COLUMNS",
    "Dimension",
    "Key",
    "activation",
    "activity",
    "backlog_ages",
    "branch_league",
    "complaint_categories",
    "complaint_counts",
    "complaint_rates",
    "market_transactions",
    "open_complaints",
    "recent_comments",
    "registrations",
    "resolution_days",
    "sample_sizes",
    "satisfaction",
    "score_distribution",
    "users_registered_by",
]

BACKLOG_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0_7", 0, 7),
    ("8_30", 8, 30),
    ("31_90", 31, 90),
    ("91_plus", 91, None),
)
"""Open complaints by age in days: (band code, first day, last day or open-ended)."""

ACTIVITY_MEASURES = frozenset({"active_users", "user_days", "transactions", "amount_cents", "days"})
ACTIVITY_METRICS: tuple[str, ...] = tuple(
    m.key for m in SUMMARY_METRICS if m.median_of is None and set(m.measures) <= ACTIVITY_MEASURES
)
"""Every KPI that rests on activity alone: the columns of ``activity``."""


def _in(period: Period, column: ColumnElement[Any]) -> ColumnElement[bool]:
    return column.between(period.start, period.end)


def _columns(frame: pd.DataFrame, keys: Sequence[Key], columns: Sequence[str]) -> pd.DataFrame:
    return frame[[*(key.name for key in keys), *columns]]


def registrations(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key] = ()
) -> pd.DataFrame:
    """``new_users`` per group: users registered in the period."""
    return _columns(compute(db, period, filters, keys, ["new_users"]), keys, ["new_users"])


def users_registered_by(
    db: Database, end: date, filters: Filters, keys: Sequence[Dimension] = ()
) -> pd.DataFrame:
    """``total_users`` per group: users registered on or before ``end``."""
    return sources.users_registered_by(db, end, filters, keys)


def activity(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key] = ()
) -> pd.DataFrame:
    """Per group: ``days`` (that the group covers) and every KPI of activity alone
    (``ACTIVITY_METRICS``: ``active_users``, ``avg_daily_active_users``, ``transactions``,
    ``amount``, ``tx_per_active_user``, ...), and ``stickiness`` (average daily actives /
    active users, DAU/MAU when the groups are months)."""
    frame = compute(db, period, filters, keys, ACTIVITY_METRICS, ["days"])
    active = frame["active_users"]
    frame["stickiness"] = frame["avg_daily_active_users"] / active.where(active != 0)
    return _columns(frame, keys, ["days", *ACTIVITY_METRICS, "stickiness"])


def activation(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key] = ()
) -> pd.DataFrame:
    """Per group of users registered in the period: ``new_users``, ``activated`` (active
    on day 0 to 29 after registering) and ``activation_rate_30d``; time keys group by
    registration date."""
    frame = compute(db, period, filters, keys, ["new_users", "activation_rate_30d"], ["activated"])
    return _columns(frame, keys, ["new_users", "activated", "activation_rate_30d"])


SATISFACTION_COUNTS = (
    "responses",
    "csat_responses",
    "satisfied",
    "nps_responses",
    "promoters",
    "passives",
    "detractors",
    "csat_sum",
    "csat_sum_of_squares",
)


def satisfaction(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key] = ()
) -> pd.DataFrame:
    """Per group of the period's survey responses: counts of responses, CSAT scores,
    satisfied (4-5), NPS scores, promoters (9-10), passives (7-8), detractors (0-6),
    and ``csat_avg``, ``csat_satisfied_share``, ``nps``; ``csat_sum`` and
    ``csat_sum_of_squares`` are kept for intervals (``metrics.uncertainty``)."""
    rates = ["csat_avg", "csat_satisfied_share", "nps"]
    frame = compute(db, period, filters, keys, rates, SATISFACTION_COUNTS)
    return _columns(frame, keys, [*SATISFACTION_COUNTS, *rates])


def complaint_counts(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key] = ()
) -> pd.DataFrame:
    """Per group of complaints opened in the period: ``complaints``, ``resolved_within_7d``
    and ``complaints_resolved_within_7d_share`` (open ones count as not resolved)."""
    columns = ["complaints", "resolved_within_7d", "complaints_resolved_within_7d_share"]
    frame = compute(db, period, filters, keys, columns[::2], columns[1:2])
    return _columns(frame, keys, columns)


def complaint_rates(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key] = ()
) -> pd.DataFrame:
    """``complaint_counts`` with the group's ``active_users`` and
    ``complaints_per_10k_active``."""
    rates = ["complaints_resolved_within_7d_share", "complaints_per_10k_active"]
    counts = ["complaints", "resolved_within_7d", "active_users"]
    frame = compute(db, period, filters, keys, rates, counts)
    return _columns(frame, keys, [*counts[:2], rates[0], counts[2], rates[1]])


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
    total = frame["complaints"].sum()
    frame["share"] = frame["complaints"] / (total if total else float("nan"))
    return frame.sort_values(["complaints", "category"], ascending=[False, True], ignore_index=True)


def resolution_days(db: Database, period: Period, filters: Filters) -> pd.DataFrame:
    """``days, complaints``: days from opening to resolution of the period's resolved complaints."""
    found = histogram(db, period, filters, (), "resolution_days")
    frame = found.rename(columns={"resolution_days": "days", "count": "complaints"})
    return frame.sort_values("days", ignore_index=True)[["days", "complaints"]]


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
    measures = sources.MARKET_AGGREGATES
    statement = (
        select(
            *columns,
            *(aggregate(m).label(name) for name, aggregate in measures.items()),
            func.max(m.is_own).label("is_own"),
        )
        .where(*sources.market_rows(period, db, filters))
        .group_by(*columns)
        .order_by(*columns)
    )
    frame = pd.DataFrame(
        [tuple(row) for row in db.rows(statement)], columns=[*by, *measures, "is_own"]
    )
    for name in measures:
        frame[name] = frame[name].map(sources.as_count).astype("int64")
    frame["is_own"] = frame["is_own"].map(sources.as_count) == 1
    if "month" in by:
        frame["month"] = frame["month"].map(parse_month)
    frame = derive(frame, ["own_share"]).rename(columns={"market_transactions": "transactions"})
    frame = frame[[*by, "transactions", "own_transactions", "is_own", "own_share"]]
    if "provider" not in by:
        return frame.drop(columns=["is_own"])
    groups = [name for name in by if name != "provider"]
    totals = (
        frame.groupby(groups)["transactions"].transform("sum")
        if groups
        else pd.Series(frame["transactions"].sum(), frame.index)
    )
    frame["share"] = frame["transactions"] / totals.where(totals != 0)
    return frame


def sample_sizes(db: Database, period: Period, filters: Filters) -> dict[str, int]:
    """The observations behind each KPI that can rest on a thin sample (``thin_below``), keyed
    by KPI: its declared ``sample`` measure."""
    thin = [m for m in SUMMARY_METRICS if m.sample is not None]
    wanted = list(dict.fromkeys(m.sample for m in thin if m.sample is not None))
    frame = measure_frame(db, period, filters, (), wanted)
    return {m.key: int(frame[m.sample].iloc[0]) for m in thin if m.sample is not None}


LEAGUE_COLUMNS = ("branch_id", "branch_name", "region")


def branch_league(db: Database, period: Period, filters: Filters) -> pd.DataFrame:
    """One row per branch in F's branches and regions (and in scope), with the Overview KPIs
    computed for that branch's users (own share: its region's), plus ``survey_responses`` and
    the samples of the KPIs that can rest on few observations (``nps_responses``,
    ``csat_responses``, ...), for judging thin samples, and the counts behind the NPS and CSAT
    intervals (``promoters``, ``passives``, ``detractors``, ``csat_sum``,
    ``csat_sum_of_squares``)."""
    b = branches.c
    place = Filters(branches=filters.branches, regions=filters.regions)
    rows = db.rows(
        select(b.branch_id, b.branch_name, b.region)
        .where(db.user_condition(place, users=branches))
        .order_by(b.branch_id)
    )
    league = pd.DataFrame([tuple(row) for row in rows], columns=list(LEAGUE_COLUMNS))
    by_branch = (Dimension("branch_id", tuple(league["branch_id"])),)
    shown = [*OVERVIEW_TILES, "survey_responses"]
    samples = [m.sample for m in SUMMARY_METRICS if m.key in shown and m.sample is not None]
    # The counts behind the satisfaction intervals (metrics.uncertainty.with_intervals).
    spread = ["promoters", "passives", "detractors", "csat_sum", "csat_sum_of_squares"]
    frame = compute(db, period, filters, by_branch, shown, [*samples, *spread])
    columns = list(dict.fromkeys([*shown, *samples, *spread]))
    return league.merge(frame[["branch_id", *columns]], on="branch_id", how="left")

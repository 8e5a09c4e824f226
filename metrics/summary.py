"""The summary KPIs of the metric dictionary for one period and one set of filters.

Users and activity are read from the rollups (``data_access.rollups``), which hold exactly
the counts the base tables give; every other table is aggregated in one SQL query. Only
totals (and, for the median, a histogram of resolution days) come back to Python, where
the ratios are taken so that SQLite and PostgreSQL give the same floats.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, case, func, select

from data_access import Database, Filters
from data_access.rollups import distinct_active_users, registered_by
from data_access.schema import (
    complaints,
    market_share,
    rollup_activity,
    rollup_registrations,
    surveys,
)
from data_access.sql_functions import day_diff
from metrics.aggregates import count_if, of_users, open_complaint_parts
from metrics.months import month_text
from metrics.period import Period
from metrics.values import as_int, ratio

Value = int | float | None

RESOLVED_WITHIN_DAYS = 7


def summary(db: Database, period: Period, filters: Filters) -> dict[str, Value]:
    """Every summary KPI, keyed and ordered as ``metrics.definitions.SUMMARY_METRICS``."""
    users = _users(db, period, filters)
    activity = _activity(db, period, filters)
    survey = _surveys(db, period, filters)
    complaint = _complaints(db, period, filters)
    resolution_days = _resolution_histogram(db, period, filters)
    resolved_within = sum(n for days, n in resolution_days if days <= RESOLVED_WITHIN_DAYS)
    own, market_total = _market(db, period, filters)
    nps = ratio(100 * (survey["promoters"] - survey["detractors"]), survey["nps_scores"])
    return {
        "new_users": users["new"],
        "total_users": users["total"],
        "active_users": activity["active_users"],
        # One activity row per user and day, so the rows are the sum of the daily actives.
        "avg_daily_active_users": activity["user_days"] / period.days,
        "transactions": activity["transactions"],
        "amount": round(activity["amount_cents"] / 100, 2),
        "tx_per_active_user": ratio(activity["transactions"], activity["active_users"]),
        "activation_rate_30d": ratio(users["activated"], users["new"]),
        "survey_responses": survey["responses"],
        "csat_avg": ratio(survey["csat_sum"], survey["csat_scores"]),
        "csat_satisfied_share": ratio(survey["satisfied"], survey["csat_scores"]),
        "nps": nps,
        "complaints": complaint["opened"],
        "complaints_per_10k_active": ratio(complaint["opened"] * 10000, activity["active_users"]),
        "complaint_median_resolution_days": _median_of_histogram(resolution_days),
        "complaints_resolved_within_7d_share": ratio(resolved_within, complaint["opened"]),
        "complaints_open_at_end": complaint["open_at_end"],
        "own_share": ratio(own, market_total),
    }


def _median_of_histogram(histogram: Sequence[tuple[int, int]]) -> float | None:
    """The median of the values ``value`` repeated ``count`` times, for ``(value, count)`` pairs."""
    total = sum(count for _, count in histogram)
    if total == 0:
        return None
    wanted = ((total - 1) // 2, total // 2)
    middle: list[int] = []
    seen = 0
    for value, count in sorted(histogram):
        middle.extend(value for position in wanted if seen <= position < seen + count)
        seen += count
    return sum(middle) / 2


def _totals(db: Database, statement, names: Sequence[str]) -> dict[str, int]:
    row = db.rows(statement)[0]
    return {name: as_int(value) for name, value in zip(names, row, strict=True)}


def _users(db: Database, period: Period, filters: Filters) -> dict[str, int]:
    """New and activated users from the daily registrations rollup; total users up to the end
    from ``rollups.registered_by``."""
    r = rollup_registrations.c

    def where(table) -> ColumnElement[bool]:
        return db.user_condition(filters, users=table)

    in_period = select(func.sum(r.new_users), func.sum(r.activated_30d)).where(
        r.day.between(period.start, period.end), where(rollup_registrations)
    )
    counts = _totals(db, in_period, ("new", "activated"))
    total = as_int(db.scalar(registered_by(period.end, where)))
    return {**counts, "total": total}


def _activity(db: Database, period: Period, filters: Filters) -> dict[str, int]:
    """Sums from the daily activity rollup; distinct active users from the rollups too
    (``rollups.distinct_active_users``)."""
    r = rollup_activity.c
    sums = select(
        func.sum(r.active_users), func.sum(r.transactions), func.sum(r.amount_cents)
    ).where(
        r.day.between(period.start, period.end),
        db.user_condition(filters, users=rollup_activity),
    )
    active = distinct_active_users(
        period.start, period.end, lambda table: db.user_condition(filters, users=table)
    )
    totals = _totals(db, sums, ("user_days", "transactions", "amount_cents"))
    return {"active_users": as_int(db.scalar(active)), **totals}


def _surveys(db: Database, period: Period, filters: Filters) -> dict[str, int]:
    s = surveys.c
    rows, of_filters = of_users(db, surveys, filters)
    statement = (
        select(
            func.count(),
            func.count(s.csat),
            func.sum(s.csat),
            count_if(s.csat >= 4),
            func.count(s.nps),
            count_if(s.nps >= 9),
            count_if(s.nps <= 6),
        )
        .select_from(rows)
        .where(s.responded_on.between(period.start, period.end), of_filters)
    )
    names = (
        "responses",
        "csat_scores",
        "csat_sum",
        "satisfied",
        "nps_scores",
        "promoters",
        "detractors",
    )
    return _totals(db, statement, names)


def _complaints(db: Database, period: Period, filters: Filters) -> dict[str, int]:
    """Opened in the period, and open at its end; separate queries, so that each reads only its
    complaints through an index (opening day; resolution day or none)."""
    c = complaints.c
    rows, of_filters = of_users(db, complaints, filters)

    def count(*conditions: ColumnElement[bool]) -> int:
        statement = select(func.count()).select_from(rows).where(*conditions, of_filters)
        return as_int(db.scalar(statement))

    return {
        "opened": count(c.opened_on.between(period.start, period.end)),
        "open_at_end": sum(count(part) for part in open_complaint_parts(period.end)),
    }


def _resolution_histogram(db: Database, period: Period, filters: Filters) -> list[tuple[int, int]]:
    """``(days from opening to resolution, complaints)`` over the period's resolved complaints."""
    c = complaints.c
    days = day_diff(c.opened_on, c.resolved_on)
    rows, of_filters = of_users(db, complaints, filters)
    statement = (
        select(days, func.count())
        .select_from(rows)
        .where(
            c.opened_on.between(period.start, period.end), c.resolved_on.is_not(None), of_filters
        )
        .group_by(days)
    )
    return [(int(value), int(count)) for value, count in db.rows(statement)]


def _market(db: Database, period: Period, filters: Filters) -> tuple[int, int]:
    """Own and all transactions over the months overlapping the period, in F's regions."""
    m = market_share.c
    statement = select(
        func.sum(case((m.is_own == 1, m.transactions), else_=0)),
        func.sum(m.transactions),
    ).where(
        m.month.between(month_text(period.start), month_text(period.end)),
        db.market_region_condition(filters, m.region),
    )
    own, total = db.rows(statement)[0]
    return as_int(own), as_int(total)

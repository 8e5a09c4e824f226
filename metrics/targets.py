"""Team targets for one month: actual so far, attainment, pace and projection.

A team's users are the wallet users whose ``staff_id`` belongs to the team.
Targets are not narrowed by user filters (the command has no filter flags),
but the viewer's scope applies twice: teams of branches outside it are left
out, and only users of branches inside it are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from data_access import Database, Filters
from data_access.csv_contract import TARGET_METRICS
from data_access.schema import targets, wallet_activity, wallet_users
from data_access.schema import teams as team_table
from metrics.branch_scope import branch_in_scope
from metrics.engine import compute
from metrics.keys import Team
from metrics.months import month_period
from metrics.period import Period
from metrics.values import Result, ratio


@dataclass(frozen=True)
class TargetRow(Result):
    team_id: str
    branch_id: str
    metric: str
    target: int
    actual: int
    attainment: float | None
    elapsed_days: int
    days_in_month: int
    expected_by_now: float
    projected: float | None


def latest_data_date(db: Database) -> date | None:
    """The latest date in ``wallet_users.registered_on`` or ``wallet_activity.activity_date``.

    Taken over all users, whatever the viewer's scope, so that every viewer
    measures the month's progress to the same day.
    """
    dates = [
        db.scalar(select(func.max(wallet_users.c.registered_on))),
        db.scalar(select(func.max(wallet_activity.c.activity_date))),
    ]
    present = [day for day in dates if day is not None]
    return max(present) if present else None


def team_targets(
    db: Database, month: str, *, as_of: date | None = None, teams: Sequence[str] = ()
) -> list[TargetRow]:
    """One row per (team, metric) with a target in ``month``, ordered by team then metric.

    ``as_of`` defaults to ``latest_data_date``; with no user or activity data at
    all nothing has elapsed. ``teams`` narrows to those team ids (empty: all).
    """
    whole_month = month_period(month)
    wanted = _targets(db, month, teams)
    if not wanted:
        return []
    elapsed_days = _elapsed_days(whole_month, as_of or latest_data_date(db))
    actuals: dict[tuple[str, str], int] = {}
    if elapsed_days:
        counted = Period(whole_month.start, whole_month.start + timedelta(days=elapsed_days - 1))
        actuals = _actuals(db, counted, sorted({team_id for team_id, *_ in wanted}))
    rows = [
        _row(
            team_id,
            branch_id,
            metric,
            target,
            actuals.get((team_id, metric), 0),
            elapsed_days,
            whole_month.days,
        )
        for team_id, branch_id, metric, target in wanted
    ]
    return sorted(rows, key=lambda row: (row.team_id, TARGET_METRICS.index(row.metric)))


def _elapsed_days(month: Period, as_of: date | None) -> int:
    """Days of ``month`` up to ``as_of``, both counted; 0 before the month or with no date."""
    if as_of is None:
        return 0
    return max(0, (min(as_of, month.end) - month.start).days + 1)


def _row(
    team_id: str,
    branch_id: str,
    metric: str,
    target: int,
    actual: int,
    elapsed_days: int,
    days_in_month: int,
) -> TargetRow:
    return TargetRow(
        team_id=team_id,
        branch_id=branch_id,
        metric=metric,
        target=target,
        actual=actual,
        attainment=ratio(actual, target),
        elapsed_days=elapsed_days,
        days_in_month=days_in_month,
        expected_by_now=target * elapsed_days / days_in_month,
        projected=ratio(actual * days_in_month, elapsed_days),
    )


def _targets(db: Database, month: str, team_ids: Sequence[str]) -> list[tuple[str, str, str, int]]:
    t = targets.c
    statement = (
        select(t.team_id, team_table.c.branch_id, t.metric, t.target)
        .select_from(targets.join(team_table, t.team_id == team_table.c.team_id))
        .where(
            t.month == month,
            t.metric.in_(TARGET_METRICS),
            branch_in_scope(db, team_table.c.branch_id),
        )
    )
    if team_ids:
        statement = statement.where(t.team_id.in_(sorted(set(team_ids))))
    return [
        (team, branch, metric, int(target)) for team, branch, metric, target in db.rows(statement)
    ]


def _actuals(db: Database, window: Period, team_ids: Sequence[str]) -> dict[tuple[str, str], int]:
    """``{(team_id, metric): actual}`` over ``window`` for the teams that have a target, as
    declared (``metrics.engine``, from the staff rollup: ``window`` starts on a month's first
    day, so the distinct users active in it are those whose first activity of the month falls
    in it)."""
    frame = compute(db, window, Filters(), (Team(tuple(team_ids)),), TARGET_METRICS)
    return {
        (team_id, metric): int(value)
        for metric in TARGET_METRICS
        for team_id, value in zip(frame["team_id"], frame[metric], strict=True)
    }

"""A team's standing against its targets: pace this month, the last months, rank in its branch.

All figures come from ``metrics.targets.team_targets``; this module adds:

- remaining_days = days_in_month - elapsed_days.
- needed_per_day = max(target - actual, 0) / remaining_days: what is still
  needed on each remaining day to reach the target (null when no day remains).
- pace, from actual against expected_by_now (target x elapsed / days in month):
  ``ahead`` at 105 % of it or more, ``behind`` under 95 %, else ``on_track``;
  null before the month has started (nothing expected yet).
- a team's score in its branch: the mean attainment over the metrics it has a
  target for in the month; teams are ranked by it, highest first, equal
  scores sharing a rank; teams without targets that month are listed last,
  unranked.

Teams are those of branches in the viewer's scope (and in the filters'
branches and regions, when given). Like the targets, actuals are not narrowed
by segment or channel filters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from sqlalchemy import select

from data_access import Database, Filters
from data_access.schema import branches, targets, teams
from metrics.branch_scope import branch_in_scope
from metrics.months import add_months
from metrics.targets import TARGET_METRICS, TargetRow, latest_data_date, team_targets
from metrics.values import Result, ratio

HISTORY_MONTHS = 6
AHEAD_FROM = 1.05
BEHIND_BELOW = 0.95


@dataclass(frozen=True)
class Team:
    team_id: str
    team_name: str
    branch_id: str
    branch_name: str


@dataclass(frozen=True)
class TargetProgress(Result):
    month: str
    team_id: str
    metric: str
    target: int
    actual: int
    attainment: float | None
    expected_by_now: float
    projected: float | None
    elapsed_days: int
    days_in_month: int
    remaining_days: int
    needed_per_day: float | None
    pace: str | None


@dataclass(frozen=True)
class TeamStanding(Result):
    rank: int | None
    team_id: str
    team_name: str
    score: float | None
    attainment: dict[str, float | None]
    """Attainment per target metric the team has a target for."""


def visible_teams(db: Database, filters: Filters | None = None) -> list[Team]:
    """Teams the viewer may see, of the filters' branches and regions, by branch then name."""
    t, b = teams.c, branches.c
    statement = (
        select(t.team_id, t.team_name, t.branch_id, b.branch_name)
        .select_from(teams.join(branches, t.branch_id == b.branch_id))
        .where(branch_in_scope(db, t.branch_id))
    )
    filters = filters or Filters()
    if filters.branches:
        statement = statement.where(t.branch_id.in_(filters.branches))
    if filters.regions:
        statement = statement.where(b.region.in_(filters.regions))
    found = [Team(*row) for row in db.rows(statement)]
    # Sorted here: databases collate Chinese names differently.
    return sorted(found, key=lambda t: (t.branch_name, t.branch_id, t.team_name, t.team_id))


def target_months(db: Database) -> list[str]:
    """Months with any target of a team the viewer may see, latest first."""
    statement = (
        select(targets.c.month)
        .distinct()
        .select_from(targets.join(teams, targets.c.team_id == teams.c.team_id))
        .where(branch_in_scope(db, teams.c.branch_id))
        .order_by(targets.c.month.desc())
    )
    return [month for (month,) in db.rows(statement)]


def progress(month: str, row: TargetRow) -> TargetProgress:
    """One target of ``month``: its pace and what is left to do (see the module)."""
    remaining = row.days_in_month - row.elapsed_days
    return TargetProgress(
        month=month,
        team_id=row.team_id,
        metric=row.metric,
        target=row.target,
        actual=row.actual,
        attainment=row.attainment,
        expected_by_now=row.expected_by_now,
        projected=row.projected,
        elapsed_days=row.elapsed_days,
        days_in_month=row.days_in_month,
        remaining_days=remaining,
        needed_per_day=ratio(max(row.target - row.actual, 0), remaining),
        pace=pace(row.actual, row.expected_by_now),
    )


def pace(actual: float, expected_by_now: float) -> str | None:
    """``ahead``, ``on_track`` or ``behind`` as defined in the module; None if nothing is due."""
    if expected_by_now <= 0:
        return None
    share = actual / expected_by_now
    if share >= AHEAD_FROM:
        return "ahead"
    return "behind" if share < BEHIND_BELOW else "on_track"


def team_progress(
    db: Database, team_id: str, month: str, *, as_of: date | None = None
) -> list[TargetProgress]:
    """The team's targets in ``month`` with pace, in the order of ``TARGET_METRICS``."""
    return [progress(month, row) for row in team_targets(db, month, as_of=as_of, teams=(team_id,))]


def attainment_history(
    db: Database,
    team_id: str,
    last_month: str,
    *,
    months: int = HISTORY_MONTHS,
    as_of: date | None = None,
) -> list[TargetProgress]:
    """The team's targets in the ``months`` months ending with ``last_month``, oldest first.

    A month still running (or not started) at ``as_of`` counts up to ``as_of``.
    """
    as_of = as_of or latest_data_date(db)
    shown = [add_months(last_month, -offset) for offset in range(months - 1, -1, -1)]
    return [
        progress(month, row)
        for month in shown
        for row in team_targets(db, month, as_of=as_of, teams=(team_id,))
    ]


def branch_ranking(
    db: Database, branch_id: str, month: str, *, as_of: date | None = None
) -> list[TeamStanding]:
    """Every team of ``branch_id`` the viewer may see, ranked by score (see the module)."""
    members = visible_teams(db, Filters(branches=(branch_id,)))
    if not members:
        return []
    rows = team_targets(db, month, as_of=as_of, teams=[team.team_id for team in members])
    attainment: dict[str, dict[str, float | None]] = {team.team_id: {} for team in members}
    for row in rows:
        attainment[row.team_id][row.metric] = row.attainment
    scores = {team_id: _score(values.values()) for team_id, values in attainment.items()}
    ranked = sorted(s for s in scores.values() if s is not None)[::-1]
    standings = [
        TeamStanding(
            rank=_rank(scores[team.team_id], ranked),
            team_id=team.team_id,
            team_name=team.team_name,
            score=scores[team.team_id],
            attainment={
                metric: attainment[team.team_id][metric]
                for metric in TARGET_METRICS
                if metric in attainment[team.team_id]
            },
        )
        for team in members
    ]
    return sorted(
        standings,
        key=lambda s: (s.rank is None, s.rank or 0, s.team_name, s.team_id),
    )


def _rank(score: float | None, ranked: list[float]) -> int | None:
    """``score``'s competition rank among ``ranked`` (highest first); None when unscored."""
    return None if score is None else ranked.index(score) + 1


def _score(attainments: Iterable[float | None]) -> float | None:
    values = [value for value in attainments if value is not None]
    return fmean(values) if values else None

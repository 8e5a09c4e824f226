"""Quality beside volume, per member of a team: are the wallets they open used?

A person's openings are the wallet users whose ``staff_id`` is theirs,
registered in the period up to ``as_of`` (default: the latest date with data).
Like the targets, they are not narrowed by user filters, only by the viewer's
branch scope. For those openings:

- transacted within 30 days: an activity row 0 to 29 days after
  ``registered_on`` (as the activation rate). Judged only on openings at least
  29 days before ``as_of``, so that the whole window has been seen.
- still active 90 days on: an activity row 90 to 119 days after
  ``registered_on``. Judged only on openings at least 119 days before ``as_of``.
- complaints per 1,000 openings: complaints opened up to ``as_of`` by those
  users, x 1000 / openings.
- seniors unused: senior openings judged at 30 days with no transaction in
  those 30 days.

Outliers are judged against the whole team (everyone pooled, the person
included), and only on enough openings to mean something:

- ``low_transacted_30d`` / ``low_active_90d``: the share is more than 15
  points below the team's, on at least 10 judged openings.
- ``many_complaints``: at least 3 complaints and at least twice the team's
  rate per 1,000.
- ``seniors_unused``: at least 5 senior openings unused in their first 30 days
  and a share of unused senior openings more than 15 points above the team's.

Rows are ordered by openings (the volume rank); ``quality_rank`` ranks the
30-day transacted share. Equal values share a rank (1, 1, 3).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, not_, select

from data_access import Database, Filters
from data_access.rollups import ACTIVATION_DAYS
from data_access.schema import complaints, staff, teams, wallet_activity, wallet_users
from data_access.sql_functions import add_days
from metrics.aggregates import count_if
from metrics.branch_scope import branch_in_scope
from metrics.period import Period
from metrics.targets import latest_data_date
from metrics.values import Result, as_int, ratio

SENIOR = "senior"
STILL_ACTIVE_FROM_DAY = 90
STILL_ACTIVE_TO_DAY = 119
PER_OPENINGS = 1000

MIN_JUDGED = 10
SHARE_GAP = 0.15
MIN_COMPLAINTS = 3
COMPLAINT_FACTOR = 2
MIN_SENIORS_UNUSED = 5

FLAGS: tuple[str, ...] = (
    "low_transacted_30d",
    "low_active_90d",
    "many_complaints",
    "seniors_unused",
)


@dataclass(frozen=True)
class QualityCounts:
    """Counts over one set of openings (one person, or the whole team)."""

    opened: int = 0
    judged_30d: int = 0
    transacted_30d: int = 0
    judged_90d: int = 0
    active_90d: int = 0
    seniors_opened: int = 0
    seniors_judged_30d: int = 0
    seniors_unused_30d: int = 0
    complaints: int = 0

    def __add__(self, other: QualityCounts) -> QualityCounts:
        return QualityCounts(
            *(getattr(self, f.name) + getattr(other, f.name) for f in fields(self))
        )

    @property
    def transacted_30d_share(self) -> float | None:
        return ratio(self.transacted_30d, self.judged_30d)

    @property
    def active_90d_share(self) -> float | None:
        return ratio(self.active_90d, self.judged_90d)

    @property
    def seniors_unused_share(self) -> float | None:
        return ratio(self.seniors_unused_30d, self.seniors_judged_30d)

    @property
    def complaints_per_1000(self) -> float | None:
        return ratio(self.complaints * PER_OPENINGS, self.opened)


@dataclass(frozen=True)
class StaffQuality(Result):
    staff_id: str
    staff_name: str
    volume_rank: int
    quality_rank: int | None
    opened: int
    judged_30d: int
    transacted_30d_share: float | None
    judged_90d: int
    active_90d_share: float | None
    complaints: int
    complaints_per_1000: float | None
    seniors_opened: int
    seniors_unused_30d: int
    seniors_unused_share: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Leaderboard:
    team_id: str
    openings: Period | None
    """The registration days counted: the period cut at ``as_of`` (None if it starts later)."""
    team: QualityCounts
    staff: tuple[StaffQuality, ...]


def staff_leaderboard(
    db: Database, team_id: str, period: Period, *, as_of: date | None = None
) -> Leaderboard:
    """Every member of ``team_id`` (none when the team is out of scope), with their quality."""
    as_of = as_of or latest_data_date(db) or period.end
    openings = Period(period.start, min(period.end, as_of)) if as_of >= period.start else None
    members = _members(db, team_id)
    counts = _counts(db, team_id, openings, as_of) if openings else {}
    of = {staff_id: counts.get(staff_id, QualityCounts()) for staff_id in members}
    team = sum(of.values(), QualityCounts())
    volume_ranks = _ranks({staff_id: c.opened for staff_id, c in of.items()})
    quality_ranks = _ranks_of_present(
        {staff_id: c.transacted_30d_share for staff_id, c in of.items()}
    )
    rows = [
        _row(staff_id, name, of[staff_id], team, volume_ranks[staff_id], quality_ranks[staff_id])
        for staff_id, name in members.items()
    ]
    rows.sort(key=lambda row: (row.volume_rank, row.staff_id))
    return Leaderboard(team_id, openings, team, tuple(rows))


def flags(person: QualityCounts, team: QualityCounts) -> tuple[str, ...]:
    """The outlier flags of ``person`` against the team they belong to (see the module)."""
    checks: dict[str, Callable[[], bool]] = {
        "low_transacted_30d": lambda: _below(
            person.transacted_30d_share, team.transacted_30d_share, person.judged_30d
        ),
        "low_active_90d": lambda: _below(
            person.active_90d_share, team.active_90d_share, person.judged_90d
        ),
        "many_complaints": lambda: (
            person.complaints >= MIN_COMPLAINTS
            and person.complaints_per_1000 is not None
            and team.complaints_per_1000 is not None
            and person.complaints_per_1000 >= COMPLAINT_FACTOR * team.complaints_per_1000
        ),
        "seniors_unused": lambda: (
            person.seniors_unused_30d >= MIN_SENIORS_UNUSED
            and person.seniors_unused_share is not None
            and team.seniors_unused_share is not None
            and person.seniors_unused_share > team.seniors_unused_share + SHARE_GAP
        ),
    }
    return tuple(flag for flag in FLAGS if checks[flag]())


def _below(share: float | None, team_share: float | None, judged: int) -> bool:
    return (
        judged >= MIN_JUDGED
        and share is not None
        and team_share is not None
        and share < team_share - SHARE_GAP
    )


def _ranks(values: Mapping[str, float]) -> dict[str, int]:
    """Competition ranks, highest first."""
    ordered = sorted(values.values(), reverse=True)
    return {key: ordered.index(value) + 1 for key, value in values.items()}


def _ranks_of_present(values: Mapping[str, float | None]) -> dict[str, int | None]:
    """Competition ranks, highest first; ``None`` values are not ranked."""
    ranks = _ranks({key: value for key, value in values.items() if value is not None})
    return {key: ranks.get(key) for key in values}


def _row(
    staff_id: str,
    name: str,
    counts: QualityCounts,
    team: QualityCounts,
    volume_rank: int,
    quality_rank: int | None,
) -> StaffQuality:
    return StaffQuality(
        staff_id=staff_id,
        staff_name=name,
        volume_rank=volume_rank,
        quality_rank=quality_rank,
        opened=counts.opened,
        judged_30d=counts.judged_30d,
        transacted_30d_share=counts.transacted_30d_share,
        judged_90d=counts.judged_90d,
        active_90d_share=counts.active_90d_share,
        complaints=counts.complaints,
        complaints_per_1000=counts.complaints_per_1000,
        seniors_opened=counts.seniors_opened,
        seniors_unused_30d=counts.seniors_unused_30d,
        seniors_unused_share=counts.seniors_unused_share,
        flags=flags(counts, team),
    )


def _members(db: Database, team_id: str) -> dict[str, str]:
    """``{staff_id: staff_name}`` of the team, when its branch is in the viewer's scope."""
    statement = (
        select(staff.c.staff_id, staff.c.staff_name)
        .select_from(staff.join(teams, staff.c.team_id == teams.c.team_id))
        .where(staff.c.team_id == team_id, branch_in_scope(db, teams.c.branch_id))
        .order_by(staff.c.staff_id)
    )
    return {staff_id: name for staff_id, name in db.rows(statement)}


def _active_between(first_day: int, last_day: int) -> ColumnElement[bool]:
    """The user has an activity row ``first_day`` to ``last_day`` days after registering."""
    u, a = wallet_users.c, wallet_activity.c
    return (
        exists()
        .where(a.user_id == u.user_id)
        .where(a.activity_date >= add_days(u.registered_on, first_day))
        .where(a.activity_date <= add_days(u.registered_on, last_day))
    )


def _counts(db: Database, team_id: str, openings: Period, as_of: date) -> dict[str, QualityCounts]:
    u = wallet_users.c
    judged_30d = u.registered_on <= as_of - timedelta(days=ACTIVATION_DAYS - 1)
    judged_90d = u.registered_on <= as_of - timedelta(days=STILL_ACTIVE_TO_DAY)
    transacted = _active_between(0, ACTIVATION_DAYS - 1)
    senior = u.segment == SENIOR
    cells: dict[str, ColumnElement[bool]] = {
        "judged_30d": judged_30d,
        "transacted_30d": and_(judged_30d, transacted),
        "judged_90d": judged_90d,
        "active_90d": and_(judged_90d, _active_between(STILL_ACTIVE_FROM_DAY, STILL_ACTIVE_TO_DAY)),
        "seniors_opened": senior,
        "seniors_judged_30d": and_(senior, judged_30d),
        "seniors_unused_30d": and_(senior, judged_30d, not_(transacted)),
    }
    of_team = (
        # The team's staff as a list: SQLite then reads their openings through the (staff, day)
        # index, where a join walked all the period's openings (70,000 a month at scale 46).
        u.staff_id.in_(select(staff.c.staff_id).where(staff.c.team_id == team_id)),
        u.registered_on.between(openings.start, openings.end),
        db.user_condition(Filters()),
    )
    # Per user, through the complaints' user index: the team's openings drive the query.
    their_complaints = (
        select(func.count())
        .where(complaints.c.user_id == u.user_id, complaints.c.opened_on <= as_of)
        .scalar_subquery()
    )
    statement = (
        select(
            u.staff_id,
            func.count(),
            func.sum(their_complaints),
            *(count_if(cell) for cell in cells.values()),
        )
        .where(*of_team)
        .group_by(u.staff_id)
    )
    return {
        staff_id: QualityCounts(
            opened=as_int(opened),
            complaints=as_int(complaint_count),
            **{name: as_int(value) for name, value in zip(cells, values, strict=True)},
        )
        for staff_id, opened, complaint_count, *values in db.rows(statement)
    }

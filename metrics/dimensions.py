"""What the filters can choose from, the dates the data covers, and campaign periods.

Everything here is limited to the viewer's scope, so a sidebar never offers a
branch, region, segment or channel that the viewer may not see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import exists, select

from data_access import Database, Filters
from data_access.schema import (
    branches,
    campaign_branches,
    campaigns,
    rollup_registration_months,
    wallet_activity,
    wallet_users,
)
from metrics.period import Period


@dataclass(frozen=True)
class Branch:
    branch_id: str
    name: str
    region: str


@dataclass(frozen=True)
class FilterChoices:
    """The values each sidebar filter offers, sorted."""

    regions: tuple[str, ...]
    branches: tuple[Branch, ...]
    segments: tuple[str, ...]
    channels: tuple[str, ...]

    def branches_in(self, regions: Iterable[str]) -> tuple[Branch, ...]:
        """The branches of ``regions``, or all branches when no region is given."""
        wanted = set(regions)
        return tuple(b for b in self.branches if not wanted or b.region in wanted)

    def branch(self, branch_id: str) -> Branch | None:
        return next((b for b in self.branches if b.branch_id == branch_id), None)


@dataclass(frozen=True)
class DataDates:
    """The first and the latest day with a registration or an activity row."""

    first: date
    latest: date


def filter_choices(db: Database) -> FilterChoices:
    b = branches.c
    branch_rows = db.rows(
        select(b.branch_id, b.branch_name, b.region)
        .where(db.user_condition(Filters(), users=branches))
        .order_by(b.region, b.branch_id)
    )
    found = tuple(Branch(row.branch_id, row.branch_name, row.region) for row in branch_rows)
    # Every user is counted in the monthly registrations rollup under their segment and
    # channel, so its thousands of rows hold the same distinct values as the million users.
    r = rollup_registration_months.c
    in_scope = db.user_condition(Filters(), users=rollup_registration_months)
    pairs = db.rows(select(r.segment, r.channel).distinct().where(in_scope))
    return FilterChoices(
        regions=tuple(sorted({branch.region for branch in found})),
        branches=found,
        segments=tuple(sorted({segment for segment, _ in pairs})),
        channels=tuple(sorted({channel for _, channel in pairs})),
    )


def data_dates(db: Database) -> DataDates | None:
    """``None`` when the viewer's scope holds no users.

    Each end is read with ``ORDER BY ... LIMIT 1`` so that the date indexes
    answer it without scanning the activity table.
    """
    u, a = wallet_users.c, wallet_activity.c
    in_scope = db.user_condition(Filters())
    first = db.scalar(select(u.registered_on).where(in_scope).order_by(u.registered_on).limit(1))
    if first is None:
        return None
    last_registration = db.scalar(
        select(u.registered_on).where(in_scope).order_by(u.registered_on.desc()).limit(1)
    )
    user_in_scope = exists().where(u.user_id == a.user_id, in_scope)
    last_activity = db.scalar(
        select(a.activity_date).where(user_in_scope).order_by(a.activity_date.desc()).limit(1)
    )
    return DataDates(first, max(d for d in (last_registration, last_activity) if d is not None))


def campaign_periods(db: Database, period: Period, filters: Filters) -> pd.DataFrame:
    """Campaigns overlapping ``period`` run by at least one branch in F's branches and regions.

    Columns ``campaign_id, campaign_name, start, end``, ordered by start. Segment
    and channel filters do not apply: a campaign belongs to branches.
    """
    c, cb = campaigns.c, campaign_branches.c
    by_place = Filters(branches=filters.branches, regions=filters.regions)
    runs_here = exists().where(
        cb.campaign_id == c.campaign_id, db.user_condition(by_place, users=campaign_branches)
    )
    rows = db.rows(
        select(c.campaign_id, c.campaign_name, c.start_date, c.end_date)
        .where(c.start_date <= period.end, c.end_date >= period.start, runs_here)
        .order_by(c.start_date, c.campaign_id)
    )
    return pd.DataFrame(
        [tuple(row) for row in rows], columns=["campaign_id", "campaign_name", "start", "end"]
    )

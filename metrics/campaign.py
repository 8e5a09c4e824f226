"""A campaign's effect on registrations: before/after and difference-in-differences.

For campaign C running ``[s, e]`` (L days) the pre window is ``[s - L, s - 1]``.
A group's rate in a window is its new users / (branches x L). Treated
branches are C's campaign branches, control branches all the others; both
counts leave out branches outside the viewer's scope, as the users do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, select

from data_access import Database, Filters
from data_access.schema import (
    branches,
    campaign_branches,
    campaigns,
    rollup_registrations,
    wallet_users,
)
from metrics.aggregates import count_if
from metrics.branch_scope import branch_in_scope
from metrics.period import Period
from metrics.values import Result, as_int, ratio

Dimension = Literal["segment", "channel"]
"""A user attribute a campaign's impact can be split by."""


class UnknownCampaignError(LookupError):
    """No campaign has the id asked for."""


@dataclass(frozen=True)
class CampaignImpact(Result):
    campaign_id: str
    start: date
    end: date
    days: int
    treated_branches: int
    control_branches: int
    treated_pre: float | None
    treated_during: float | None
    control_pre: float | None
    control_during: float | None
    lift: float | None
    did: float | None
    did_lift: float | None
    incremental_users: float | None
    attributed_users: int


def campaign_dates(db: Database, campaign_id: str, filters: Filters) -> tuple[date, date]:
    """The first and last day of ``campaign_id``, judged under ``filters``.

    Branches and regions are the comparison itself, so ``filters`` naming any is refused
    (``ValueError``); an unknown campaign raises ``UnknownCampaignError``."""
    if filters.branches or filters.regions:
        raise ValueError("a campaign is judged under segment and channel filters only")
    found = db.rows(
        select(campaigns.c.start_date, campaigns.c.end_date).where(
            campaigns.c.campaign_id == campaign_id
        )
    )
    if not found:
        raise UnknownCampaignError(f"unknown campaign {campaign_id!r}")
    start, end = found[0]
    return start, end


def campaign_impact(db: Database, campaign_id: str, filters: Filters) -> CampaignImpact:
    """The impact of ``campaign_id`` on users of the segments and channels in ``filters``.

    Branches and regions are the comparison itself, so ``filters`` naming any is
    refused (``ValueError``); an unknown campaign raises ``UnknownCampaignError``.
    """
    start, end = campaign_dates(db, campaign_id, filters)
    counts = _new_users(db, campaign_id, filters, start, end).get(None, _Counts())
    return _impact(campaign_id, start, end, branch_counts(db, campaign_id), counts)


def impact_per_value(
    db: Database, campaign_id: str, filters: Filters, dimension: Dimension
) -> dict[str, CampaignImpact]:
    """``campaign_impact`` for the users of each segment (or channel) with new users in the two
    windows, within ``filters``: the same figures as ``campaign_impact`` under ``filters``
    narrowed to that one value, from one grouped read per source instead of one per value."""
    start, end = campaign_dates(db, campaign_id, filters)
    groups = branch_counts(db, campaign_id)
    counts = _new_users(db, campaign_id, filters, start, end, dimension)
    return {
        value: _impact(campaign_id, start, end, groups, counts[value])
        for value in sorted(v for v, found in counts.items() if v is not None and found.registered)
    }


@dataclass
class _Counts:
    """New users per group and window, and the users attributed to the campaign."""

    treated_pre: int = 0
    treated_during: int = 0
    control_pre: int = 0
    control_during: int = 0
    attributed: int = 0

    @property
    def registered(self) -> bool:
        """Anyone registered in either window, in either group."""
        return any((self.treated_pre, self.treated_during, self.control_pre, self.control_during))


def _impact(
    campaign_id: str, start: date, end: date, groups: tuple[int, int], counts: _Counts
) -> CampaignImpact:
    days = (end - start).days + 1
    treated_branches, control_branches = groups
    treated_pre = ratio(counts.treated_pre, treated_branches * days)
    treated_during = ratio(counts.treated_during, treated_branches * days)
    control_pre = ratio(counts.control_pre, control_branches * days)
    control_during = ratio(counts.control_during, control_branches * days)
    did = (
        None
        if treated_pre is None
        or treated_during is None
        or control_pre is None
        or control_during is None
        else (treated_during - treated_pre) - (control_during - control_pre)
    )
    growth = ratio(treated_during, treated_pre)
    return CampaignImpact(
        campaign_id=campaign_id,
        start=start,
        end=end,
        days=days,
        treated_branches=treated_branches,
        control_branches=control_branches,
        treated_pre=treated_pre,
        treated_during=treated_during,
        control_pre=control_pre,
        control_during=control_during,
        lift=None if growth is None else growth - 1,
        did=did,
        did_lift=ratio(did, treated_pre),
        incremental_users=None if did is None else did * treated_branches * days,
        attributed_users=counts.attributed,
    )


def _treated(campaign_id: str):
    return select(campaign_branches.c.branch_id).where(
        campaign_branches.c.campaign_id == campaign_id
    )


def branch_counts(db: Database, campaign_id: str) -> tuple[int, int]:
    """How many treated and control branches the viewer may see."""
    is_treated = branches.c.branch_id.in_(_treated(campaign_id))
    treated, control = db.rows(
        select(
            count_if(is_treated),
            count_if(~is_treated),
        ).where(branch_in_scope(db, branches.c.branch_id))
    )[0]
    return as_int(treated), as_int(control)


def _new_users(
    db: Database,
    campaign_id: str,
    filters: Filters,
    start: date,
    end: date,
    dimension: Dimension | None = None,
) -> dict[str | None, _Counts]:
    """New users per group and window (from the registrations rollup), and the users
    attributed to the campaign (through the index on ``campaign_id``); per value of
    ``dimension``, or under the key ``None`` for all of them together."""
    days = (end - start).days + 1
    r, u = rollup_registrations.c, wallet_users.c
    split: list[ColumnElement[Any]] = [] if dimension is None else [r[dimension]]
    found: dict[str | None, _Counts] = {}
    for *value, pre, is_control, n in registrations_by_group(
        db, campaign_id, filters, Period(start - timedelta(days=days), end), *split, r.day < start
    ):
        field = f"{'control' if is_control else 'treated'}_{'pre' if pre else 'during'}"
        setattr(found.setdefault(_key(value), _Counts()), field, n)
    by: list[ColumnElement[Any]] = [] if dimension is None else [u[dimension]]
    attributed = select(*by, func.count()).where(
        u.campaign_id == campaign_id, db.user_condition(filters)
    )
    for *value, n in db.rows(attributed.group_by(*by)):
        found.setdefault(_key(value), _Counts()).attributed = as_int(n)
    return found


def _key(value: list[Any]) -> str | None:
    return value[0] if value else None


def registrations_by_group(
    db: Database,
    campaign_id: str,
    filters: Filters,
    period: Period,
    *keys: ColumnElement[Any],
) -> list[tuple[Any, ...]]:
    """``(*keys, is_control, new users)`` over ``period`` from the registrations rollup, grouped
    by ``keys`` (expressions over its columns) and by whether the branch is outside the
    campaign."""
    r = rollup_registrations.c
    of_campaign = _treated(campaign_id).subquery()
    is_control = of_campaign.c.branch_id.is_(None)
    statement = (
        select(*keys, is_control, func.sum(r.new_users))
        .select_from(
            rollup_registrations.outerjoin(of_campaign, of_campaign.c.branch_id == r.branch_id)
        )
        .where(
            r.day.between(period.start, period.end),
            db.user_condition(filters, users=rollup_registrations),
        )
        .group_by(*keys, is_control)
    )
    return [(*values, bool(control), as_int(n)) for *values, control, n in db.rows(statement)]

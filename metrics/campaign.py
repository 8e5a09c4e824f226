"""A campaign's effect on registrations: before/after and difference-in-differences.

For campaign C running ``[s, e]`` (L days) the pre window is ``[s - L, s - 1]``.
A group's rate in a window is its new users / (branches x L). Treated
branches are C's campaign branches, control branches all the others; both
counts leave out branches outside the viewer's scope, as the users do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

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
    days = (end - start).days + 1
    treated_branches, control_branches = _branch_counts(db, campaign_id)
    counts = _new_users(db, campaign_id, filters, start, end, days)
    treated_pre = ratio(counts["treated_pre"], treated_branches * days)
    treated_during = ratio(counts["treated_during"], treated_branches * days)
    control_pre = ratio(counts["control_pre"], control_branches * days)
    control_during = ratio(counts["control_during"], control_branches * days)
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
        attributed_users=counts["attributed"],
    )


def _treated(campaign_id: str):
    return select(campaign_branches.c.branch_id).where(
        campaign_branches.c.campaign_id == campaign_id
    )


def _branch_counts(db: Database, campaign_id: str) -> tuple[int, int]:
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
    db: Database, campaign_id: str, filters: Filters, start: date, end: date, days: int
) -> dict[str, int]:
    """New users per group and window (from the registrations rollup), and the users
    attributed to the campaign (through the index on ``campaign_id``)."""
    is_pre = rollup_registrations.c.day < start
    counts = dict.fromkeys(("treated_pre", "treated_during", "control_pre", "control_during"), 0)
    for pre, is_control, n in registrations_by_group(
        db, campaign_id, filters, Period(start - timedelta(days=days), end), is_pre
    ):
        counts[f"{'control' if is_control else 'treated'}_{'pre' if pre else 'during'}"] = n
    u = wallet_users.c
    counts["attributed"] = as_int(
        db.scalar(
            select(func.count()).where(u.campaign_id == campaign_id, db.user_condition(filters))
        )
    )
    return counts


def registrations_by_group(
    db: Database, campaign_id: str, filters: Filters, period: Period, key: ColumnElement[Any]
) -> list[tuple[Any, bool, int]]:
    """``(key, is_control, new users)`` over ``period`` from the registrations rollup, grouped
    by ``key`` (an expression over its columns) and by whether the branch is outside the
    campaign."""
    r = rollup_registrations.c
    of_campaign = _treated(campaign_id).subquery()
    is_control = of_campaign.c.branch_id.is_(None)
    statement = (
        select(key, is_control, func.sum(r.new_users))
        .select_from(
            rollup_registrations.outerjoin(of_campaign, of_campaign.c.branch_id == r.branch_id)
        )
        .where(
            r.day.between(period.start, period.end),
            db.user_condition(filters, users=rollup_registrations),
        )
        .group_by(key, is_control)
    )
    return [(value, bool(control), as_int(n)) for value, control, n in db.rows(statement)]

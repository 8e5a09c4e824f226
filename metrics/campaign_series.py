"""What the Campaigns page shows beside ``metrics.campaign.campaign_impact``.

- The daily series: for every day of the pre window and the campaign window,
  the registrations in the treated and in the control branches divided by the
  number of branches in the group (registrations per branch-day). Its mean over
  a window is exactly the rate ``campaign_impact`` reports for that window.
- The impact split by segment and by channel: ``campaign_impact`` for each
  segment (channel) that has users registered in the two windows, within the
  filters' segments and channels (``metrics.campaign.impact_per_value``: one
  grouped read for all of them).
- The verdict: "about N more (fewer) registrations than the other branches'
  trend would suggest", N being the incremental users rounded to two
  significant figures (whole users below 100), with caveats:
  ``no_treated`` (none of the campaign's branches is visible),
  ``no_control`` (no other branch to compare with),
  ``small_control`` (fewer than 3 control branches),
  ``no_pre_data`` (no registrations in the pre window in the treated or in the
  control branches), ``partial_pre_data`` (the data starts inside the pre
  window), ``not_over`` (the campaign runs past the latest date with data, so
  its last days count as zero).

- The daily gap: the treated minus the control registrations per branch-day, day by
  day, and its usual range before the campaign: the pre window's mean gap plus or minus
  ``GAP_SPREAD`` sample standard deviations (none with fewer than 2 pre-window days).

Like ``campaign_impact``, these take segment and channel filters only and see
only the branches and users of the viewer's scope.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from math import floor, log10

from sqlalchemy import func, select

from data_access import Database, Filters
from data_access.schema import campaign_branches, campaigns, rollup_registrations, wallet_users
from metrics.branch_scope import branch_in_scope
from metrics.campaign import (
    CampaignImpact,
    Dimension,
    branch_counts,
    campaign_dates,
    impact_per_value,
    registrations_by_group,
)
from metrics.period import Period
from metrics.targets import latest_data_date
from metrics.values import Result, ratio

SMALL_CONTROL = 3
GAP_SPREAD = 2


@dataclass(frozen=True)
class Campaign:
    campaign_id: str
    campaign_name: str
    start: date
    end: date
    description: str | None

    @property
    def during(self) -> Period:
        return Period(self.start, self.end)

    @property
    def pre(self) -> Period:
        """The same number of days just before the campaign."""
        return self.during.previous()


@dataclass(frozen=True)
class DailyRegistrations(Result):
    day: date
    window: str
    """``pre`` or ``during``."""
    group: str
    """``treated`` or ``control``."""
    registrations: int
    per_branch: float | None


@dataclass(frozen=True)
class ImpactSplit:
    value: str
    """The segment or channel label."""
    impact: CampaignImpact


@dataclass(frozen=True)
class Verdict(Result):
    direction: str
    """``more``, ``fewer``, ``same`` (rounds to 0) or ``unknown`` (no comparison possible)."""
    about: int | None
    """The incremental users, rounded and without sign."""
    caveats: tuple[str, ...]


def campaign_list(db: Database) -> list[Campaign]:
    """Every campaign, latest start first."""
    c = campaigns.c
    statement = select(
        c.campaign_id, c.campaign_name, c.start_date, c.end_date, c.description
    ).order_by(c.start_date.desc(), c.campaign_id)
    return [Campaign(*row) for row in db.rows(statement)]


def treated_branch_ids(db: Database, campaign_id: str) -> list[str]:
    """The campaign's branches that the viewer may see, by id."""
    cb = campaign_branches.c
    statement = (
        select(cb.branch_id)
        .where(cb.campaign_id == campaign_id, branch_in_scope(db, cb.branch_id))
        .order_by(cb.branch_id)
    )
    return [branch_id for (branch_id,) in db.rows(statement)]


def daily_registrations(
    db: Database, campaign_id: str, filters: Filters
) -> list[DailyRegistrations]:
    """Registrations per branch-day, by day and group, over the pre and campaign windows."""
    start, end = campaign_dates(db, campaign_id, filters)
    during = Period(start, end)
    pre = during.previous()
    counts = {
        (day, "control" if is_control else "treated"): n
        for day, is_control, n in registrations_by_group(
            db, campaign_id, filters, Period(pre.start, during.end), rollup_registrations.c.day
        )
    }
    treated, control = branch_counts(db, campaign_id)
    branches = {"treated": treated, "control": control}
    return [
        DailyRegistrations(
            day=day,
            window="pre" if day < during.start else "during",
            group=group,
            registrations=counts.get((day, group), 0),
            per_branch=ratio(counts.get((day, group), 0), branches[group]),
        )
        for day in _days(Period(pre.start, during.end))
        for group in ("treated", "control")
    ]


def impact_by(
    db: Database, campaign_id: str, filters: Filters, dimension: Dimension
) -> list[ImpactSplit]:
    """``campaign_impact`` for each segment (or channel) with users in the two windows."""
    found = impact_per_value(db, campaign_id, filters, dimension)
    return [ImpactSplit(value, impact) for value, impact in found.items()]


def verdict(db: Database, impact: CampaignImpact) -> Verdict:
    """The plain-language reading of ``impact`` and what to be careful about (see the module)."""
    pre = Period(impact.start, impact.end).previous()
    first_registration = db.scalar(
        select(func.min(wallet_users.c.registered_on)).where(db.user_condition(Filters()))
    )
    latest = latest_data_date(db)
    conditions = {
        "no_treated": impact.treated_branches == 0,
        "no_control": impact.control_branches == 0,
        "small_control": 0 < impact.control_branches < SMALL_CONTROL,
        "no_pre_data": (impact.treated_branches > 0 and not impact.treated_pre)
        or (impact.control_branches > 0 and not impact.control_pre),
        "partial_pre_data": first_registration is not None and first_registration > pre.start,
        "not_over": latest is not None and latest < impact.end,
    }
    caveats = tuple(name for name, applies in conditions.items() if applies)
    if impact.incremental_users is None:
        return Verdict("unknown", None, caveats)
    about = round_about(abs(impact.incremental_users))
    if about == 0:
        return Verdict("same", 0, caveats)
    return Verdict("more" if impact.incremental_users > 0 else "fewer", about, caveats)


def round_about(value: float) -> int:
    """``value`` (>= 0) rounded half up: to whole units below 100, else to two significant figures."""
    if value < 100:
        return floor(value + 0.5)
    step = 10 ** (floor(log10(value)) - 1)
    return floor(value / step + 0.5) * step


@dataclass(frozen=True)
class GapDay(Result):
    day: date
    window: str
    gap: float | None
    """Treated minus control registrations per branch-day (None without one of the groups)."""


@dataclass(frozen=True)
class GapRange(Result):
    mean: float
    low: float
    high: float


def daily_gap(points: list[DailyRegistrations]) -> list[GapDay]:
    """The gap between the groups' registrations per branch-day, for each day of ``points``."""
    by_day: dict[date, dict[str, DailyRegistrations]] = {}
    for point in points:
        by_day.setdefault(point.day, {})[point.group] = point
    gaps = []
    for day, groups in sorted(by_day.items()):
        treated, control = groups["treated"].per_branch, groups["control"].per_branch
        gap = None if treated is None or control is None else treated - control
        gaps.append(GapDay(day, groups["treated"].window, gap))
    return gaps


def usual_gap(gaps: list[GapDay]) -> GapRange | None:
    """The pre window's mean gap +- ``GAP_SPREAD`` standard deviations of its daily gaps."""
    before = [g.gap for g in gaps if g.window == "pre" and g.gap is not None]
    if len(before) < 2:
        return None
    mean, spread = statistics.fmean(before), statistics.stdev(before)
    return GapRange(mean, mean - GAP_SPREAD * spread, mean + GAP_SPREAD * spread)


def _days(period: Period) -> list[date]:
    return [period.start + timedelta(days=offset) for offset in range(period.days)]

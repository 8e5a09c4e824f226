"""A campaign's effect on five outcomes with 90 % intervals, and the planner for the next one.

See metrics.md, "Campaign impact with confidence" and "Campaign planner". The
branches are the units: each branch's days are collapsed into one value per
window, m_b(pre) and m_b(during), so that the day-to-day correlation inside a
branch cannot make noise look significant. The change d_b = m_b(during) -
m_b(pre) of the treated branches is compared with the control branches' by
Welch's t (``scipy.stats.ttest_ind(..., equal_var=False)``).

The database sums each branch's rows per part of the windows (the pre window's
early and late parts, and the campaign window) in one grouped query per source:
the registrations and activity rollups, complaints and survey responses joined
to their users. Python only divides and calls scipy on a few dozen numbers.

scipy does not return NaN for every degenerate sample: two samples that are each
constant but differ give t = -inf, p = 0 and a zero-width interval. So the test
is null whenever a group has fewer than 2 branches or the standard error is 0,
checked before scipy is asked (and any NaN it returns is null too).
"""

from __future__ import annotations

import math
import statistics
import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from scipy import stats
from sqlalchemy import ColumnElement, Select, case, func, select

from data_access import Database, Filters
from data_access.schema import (
    branches,
    campaign_branches,
    complaints,
    rollup_activity,
    rollup_registrations,
    surveys,
)
from metrics.aggregates import with_user_lookup
from metrics.branch_scope import branch_in_scope
from metrics.campaign import campaign_dates
from metrics.targets import latest_data_date
from metrics.values import Result, as_int

CONFIDENCE = 0.9
POWER = 0.8
PRE_TREND_ALERT = 0.10
"""A pre-trend p-value below this adds the caveat that the groups were already drifting."""
OUTCOMES = ("new_users", "active_users", "transactions", "complaints", "csat")
COUNT_OUTCOMES = OUTCOMES[:4]

EARLY, LATE, DURING = 0, 1, 2
"""The parts of the two windows: the pre window's first h days, its last L - h, the campaign."""


class UnknownBranchError(LookupError):
    """A branch named for the planner does not exist (or is outside the viewer's scope)."""


@dataclass(frozen=True)
class Windows:
    """A campaign window of ``days`` days starting ``start``, and the pre window before it."""

    start: date
    days: int

    @property
    def pre_start(self) -> date:
        return self.start - timedelta(days=self.days)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)

    @property
    def early_days(self) -> int:
        """h = floor(L / 2): the early part of the pre window (0 for a one-day campaign)."""
        return self.days // 2

    @property
    def late_start(self) -> date:
        return self.pre_start + timedelta(days=self.early_days)

    def part(self, day: ColumnElement[date]) -> ColumnElement[int]:
        """Which part a day (already inside the two windows) falls in."""
        return case((day >= self.start, DURING), (day >= self.late_start, LATE), else_=EARLY)


@dataclass(frozen=True)
class WelchTest:
    low: float
    high: float
    p_value: float
    se: float
    df: float


@dataclass(frozen=True)
class Effect(Result):
    treated_branches: int
    control_branches: int
    treated_pre: float | None
    treated_during: float | None
    control_pre: float | None
    control_during: float | None
    did: float | None
    did_low: float | None
    did_high: float | None
    p_value: float | None
    did_lift: float | None
    pre_trend_p: float | None

    @property
    def reading(self) -> str:
        """``up`` or ``down`` when the whole interval lies above or below 0, ``unclear`` when
        it spans 0, ``unknown`` when there is no interval."""
        if self.did_low is None or self.did_high is None:
            return "unknown"
        if self.did_low > 0:
            return "up"
        if self.did_high < 0:
            return "down"
        return "unclear"

    @property
    def drifting(self) -> bool:
        """The groups were already drifting apart before the campaign (pre-trend p < 0.10)."""
        return self.pre_trend_p is not None and self.pre_trend_p < PRE_TREND_ALERT


@dataclass(frozen=True)
class CampaignEffects(Result):
    incremental_users_low: float | None
    incremental_users_high: float | None
    confidence: float
    effects: dict[str, Effect]


@dataclass(frozen=True)
class PlanRow(Result):
    outcome: str
    treated_branches: int
    control_branches: int
    baseline: float | None
    se: float | None
    df: float | None
    mde: float | None
    mde_lift: float | None


@dataclass
class _Sums:
    """One branch's sums (and, for CSAT, response counts) per part."""

    total: list[int]
    count: list[int]

    @classmethod
    def empty(cls) -> _Sums:
        return cls([0, 0, 0], [0, 0, 0])


BranchSums = dict[str, dict[str, _Sums]]
"""outcome -> branch -> sums per part."""


def campaign_effects(db: Database, campaign_id: str, filters: Filters) -> CampaignEffects:
    """The five outcomes' effects of ``campaign_id`` under the segment and channel filters."""
    start, end = campaign_dates(db, campaign_id, filters)
    windows = Windows(start, (end - start).days + 1)
    treated, control = _groups(db, campaign_id=campaign_id)
    sums = branch_sums(db, windows, filters)
    effects = {o: effect(sums[o], treated, control, windows, o == "csat") for o in OUTCOMES}
    registrations = effects["new_users"]
    scale = registrations.treated_branches * windows.days
    return CampaignEffects(
        incremental_users_low=_times(registrations.did_low, scale),
        incremental_users_high=_times(registrations.did_high, scale),
        confidence=CONFIDENCE,
        effects=effects,
    )


def plan(
    db: Database,
    branch_ids: Sequence[str],
    days: int,
    *,
    as_of: date | None = None,
    filters: Filters | None = None,
) -> list[PlanRow]:
    """What a campaign of ``days`` days in ``branch_ids`` could detect per outcome, judged on
    the 2 x ``days`` days ending ``as_of`` (default: the latest data date)."""
    if days < 1:
        raise ValueError("a campaign lasts at least 1 day")
    chosen = filters or Filters()
    if chosen.branches or chosen.regions:
        raise ValueError("the planner takes segment and channel filters only")
    treated, control = _groups(db, branch_ids=branch_ids)
    unknown = sorted(set(branch_ids) - set(treated))
    if unknown:
        raise UnknownBranchError(f"unknown branch {', '.join(repr(b) for b in unknown)}")
    last = as_of or latest_data_date(db) or date.today()
    windows = Windows(last - timedelta(days=days - 1), days)
    sums = branch_sums(db, windows, chosen)
    rows = []
    for outcome in OUTCOMES:
        values = _branch_values(sums[outcome], [*treated, *control], windows, outcome == "csat")
        d_t = [values[b][2] for b in treated if b in values]
        d_c = [values[b][2] for b in control if b in values]
        baseline = _mean([values[b][0] for b in treated if b in values])
        test = welch(d_t, d_c)
        mde = None
        if test is not None:
            quantiles = stats.t.ppf(1 - (1 - CONFIDENCE) / 2, test.df) + stats.t.ppf(POWER, test.df)
            mde = float(quantiles) * test.se
        rows.append(
            PlanRow(
                outcome=outcome,
                treated_branches=len(d_t),
                control_branches=len(d_c),
                baseline=baseline,
                se=None if test is None else test.se,
                df=None if test is None else test.df,
                mde=mde,
                mde_lift=None if mde is None or not baseline else mde / baseline,
            )
        )
    return rows


def effect(
    sums: dict[str, _Sums],
    treated: Collection[str],
    control: Collection[str],
    windows: Windows,
    is_mean: bool,
) -> Effect:
    """One outcome's entry from its per-branch sums (see the module and metrics.md)."""
    every = [*treated, *control]
    values = _branch_values(sums, every, windows, is_mean)
    t_values = [values[b] for b in treated if b in values]
    c_values = [values[b] for b in control if b in values]
    d_t = [change for _, _, change in t_values]
    d_c = [change for _, _, change in c_values]
    treated_pre = _mean([pre for pre, _, _ in t_values])
    mean_t, mean_c = _mean(d_t), _mean(d_c)
    did = None if mean_t is None or mean_c is None else mean_t - mean_c
    test = welch(d_t, d_c)
    trends = _pre_trends(sums, every, windows, is_mean)
    pre_test = (
        None
        if trends is None
        else welch(
            [trends[b] for b in treated if b in trends],
            [trends[b] for b in control if b in trends],
        )
    )
    return Effect(
        treated_branches=len(t_values),
        control_branches=len(c_values),
        treated_pre=treated_pre,
        treated_during=_mean([during for _, during, _ in t_values]),
        control_pre=_mean([pre for pre, _, _ in c_values]),
        control_during=_mean([during for _, during, _ in c_values]),
        did=did,
        did_low=None if test is None else test.low,
        did_high=None if test is None else test.high,
        p_value=None if test is None else test.p_value,
        did_lift=None if did is None or not treated_pre else did / treated_pre,
        pre_trend_p=None if pre_test is None else pre_test.p_value,
    )


def welch(d_t: Sequence[float], d_c: Sequence[float]) -> WelchTest | None:
    """Welch's two-sample t on ``d_t`` against ``d_c`` with its 90 % interval; ``None`` when a
    sample has fewer than 2 values or the standard error is 0."""
    if len(d_t) < 2 or len(d_c) < 2:
        return None
    se = math.sqrt(statistics.variance(d_t) / len(d_t) + statistics.variance(d_c) / len(d_c))
    if se == 0:
        return None
    with warnings.catch_warnings():
        # scipy warns of "catastrophic cancellation" when one sample is constant (its variance
        # is then exactly 0, which is right); the other sample's variance keeps se above 0.
        warnings.filterwarnings("ignore", "Precision loss occurred", RuntimeWarning)
        result = stats.ttest_ind(d_t, d_c, equal_var=False)
        low, high = result.confidence_interval(CONFIDENCE)
    found = (float(low), float(high), float(result.pvalue), float(result.df))
    if not all(math.isfinite(value) for value in found):
        return None
    return WelchTest(found[0], found[1], found[2], se, found[3])


def _branch_values(
    sums: dict[str, _Sums], every: Collection[str], windows: Windows, is_mean: bool
) -> dict[str, tuple[float, float, float]]:
    """``(m_b(pre), m_b(during), d_b)`` per branch of ``every`` that the outcome uses (all of
    them for a count outcome, 0 without rows; for CSAT those with responses in both windows).

    Worked out in fractions, so that branches whose changes are equal get the very same
    float (and a standard error of exactly 0), whatever their levels."""
    values = {}
    for branch_id in every:
        part = sums.get(branch_id, _Sums.empty())
        if is_mean:
            pre_count = part.count[EARLY] + part.count[LATE]
            if pre_count == 0 or part.count[DURING] == 0:
                continue
            pre = Fraction(part.total[EARLY] + part.total[LATE], pre_count)
            during = Fraction(part.total[DURING], part.count[DURING])
        else:
            pre = Fraction(part.total[EARLY] + part.total[LATE], windows.days)
            during = Fraction(part.total[DURING], windows.days)
        values[branch_id] = (float(pre), float(during), float(during - pre))
    return values


def _pre_trends(
    sums: dict[str, _Sums], every: Collection[str], windows: Windows, is_mean: bool
) -> dict[str, float] | None:
    """Per branch of ``every``: the pre window's late part minus its early part (means per
    day, or CSAT means, branches with responses in both parts); ``None`` when the early part
    has no days."""
    early_days = windows.early_days
    if early_days == 0:
        return None
    late_days = windows.days - early_days
    trends = {}
    for branch_id in every:
        part = sums.get(branch_id, _Sums.empty())
        if is_mean:
            if part.count[EARLY] and part.count[LATE]:
                trends[branch_id] = float(
                    Fraction(part.total[LATE], part.count[LATE])
                    - Fraction(part.total[EARLY], part.count[EARLY])
                )
        else:
            trends[branch_id] = float(
                Fraction(part.total[LATE], late_days) - Fraction(part.total[EARLY], early_days)
            )
    return trends


def _groups(
    db: Database, *, campaign_id: str | None = None, branch_ids: Sequence[str] = ()
) -> tuple[list[str], list[str]]:
    """The treated and control branches the viewer may see, by id: treated are the
    campaign's branches (or ``branch_ids``), control all the others."""
    statement = (
        select(branches.c.branch_id)
        .where(branch_in_scope(db, branches.c.branch_id))
        .order_by(branches.c.branch_id)
    )
    visible = [branch_id for (branch_id,) in db.rows(statement)]
    if campaign_id is not None:
        cb = campaign_branches.c
        wanted = {b for (b,) in db.rows(select(cb.branch_id).where(cb.campaign_id == campaign_id))}
    else:
        wanted = set(branch_ids)
    return [b for b in visible if b in wanted], [b for b in visible if b not in wanted]


def branch_sums(db: Database, windows: Windows, filters: Filters) -> BranchSums:
    """Per outcome, branch and part of the windows: the sums the outcomes are made of, by
    grouped queries (a branch with no rows is missing; count outcomes read it as 0)."""
    found: BranchSums = {outcome: {} for outcome in OUTCOMES}
    first, last = windows.pre_start, windows.end

    def collect(statement: Select[Any], outcomes: Sequence[str]) -> None:
        for row in db.rows(statement):
            branch_id, part, *values = tuple(row)
            for outcome, value in zip(outcomes, values, strict=True):
                found[outcome].setdefault(branch_id, _Sums.empty()).total[part] += as_int(value)

    r = rollup_registrations.c
    part = windows.part(r.day)
    collect(
        select(r.branch_id, part, func.sum(r.new_users))
        .where(r.day.between(first, last), db.user_condition(filters, users=rollup_registrations))
        .group_by(r.branch_id, part),
        ["new_users"],
    )
    a = rollup_activity.c
    part = windows.part(a.day)
    collect(
        select(a.branch_id, part, func.sum(a.active_users), func.sum(a.transactions))
        .where(a.day.between(first, last), db.user_condition(filters, users=rollup_activity))
        .group_by(a.branch_id, part),
        ["active_users", "transactions"],
    )
    c = complaints.c
    rows, users = with_user_lookup(db, complaints)
    part = windows.part(c.opened_on)
    collect(
        select(users.c.branch_id, part, func.count())
        .select_from(rows)
        .where(c.opened_on.between(first, last), db.user_condition(filters, users=users))
        .group_by(users.c.branch_id, part),
        ["complaints"],
    )
    s = surveys.c
    rows, users = with_user_lookup(db, surveys)
    part = windows.part(s.responded_on)
    statement = (
        select(users.c.branch_id, part, func.sum(s.csat), func.count(s.csat))
        .select_from(rows)
        .where(
            s.responded_on.between(first, last),
            s.csat.is_not(None),
            db.user_condition(filters, users=users),
        )
        .group_by(users.c.branch_id, part)
    )
    for row in db.rows(statement):
        branch_id, where, total, count = tuple(row)
        sums = found["csat"].setdefault(branch_id, _Sums.empty())
        sums.total[where] += as_int(total)
        sums.count[where] += as_int(count)
    return found


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _times(value: float | None, factor: int) -> float | None:
    return None if value is None else value * factor

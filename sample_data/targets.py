"""Monthly team targets, set the way a head office does: recent results plus growth.

Each team's target for a month is its average over the last three complete
months, raised by a growth factor per month ahead, times a team-specific
ambition and some month-to-month noise. Teams with a soft ambition tend to
beat their targets; teams with a stiff one tend to miss.
"""

from __future__ import annotations

import calendar

import numpy as np

from data_access.csv_contract import TARGET_METRICS
from data_access.months import add_months
from sample_data.timeline import Timeline

MONTHLY_GROWTH = 1.04
HISTORY_MONTHS = 3
MONTHS_AHEAD = 2
"""Targets are also set for this many months after the current one."""


def target_months(timeline: Timeline) -> list[str]:
    """Every month of the data, the current month (the one after the last day) and the next ones."""
    current = timeline.date(timeline.days).isoformat()[:7]
    months = list(timeline.months)
    while months[-1] != add_months(current, MONTHS_AHEAD):
        months.append(add_months(months[-1], 1))
    return months


def build_targets(
    rng: np.random.Generator, timeline: Timeline, actuals: dict[str, np.ndarray]
) -> list[tuple[str, int, str, int]]:
    """(month, team index, metric, target) rows from each team's monthly actuals.

    ``actuals[metric]`` is a teams x data-months array.
    """
    months = target_months(timeline)
    covered = np.bincount(timeline.month_index, minlength=len(timeline.months))
    month_days = np.array([_days_in_month(m) for m in timeline.months])
    complete = np.flatnonzero(covered == month_days)
    teams = next(iter(actuals.values())).shape[0]
    ambition = rng.lognormal(0.0, 0.18, teams)
    rows: list[tuple[str, int, str, int]] = []
    for m, month in enumerate(months):
        history = complete[complete < m][-HISTORY_MONTHS:]
        if len(history) == 0:
            history = np.array([0])
        ahead = m - history[-1]
        noise = rng.lognormal(0.0, 0.08, (len(TARGET_METRICS), teams))
        for i, metric in enumerate(TARGET_METRICS):
            full_month = actuals[metric][:, history] * (month_days[history] / covered[history])
            base = full_month.mean(axis=1) * MONTHLY_GROWTH**ahead
            target = np.maximum(1, np.round(base * ambition * noise[i])).astype(np.int64)
            rows.extend((month, t, metric, int(target[t])) for t in range(teams))
    return rows


def _days_in_month(month: str) -> int:
    return calendar.monthrange(int(month[:4]), int(month[5:7]))[1]

"""How uncertain a small group's score is: 90 % intervals for a mean (CSAT) and for a net
promoter score, and the rule that groups with too few responses are not ranked.

- CSAT: Student's t interval of the mean, mean +- t(0.95, n - 1) x s / sqrt(n), with s the
  sample standard deviation (n - 1); none for fewer than 2 scores.
- NPS: the difference of two proportions of one multinomial sample (promoters p, detractors
  d, out of n): var(p - d) = (p + d - (p - d)^2) / n, so NPS +- z(0.95) x 100 x sqrt(var).
  With one pseudo-response added to each of the three groups (``pseudo=1``, an adjusted Wald
  interval in the manner of Agresti and Caffo) the interval never collapses to a point for a
  handful of identical answers; ``pseudo=0`` is the plain (Wald) formula. Clipped to
  [-100, 100].

The quantiles come from ``scipy.stats``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from scipy import stats

CONFIDENCE = 0.9
MIN_RANKED = 30
"""A group with fewer responses than this is not placed in a ranking (the thin threshold)."""
NPS_PSEUDO = 1.0
"""Pseudo-responses added to each NPS group for the interval (see the module's text)."""


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def mean_interval(
    n: int, total: float, total_of_squares: float, confidence: float = CONFIDENCE
) -> Interval | None:
    """The t interval of the mean of ``n`` scores given their sum and sum of squares."""
    if n < 2:
        return None
    mean = total / n
    variance = max((total_of_squares - n * mean * mean) / (n - 1), 0.0)
    half = stats.t.ppf(0.5 + confidence / 2, n - 1) * math.sqrt(variance / n)
    return Interval(mean - half, mean + half)


def nps_interval(
    promoters: int,
    passives: int,
    detractors: int,
    confidence: float = CONFIDENCE,
    pseudo: float = NPS_PSEUDO,
) -> Interval | None:
    """The interval of 100 x (promoters - detractors) / responses (see the module's text)."""
    responses = promoters + passives + detractors
    if responses == 0:
        return None
    n = responses + 3 * pseudo
    p, d = (promoters + pseudo) / n, (detractors + pseudo) / n
    variance = (p + d - (p - d) ** 2) / n
    centre = 100 * (p - d)
    half = 100 * stats.norm.ppf(0.5 + confidence / 2) * math.sqrt(variance)
    return Interval(max(centre - half, -100.0), min(centre + half, 100.0))


def with_intervals(frame: pd.DataFrame) -> pd.DataFrame:
    """A ``metrics.breakdowns.satisfaction`` frame with ``csat_low``/``csat_high`` and
    ``nps_low``/``nps_high`` (NaN where no interval exists)."""
    shown = frame.copy()
    csat = [
        mean_interval(int(n), float(total), float(squares))
        for n, total, squares in zip(
            shown["csat_responses"], shown["csat_sum"], shown["csat_sum_of_squares"], strict=True
        )
    ]
    nps = [
        nps_interval(int(p), int(m), int(d))
        for p, m, d in zip(shown["promoters"], shown["passives"], shown["detractors"], strict=True)
    ]
    for name, intervals in (("csat", csat), ("nps", nps)):
        shown[f"{name}_low"] = [math.nan if i is None else i.low for i in intervals]
        shown[f"{name}_high"] = [math.nan if i is None else i.high for i in intervals]
    return shown


def ranking_order(
    frame: pd.DataFrame,
    value: str,
    observations: str,
    name: str,
    *,
    higher_is_better: bool = True,
    min_observations: int | None = MIN_RANKED,
) -> pd.DataFrame:
    """``frame`` with ``rank`` (1 = best, ties share the best rank; NaN for a group that is
    not ranked) and ``ranked`` (bool), ranked groups first by ``value``, then the groups with
    no value or fewer than ``min_observations`` observations, by ``name``."""
    shown = frame.copy()
    enough = (
        pd.Series(True, index=shown.index)
        if min_observations is None
        else shown[observations] >= min_observations
    )
    shown["ranked"] = enough & shown[value].notna()
    ranks = shown.loc[shown["ranked"], value].rank(method="min", ascending=not higher_is_better)
    shown["rank"] = ranks.reindex(shown.index)
    ranked = shown[shown["ranked"]].sort_values(["rank", name])
    unranked = shown[~shown["ranked"]].sort_values(name)
    return pd.concat([ranked, unranked])

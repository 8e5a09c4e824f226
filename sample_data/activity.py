"""Daily wallet use of a block of users.

Every user who uses the wallet at all has a burst of use right after
registering that fades within weeks; "hooked" users also keep paying for
months (until they eventually drift off) at a personal rate. Weekends are
busier. The result is one row per user per active day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sample_data.labels import CASUAL, HOOKED
from sample_data.timeline import Timeline

# by segment: young, middle_aged, senior, merchant
BURST_EXTRA_DAYS = np.array([2.4, 2.2, 1.5, 3.0])
BURST_FADE_DAYS = 12.0
SAME_DAY_FIRST_USE = 0.55
"""Share of users who pay with the wallet on the day they register (always kept)."""
HOOKED_DAILY_RATE = np.array([0.14, 0.12, 0.07, 0.30])
HOOKED_MEAN_LIFETIME_DAYS = 420.0
EXTRA_TRANSACTIONS = np.array([0.45, 0.35, 0.15, 2.5])
"""Mean transactions beyond the first on an active day."""
TICKET_YUAN = np.array([32.0, 48.0, 26.0, 95.0])
"""Median payment."""
WEEKDAY = np.array([0.86, 0.86, 0.88, 0.9, 1.0, 1.18, 1.12])


@dataclass(frozen=True)
class Activity:
    user: np.ndarray
    """Index of the user within the block; rows are ordered by user, then day."""
    day: np.ndarray
    transactions: np.ndarray
    cents: np.ndarray


def simulate_activity(
    rng: np.random.Generator,
    timeline: Timeline,
    registered: np.ndarray,
    segment: np.ndarray,
    kind: np.ndarray,
) -> Activity:
    acceptance = WEEKDAY / WEEKDAY.max()
    uses = (kind == CASUAL) | (kind == HOOKED)
    burst = np.where(uses, 1 + rng.poisson(BURST_EXTRA_DAYS[segment]), 0)
    burst_user = np.repeat(np.arange(len(kind)), burst)
    burst_day = registered[burst_user] + np.floor(
        rng.exponential(BURST_FADE_DAYS, len(burst_user))
    ).astype(np.int64)
    first_use = np.zeros(len(burst_user), dtype=bool)
    first_use[np.searchsorted(burst_user, np.flatnonzero(uses))] = True
    first_use &= rng.random(len(burst_user)) < SAME_DAY_FIRST_USE
    burst_day[first_use] = registered[burst_user[first_use]]

    hooked = np.flatnonzero(kind == HOOKED)
    span = np.minimum(
        rng.exponential(HOOKED_MEAN_LIFETIME_DAYS, len(hooked)),
        timeline.days - registered[hooked],
    )
    # personal factor with mean 1: exp(mu + sigma**2 / 2) = 1
    rate = HOOKED_DAILY_RATE[segment[hooked]] * rng.lognormal(-0.125, 0.5, len(hooked))
    habit = rng.poisson(rate * span / acceptance.mean())
    habit_user = np.repeat(hooked, habit)
    habit_day = registered[habit_user] + np.floor(
        rng.random(len(habit_user)) * np.repeat(span, habit)
    ).astype(np.int64)

    user = np.concatenate([burst_user, habit_user])
    day = np.concatenate([burst_day, habit_day])
    forced = np.concatenate([first_use, np.zeros(len(habit_user), dtype=bool)])
    keep = day < timeline.days
    user, day, forced = user[keep], day[keep], forced[keep]
    keep = forced | (rng.random(len(day)) < acceptance[timeline.weekday[day]])
    user, day = user[keep], day[keep]

    keys, events = np.unique(user.astype(np.int64) * timeline.days + day, return_counts=True)
    row_user, row_day = np.divmod(keys, timeline.days)
    row_segment = segment[row_user]
    transactions = events + rng.poisson(EXTRA_TRANSACTIONS[row_segment] * events)
    yuan = transactions * rng.lognormal(np.log(TICKET_YUAN[row_segment]), 0.75)
    return Activity(row_user, row_day, transactions, np.round(yuan * 100).astype(np.int64))

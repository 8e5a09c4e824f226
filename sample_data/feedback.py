"""Satisfaction surveys and complaints of a block of users.

Satisfaction comes from one hidden mood per response: lower for seniors and
for users who never took to the wallet, higher for hooked users. Seniors
complain more, mostly that the wallet is too hard to use.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sample_data import comments
from sample_data.labels import SENIOR
from sample_data.sampling import pick
from sample_data.timeline import Timeline

# by kind: never, casual, hooked
RESPONSES_PER_USER = np.array([0.04, 0.09, 0.22])
DAYS_TO_RESPOND = np.array([30.0, 30.0, 120.0])
KIND_MOOD = np.array([-0.5, 0.0, 0.5])
# by segment: young, middle_aged, senior, merchant
SEGMENT_MOOD = np.array([0.25, 0.15, -0.15, 0.05])
COMMENT_SHARE = 0.35
ONLY_CSAT_SHARE = 0.1
ONLY_NPS_SHARE = 0.1

COMPLAINTS_PER_USER = np.array([0.012, 0.02, 0.08, 0.05])
KIND_COMPLAINTS = np.array([0.5, 1.0, 2.5])
DAYS_TO_COMPLAIN = 45.0
# rows: segment; columns: COMPLAINT_CATEGORIES
CATEGORY_BY_SEGMENT = np.array(
    [
        [0.18, 0.30, 0.20, 0.22, 0.00, 0.10],
        [0.25, 0.25, 0.18, 0.17, 0.03, 0.12],
        [0.20, 0.12, 0.10, 0.05, 0.43, 0.10],
        [0.10, 0.35, 0.30, 0.15, 0.00, 0.10],
    ]
)


@dataclass(frozen=True)
class Surveys:
    user: np.ndarray
    day: np.ndarray
    csat: np.ndarray
    """0 where the response has no csat."""
    nps: np.ndarray
    """-1 where the response has no nps."""
    comment: np.ndarray
    """Text, "" where there is none."""


@dataclass(frozen=True)
class Complaints:
    user: np.ndarray
    opened: np.ndarray
    resolved: np.ndarray
    """-1 while still open at the end of the sample."""
    category: np.ndarray


def _after_registration(
    rng: np.random.Generator,
    timeline: Timeline,
    registered: np.ndarray,
    counts: np.ndarray,
    mean_delay: np.ndarray | float,
) -> tuple[np.ndarray, np.ndarray]:
    """(user, day) of events ``counts`` per user, each some days after registering, before the end."""
    user = np.repeat(np.arange(len(counts)), counts)
    delay = np.broadcast_to(mean_delay, counts.shape)
    day = registered[user] + np.floor(rng.exponential(np.repeat(delay, counts))).astype(np.int64)
    keep = day < timeline.days
    user, day = user[keep], day[keep]
    order = np.lexsort((day, user))
    return user[order], day[order]


def simulate_surveys(
    rng: np.random.Generator,
    timeline: Timeline,
    registered: np.ndarray,
    segment: np.ndarray,
    kind: np.ndarray,
) -> Surveys:
    counts = rng.poisson(RESPONSES_PER_USER[kind])
    user, day = _after_registration(rng, timeline, registered, counts, DAYS_TO_RESPOND[kind] + 1)
    n = len(user)
    mood = SEGMENT_MOOD[segment[user]] + KIND_MOOD[kind[user]] + rng.normal(0.0, 1.0, n)
    nps = np.clip(np.round(7.5 + 1.7 * mood), 0, 10).astype(np.int64)
    csat = np.clip(np.round(3.8 + 0.8 * (mood + rng.normal(0.0, 0.6, n))), 1, 5).astype(np.int64)
    which = rng.random(n)
    csat[which < ONLY_NPS_SHARE] = 0
    nps[(which >= ONLY_NPS_SHARE) & (which < ONLY_NPS_SHARE + ONLY_CSAT_SHARE)] = -1
    return Surveys(user, day, csat, nps, _comments(rng, mood, segment[user] == SENIOR))


def _comments(rng: np.random.Generator, mood: np.ndarray, senior: np.ndarray) -> np.ndarray:
    text = np.full(len(mood), "", dtype=object)
    pools = (
        (mood > 0.7, comments.POSITIVE),
        ((mood >= -0.3) & (mood <= 0.7), comments.NEUTRAL),
        ((mood < -0.3) & ~senior, comments.NEGATIVE),
        ((mood < -0.3) & senior, comments.NEGATIVE + comments.SENIOR_NEGATIVE * 2),
    )
    commented = rng.random(len(mood)) < COMMENT_SHARE
    for condition, pool in pools:
        chosen = np.flatnonzero(condition & commented)
        text[chosen] = np.array(pool, dtype=object)[rng.integers(0, len(pool), len(chosen))]
    return text


def simulate_complaints(
    rng: np.random.Generator,
    timeline: Timeline,
    registered: np.ndarray,
    segment: np.ndarray,
    kind: np.ndarray,
) -> Complaints:
    counts = rng.poisson(COMPLAINTS_PER_USER[segment] * KIND_COMPLAINTS[kind])
    user, opened = _after_registration(rng, timeline, registered, counts, DAYS_TO_COMPLAIN)
    n = len(user)
    category = pick(rng, CATEGORY_BY_SEGMENT[segment[user]])
    band = rng.random(n)
    days_taken = np.where(
        band < 0.72,
        np.minimum(np.floor(rng.exponential(2.5, n)), 7),
        np.where(band < 0.92, rng.integers(8, 31, n), rng.integers(31, 121, n)),
    ).astype(np.int64)
    resolved = opened + days_taken
    resolved[resolved >= timeline.days] = -1
    return Complaints(user, opened, resolved, category)

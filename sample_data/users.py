"""Who registers, where, when, through which channel and member of staff.

Registrations follow a growing trend with weekly seasonality and a dip at the
Spring Festival; each campaign adds extra registrations in its treated
branches during its window. Those extra users have the campaign's own segment
and channel mix, and most of them carry its campaign_id.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sample_data.campaigns import Campaign
from sample_data.labels import CASUAL, HOOKED, MERCHANT, NEVER, ONLINE, OUTREACH, RURAL, SENIOR
from sample_data.organisation import Organisation
from sample_data.sampling import pick, pick_weighted_within
from sample_data.timeline import Timeline

BASE_USERS_PER_SCALE = 25_000
"""Registrations outside campaigns at scale 1; campaigns add about 5 % more."""

REGISTRATION_WEEKDAY = np.array([1.0, 1.0, 0.98, 1.0, 1.06, 1.12, 0.84])

SEGMENT_MIX = np.array([0.42, 0.34, 0.19, 0.05])
RURAL_SEGMENT_MIX = np.array([0.28, 0.36, 0.32, 0.04])

# rows: segment; columns: outreach, branch, online, referral
CHANNEL_BY_SEGMENT = np.array(
    [
        [0.12, 0.15, 0.53, 0.20],
        [0.22, 0.27, 0.31, 0.20],
        [0.38, 0.47, 0.05, 0.10],
        [0.60, 0.25, 0.05, 0.10],
    ]
)
# rows: segment; columns: community, merchant, enterprise_payroll, rural
LOCATION_BY_SEGMENT = np.array(
    [
        [0.30, 0.25, 0.45, 0.0],
        [0.35, 0.15, 0.50, 0.0],
        [0.85, 0.05, 0.10, 0.0],
        [0.05, 0.95, 0.00, 0.0],
    ]
)
# rows: segment; columns: never, casual, hooked
KIND_BY_SEGMENT = np.array(
    [
        [0.15, 0.57, 0.28],
        [0.20, 0.58, 0.22],
        [0.38, 0.52, 0.10],
        [0.10, 0.40, 0.50],
    ]
)
CAMPAIGN_ATTRIBUTION = 0.85
"""Share of a campaign's extra users whose registration records the campaign."""
BYSTANDER_ATTRIBUTION = 0.25
"""Share of ordinary registrations in a treated branch during the window that record it."""


@dataclass(frozen=True)
class Users:
    """One entry per user, in user_id order (ordered by registration day).

    ``origin`` is 0 for an ordinary registration, k + 1 for one brought by campaign k;
    ``staff``, ``campaign`` and ``location`` are -1 where they do not apply.
    """

    day: np.ndarray
    branch: np.ndarray
    origin: np.ndarray
    segment: np.ndarray
    channel: np.ndarray
    staff: np.ndarray
    campaign: np.ndarray
    location: np.ndarray
    kind: np.ndarray

    def __len__(self) -> int:
        return len(self.day)


def registration_counts(
    rng: np.random.Generator,
    timeline: Timeline,
    org: Organisation,
    campaigns: list[Campaign],
    scale: float,
) -> np.ndarray:
    """New users per (origin, branch, day): origin 0 ordinary, k + 1 campaign k."""
    progress = np.arange(timeline.days) / timeline.days
    branch_trend = rng.normal(0.0, 0.3, len(org.branch_ids))
    rate = (
        org.branch_size[:, None]
        * (0.5 + progress)[None, :]
        * (1.0 + branch_trend[:, None] * (progress - 0.5)[None, :])
        * (REGISTRATION_WEEKDAY[timeline.weekday] * timeline.festival_factor)[None, :]
    )
    rate *= BASE_USERS_PER_SCALE * scale / rate.sum()
    counts = np.zeros((len(campaigns) + 1, *rate.shape), dtype=np.int64)
    counts[0] = rng.poisson(rate)
    for k, campaign in enumerate(campaigns, start=1):
        window = slice(campaign.first_day, campaign.last_day + 1)
        extra = rate[campaign.treated, window] * (campaign.plan.lift - 1.0)
        counts[k][campaign.treated, window] = rng.poisson(extra)
    return counts


def build_users(
    rng: np.random.Generator,
    timeline: Timeline,
    org: Organisation,
    campaigns: list[Campaign],
    counts: np.ndarray,
) -> Users:
    by_day = counts.transpose(2, 1, 0)  # day, branch, origin
    cells = np.flatnonzero(by_day)
    repeats = by_day.ravel()[cells]
    day, branch, origin = np.unravel_index(np.repeat(cells, repeats), by_day.shape)
    n = len(day)
    progress = day / timeline.days
    from_campaign = origin > 0

    def campaign_mix(field: str) -> np.ndarray:
        """The named mix of the campaign that brought each campaign user."""
        mixes = np.array([getattr(c.plan, field) for c in campaigns])
        return mixes[origin[from_campaign] - 1]

    rural = org.branch_rural[branch]
    segment_p = np.where(rural[:, None], RURAL_SEGMENT_MIX, SEGMENT_MIX) * np.ones((n, 1))
    segment_p[:, SENIOR] *= 0.85 + 0.3 * progress
    segment_p[from_campaign] = campaign_mix("segment_mix")
    segment = pick(rng, segment_p)

    channel_p = CHANNEL_BY_SEGMENT[segment]
    channel_p[:, ONLINE] *= 0.75 + 0.5 * progress
    channel_p /= channel_p.sum(axis=1, keepdims=True)
    channel_p[from_campaign] = 0.65 * campaign_mix("channel_mix") + 0.35 * channel_p[from_campaign]
    channel = pick(rng, channel_p)

    staff = np.full(n, -1)
    assisted = channel != ONLINE
    staff[assisted] = pick_weighted_within(
        rng, branch[assisted], org.staff_branch, org.staff_weight
    )

    location_p = LOCATION_BY_SEGMENT[segment]
    rural_site = np.zeros(4)
    rural_site[RURAL] = 1.0
    ordinary_rural = rural & (segment != MERCHANT)
    location_p[ordinary_rural] = 0.5 * location_p[ordinary_rural] + 0.5 * rural_site
    location_p[from_campaign] = campaign_mix("location_mix")
    location = np.where(channel == OUTREACH, pick(rng, location_p), -1)

    campaign = np.where(from_campaign & (rng.random(n) < CAMPAIGN_ATTRIBUTION), origin - 1, -1)
    for k, c in enumerate(campaigns):
        bystander = (origin == 0) & np.isin(branch, c.treated) & c.in_window(day)
        campaign[bystander & (rng.random(n) < BYSTANDER_ATTRIBUTION)] = k

    kind_p = KIND_BY_SEGMENT[segment]
    kind_p[channel == OUTREACH, NEVER] *= 1.4
    kind_p[channel == ONLINE, HOOKED] *= 1.2
    kind_p[from_campaign, HOOKED] *= campaign_mix("hooked_factor")
    kind_p[from_campaign, NEVER] *= 0.6
    kind_p[:, CASUAL] = np.maximum(0.0, 1.0 - kind_p[:, NEVER] - kind_p[:, HOOKED])
    kind = pick(rng, kind_p)

    return Users(
        day=day.astype(np.int32),
        branch=branch.astype(np.int32),
        origin=origin.astype(np.int8),
        segment=segment.astype(np.int8),
        channel=channel.astype(np.int8),
        staff=staff.astype(np.int32),
        campaign=campaign.astype(np.int8),
        location=location.astype(np.int8),
        kind=kind.astype(np.int8),
    )

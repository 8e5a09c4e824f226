"""The promotions: when they ran, where, and whom they brought in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sample_data.timeline import Timeline


@dataclass(frozen=True)
class CampaignPlan:
    name: str
    description: str
    days_before_end: int
    """The campaign starts this many days before the sample's last day."""
    length: int
    share_of_branches: float
    lift: float
    """Registration rate in treated branches during the window, relative to normal."""
    segment_mix: tuple[float, float, float, float]
    """Segments of the extra users it brings (young, middle_aged, senior, merchant)."""
    channel_mix: tuple[float, float, float, float]
    """Channels of the extra users (outreach, branch, online, referral)."""
    location_mix: tuple[float, float, float, float]
    """Where its outreach happens (community, merchant, enterprise_payroll, rural)."""
    hooked_factor: float
    """How much likelier than usual its users are to keep using the wallet."""


PLANS = (
    CampaignPlan(
        "首笔支付立减",
        "新开钱包首笔支付立减10元，限活动期内，每人一次。",
        600,
        31,
        0.35,
        1.9,
        (0.62, 0.30, 0.05, 0.03),
        (0.10, 0.30, 0.45, 0.15),
        (0.40, 0.40, 0.15, 0.05),
        0.45,
    ),
    CampaignPlan(
        "银发数字课堂·社区行",
        "走进社区为老年客户讲解钱包开通与防诈骗，现场协助开立。",
        430,
        42,
        0.28,
        1.6,
        (0.05, 0.15, 0.78, 0.02),
        (0.70, 0.25, 0.00, 0.05),
        (0.75, 0.00, 0.00, 0.25),
        0.9,
    ),
    CampaignPlan(
        "代发工资上钱包",
        "对公代发客户工资可直接到账钱包，企业集中开立。",
        270,
        61,
        0.32,
        1.6,
        (0.35, 0.60, 0.02, 0.03),
        (0.65, 0.10, 0.05, 0.20),
        (0.05, 0.05, 0.90, 0.00),
        1.8,
    ),
    CampaignPlan(
        "数字人民币消费券",
        "钱包用户可领取本地消费券，在合作商户满减使用。",
        100,
        21,
        0.4,
        1.8,
        (0.50, 0.35, 0.08, 0.07),
        (0.15, 0.20, 0.50, 0.15),
        (0.30, 0.60, 0.05, 0.05),
        0.7,
    ),
)


@dataclass(frozen=True)
class Campaign:
    campaign_id: str
    plan: CampaignPlan
    first_day: int
    last_day: int
    treated: np.ndarray
    """Indices of the branches it ran at, ascending."""

    def in_window(self, day: np.ndarray) -> np.ndarray:
        return (day >= self.first_day) & (day <= self.last_day)


def build_campaigns(
    rng: np.random.Generator, timeline: Timeline, branch_count: int
) -> list[Campaign]:
    campaigns = []
    for plan in PLANS:
        first = timeline.days - 1 - plan.days_before_end
        start = timeline.date(first)
        count = max(1, round(plan.share_of_branches * branch_count))
        treated = np.sort(rng.choice(branch_count, size=count, replace=False))
        campaigns.append(
            Campaign(
                campaign_id=f"CP-{start.year}-{start.month:02d}",
                plan=plan,
                first_day=first,
                last_day=first + plan.length - 1,
                treated=treated,
            )
        )
    return campaigns

"""Monthly payment transactions per region and provider.

Shares follow published Chinese mobile-payment figures: Alipay about half,
WeChat Pay a bit over a third, UnionPay QuickPass about 5 %, cards and cash
shrinking, and the bank's own wallet small but growing.
"""

from __future__ import annotations

import numpy as np

MONTHS = 24
# region: (monthly transactions at the start, Alipay : WeChat Pay weight, extra cash share)
REGION_PROFILE = {
    "浙江": (3.2e9, 0.62, 0.000),
    "江苏": (3.6e9, 0.56, 0.005),
    "上海": (1.6e9, 0.58, -0.005),
    "安徽": (2.0e9, 0.53, 0.015),
}
DEFAULT_PROFILE = (1.5e9, 0.57, 0.0)
SEASON = {"02": 1.08, "10": 1.03, "11": 1.06, "12": 1.04}


def build_market(
    rng: np.random.Generator, months: list[str], regions: list[str]
) -> list[tuple[str, str, np.ndarray]]:
    """(month, region, transactions per provider in PROVIDERS order) for the last 24 months."""
    months = months[-MONTHS:]
    progress = np.linspace(0.0, 1.0, len(months))
    rows = []
    for region in regions:
        volume, alipay_weight, extra_cash = REGION_PROFILE.get(region, DEFAULT_PROFILE)
        own_start, own_end = rng.uniform(0.008, 0.014), rng.uniform(0.03, 0.045)
        for month, t in zip(months, progress, strict=True):
            own = own_start + (own_end - own_start) * t**1.2
            cash = 0.08 - 0.03 * t + extra_cash
            unionpay = 0.05 + rng.normal(0.0, 0.002)
            rest = 1.0 - own - cash - unionpay
            shares = np.array(
                [own, rest * alipay_weight, rest * (1 - alipay_weight), unionpay, cash]
            ) * rng.lognormal(0.0, 0.015, 5)
            total = volume * (1.008 ** (t * (len(months) - 1))) * SEASON.get(month[5:], 1.0)
            rows.append((month, region, np.round(total * shares / shares.sum()).astype(np.int64)))
    return rows

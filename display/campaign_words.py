"""The campaign's effects in words, shared by the Campaigns page, the meeting pack and the
workbook so that all three say the same thing with the same figures.

- ``verdict_sentence``: the three-way verdict on registrations (more, fewer, can't tell from
  noise), always with its 90 % interval in users (rounded like the verdict: whole users below
  100, else two significant figures).
- ``effect_rows``: the five outcomes, each with its estimate, interval and a reading such as
  "Complaints: no clear change".
- ``plan_sentence``: what a planned campaign could detect for one outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

from display.formatting import DASH
from display.i18n import t
from metrics.campaign import CampaignImpact
from metrics.campaign_effects import OUTCOMES, CampaignEffects, Effect, PlanRow
from metrics.campaign_series import round_about


def users(value: float, lang: str) -> str:
    """``value`` registrations as "about 360 more", "120 fewer" or "no change"."""
    about = round_about(abs(value))
    if about == 0:
        return t("cp_users_none", lang)
    return t("cp_users_more" if value > 0 else "cp_users_fewer", lang, n=f"{about:,}")


def verdict_kind(effects: CampaignEffects) -> str:
    """``more``, ``fewer``, ``unclear`` (the interval spans 0), ``no_interval`` (an estimate
    without an interval) or ``unknown`` (no estimate)."""
    registrations = effects.effects["new_users"]
    reading = registrations.reading
    if reading == "unknown":
        return "unknown" if registrations.did is None else "no_interval"
    return {"up": "more", "down": "fewer", "unclear": "unclear"}[reading]


def verdict_sentence(impact: CampaignImpact, effects: CampaignEffects, lang: str) -> str:
    """The verdict on registrations with its interval, e.g. "About 360 more registrations than
    the other branches' trend would suggest (90 % interval: between 180 and 540 more)."."""
    kind = verdict_kind(effects)
    if kind == "unknown" or impact.incremental_users is None:
        return t("cp_verdict_unknown", lang)
    estimate = users(impact.incremental_users, lang)
    if kind == "no_interval":
        reason = t(f"cp_no_interval_{no_interval_reason(effects.effects['new_users'])}", lang)
        return t("cp_verdict_no_interval", lang, estimate=estimate, reason=reason)
    low, high = effects.incremental_users_low, effects.incremental_users_high
    assert low is not None and high is not None
    if kind == "unclear":
        return t(
            "cp_verdict_unclear",
            lang,
            estimate=estimate,
            low=users(low, lang),
            high=users(high, lang),
        )
    near, far = sorted((abs(low), abs(high)))
    return t(
        f"cp_verdict_{kind}_interval",
        lang,
        estimate=estimate,
        low=f"{round_about(near):,}",
        high=f"{round_about(far):,}",
    )


def users_interval(effects: CampaignEffects) -> str:
    """The 90 % interval of the incremental users, rounded as in the verdict: "+53 … +97"."""
    low, high = effects.incremental_users_low, effects.incremental_users_high
    if low is None or high is None:
        return DASH
    return f"{_signed_about(low)} … {_signed_about(high)}"


def _signed_about(value: float) -> str:
    about = round_about(abs(value))
    return "0" if about == 0 else f"{'+' if value > 0 else '-'}{about:,}"


def no_interval_reason(effect: Effect) -> str:
    """Why an outcome has no interval: ``no_data``, ``few_treated``, ``few_control`` or
    ``no_spread`` (every branch changed alike)."""
    if effect.did is None:
        return "no_data"
    if effect.treated_branches < 2:
        return "few_treated"
    if effect.control_branches < 2:
        return "few_control"
    return "no_spread"


def pre_trend_caveat(effects: CampaignEffects, lang: str) -> str | None:
    """The caveat that the groups were already drifting apart, when the pre-trend p < 0.10."""
    registrations = effects.effects["new_users"]
    if not registrations.drifting:
        return None
    return t("cp_caveat_pre_trend", lang, p=f"{registrations.pre_trend_p:.2f}")


def signed(value: float | None, digits: int = 2) -> str:
    return DASH if value is None else f"{value:+,.{digits}f}"


def percent(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:+.0f}%"


def reading(outcome: str, effect: Effect, lang: str) -> str:
    """E.g. "Complaints: no clear change", "Registrations: clear rise"."""
    label = t(f"cp_outcome_{outcome}", lang)
    shown = effect.reading
    if shown == "unknown":
        return t(
            "cp_reading_none",
            lang,
            label=label,
            why=t(f"cp_no_interval_{no_interval_reason(effect)}", lang),
        )
    return t(f"cp_reading_{shown}", lang, label=label)


@dataclass(frozen=True)
class EffectRow:
    """One outcome as the page's table, the slide and the workbook show it."""

    outcome: str
    label: str
    unit: str
    before: float | None
    during: float | None
    estimate: float | None
    low: float | None
    high: float | None
    p_value: float | None
    relative: float | None
    pre_trend_p: float | None
    reading: str

    @property
    def interval(self) -> str:
        if self.low is None or self.high is None:
            return DASH
        return f"{signed(self.low)} … {signed(self.high)}"


def effect_rows(effects: CampaignEffects, lang: str) -> list[EffectRow]:
    return [
        EffectRow(
            outcome=outcome,
            label=t(f"cp_outcome_{outcome}", lang),
            unit=t(f"cp_unit_{outcome}", lang),
            before=effect.treated_pre,
            during=effect.treated_during,
            estimate=effect.did,
            low=effect.did_low,
            high=effect.did_high,
            p_value=effect.p_value,
            relative=effect.did_lift,
            pre_trend_p=effect.pre_trend_p,
            reading=reading(outcome, effect, lang),
        )
        for outcome, effect in ((o, effects.effects[o]) for o in OUTCOMES)
    ]


def plan_sentence(row: PlanRow, lang: str) -> str:
    """E.g. "Registrations: could detect a rise of 1.3 registrations per branch-day (+45 %) or
    more"; or why it cannot be judged."""
    label = t(f"cp_outcome_{row.outcome}", lang)
    if row.mde is None:
        if row.treated_branches < 2 or row.control_branches < 2:
            why = t("cp_plan_few_branches", lang)
        else:
            why = t("cp_plan_no_spread", lang)
        return t("cp_plan_none", lang, label=label, why=why)
    size = f"{row.mde:,.2f}" if row.mde < 10 else f"{row.mde:,.0f}"
    lift = "" if row.mde_lift is None else t("cp_plan_lift", lang, lift=f"{row.mde_lift:+.0%}")
    return t(
        "cp_plan_detect",
        lang,
        label=label,
        size=size,
        unit=t(f"cp_unit_{row.outcome}", lang),
        lift=lift,
    )

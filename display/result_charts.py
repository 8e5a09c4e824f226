"""The result pages' charts that the meeting pack shows too: new registrations (Growth), daily
active users (Activity), NPS over time (Satisfaction), complaint categories (Complaints) and
the providers' shares (Competition). The page and the pack call the same function, so a slide
shows what the page shows."""

from __future__ import annotations

import altair as alt
import pandas as pd

from display import charts
from display.i18n import t
from metrics.period import Period
from metrics.series import Grain
from metrics.uncertainty import with_intervals


def registrations_chart(
    registered: pd.DataFrame, campaigns: pd.DataFrame, period: Period, grain: Grain, lang: str
) -> alt.Chart | alt.LayerChart:
    """New registrations per bucket (``registered``: ``bucket``, ``new_users`` and the buckets'
    spans, ``charts.spans``),
    the campaign periods (``campaign_name, start, end``) shaded within ``period``."""
    bars = charts.time_bars(
        registered,
        y="new_users",
        lang=lang,
        title=t("growth_registrations", lang, grain=charts.grain_unit(grain, lang)),
        x_title=charts.time_title(grain, lang),
        y_title=t("axis_users", lang),
        grain=grain,
    )
    return charts.shaded(
        bars, campaigns, first=period.start, last=period.end, label_title=t("campaign", lang)
    )


def daily_active_chart(daily: pd.DataFrame, lang: str) -> alt.Chart | alt.LayerChart:
    """Active users per day (``bucket``, ``active_users``)."""
    return charts.time_line(
        daily,
        y="active_users",
        lang=lang,
        title=t("activity_dau", lang),
        x_title=t("axis_date", lang),
        y_title=t("axis_users", lang),
        grain="day",
    )


SCORES: dict[str, tuple[str, str, str, str, tuple[float, float]]] = {
    "nps": ("sat_nps_over_time", "axis_nps", ".0f", "csv_nps_responses", (-100.0, 100.0)),
    "csat_avg": ("sat_csat_over_time", "axis_csat", ".2f", "csv_csat_responses", (1.0, 5.0)),
}
"""Per score over time: its title, axis title, format, responses' title and scale's ends."""
INTERVAL_COLUMNS = {"nps": ("nps_low", "nps_high"), "csat_avg": ("csat_low", "csat_high")}
RESPONSES = {"nps": "nps_responses", "csat_avg": "csat_responses"}


def score_chart(
    over_time: pd.DataFrame, score: str, grain: Grain, lang: str
) -> alt.Chart | alt.LayerChart:
    """NPS or CSAT (``score``) per bucket (``over_time``: a ``metrics.breakdowns.satisfaction``
    frame by time bucket, with the buckets' spans), its 90 % interval shaded behind the line
    (``metrics.uncertainty.with_intervals``): a week of a few responses has a wide band, not
    a collapse."""
    title, axis, y_format, responses_title, (lowest, highest) = SCORES[score]
    low, high = INTERVAL_COLUMNS[score]
    shown = with_intervals(over_time)
    shown[low] = shown[low].clip(lower=lowest, upper=highest)
    shown[high] = shown[high].clip(lower=lowest, upper=highest)
    band = charts.Band(
        low,
        high,
        RESPONSES[score],
        (t("sat_interval_low", lang), t("sat_interval_high", lang), t(responses_title, lang)),
        t("sat_band_note", lang),
    )
    return charts.time_line(
        shown,
        y=score,
        lang=lang,
        title=t(title, lang),
        x_title=charts.time_title(grain, lang),
        y_title=t(axis, lang),
        grain=grain,
        y_format=y_format,
        band=band,
    )


def nps_chart(over_time: pd.DataFrame, grain: Grain, lang: str) -> alt.Chart | alt.LayerChart:
    """NPS per bucket with its 90 % interval (``score_chart``)."""
    return score_chart(over_time, "nps", grain, lang)


def complaint_categories_chart(categories: pd.DataFrame, lang: str) -> alt.Chart:
    """Complaints per category, most first, in one colour: the bars' lengths are what is
    compared (``categories`` labelled by ``charts.labelled``)."""
    return charts.ranked_bars(
        categories,
        category="category_label",
        value="complaints",
        lang=lang,
        title=t("cmp_categories", lang),
        category_title=t("axis_category", lang),
        value_title=t("axis_complaints", lang),
    )


def provider_shares_chart(providers: pd.DataFrame, lang: str) -> alt.VConcatChart:
    """Every provider's share of payment transactions per month (``month``, ``provider``,
    ``transactions``), stacked in the providers' display order; above it, the bank's own share
    as a line on its own scale, since a few percent is a sliver at the bottom of the stack."""
    shown = charts.labelled(
        providers.rename(columns={"month": "bucket"}), "provider", "provider", lang
    )
    stack = charts.stacked_area(
        shown,
        y="transactions",
        color="provider_label",
        order="provider_rank",
        scale=charts.color_scale("provider", shown["provider"], lang),
        title=t("comp_providers", lang),
        x_title=t("axis_month", lang),
        y_title=t("axis_share_pct", lang),
        grain="month",
        color_title=t("axis_provider", lang),
        normalize=True,
    )
    monthly = shown.groupby("bucket", as_index=False)[["transactions", "own_transactions"]].sum()
    monthly["own_share"] = monthly["own_transactions"] / monthly["transactions"]
    line = charts.time_line(
        monthly,
        y="own_share",
        title=t("comp_own_line", lang),
        x_title="",
        y_title=t("comp_own_line_axis", lang),
        grain="month",
        y_format=".1%",
        zero=False,
    ).properties(height=120, width="container")
    # The whole chart carries the stack's title (the chart's name in exports and slides).
    return (
        alt.vconcat(line, stack.properties(title="", width="container"))
        .resolve_scale(color="independent")
        .properties(title=t("comp_providers", lang))
    )

"""The Targets page's charts: attainment so far against the pace, and attainment per month."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from display.i18n import t
from metrics.definitions import METRICS_BY_KEY
from metrics.team_history import TargetProgress

PACE_COLORS = {"ahead": "#2E7D32", "on_track": "#1565C0", "behind": "#C62828", "none": "#9E9E9E"}


def metric_label(metric: str, lang: str) -> str:
    return METRICS_BY_KEY[metric].label(lang)


def pace_name(pace: str | None, lang: str) -> str:
    return t(f"tg_pace_{pace or 'none'}", lang)


def _goal() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"goal": [1.0]})).mark_rule(strokeDash=[4, 3])


def pace_chart(rows: Sequence[TargetProgress], lang: str) -> alt.LayerChart:
    """Attainment bars coloured by pace, a tick where the pace should be, a rule at 100 %."""
    frame = pd.DataFrame(
        {
            "metric": [metric_label(r.metric, lang) for r in rows],
            "attainment": [r.attainment for r in rows],
            "expected": [r.elapsed_days / r.days_in_month for r in rows],
            "pace": [pace_name(r.pace, lang) for r in rows],
            "actual": [r.actual for r in rows],
            "target": [r.target for r in rows],
        }
    )
    paces = ["ahead", "on_track", "behind", "none"]
    scale = alt.Scale(
        domain=[pace_name(None if p == "none" else p, lang) for p in paces],
        range=[PACE_COLORS[p] for p in paces],
    )
    y = alt.Y("metric:N", title=None, sort=None, axis=alt.Axis(labelLimit=140))
    tooltip = [
        alt.Tooltip("metric:N", title=t("tg_metric", lang)),
        alt.Tooltip("actual:Q", title=t("tg_actual", lang), format=",.0f"),
        alt.Tooltip("target:Q", title=t("tg_target", lang), format=",.0f"),
        alt.Tooltip("attainment:Q", title=t("tg_attainment", lang), format=".0%"),
        alt.Tooltip("pace:N", title=t("tg_pace", lang)),
    ]
    base = alt.Chart(frame)
    bars = base.mark_bar().encode(
        y=y,
        x=alt.X(
            "attainment:Q",
            title=t("tg_attainment", lang),
            axis=alt.Axis(format=".0%", tickCount=5),
        ),
        color=alt.Color("pace:N", scale=scale, title=t("tg_pace", lang), legend=None),
        tooltip=tooltip,
    )
    ticks = base.mark_tick(color="black", thickness=3).encode(
        y=y,
        x="expected:Q",
        tooltip=[alt.Tooltip("expected:Q", title=t("tg_expected_share", lang), format=".0%")],
    )
    # Streamlit fits the whole chart, title and axis included, into the height.
    return alt.LayerChart(layer=[bars, ticks, _goal().encode(x="goal:Q")]).properties(
        title=t("tg_pace_chart", lang), height=110 + 44 * len(rows)
    )


def history_frame(rows: Sequence[TargetProgress], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": [r.month for r in rows],
            "metric": [r.metric for r in rows],
            "metric_label": [metric_label(r.metric, lang) for r in rows],
            "target": [r.target for r in rows],
            "actual": [r.actual for r in rows],
            "attainment": [r.attainment for r in rows],
        }
    )


def history_chart(frame: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Attainment per month and metric, with the 100 % line; the legend under the plot, so
    that the plot keeps the width of a phone."""
    lines = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=t("axis_month", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("attainment:Q", title=t("tg_attainment", lang), axis=alt.Axis(format=".0%")),
            color=alt.Color(
                "metric_label:N",
                title=t("tg_metric", lang),
                legend=alt.Legend(orient="bottom", direction="horizontal", columns=2),
            ),
            tooltip=[
                alt.Tooltip("month:O", title=t("axis_month", lang)),
                alt.Tooltip("metric_label:N", title=t("tg_metric", lang)),
                alt.Tooltip("actual:Q", title=t("tg_actual", lang), format=",.0f"),
                alt.Tooltip("target:Q", title=t("tg_target", lang), format=",.0f"),
                alt.Tooltip("attainment:Q", title=t("tg_attainment", lang), format=".0%"),
            ],
        )
    )
    return alt.LayerChart(layer=[_goal().encode(y="goal:Q"), lines]).properties(
        title=t("tg_history_chart", lang), height=340
    )

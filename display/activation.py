"""The activation rate by registration bucket, without the registrations too recent to have
completed their activation window: their low rate is unfinished, not a fall."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from display import charts
from display.i18n import t
from metrics.series import Grain, last_mature_registration


def matured(frame: pd.DataFrame, latest: date, lang: str) -> tuple[pd.DataFrame, str | None]:
    """The buckets of ``frame`` (by registration date, with the buckets' spans,
    ``charts.spans``) whose every registration has had its whole activation window by
    ``latest`` (the data's last day), and the note naming the days left out (``None`` when
    none is)."""
    mature = frame["period_end"] <= last_mature_registration(latest)
    left_out = frame[~mature]
    if left_out.empty:
        return frame, None
    note = t(
        "activation_immature",
        lang,
        start=min(left_out["period_start"]).isoformat(),
        end=max(left_out["period_end"]).isoformat(),
        latest=latest.isoformat(),
    )
    return frame[mature], note


def activation_chart(
    shown: pd.DataFrame, note: str | None, grain: Grain, lang: str
) -> alt.Chart | alt.LayerChart:
    """The 30-day activation rate per registration bucket (``shown``, from ``matured``), the
    note of the registrations left out under the title."""
    return charts.time_line(
        shown,
        y="activation_rate_30d",
        title=t("activity_activation", lang, grain=charts.grain_unit(grain, lang)),
        x_title=charts.time_title(grain, lang),
        y_title=t("axis_rate_pct", lang),
        grain=grain,
        y_format=".0%",
        notes=(f"◌ {note}",) if note else (),
    )

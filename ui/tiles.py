"""KPI tiles: value, change against the comparison period, definition, thin-sample mark.

A tile's label and help text come from ``metrics.definitions``; its change is
coloured by whether higher is better for that KPI.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import streamlit as st

from display.formatting import format_change, format_value
from display.i18n import metric_help, metric_label, t
from metrics.definitions import METRICS_BY_KEY, MetricDef

Value = int | float | None
DeltaColor = Literal["normal", "inverse", "off"]
DeltaArrow = Literal["auto", "off"]
GRID_KEY = "tiles_"
"""Key prefix of a tile grid's container (its CSS class is ``st-key-tiles_<first KPI>``)."""


@dataclass(frozen=True)
class Delta:
    text: str
    color: DeltaColor
    arrow: DeltaArrow


def delta(metric: MetricDef, current: Value, previous: Value, lang: str) -> Delta:
    """How a tile shows the change: the text, Streamlit's delta colour and arrow mode."""
    change = format_change(current, previous, metric.unit, lang)
    if change is None:
        return Delta(t("not_comparable", lang), "off", "off")
    if current == previous:
        return Delta(t("no_change", lang), "off", "off")
    return Delta(change, "normal" if metric.higher_is_better else "inverse", "auto")


def thin_mark(metric: MetricDef, observations: int | None, lang: str) -> str | None:
    """The thin-sample mark when the value rests on fewer observations than the KPI allows."""
    if metric.thin_below is None or observations is None or observations >= metric.thin_below:
        return None
    return t("thin_sample", lang, n=observations)


def sparkline(trend: Sequence[float | None] | None) -> list[float] | None:
    """The defined points of a trend, oldest first; none when fewer than three remain
    (a rate over days with no observations has gaps, which a sparkline cannot show)."""
    points = [value for value in trend or () if value is not None and not math.isnan(value)]
    return points if len(points) >= 3 else None


def tile(
    key: str,
    current: Value,
    previous: Value,
    lang: str,
    *,
    compared_with: str,
    trend: Sequence[float | None] | None = None,
    observations: int | None = None,
) -> None:
    """One KPI tile; ``compared_with`` (which period the change is against) ends its help."""
    metric = METRICS_BY_KEY[key]
    change = delta(metric, current, previous, lang)
    with st.container(border=True, height="stretch"):
        st.metric(
            metric_label(metric.key, lang),
            format_value(current, metric.unit, lang),
            change.text,
            delta_color=change.color,
            delta_arrow=change.arrow,
            help=f"{metric_help(metric.key, lang)}\n\n{compared_with}",
            chart_data=sparkline(trend),
            chart_type="line",
        )
        mark = thin_mark(metric, observations, lang) if current is not None else None
        if mark:
            st.caption(mark)


def tile_grid(
    keys: Sequence[str],
    current: Mapping[str, Value],
    previous: Mapping[str, Value],
    lang: str,
    *,
    compared_with: str,
    trends: Mapping[str, Sequence[float | None]] | None = None,
    observations: Mapping[str, int] | None = None,
    per_row: int = 5,
) -> None:
    """Tiles for ``keys`` in rows of ``per_row``, inside one container keyed ``tiles_...``
    so that a phone can lay them all out two per row with no hole at a row's end
    (``ui.presentation.LAYOUT_CSS``)."""
    with st.container(key=f"{GRID_KEY}{keys[0]}"):
        for row_start in range(0, len(keys), per_row):
            row = keys[row_start : row_start + per_row]
            for column, key in zip(st.columns(per_row), row, strict=False):
                with column:
                    tile(
                        key,
                        current[key],
                        previous[key],
                        lang,
                        compared_with=compared_with,
                        trend=(trends or {}).get(key),
                        observations=(observations or {}).get(key),
                    )

"""Layout pieces shared by the pages: a chart with its data download, a page header."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from altair.typing import ChartType

from display.charts import grain_unit, time_title
from display.i18n import t
from metrics.series import GRAINS, Grain, TimeBuckets, pick_grain
from ui import presentation
from ui.context import Context
from ui.downloads import download_button
from ui.empty import no_chart_data
from ui.export_buttons import chart_buttons


def chart(figure: ChartType, data: pd.DataFrame, name: str, lang: str) -> None:
    """``figure`` across the column, the CSV of ``data`` under it; a note when ``data`` is empty."""
    if data.empty:
        no_chart_data(lang)
        return
    st.altair_chart(presentation.scaled(figure), width="stretch")
    with st.container(horizontal=True, gap="small"):
        download_button(data, name, lang)
        chart_buttons(figure, data, name, lang)


def header(context: Context, page: str) -> None:
    """The page title and a caption naming the period and the comparison period (and, when
    presenting, the filters and the data date)."""
    lang, view = context.lang, context.view
    st.title(t(f"page_{page}", lang))
    presentation.subtitle(context)
    st.caption(
        t(
            "period_caption_one_day" if view.period.days == 1 else "period_caption",
            lang,
            start=view.period.start.isoformat(),
            end=view.period.end.isoformat(),
            length=period_length(view.period.days, lang),
            comparison=t(f"compare_{view.compare}", lang),
            cstart=view.comparison.start.isoformat(),
            cend=view.comparison.end.isoformat(),
        )
    )


def period_length(days: int, lang: str) -> str:
    """ "1 day", "30 days"."""
    return t("period_length_one", lang) if days == 1 else t("period_length", lang, days=days)


GRAIN_PARAM = "grain"
"""The URL parameter (and widget key) of the day / week / month switch, shared by the pages.
The switch is not bound to the URL (``bind="query-params"``): Streamlit would write its label
there ("Month", "月"), not the grain, and ignore ``grain=month``."""


@dataclass(frozen=True)
class TimeAxis:
    buckets: TimeBuckets
    title: str
    """The axis title: Date, Week starting or Month."""
    unit: str
    """The bucket's name for chart titles ("per week")."""

    @property
    def grain(self) -> Grain:
        return self.buckets.grain


def time_axis(context: Context, *, finest: Grain = "day") -> TimeAxis:
    """The page's day / week / month switch, kept in the URL as ``grain`` (``day``, ``week``
    or ``month`` in every language; an invalid value is reported by ``ui.view.parse_view`` and
    ignored here); notes when an end bucket is partial."""
    lang, period = context.lang, context.period
    default = pick_grain(period)
    if GRAINS.index(default) < GRAINS.index(finest):
        default = finest
    if GRAIN_PARAM not in st.session_state:  # a new session, or back from a page without it
        asked = st.query_params.get(GRAIN_PARAM)
        st.session_state[GRAIN_PARAM] = asked if asked in GRAINS else default
    grain: Grain = (
        st.segmented_control(
            t("grain", lang),
            GRAINS,
            format_func=lambda g: t(f"grain_{g}", lang),
            required=True,
            key=GRAIN_PARAM,
        )
        or default  # never taken: a required control always has a value
    )
    if grain == default:
        st.query_params.pop(GRAIN_PARAM, None)  # a link stays short while it is the default
    else:
        st.query_params[GRAIN_PARAM] = grain
    buckets = TimeBuckets(period, grain)
    unit = grain_unit(grain, lang)
    if buckets.has_partial_buckets():
        st.caption(t("partial_buckets", lang, unit=unit))
    return TimeAxis(buckets, time_title(grain, lang), unit)

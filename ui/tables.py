"""Tables of KPIs: column titles and number formats from the metric declarations."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from metrics.definitions import METRICS_BY_KEY, Unit
from ui.formatting import DASH
from ui.i18n import t
from ui.tiles import thin_mark

NUMBER_FORMATS: dict[Unit, str] = {
    "count": "localized",
    "amount": "%,.2f",
    "ratio": "%.2f",
    "share": "percent",
    "nps": "%.1f",
    "score": "%.2f",
    "days": "%.1f",
    "rate_per_10k": "%.1f",
}


def kpi_columns(
    frame: pd.DataFrame, keys: Sequence[str], lang: str
) -> dict[str, st.column_config.NumberColumn]:
    """Column settings for KPI columns: the KPI's label, definition and number format
    (a fractional count, such as average daily actives, with one decimal)."""

    def number_format(key: str) -> str:
        unit = METRICS_BY_KEY[key].unit
        fractional = unit == "count" and frame[key].dtype.kind == "f"
        return "%,.1f" if fractional else NUMBER_FORMATS[unit]

    return {
        key: st.column_config.NumberColumn(
            METRICS_BY_KEY[key].label(lang),
            help=METRICS_BY_KEY[key].help(lang),
            format=number_format(key),
        )
        for key in keys
    }


def thin_samples(row: pd.Series, keys: Sequence[str], lang: str) -> str:
    """The league row's KPIs among ``keys`` resting on thin samples, e.g.
    ``NPS ⚠ thin sample (n=12)``; a KPI's observations are its declared ``sample`` column."""
    marks = []
    for key in keys:
        metric = METRICS_BY_KEY[key]
        if metric.sample is None:
            continue
        mark = thin_mark(metric, int(row[metric.sample]), lang)
        if mark:
            marks.append(f"{metric.label(lang)} {mark}")
    return "; ".join(marks)


def league_table(league: pd.DataFrame, keys: Sequence[str], lang: str) -> pd.DataFrame:
    """Show the branch league with sortable KPI columns; returns the table as shown."""
    shown = league[["branch_name", "branch_id", "region", *keys]].copy()
    shown["thin"] = [thin_samples(row, keys, lang) for _, row in league.iterrows()]
    config = {
        "branch_name": st.column_config.TextColumn(t("col_branch_name", lang), pinned=True),
        "branch_id": st.column_config.TextColumn(t("col_branch_id", lang)),
        "region": st.column_config.TextColumn(t("col_region", lang)),
        "thin": st.column_config.TextColumn(t("col_thin", lang)),
        **kpi_columns(shown, keys, lang),
    }
    st.dataframe(
        shown,
        column_config=config,
        hide_index=True,
        placeholder=DASH,
        height=min(36 * (len(shown) + 1), 900),
    )
    return shown

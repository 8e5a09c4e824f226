"""Complaints: volume and rate per 10,000 active users over time, categories, resolution
times, the share resolved within 7 days, and the open backlog by age."""

import streamlit as st

from display import charts
from display.formatting import DASH
from display.i18n import label, t
from display.result_charts import complaint_categories_chart
from display.time_tables import Measure, kpi, series_table
from metrics.breakdowns import (
    backlog_ages,
    complaint_categories,
    complaint_rates,
    open_complaints,
    resolution_days,
)
from ui import empty, presentation, render
from ui.cache import cached
from ui.context import current
from ui.downloads import download_button
from ui.kpis import kpi_tiles
from ui.tables import Column, column_config

TILES = [
    "complaints",
    "complaints_per_10k_active",
    "complaint_median_resolution_days",
    "complaints_resolved_within_7d_share",
    "complaints_open_at_end",
]
OPEN_SHOWN = 500
OPEN_COLUMNS = (
    Column("complaint_id", "col_complaint_id", "text"),
    Column("opened_on", "col_opened_on", "date"),
    Column("age_days", "col_age_days"),
    Column("category", "col_category", "text"),
    Column("branch_id", "col_branch_id", "text"),
    Column("branch_name", "col_branch_name", "text"),
    Column("segment", "col_segment", "text"),
)

load_rates = cached(complaint_rates)
load_categories = cached(complaint_categories)
load_resolution = cached(resolution_days)
load_backlog = cached(backlog_ages)
load_open = cached(open_complaints)

ctx = current()
lang, period = ctx.lang, ctx.period
db, version, filters = ctx.db, ctx.data_version, ctx.filters
render.header(ctx, "complaints")
empty.stop_without_data(ctx)

values = kpi_tiles(ctx, TILES, per_row=5)
if values["complaints"] == 0 and values["complaints_open_at_end"] == 0:
    empty.nothing_matches(period, lang)
    st.stop()

axis = render.time_axis(ctx, finest="week")
buckets, x_title, grain = axis.buckets, axis.title, axis.grain
rates = charts.spans(load_rates(db, version, period, filters, (buckets,)), buckets, lang)
complaints = kpi("complaints", lang)

with presentation.screen():
    left, middle, right = st.columns(3)
    with left:
        figure = charts.time_bars(
            rates,
            y="complaints",
            lang=lang,
            title=t("cmp_volume", lang, grain=axis.unit),
            x_title=x_title,
            y_title=t("axis_complaints", lang),
            grain=grain,
        )
        table = series_table(rates, [complaints], lang)
        render.chart(figure, table, "complaints_over_time", lang)
    with middle:
        rate_chart = charts.time_line(
            rates,
            y="complaints_per_10k_active",
            lang=lang,
            title=t("cmp_rate", lang, grain=axis.unit),
            x_title=x_title,
            y_title=t("axis_rate_per_10k", lang),
            grain=grain,
            y_format=",.0f",
        )
        measures = [
            complaints,
            kpi("active_users", lang),
            Measure(
                "complaints_per_10k_active", t("cmp_rate", lang, grain=axis.unit), "rate_per_10k"
            ),
        ]
        table = series_table(rates, measures, lang)
        render.chart(rate_chart, table, "complaints_per_10k_active", lang)
    with right:
        within_chart = charts.time_line(
            rates,
            y="complaints_resolved_within_7d_share",
            lang=lang,
            title=t("cmp_within_7d", lang),
            x_title=x_title,
            y_title=t("axis_rate_pct", lang),
            grain=grain,
            y_format=".0%",
        )
        measures = [
            complaints,
            Measure("resolved_within_7d", t("csv_resolved_within_7d", lang)),
            kpi("complaints_resolved_within_7d_share", lang),
        ]
        render.chart(
            within_chart, series_table(rates, measures, lang), "resolved_within_7_days", lang
        )

with presentation.screen():
    left, middle, right = st.columns(3)
    with left:
        categories = charts.labelled(
            load_categories(db, version, period, filters), "category", "category", lang
        )
        figure = complaint_categories_chart(categories, lang)
        render.chart(figure, categories, "complaint_categories", lang)
    with middle:
        days = load_resolution(db, version, period, filters)
        figure = charts.count_histogram(
            days,
            x="days",
            y="complaints",
            lang=lang,
            title=t("cmp_resolution", lang),
            x_title=t("axis_days", lang),
            y_title=t("axis_complaints", lang),
        )
        render.chart(figure, days, "resolution_days", lang)
    with right:
        backlog = charts.labelled(
            load_backlog(db, version, period.end, filters), "age_band", "age_band", lang
        )
        figure = charts.columns(
            backlog,
            x="age_band_label",
            y="complaints",
            lang=lang,
            title=t("cmp_backlog", lang),
            x_title=t("axis_age", lang),
            y_title=t("axis_complaints", lang),
            sort=list(backlog["age_band_label"]),
            color="age_band_label",
            scale=charts.color_scale("age_band", backlog["age_band"], lang),
            color_title=t("axis_age_band", lang),
        )
        render.chart(figure, backlog, "open_backlog_by_age", lang)

with presentation.screen():
    st.subheader(t("cmp_open_table", lang))
    table = load_open(db, version, period.end, filters, OPEN_SHOWN)
    if table.empty:
        empty.no_chart_data(lang)
    else:
        table["category"] = [label("category", code, lang) for code in table["category"]]
        table["segment"] = [label("segment", code, lang) for code in table["segment"]]
        st.dataframe(
            table,
            hide_index=True,
            placeholder=DASH,
            column_config=column_config(OPEN_COLUMNS, lang),
        )
        shown_total = values["complaints_open_at_end"]
        st.caption(t("cmp_open_shown", lang, shown=len(table), total=shown_total))
        download_button(table, "open_complaints", lang)

"""Activity: daily and monthly actives, stickiness, transactions and amount, transactions per
active user, activation, and monthly cohort retention."""

import altair as alt
import pandas as pd
import streamlit as st

from display import charts
from display.activation import activation_chart, matured
from display.i18n import t
from display.result_charts import daily_active_chart
from display.time_tables import Measure, kpi, series_table
from metrics.breakdowns import activation, activity
from metrics.months import add_months, month_text
from metrics.period import Period
from metrics.retention import retention
from metrics.series import TimeBuckets, trailing_months
from ui import empty, presentation, render
from ui.cache import cached
from ui.context import current
from ui.kpis import kpi_tiles
from ui.tables import wide_or_cards

TILES = [
    "active_users",
    "avg_daily_active_users",
    "transactions",
    "amount",
    "tx_per_active_user",
    "avg_amount_per_transaction",
    "activation_rate_30d",
]
COHORT_MONTHS = 12

load_activity = cached(activity)
load_activation = cached(activation)
load_retention = cached(retention)


ctx = current()
lang, period = ctx.lang, ctx.period
render.header(ctx, "activity")
empty.stop_without_data(ctx)

values = kpi_tiles(ctx, TILES, per_row=4)
if values["active_users"] == 0 and values["new_users"] == 0:
    empty.nothing_matches(period, lang)
    st.stop()

db, version, filters = ctx.db, ctx.data_version, ctx.filters
month_axis = t("axis_month", lang)
days = TimeBuckets(period, "day")
daily = charts.spans(load_activity(db, version, period, filters, (days,)), days, lang)
# A year of months for the monthly charts, from the data's first day at the earliest.
months = trailing_months(period)
if ctx.dates is not None:
    months = Period(max(months.start, ctx.dates.first), months.end)
month_buckets = TimeBuckets(months, "month")
monthly = charts.spans(
    load_activity(db, version, months, filters, (month_buckets,)), month_buckets, lang
)
active = kpi("active_users", lang)

with presentation.screen():
    left, middle, right = st.columns(3)
    with left:
        figure = daily_active_chart(daily, lang)
        render.chart(figure, series_table(daily, [active], lang), "daily_active_users", lang)
    with middle:
        figure = charts.time_line(
            monthly,
            y="active_users",
            title=t("activity_mau", lang),
            x_title=month_axis,
            y_title=t("axis_users", lang),
            grain="month",
            lang=lang,
        )
        render.chart(figure, series_table(monthly, [active], lang), "monthly_active_users", lang)
    with right:
        figure = charts.time_line(
            monthly,
            y="stickiness",
            title=t("activity_stickiness", lang),
            x_title=month_axis,
            y_title=t("axis_rate_pct", lang),
            grain="month",
            y_format=".1%",
        )
        sticky = [
            kpi("avg_daily_active_users", lang),
            active,
            Measure("stickiness", t("activity_stickiness", lang), "share"),
        ]
        render.chart(figure, series_table(monthly, sticky, lang), "stickiness", lang)

with presentation.screen():
    axis = render.time_axis(ctx)
    buckets, x_title, grain = axis.buckets, axis.title, axis.grain
    per_bucket = charts.spans(
        load_activity(db, version, period, filters, (buckets,)), buckets, lang
    )

    left, middle, right = st.columns(3)
    for column, measure, title, y_title, y_format in (
        (left, "transactions", "activity_transactions", "axis_transactions", ",.0f"),
        (middle, "amount", "activity_amount", "axis_amount", ",.0f"),
    ):
        with column:
            figure = charts.time_bars(
                per_bucket,
                y=measure,
                title=t(title, lang, grain=axis.unit),
                x_title=x_title,
                y_title=t(y_title, lang),
                grain=grain,
                y_format=y_format,
                lang=lang,
            )
            table = series_table(per_bucket, [kpi(measure, lang)], lang)
            render.chart(figure, table, measure, lang)
    with right:
        title = t("activity_tx_per_user", lang, grain=axis.unit)
        figure = charts.time_line(
            per_bucket,
            y="tx_per_active_user",
            title=title,
            x_title=x_title,
            y_title=t("axis_per_user", lang),
            grain=grain,
            y_format=".1f",
        )
        measures = [
            kpi("transactions", lang),
            active,
            Measure("tx_per_active_user", title, "ratio"),
        ]
        table = series_table(per_bucket, measures, lang)
        render.chart(figure, table, "transactions_per_active_user", lang)

with presentation.screen():
    left, right = st.columns([1, 2])
    with left:
        activated = charts.spans(
            load_activation(db, version, period, filters, (buckets,)), buckets, lang
        )
        latest = ctx.dates.latest if ctx.dates is not None else period.end
        activated, immature = matured(activated, latest, lang)
        figure = activation_chart(activated, immature, grain, lang)
        measures = [
            kpi("new_users", lang),
            Measure("activated", t("csv_activated", lang)),
            kpi("activation_rate_30d", lang),
        ]
        render.chart(figure, series_table(activated, measures, lang), "activation_rate_30d", lang)
        if activated.empty and immature:
            st.caption(immature)
    with right:
        last = month_text(period.end)
        first = min(month_text(period.start), add_months(last, 1 - COHORT_MONTHS))
        cells = pd.DataFrame(
            [cell.to_dict() for cell in load_retention(db, version, first, last, filters)]
        )
        cohort_map = charts.heatmap(
            cells,
            x="offset",
            y="cohort",
            value="rate",
            title=t("activity_retention", lang),
            x_title=t("axis_offset", lang),
            y_title=t("axis_cohort", lang),
            value_title=t("axis_rate_pct", lang),
        )
        with wide_or_cards("cohort"):
            render.chart(cohort_map, cells, "cohort_retention", lang)
        if not cells.empty:
            # On a phone the shares written in the cells run together: the coloured cells alone,
            # each share on a tap (the tooltip), with the legend underneath.
            with st.container(key="phone_cohort"):
                phone_map = alt.LayerChart(layer=[cohort_map.layer[0]]).properties(
                    title=t("activity_retention", lang), height=cohort_map.height
                )
                st.altair_chart(phone_map.configure_legend(orient="bottom"), width="stretch")
        st.caption(t("activity_retention_help", lang))

"""Growth: registrations per day, week or month, total users, and the splits by segment and
channel, with campaign periods shaded."""

import streamlit as st

from display import charts
from display.formatting import format_change
from display.i18n import t
from display.result_charts import registrations_chart
from display.time_tables import kpi, series_table
from metrics.breakdowns import registrations
from metrics.dimensions import campaign_periods
from metrics.keys import Dimension, DimensionName
from metrics.series import cumulative_users
from ui import empty, render
from ui.cache import cached
from ui.context import current
from ui.kpis import kpi_tiles

load_cumulative = cached(cumulative_users)
load_registrations = cached(registrations)
load_campaigns = cached(campaign_periods)
SPLITS: tuple[DimensionName, ...] = ("segment", "channel")

ctx = current()
lang, period = ctx.lang, ctx.period
render.header(ctx, "growth")
empty.stop_without_data(ctx)

values = kpi_tiles(ctx, ["new_users", "total_users", "activation_rate_30d"], per_row=3)
if values["total_users"] == 0:
    empty.nothing_matches(period, lang)
    st.stop()

axis = render.time_axis(ctx)
buckets, x_title, grain = axis.buckets, axis.title, axis.grain
users = charts.spans(
    load_cumulative(ctx.db, ctx.data_version, period, ctx.filters, grain), buckets, lang
)
campaigns = load_campaigns(ctx.db, ctx.data_version, period, ctx.filters)
new_users = kpi("new_users", lang)

left, right = st.columns(2)
with left:
    figure = registrations_chart(users, campaigns, period, grain, lang)
    render.chart(figure, series_table(users, [new_users], lang), "registrations", lang)
    if not campaigns.empty:
        st.caption(t("growth_campaigns", lang))
with right:
    # The axis starts near the data, so that growth of a few percent shows; its title says so
    # and the chart's title gives the growth itself.
    before = users["total_users"].iloc[0] - users["new_users"].iloc[0] if len(users) else 0
    growth = format_change(
        float(users["total_users"].iloc[-1]) if len(users) else None,
        float(before) if before else None,
        "count",
        lang,
    )
    figure = charts.time_line(
        users,
        y="total_users",
        lang=lang,
        title=t("growth_cumulative_change", lang, change=growth)
        if growth
        else t("growth_cumulative", lang),
        x_title=x_title,
        y_title=t("axis_users_not_zero", lang),
        grain=grain,
        zero=False,
    )
    table = series_table(users, [new_users, kpi("total_users", lang)], lang)
    render.chart(figure, table, "total_users", lang)

for column, dimension in zip(st.columns(2), SPLITS, strict=True):
    with column:
        split = load_registrations(
            ctx.db, ctx.data_version, period, ctx.filters, (buckets, Dimension(dimension))
        )
        split = charts.spans(charts.labelled(split, dimension, dimension, lang), buckets, lang)
        figure = charts.time_bars(
            split,
            y="new_users",
            lang=lang,
            title=t(f"growth_by_{dimension}", lang),
            x_title=x_title,
            y_title=t("axis_users", lang),
            grain=grain,
            color=f"{dimension}_label",
            scale=charts.color_scale(dimension, split[dimension], lang),
            color_title=t(dimension, lang),
        )
        groups = [(f"{dimension}_label", t(dimension, lang))]
        table = series_table(split, [new_users], lang, groups)
        render.chart(figure, table, f"registrations_by_{dimension}", lang)

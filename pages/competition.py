"""Competition: the bank's share of payment transactions by region over time, every
provider's share, and the regions ranked. Market data follows regions only."""

import streamlit as st

from display import charts
from display.i18n import t
from display.result_charts import provider_shares_chart
from display.time_tables import Measure, kpi, series_table
from metrics.breakdowns import market_transactions
from metrics.months import month_period, month_text
from metrics.period import Period
from metrics.series import TimeBuckets, trailing_months
from ui import empty, render
from ui.cache import cached
from ui.context import current
from ui.kpis import kpi_tiles

load_market = cached(market_transactions)

ctx = current()
lang, period = ctx.lang, ctx.period
db, version, filters = ctx.db, ctx.data_version, ctx.filters
render.header(ctx, "competition")
st.info(t("comp_note", lang), icon=":material/info:")
empty.stop_without_data(ctx)

kpi_tiles(ctx, ["own_share"], per_row=4)
ranked = load_market(db, version, period, filters, ("region",))
if ranked.empty:
    empty.nothing_matches(period, lang)
    st.stop()

window = trailing_months(period)
by_region = load_market(db, version, window, filters, ("month", "region"))
providers = load_market(db, version, window, filters, ("month", "provider"))
# Market shares are reported per whole month: each row covers its calendar month.
whole_months = TimeBuckets(Period(window.start, month_period(month_text(window.end)).end), "month")

left, right = st.columns(2)
with left:
    shown = by_region.rename(columns={"month": "bucket"})
    figure = charts.time_line(
        shown,
        y="own_share",
        lang=lang,
        title=t("comp_own_by_region", lang),
        x_title=t("axis_month", lang),
        y_title=t("axis_share_pct", lang),
        grain="month",
        y_format=".1%",
        color="region",
        scale=charts.region_scale(ctx.choices.regions),
        color_title=t("axis_region", lang),
    )
    table = series_table(
        charts.spans(shown, whole_months, lang),
        [Measure("transactions", t("csv_transactions", lang)), kpi("own_share", lang)],
        lang,
        [("region", t("csv_region", lang))],
    )
    render.chart(figure, table, "own_share_by_region", lang)
with right:
    labelled = charts.spans(
        charts.labelled(
            providers.rename(columns={"month": "bucket"}), "provider", "provider", lang
        ),
        whole_months,
        lang,
    )
    table = series_table(
        labelled,
        [
            Measure("transactions", t("csv_transactions", lang)),
            Measure("share", t("csv_share", lang), "share"),
        ],
        lang,
        [("provider_label", t("csv_provider", lang))],
    )
    render.chart(provider_shares_chart(providers, lang), table, "provider_shares", lang)

figure = charts.ranked_bars(
    ranked,
    category="region",
    value="own_share",
    lang=lang,
    title=t("comp_ranked", lang),
    category_title=t("axis_region", lang),
    value_title=t("axis_share_pct", lang),
    value_format=".1%",
    color="region",
    scale=charts.region_scale(ctx.choices.regions),
)
render.chart(figure, ranked, "regions_ranked", lang)

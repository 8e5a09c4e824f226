"""Overview: the headline KPIs with their trend and change, and the branch league table."""

import streamlit as st

from display.i18n import t
from metrics.breakdowns import branch_league
from metrics.definitions import OVERVIEW_TILES
from metrics.series import tile_trends
from ui import empty, render
from ui.cache import cached
from ui.context import current
from ui.downloads import download_button
from ui.kpis import kpi_tiles
from ui.tables import league_table

trends = cached(tile_trends)
league = cached(branch_league)

ctx = current()
lang = ctx.lang
render.header(ctx, "overview")

empty.stop_without_data(ctx)

values = kpi_tiles(
    ctx, OVERVIEW_TILES, trends=trends(ctx.db, ctx.data_version, ctx.period, ctx.filters)
)
if values["total_users"] == 0:
    empty.nothing_matches(ctx.period, lang)
    st.stop()

st.subheader(t("league_title", lang), help=t("league_help", lang))
shown = league_table(
    league(ctx.db, ctx.data_version, ctx.period, ctx.filters), OVERVIEW_TILES, lang
)
download_button(shown, "branch_league", lang)

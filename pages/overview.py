"""Overview: the headline KPIs with their trend and change, and the branch league table,
ranked by a KPI chosen above it."""

import streamlit as st

from display.charts import grain_unit
from display.i18n import metric_label, t
from metrics.breakdowns import branch_league
from metrics.definitions import OVERVIEW_TILES
from metrics.series import TimeBuckets, pick_grain, tile_trends
from ui import empty, presentation, render
from ui.cache import cached
from ui.context import current
from ui.downloads import download_button
from ui.export_buttons import collect_table
from ui.filters import page_choice
from ui.kpis import kpi_tiles
from ui.tables import RANK_KPIS, league_csv, league_table

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
trend_grain = pick_grain(ctx.period)
if TimeBuckets(ctx.period, trend_grain).has_partial_buckets():
    st.caption(t("trend_complete_only", lang, unit=grain_unit(trend_grain, lang)))

with presentation.screen():
    st.subheader(t("league_title", lang), help=t("league_help", lang))
    choice, toggle = st.columns([2, 3], vertical_alignment="bottom")
    with choice:
        by = page_choice(
            "rank_by",
            t("league_rank_by", lang),
            RANK_KPIS,
            lang,
            format_func=lambda key: metric_label(key, lang),
            default="new_users",
            default_in_url=False,
        )
    with toggle:
        all_columns = st.toggle(t("league_all_columns", lang), key="league_all_columns")
    rank_by = by or "new_users"
    shown = league_table(
        league(ctx.db, ctx.data_version, ctx.period, ctx.filters),
        rank_by,
        lang,
        all_columns=all_columns,
    )
    table = league_csv(shown, lang)
    collect_table(t("league_sheet", lang, kpi=metric_label(rank_by, lang)), table)
    download_button(table, "branch_league", lang)

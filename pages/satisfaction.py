"""Satisfaction: CSAT and NPS over time, by segment and by branch, score distributions,
promoters / passives / detractors, and recent comments with a search box."""

import pandas as pd
import streamlit as st

from display import charts
from display.formatting import DASH
from display.i18n import label, t
from display.result_charts import nps_chart, score_chart
from display.time_tables import Measure, kpi, nps_measures, series_table
from metrics.breakdowns import (
    Dimension,
    recent_comments,
    satisfaction,
    score_distribution,
)
from metrics.definitions import METRICS_BY_KEY
from metrics.sources import nps_group
from metrics.uncertainty import MIN_RANKED, ranking_order, with_intervals
from ui import empty, presentation, render
from ui.cache import cached
from ui.context import current
from ui.downloads import download_button
from ui.kpis import kpi_tiles
from ui.tables import Column, column_config

TILES = ["survey_responses", "csat_avg", "csat_satisfied_share", "nps"]
NPS_GROUPS = ("promoters", "passives", "detractors")
COMMENTS_SHOWN = 200
THIN_BELOW = METRICS_BY_KEY["nps"].thin_below
# Per score: the column counting its responses, its axis title, its number format, its
# interval's columns and the scale's ends.
SCORES = {
    "nps": ("nps_responses", "axis_nps", ".0f", ("nps_low", "nps_high"), (-100.0, 100.0)),
    "csat_avg": ("csat_responses", "axis_csat", ".2f", ("csat_low", "csat_high"), (1.0, 5.0)),
}
COMMENT_COLUMNS = (
    Column("responded_on", "col_responded_on", "date"),
    Column("branch_name", "col_branch_name", "text"),
    Column("segment", "col_segment", "text"),
    Column("csat", "col_csat"),
    Column("nps", "col_nps"),
    Column("comment", "col_comment", "text", width="large"),
)

load_satisfaction = cached(satisfaction)
load_scores = cached(score_distribution)
load_comments = cached(recent_comments)


def ranked(
    frame: pd.DataFrame, group_names: str, measure: str, title: str, name: str, lang: str
) -> None:
    """Groups with their score and its 90 % interval, each named with its number of scores;
    groups with at least ``MIN_RANKED`` scores ranked best first, the others (grey, ⚠) after
    them by name, not ranked."""
    count, axis, number_format, (low, high), domain = SCORES[measure]
    shown = ranking_order(
        with_intervals(frame.dropna(subset=[measure])), measure, count, group_names
    )
    shown["group"] = charts.with_counts(shown[group_names], shown[count], THIN_BELOW)
    figure = charts.interval_bars(
        shown,
        category="group",
        value=measure,
        low=low,
        high=high,
        ranked="ranked",
        title=t(title, lang),
        value_title=t(axis, lang),
        value_format=number_format,
        domain=domain,
        interval_titles=(t("sat_interval_low", lang), t("sat_interval_high", lang)),
    )
    columns = ["group", count, measure, low, high, "ranked"]
    render.chart(figure, shown[columns], name, lang)


ctx = current()
lang, period = ctx.lang, ctx.period
db, version, filters = ctx.db, ctx.data_version, ctx.filters
render.header(ctx, "satisfaction")
empty.stop_without_data(ctx)

values = kpi_tiles(ctx, TILES, per_row=4)
if values["survey_responses"] == 0:
    empty.nothing_matches(period, lang)
    st.stop()


axis = render.time_axis(ctx, finest="week")
buckets, x_title, grain = axis.buckets, axis.title, axis.grain
over_time = charts.spans(load_satisfaction(db, version, period, filters, (buckets,)), buckets, lang)

with presentation.screen():
    left, middle, right = st.columns(3)
    with left:
        figure = score_chart(over_time, "csat_avg", grain, lang)
        measures = [
            Measure("csat_responses", t("csv_csat_responses", lang)),
            kpi("csat_avg", lang),
            kpi("csat_satisfied_share", lang),
        ]
        render.chart(figure, series_table(over_time, measures, lang), "csat_over_time", lang)
    with middle:
        figure = nps_chart(over_time, grain, lang)
        measures = nps_measures(lang)
        render.chart(figure, series_table(over_time, measures, lang), "nps_over_time", lang)
    with right:
        groups = over_time.melt(
            id_vars=["bucket", "period_start", "period_end", "complete", "coverage"],
            value_vars=list(NPS_GROUPS),
            var_name="nps_group",
            value_name="scores",
        )
        groups = charts.labelled(groups, "nps_group", "nps_group", lang)
        figure = charts.stacked_area(
            groups,
            y="scores",
            color="nps_group_label",
            order="nps_group_rank",
            scale=charts.color_scale("nps_group", NPS_GROUPS, lang),
            title=t("sat_groups", lang),
            x_title=x_title,
            y_title=t("axis_share_pct", lang),
            grain=grain,
            color_title=t("nps_group", lang),
            normalize=True,
        )
        table = series_table(
            groups,
            [Measure("scores", t("csv_scores", lang))],
            lang,
            [("nps_group_label", t("csv_nps_group", lang))],
        )
        render.chart(figure, table, "nps_groups_over_time", lang)

    by_segment = load_satisfaction(db, version, period, filters, (Dimension("segment"),))
    by_segment = charts.labelled(by_segment, "segment", "segment", lang)
    by_branch = load_satisfaction(db, version, period, filters, (Dimension("branch_id"),))
    names = {b.branch_id: b.name for b in ctx.choices.branches}
    by_branch["branch_name"] = by_branch["branch_id"].map(lambda b: names.get(b, b))

    st.caption(t("sat_groups_note", lang, floor=MIN_RANKED))
with presentation.screen():
    left, middle, right = st.columns(3)
    with left:
        ranked(by_segment, "segment_label", "nps", "sat_nps_by_segment", "nps_by_segment", lang)
    with middle:
        ranked(
            by_segment, "segment_label", "csat_avg", "sat_csat_by_segment", "csat_by_segment", lang
        )
    with right:
        csat = load_scores(db, version, period, filters, "csat")
        figure = charts.columns(
            csat,
            x="score",
            y="responses",
            lang=lang,
            title=t("sat_csat_distribution", lang),
            x_title=t("axis_score", lang),
            y_title=t("axis_responses", lang),
        )
        render.chart(figure, csat, "csat_distribution", lang)

    left, middle, right = st.columns(3)
    with left:
        nps = load_scores(db, version, period, filters, "nps")
        nps["nps_group"] = [nps_group(score) for score in nps["score"]]
        nps = charts.labelled(nps, "nps_group", "nps_group", lang)
        figure = charts.columns(
            nps,
            x="score",
            y="responses",
            lang=lang,
            title=t("sat_nps_distribution", lang),
            x_title=t("axis_score", lang),
            y_title=t("axis_responses", lang),
            color="nps_group_label",
            scale=charts.color_scale("nps_group", NPS_GROUPS, lang),
            color_title=t("nps_group", lang),
        )
        render.chart(figure, nps, "nps_distribution", lang)
    with middle:
        ranked(by_branch, "branch_name", "nps", "sat_nps_by_branch", "nps_by_branch", lang)
    with right:
        ranked(by_branch, "branch_name", "csat_avg", "sat_csat_by_branch", "csat_by_branch", lang)

with presentation.screen():
    st.subheader(t("sat_comments", lang))
    search = st.text_input(
        t("sat_search", lang),
        placeholder=t("sat_search_placeholder", lang),
        max_chars=100,
        key="comment_search",
    )
    comments = load_comments(db, version, period, filters, search, COMMENTS_SHOWN)
    if comments.empty:
        st.caption(t("sat_no_comments", lang))
    else:
        comments["segment"] = [label("segment", code, lang) for code in comments["segment"]]
        st.dataframe(
            comments,
            hide_index=True,
            placeholder=DASH,
            column_config=column_config(COMMENT_COLUMNS, lang),
        )
        st.caption(t("sat_comments_shown", lang, n=len(comments)))
        download_button(comments, "comments", lang)

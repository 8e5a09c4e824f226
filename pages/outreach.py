"""Outreach: visits, contacts, registrations by the visiting staff, activation within 30 days
and activity the next month, by location type, team or staff; visits on a calendar."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from data_access.rollups import ACTIVATION_DAYS
from display.formatting import DASH, number
from display.i18n import t
from display.promotion_charts import (
    FUNNEL_STEPS,
    OUTREACH_RANKINGS,
    calendar_chart,
    calendar_frame,
    funnel_chart,
    funnel_frame,
    outreach_group_chart,
)
from metrics.outreach import (
    FunnelRow,
    Grouping,
    outreach_funnel,
    outreach_total,
    visit_calendar,
)
from ui import empty, presentation, render
from ui.cache import cached
from ui.context import Context, current
from ui.downloads import download_button
from ui.tables import (
    Column,
    as_percentages,
    cards,
    column_cards,
    column_config,
    names,
    wide_or_cards,
)
from ui.tiles import GRID_KEY

GROUPINGS: tuple[Grouping, ...] = ("location_type", "team", "staff")
# The funnel table's columns after the group's name.
GROUP_COLUMNS = (
    *(Column(step, f"or_{step}", helped=True) for step in FUNNEL_STEPS),
    Column("registrations_per_visit", "or_per_visit", format="%.2f"),
    Column("registrations_per_contact", "or_registrations_per_contact", format="%.1f%%"),
    Column("activated_share", "or_activated_share", format="%.1f%%"),
    Column("active_next_month_share", "or_active_next_month_share", format="%.1f%%"),
    Column("key", "or_col_id", "text"),
)
CHART_GROUPS = 15  # teams or staff in the per-visit charts at most; the table lists them all

load_total = cached(outreach_total)
load_funnel = cached(outreach_funnel)
load_calendar = cached(visit_calendar)


def tiles(total: FunnelRow, lang: str) -> None:
    values = {
        "visits": number(total.visits, lang),
        "contacts": number(total.contacts, lang),
        "registrations": number(total.registrations, lang),
        "activated_30d": number(total.activated_30d, lang),
        "active_next_month": number(total.active_next_month, lang),
        "per_visit": DASH
        if total.registrations_per_visit is None
        else f"{total.registrations_per_visit:.2f}",
    }
    per_row = 3
    keys = list(values)
    with st.container(key=f"{GRID_KEY}outreach"):  # two per row on a phone, as tile_grid
        for start in range(0, len(keys), per_row):
            row = keys[start : start + per_row]
            for column, key in zip(st.columns(per_row), row, strict=True):
                with column:
                    st.metric(
                        t(f"or_{key}", lang),
                        values[key],
                        help=t(f"or_{key}_help", lang),
                        border=True,
                    )


def group_section(ctx: Context) -> None:
    """The grouping switch and the per-visit charts of the location types, teams or staff,
    then their funnel table (on a phone, a card per group with its funnel a tap away); each
    on a screen of its own when presenting."""
    lang = ctx.lang
    with presentation.screen():
        by = st.segmented_control(
            t("or_group_by", lang),
            GROUPINGS,
            default="location_type",
            format_func=lambda g: t(f"or_by_{g}", lang),
            required=True,
            key="outreach_by",
        )
        rows = load_funnel(ctx.db, ctx.data_version, ctx.period, ctx.filters, by)
        frame = funnel_frame(rows, by, lang)
        if frame.empty:
            empty.no_chart_data(lang)
            return
        ranked = frame.sort_values(["registrations_per_visit", "visits"], ascending=False)
        ranked = ranked.dropna(subset=["registrations_per_visit"]).head(CHART_GROUPS)
        left, right = st.columns(2)
        for column, value in zip((left, right), OUTREACH_RANKINGS, strict=True):
            with column:
                figure = outreach_group_chart(ranked, by, value, lang)
                plotted = ranked[["label", value, "visits", "registrations", "key"]]
                render.chart(figure, plotted, f"outreach_{value}_by_{by}", lang)
        if by != "location_type" and len(frame) > CHART_GROUPS:
            st.caption(t("or_chart_top", lang, n=CHART_GROUPS))
    columns = (Column("label", f"or_by_{by}", "text", pinned=True), *GROUP_COLUMNS)
    percentages = ["registrations_per_contact", "activated_share", "active_next_month_share"]
    shown = as_percentages(frame[names(columns)], percentages)
    with presentation.screen():
        with wide_or_cards("funnel"):
            st.dataframe(
                shown, hide_index=True, placeholder=DASH, column_config=column_config(columns, lang)
            )
        cards(
            "funnel",
            column_cards(
                shown, columns, lang, title="label", summary=("visits", "registrations_per_visit")
            ),
        )
        download_button(shown, f"outreach_by_{by}", lang)


ctx = current()
lang, db, version = ctx.lang, ctx.db, ctx.data_version
period, filters = ctx.period, ctx.filters
render.header(ctx, "outreach")
empty.stop_without_data(ctx)

total = load_total(db, version, period, filters)
with presentation.screen():
    tiles(total, lang)
    if period.end > ctx.anchor - timedelta(days=ACTIVATION_DAYS):
        st.caption(t("or_recent_note", lang, date=ctx.anchor.isoformat()))
    with st.expander(t("or_definitions_title", lang), icon=":material/help:"):
        st.markdown(t("or_definitions", lang))
if total.visits == 0:
    empty.nothing_matches(period, lang)
    st.stop()

with presentation.screen():
    left, right = st.columns(2)
    with left:
        funnel = pd.DataFrame(
            {"step": list(FUNNEL_STEPS), "count": [getattr(total, s) for s in FUNNEL_STEPS]}
        )
        render.chart(funnel_chart(total, lang), funnel, "outreach_funnel", lang)
        st.caption(t("or_funnel_note", lang))
    with right:
        days = calendar_frame(load_calendar(db, version, period, filters), lang)
        render.chart(calendar_chart(days, lang), days, "outreach_calendar", lang)

group_section(ctx)

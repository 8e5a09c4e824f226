"""Outreach: visits, contacts, registrations by the visiting staff, activation within 30 days
and activity the next month, by location type, team or staff; visits on a calendar."""

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from data_access.rollups import ACTIVATION_DAYS
from metrics.outreach import FunnelRow, VisitDay, outreach_funnel, outreach_total, visit_calendar
from ui import charts, empty, render
from ui.cache import cached
from ui.context import current
from ui.downloads import download_button
from ui.formatting import DASH, number
from ui.i18n import label, t

STEPS = ("visits", "contacts", "registrations", "activated_30d", "active_next_month")
GROUPINGS = ("location_type", "team", "staff")
CHART_GROUPS = 15  # teams or staff in the per-visit charts at most; the table lists them all

load_total = cached(outreach_total)
load_funnel = cached(outreach_funnel)
load_calendar = cached(visit_calendar)


def funnel_chart(total: FunnelRow, lang: str) -> alt.Chart:
    """The whole funnel, one bar per step, widest first."""
    frame = pd.DataFrame(
        {
            "step": [t(f"or_{step}", lang) for step in STEPS],
            "count": [getattr(total, step) for step in STEPS],
        }
    )
    return (
        alt.Chart(frame)
        .mark_bar(color="#E45756")
        .encode(
            y=alt.Y("step:N", title=None, sort=None, axis=alt.Axis(labelLimit=200)),
            x=alt.X("count:Q", title=t("or_count", lang), axis=alt.Axis(format=",.0f")),
            tooltip=[
                alt.Tooltip("step:N", title=t("or_step", lang)),
                alt.Tooltip("count:Q", title=t("or_count", lang), format=",.0f"),
            ],
        )
        .properties(title=t("or_funnel_title", lang), height=60 + 32 * len(STEPS))
    )


def calendar_chart(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Visits per day as a calendar: a column per week (Monday first), a row per weekday."""
    weekdays = [t(f"or_weekday_{n}", lang) for n in range(7)]
    return (
        alt.Chart(frame)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("week:O", title=t("axis_week", lang), axis=alt.Axis(labelAngle=-90)),
            y=alt.Y("weekday:O", title=None, sort=weekdays),
            color=alt.Color(
                "visits:Q", title=t("or_visits", lang), scale=alt.Scale(scheme="greens")
            ),
            tooltip=[
                alt.Tooltip("day:T", title=t("axis_date", lang), format="%Y-%m-%d"),
                alt.Tooltip("visits:Q", title=t("or_visits", lang)),
                alt.Tooltip("contacts:Q", title=t("or_contacts", lang)),
                alt.Tooltip("registrations:Q", title=t("or_registrations", lang)),
            ],
        )
        # The height holds the title and the week labels too.
        .properties(title=t("or_calendar_title", lang), height=340)
    )


def calendar_frame(days: list[VisitDay], lang: str) -> pd.DataFrame:
    frame = pd.DataFrame([d.to_dict() for d in days])
    day = pd.to_datetime(frame["day"])
    frame["day"] = day
    frame["week"] = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
    frame["weekday"] = [t(f"or_weekday_{n}", lang) for n in day.dt.day_of_week]
    return frame


def tiles(total: FunnelRow) -> None:
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
    for start in range(0, len(keys), per_row):
        for column, key in zip(st.columns(per_row), keys[start : start + per_row], strict=True):
            with column:
                st.metric(
                    t(f"or_{key}", lang), values[key], help=t(f"or_{key}_help", lang), border=True
                )


def group_frame(rows: list[FunnelRow], by: str) -> pd.DataFrame:
    frame = pd.DataFrame([row.to_dict() for row in rows])
    if by == "location_type":
        frame["label"] = [label("location_type", code, lang) for code in frame["key"]]
    return frame


def group_section(by: str) -> None:
    frame = group_frame(load_funnel(db, version, period, filters, by), by)
    if frame.empty:
        empty.no_chart_data(lang)
        return
    ranked = frame.sort_values(["registrations_per_visit", "visits"], ascending=False)
    ranked = ranked.dropna(subset=["registrations_per_visit"]).head(CHART_GROUPS)
    left, right = st.columns(2)
    extra = [
        alt.Tooltip("visits:Q", title=t("or_visits", lang)),
        alt.Tooltip("registrations:Q", title=t("or_registrations", lang)),
    ]
    for column, value, title_key in (
        (left, "registrations_per_visit", "or_per_visit_by"),
        (right, "activated_share", "or_activated_by"),
    ):
        with column:
            percent = value == "activated_share"
            figure = charts.ranked_bars(
                ranked,
                category="label",
                value=value,
                title=t(title_key, lang, by=t(f"or_by_{by}", lang).lower()),
                category_title=t(f"or_by_{by}", lang),
                value_title=t(f"or_{value}", lang),
                value_format=".0%" if percent else ".2f",
                extra_tooltips=extra,
            )
            plotted = ranked[["label", value, "visits", "registrations", "key"]]
            render.chart(figure, plotted, f"outreach_{value}_by_{by}", lang)
    if by != "location_type" and len(frame) > CHART_GROUPS:
        st.caption(t("or_chart_top", lang, n=CHART_GROUPS))
    shown = frame[
        [
            "label",
            *STEPS,
            "registrations_per_visit",
            "registrations_per_contact",
            "activated_share",
            "active_next_month_share",
            "key",
        ]
    ]
    st.dataframe(
        shown,
        hide_index=True,
        placeholder=DASH,
        column_config={
            "label": st.column_config.TextColumn(t(f"or_by_{by}", lang), pinned=True),
            **{
                step: st.column_config.NumberColumn(
                    t(f"or_{step}", lang), help=t(f"or_{step}_help", lang)
                )
                for step in STEPS
            },
            "registrations_per_visit": st.column_config.NumberColumn(
                t("or_per_visit", lang), format="%.2f"
            ),
            "registrations_per_contact": st.column_config.NumberColumn(
                t("or_registrations_per_contact", lang), format="percent"
            ),
            "activated_share": st.column_config.NumberColumn(
                t("or_activated_share", lang), format="percent"
            ),
            "active_next_month_share": st.column_config.NumberColumn(
                t("or_active_next_month_share", lang), format="percent"
            ),
            "key": st.column_config.TextColumn(t("or_col_id", lang)),
        },
    )
    download_button(shown, f"outreach_by_{by}", lang)


ctx = current()
lang, db, version = ctx.lang, ctx.db, ctx.data_version
period, filters = ctx.period, ctx.filters
render.header(ctx, "outreach")
empty.stop_without_data(ctx)

total = load_total(db, version, period, filters)
tiles(total)
if period.end > ctx.anchor - timedelta(days=ACTIVATION_DAYS):
    st.caption(t("or_recent_note", lang, date=ctx.anchor.isoformat()))
with st.expander(t("or_definitions_title", lang), icon=":material/help:"):
    st.markdown(t("or_definitions", lang))
if total.visits == 0:
    empty.nothing_matches(period, lang)
    st.stop()

left, right = st.columns(2)
with left:
    funnel = pd.DataFrame({"step": list(STEPS), "count": [getattr(total, s) for s in STEPS]})
    render.chart(funnel_chart(total, lang), funnel, "outreach_funnel", lang)
with right:
    days = calendar_frame(load_calendar(db, version, period, filters), lang)
    render.chart(calendar_chart(days, lang), days, "outreach_calendar", lang)

by = st.segmented_control(
    t("or_group_by", lang),
    GROUPINGS,
    default="location_type",
    format_func=lambda g: t(f"or_by_{g}", lang),
    required=True,
    key="outreach_by",
)
group_section(by)

"""Campaigns: one campaign against its pre-window and the branches without it: the verdict on
registrations with its 90 % interval, the effect on five outcomes, the daily gap between the
groups, daily registrations per branch, lift, difference-in-differences, incremental and
attributed users by segment and by channel; then the planner for the next campaign."""

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from data_access import Filters
from metrics.campaign import CampaignImpact, campaign_impact
from metrics.campaign_effects import CampaignEffects, campaign_effects, plan
from metrics.campaign_series import (
    GapRange,
    campaign_list,
    daily_gap,
    daily_registrations,
    impact_by,
    treated_branch_ids,
    usual_gap,
    verdict,
)
from metrics.targets import latest_data_date
from ui import campaign_words, charts, empty, render
from ui.cache import cached
from ui.context import current
from ui.export_buttons import collect_table
from ui.filters import page_choice
from ui.formatting import DASH, number, plain
from ui.i18n import ordered, t

GROUP_COLORS = {"treated": "#C8102E", "control": "#4C78A8"}
SPLITS = ("segment", "channel")
SPLIT_COLUMNS = (
    "treated_pre",
    "treated_during",
    "control_pre",
    "control_during",
    "lift",
    "did",
    "incremental_users",
    "attributed_users",
)

load_campaigns = cached(campaign_list)
load_impact = cached(campaign_impact)
load_daily = cached(daily_registrations)
load_split = cached(impact_by)
load_verdict = cached(verdict)
load_treated = cached(treated_branch_ids)
load_effects = cached(campaign_effects)
load_plan = cached(plan)
load_latest = cached(latest_data_date)
VERDICT_BOXES = {"more": st.success, "fewer": st.error}
MAX_PLAN_DAYS = 366


def signed(value: float | None, digits: int = 0) -> str:
    return DASH if value is None else f"{value:+,.{digits}f}"


def share(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:+.1f}%"


def daily_chart(frame: pd.DataFrame, impact: CampaignImpact, lang: str) -> alt.LayerChart:
    """Registrations per branch-day by group, window means as dashed steps, the campaign shaded."""
    groups = [t(f"cp_group_{g}", lang) for g in GROUP_COLORS]
    scale = alt.Scale(domain=groups, range=list(GROUP_COLORS.values()))
    color = alt.Color("group_label:N", scale=scale, title=t("cp_group", lang))
    x = alt.X("day:T", title=t("axis_date", lang), axis=alt.Axis(format="%m-%d"))
    daily = (
        alt.Chart(frame)
        .mark_line(opacity=0.55)
        .encode(
            x=x,
            y=alt.Y("per_branch:Q", title=t("cp_axis_per_branch", lang)),
            color=color,
            tooltip=[
                alt.Tooltip("day:T", title=t("axis_date", lang), format="%Y-%m-%d"),
                alt.Tooltip("group_label:N", title=t("cp_group", lang)),
                alt.Tooltip("registrations:Q", title=t("cp_registrations", lang)),
                alt.Tooltip("per_branch:Q", title=t("cp_axis_per_branch", lang), format=".2f"),
            ],
        )
    )
    means = (
        alt.Chart(frame)
        .mark_line(strokeDash=[6, 3], strokeWidth=2.5)
        .encode(
            x=x,
            y="window_mean:Q",
            color=color,
            detail="window:N",
            tooltip=[
                alt.Tooltip("group_label:N", title=t("cp_group", lang)),
                alt.Tooltip("window_label:N", title=t("cp_window", lang)),
                alt.Tooltip("window_mean:Q", title=t("cp_window_mean", lang), format=".2f"),
            ],
        )
    )
    band = (
        alt.Chart(
            pd.DataFrame(
                {
                    "start": [pd.Timestamp(impact.start)],
                    "end": [pd.Timestamp(impact.end + timedelta(days=1))],
                }
            )
        )
        .mark_rect(color="#9E9E9E", opacity=0.15)
        .encode(x="start:T", x2="end:T")
    )
    return alt.layer(band, daily, means).properties(title=t("cp_daily_title", lang), height=300)


def daily_frame(impact: CampaignImpact, filters: Filters) -> pd.DataFrame:
    points = load_daily(db, version, impact.campaign_id, filters)
    frame = pd.DataFrame([p.to_dict() for p in points])
    frame["day"] = pd.to_datetime(frame["day"])
    frame["group_label"] = [t(f"cp_group_{g}", lang) for g in frame["group"]]
    frame["window_label"] = [t(f"cp_window_{w}", lang) for w in frame["window"]]
    frame["window_mean"] = frame.groupby(["group", "window"])["per_branch"].transform("mean")
    return frame


def verdict_box(impact: CampaignImpact, effects: CampaignEffects) -> None:
    """More, fewer, or can't tell from noise, with the interval in users; then the caveats."""
    found = load_verdict(db, version, impact)
    kind = campaign_words.verdict_kind(effects)
    sentence = campaign_words.verdict_sentence(impact, effects, lang)
    if kind == "unknown":
        st.warning(sentence, icon=":material/help:")
    else:
        attributed = t("cp_verdict_attributed", lang, n=number(impact.attributed_users, lang))
        box = VERDICT_BOXES.get(kind, st.info)
        box(f"**{sentence}** {attributed}", icon=":material/campaign:")
    drifting = campaign_words.pre_trend_caveat(effects, lang)
    if drifting:
        st.warning(drifting, icon="⚠️")
    for caveat in found.caveats:
        st.warning(t(f"cp_caveat_{caveat}", lang, n=impact.control_branches), icon="⚠️")


def effects_frame(effects: CampaignEffects) -> pd.DataFrame:
    rows = campaign_words.effect_rows(effects, lang)
    return pd.DataFrame(
        {
            "outcome": [r.label for r in rows],
            "before": [r.before for r in rows],
            "during": [r.during for r in rows],
            "estimate": [r.estimate for r in rows],
            "low": [r.low for r in rows],
            "high": [r.high for r in rows],
            "interval": [r.interval for r in rows],
            "relative": [r.relative for r in rows],
            "relative_text": [campaign_words.percent(r.relative) for r in rows],
            "p_value": [r.p_value for r in rows],
            "pre_trend_p": [r.pre_trend_p for r in rows],
            "reading": [r.reading for r in rows],
            "unit": [r.unit for r in rows],
        }
    )


def effects_section(impact: CampaignImpact, effects: CampaignEffects) -> None:
    st.subheader(t("cp_effects_title", lang), help=t("cp_method_help", lang))
    frame = effects_frame(effects)
    number_column = st.column_config.NumberColumn
    st.dataframe(
        frame[["reading", "estimate", "interval", "unit", "relative_text", "before", "during"]],
        hide_index=True,
        placeholder=DASH,
        column_config={
            "reading": st.column_config.TextColumn(t("cp_col_reading", lang), pinned=True),
            "estimate": number_column(t("cp_col_estimate", lang), format="%+.2f"),
            "interval": st.column_config.TextColumn(t("cp_col_interval", lang)),
            "relative_text": st.column_config.TextColumn(t("cp_col_relative", lang)),
            "before": number_column(t("cp_col_before", lang), format="%.2f"),
            "during": number_column(t("cp_col_during", lang), format="%.2f"),
            "unit": st.column_config.TextColumn(t("cp_col_unit", lang)),
        },
    )
    st.caption(t("cp_effects_caption", lang))
    notes = [campaign_words.verdict_sentence(impact, effects, lang)]
    drifting = campaign_words.pre_trend_caveat(effects, lang)
    if drifting:
        notes.append(drifting)
    collect_table(t("cp_effects_title", lang), frame.drop(columns="relative_text"), tuple(notes))


def gap_chart(
    frame: pd.DataFrame, spread: GapRange | None, impact: CampaignImpact
) -> alt.TopLevelMixin:
    """The daily gap as a line, its usual range before the campaign shaded, the campaign's
    first day marked."""
    x = alt.X("day:T", title=t("axis_date", lang), axis=alt.Axis(format="%m-%d"))
    line = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=18), color=GROUP_COLORS["treated"])
        .encode(
            x=x,
            y=alt.Y("gap:Q", title=t("cp_gap", lang)),
            tooltip=[
                alt.Tooltip("day:T", title=t("axis_date", lang), format="%Y-%m-%d"),
                alt.Tooltip("window_label:N", title=t("cp_window", lang)),
                alt.Tooltip("gap:Q", title=t("cp_gap", lang), format="+.2f"),
            ],
        )
    )
    start = pd.DataFrame({"day": [pd.Timestamp(impact.start)], "label": [t("cp_gap_start", lang)]})
    layers: list[alt.Chart] = []
    if spread is not None:
        band = pd.DataFrame(
            {
                "start": [frame["day"].min()],
                "end": [frame["day"].max()],
                "low": [spread.low],
                "high": [spread.high],
                "label": [t("cp_gap_band", lang)],
            }
        )
        layers.append(
            alt.Chart(band)
            .mark_rect(color="#9E9E9E", opacity=0.25)
            .encode(
                x="start:T",
                x2="end:T",
                y="low:Q",
                y2="high:Q",
                tooltip=[
                    alt.Tooltip("label:N", title=""),
                    alt.Tooltip("low:Q", format="+.2f"),
                    alt.Tooltip("high:Q", format="+.2f"),
                ],
            )
        )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#666", strokeDash=[2, 2])
    layers.append(zero.encode(y="y:Q"))
    layers.append(alt.Chart(start).mark_rule(color="#333", strokeWidth=1.5).encode(x="day:T"))
    layers.append(
        alt.Chart(start)
        .mark_text(align="left", baseline="top", dx=4, dy=4, color="#333")
        .encode(x="day:T", y=alt.value(0), text="label:N")
    )
    layers.append(line)
    return alt.layer(*layers).properties(title=t("cp_gap_title", lang), height=260)


def gap_section(impact: CampaignImpact, filters: Filters) -> None:
    points = load_daily(db, version, impact.campaign_id, filters)
    gaps = daily_gap(points)
    spread = usual_gap(gaps)
    frame = pd.DataFrame([g.to_dict() for g in gaps])
    frame["day"] = pd.to_datetime(frame["day"])
    frame["window_label"] = [t(f"cp_window_{w}", lang) for w in frame["window"]]
    data = frame[["day", "window", "gap"]].assign(
        usual_low=None if spread is None else spread.low,
        usual_high=None if spread is None else spread.high,
    )
    render.chart(gap_chart(frame, spread, impact), data, "campaign_daily_gap", lang)
    st.caption(t("cp_gap_caption", lang))


def planner(default_branches: list[str], default_days: int) -> None:
    """Pick branches and a duration (both kept in the URL); read what such a campaign could
    detect per outcome."""
    st.subheader(t("cp_plan_title", lang))
    names = {b.branch_id: b.name for b in ctx.choices.branches}
    options = sorted(names) if whole_bank else sorted(set(names) & set(db.scope.branches or ()))
    left, right = st.columns([3, 1])
    with left:
        chosen_branches = st.multiselect(
            t("cp_plan_branches", lang),
            options,
            default=[b for b in default_branches if b in options],
            format_func=lambda b: f"{names.get(b, b)} ({b})",
            key="plan_branch",
            bind="query-params",
        )
    with right:
        days = st.number_input(
            t("cp_plan_days", lang),
            min_value=1,
            max_value=MAX_PLAN_DAYS,
            value=min(max(default_days, 1), MAX_PLAN_DAYS),
            step=1,
            key="plan_days",
            bind="query-params",
        )
    if not chosen_branches:
        st.info(t("cp_plan_pick", lang), icon=":material/ads_click:")
        return
    latest = load_latest(db, version)
    if latest is None:
        return
    rows = load_plan(db, version, tuple(chosen_branches), int(days), as_of=latest, filters=filters)
    first = latest - timedelta(days=2 * int(days) - 1)
    st.caption(
        t(
            "cp_plan_intro",
            lang,
            n=len(chosen_branches),
            days2=2 * int(days),
            start=first.isoformat(),
            end=latest.isoformat(),
        )
    )
    st.markdown("\n".join(f"- {campaign_words.plan_sentence(row, lang)}" for row in rows))
    st.caption(t("cp_plan_caption", lang))


def impact_tiles(impact: CampaignImpact) -> None:
    tiles = (
        ("cp_lift", share(impact.lift)),
        ("cp_did", signed(impact.did, 2)),
        ("cp_did_lift", share(impact.did_lift)),
        ("cp_incremental", signed(impact.incremental_users)),
        ("cp_attributed", number(impact.attributed_users, lang)),
    )
    for column, (key, value) in zip(st.columns(len(tiles)), tiles, strict=True):
        with column:
            st.metric(t(key, lang), value, help=t(f"{key}_help", lang), border=True)


def split_section(campaign_id: str, filters: Filters, dimension: str) -> None:
    splits = load_split(db, version, campaign_id, filters, dimension)
    by_value = {s.value: s.impact for s in splits}
    frame = pd.DataFrame(
        [
            {dimension: value, **{k: getattr(by_value[value], k) for k in SPLIT_COLUMNS}}
            for value in ordered(dimension, list(by_value))
        ]
    )
    title = t(f"cp_by_{dimension}", lang)
    if frame.empty:
        st.markdown(f"**{title}**")
        empty.no_chart_data(lang)
        return
    frame = charts.labelled(frame, dimension, dimension, lang)
    figure = charts.ranked_bars(
        frame.dropna(subset=["incremental_users"]),
        category=f"{dimension}_label",
        value="incremental_users",
        title=title,
        category_title=t(dimension, lang),
        value_title=t("cp_incremental", lang),
        color=f"{dimension}_label",
        scale=charts.color_scale(dimension, frame[dimension], lang),
    )
    render.chart(figure, frame, f"campaign_by_{dimension}", lang)
    rate = "%.2f"
    st.dataframe(
        frame[[f"{dimension}_label", *SPLIT_COLUMNS]],
        hide_index=True,
        placeholder=DASH,
        column_config={
            f"{dimension}_label": st.column_config.TextColumn(t(dimension, lang), pinned=True),
            "treated_pre": st.column_config.NumberColumn(t("cp_treated_pre", lang), format=rate),
            "treated_during": st.column_config.NumberColumn(
                t("cp_treated_during", lang), format=rate
            ),
            "control_pre": st.column_config.NumberColumn(t("cp_control_pre", lang), format=rate),
            "control_during": st.column_config.NumberColumn(
                t("cp_control_during", lang), format=rate
            ),
            "lift": st.column_config.NumberColumn(t("cp_lift", lang), format="percent"),
            "did": st.column_config.NumberColumn(t("cp_did", lang), format=rate),
            "incremental_users": st.column_config.NumberColumn(
                t("cp_incremental", lang), format="%.0f"
            ),
            "attributed_users": st.column_config.NumberColumn(t("cp_attributed", lang)),
        },
    )


ctx = current()
lang, db, version = ctx.lang, ctx.db, ctx.data_version
st.title(t("page_campaigns", lang))
empty.stop_without_data(ctx)

# A viewer limited to some branches is offered the campaigns that ran in one of them; the
# figures of any campaign count their branches alone (control: their other branches).
whole_bank = db.scope.branches is None
campaigns = {
    c.campaign_id: c
    for c in load_campaigns(db, version)
    if whole_bank or load_treated(db, version, c.campaign_id)
}
if not campaigns:
    st.info(t("cp_none" if whole_bank else "cp_none_in_scope", lang), icon=":material/campaign:")
    st.stop()
chosen = campaigns[
    page_choice(
        "campaign",
        t("cp_pick", lang),
        list(campaigns),
        lang,
        format_func=lambda key: (
            f"{campaigns[key].campaign_name} ({campaigns[key].start} – {campaigns[key].end})"
        ),
    )
]
if chosen.description:
    st.caption(plain(chosen.description))

filters = Filters(segments=ctx.filters.segments, channels=ctx.filters.channels)
if ctx.filters.branches or ctx.filters.regions:
    st.info(t("cp_branch_filters_ignored", lang), icon=":material/filter_alt_off:")
impact = load_impact(db, version, chosen.campaign_id, filters)
treated = [ctx.choices.branch(b) for b in load_treated(db, version, chosen.campaign_id)]
st.caption(
    t(
        "cp_windows",
        lang,
        start=chosen.start.isoformat(),
        end=chosen.end.isoformat(),
        days=impact.days,
        pre_start=chosen.pre.start.isoformat(),
        pre_end=chosen.pre.end.isoformat(),
        treated=impact.treated_branches,
        control=impact.control_branches,
    )
)
with st.expander(t("cp_treated_list", lang, n=len(treated))):
    st.markdown(", ".join(plain(f"{b.name} ({b.branch_id})") for b in treated if b) or DASH)


def campaign_sections(impact: CampaignImpact, filters: Filters) -> None:
    frame = daily_frame(impact, filters)
    if frame["registrations"].sum() == 0 and impact.attributed_users == 0:
        st.info(t("cp_nothing", lang), icon=":material/filter_alt_off:")
        return
    effects = load_effects(db, version, impact.campaign_id, filters)
    verdict_box(impact, effects)
    impact_tiles(impact)
    effects_section(impact, effects)
    gap_section(impact, filters)
    render.chart(
        daily_chart(frame, impact, lang),
        frame[["day", "window", "group", "registrations", "per_branch"]],
        "campaign_daily_registrations",
        lang,
    )
    st.caption(t("cp_daily_caption", lang))
    for column, dimension in zip(st.columns(2), SPLITS, strict=True):
        with column:
            split_section(impact.campaign_id, filters, dimension)


campaign_sections(impact, filters)
latest_campaign = next(iter(campaigns.values()))
planner(load_treated(db, version, latest_campaign.campaign_id), latest_campaign.during.days)

"""Campaigns: one campaign against its pre-window and the branches without it: the verdict on
registrations with its 90 % interval, the effect on five outcomes, the daily gap between the
groups, daily registrations per branch, lift, difference-in-differences, incremental and
attributed users by segment and by channel; then the planner for the next campaign."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from data_access import Filters
from display import campaign_words, charts
from display.formatting import DASH, number, plain
from display.i18n import ordered, t
from display.promotion_charts import (
    campaign_daily_chart,
    campaign_daily_frame,
    campaign_gap_chart,
    campaign_gap_frame,
)
from metrics.campaign import CampaignImpact, campaign_impact
from metrics.campaign_effects import CampaignEffects, campaign_effects, plan
from metrics.campaign_series import (
    Campaign,
    Dimension,
    campaign_list,
    daily_gap,
    daily_registrations,
    impact_by,
    treated_branch_ids,
    usual_gap,
    verdict,
)
from metrics.targets import latest_data_date
from ui import empty, presentation, render
from ui.cache import cached
from ui.context import Context, current
from ui.export_buttons import collect_table
from ui.filters import page_choice
from ui.tables import (
    PERCENT,
    Column,
    cards,
    column_cards,
    column_config,
    names,
    percentages,
    wide_or_cards,
)

SPLITS: tuple[Dimension, ...] = ("segment", "channel")
RATE = "%.2f"
# The impact columns of the tables by segment and by channel.
SPLIT_COLUMNS = (
    Column("treated_pre", "cp_treated_pre", format=RATE),
    Column("treated_during", "cp_treated_during", format=RATE),
    Column("control_pre", "cp_control_pre", format=RATE),
    Column("control_during", "cp_control_during", format=RATE),
    Column("lift", "cp_lift", format=PERCENT),
    Column("did", "cp_did", format=RATE),
    Column("incremental_users", "cp_incremental", format="%.0f"),
    Column("attributed_users", "cp_attributed"),
)
# The effects table: one row per outcome, its reading first.
EFFECT_COLUMNS = (
    Column("reading", "cp_col_reading", "text", pinned=True),
    Column("estimate", "cp_col_estimate", format="%+.2f"),
    Column("interval", "cp_col_interval", "text"),
    Column("unit", "cp_col_unit", "text"),
    Column("relative_text", "cp_col_relative", "text"),
    Column("before", "cp_col_before", format=RATE),
    Column("during", "cp_col_during", format=RATE),
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


def name_and_dates(campaign: Campaign) -> str:
    return f"{campaign.campaign_name} ({campaign.start} – {campaign.end})"


def verdict_box(ctx: Context, impact: CampaignImpact, effects: CampaignEffects) -> None:
    """More, fewer, or can't tell from noise, with the interval in users; then the caveats."""
    lang = ctx.lang
    found = load_verdict(ctx.db, ctx.data_version, impact)
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


def effects_frame(effects: CampaignEffects, lang: str) -> pd.DataFrame:
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


def effects_section(impact: CampaignImpact, effects: CampaignEffects, lang: str) -> None:
    """The five outcomes' effects with their intervals; the table, with the verdict and the
    pre-trend caveat above it, goes into the page's workbook."""
    st.subheader(t("cp_effects_title", lang), help=t("cp_method_help", lang))
    frame = effects_frame(effects, lang)
    shown = frame[names(EFFECT_COLUMNS)]
    with wide_or_cards("effects"):
        st.dataframe(
            shown,
            hide_index=True,
            placeholder=DASH,
            column_config=column_config(EFFECT_COLUMNS, lang),
        )
    cards(
        "effects",
        column_cards(shown, EFFECT_COLUMNS, lang, title="reading", summary=("interval",)),
    )
    st.caption(t("cp_effects_caption", lang))
    notes = [campaign_words.verdict_sentence(impact, effects, lang)]
    drifting = campaign_words.pre_trend_caveat(effects, lang)
    if drifting:
        notes.append(drifting)
    collect_table(t("cp_effects_title", lang), frame.drop(columns="relative_text"), tuple(notes))


def gap_section(ctx: Context, impact: CampaignImpact, filters: Filters) -> None:
    lang = ctx.lang
    points = load_daily(ctx.db, ctx.data_version, impact.campaign_id, filters)
    gaps = daily_gap(points)
    spread = usual_gap(gaps)
    frame = campaign_gap_frame(gaps, lang)
    data = frame[["day", "window", "gap"]].assign(
        usual_low=None if spread is None else spread.low,
        usual_high=None if spread is None else spread.high,
    )
    render.chart(campaign_gap_chart(frame, spread, impact, lang), data, "campaign_daily_gap", lang)
    st.caption(t("cp_gap_caption", lang))


def planner(ctx: Context, filters: Filters, default_branches: list[str], default_days: int) -> None:
    """Pick branches and a duration (both kept in the URL); read what such a campaign could
    detect per outcome (``filters``: the segments and channels counted)."""
    lang, db, version = ctx.lang, ctx.db, ctx.data_version
    st.subheader(t("cp_plan_title", lang))
    names_by_id = {b.branch_id: b.name for b in ctx.choices.branches}
    in_scope = db.scope.branches
    options = sorted(names_by_id if in_scope is None else set(names_by_id) & set(in_scope))
    left, right = st.columns([3, 1])
    with left:
        chosen_branches = st.multiselect(
            t("cp_plan_branches", lang),
            options,
            default=[b for b in default_branches if b in options],
            format_func=lambda b: f"{names_by_id.get(b, b)} ({b})",
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


def impact_tiles(impact: CampaignImpact, lang: str) -> None:
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


def split_frame(ctx: Context, campaign_id: str, filters: Filters, dim: Dimension) -> pd.DataFrame:
    """The campaign's impact per segment or channel, one row per value, with its label."""
    splits = load_split(ctx.db, ctx.data_version, campaign_id, filters, dim)
    by_value = {s.value: s.impact for s in splits}
    frame = pd.DataFrame(
        [
            {dim: value, **{k: getattr(by_value[value], k) for k in names(SPLIT_COLUMNS)}}
            for value in ordered(dim, list(by_value))
        ]
    )
    return frame if frame.empty else charts.labelled(frame, dim, dim, lang=ctx.lang)


def split_chart(frame: pd.DataFrame, dimension: Dimension, lang: str) -> None:
    title = t(f"cp_by_{dimension}", lang)
    if frame.empty:
        st.markdown(f"**{title}**")
        empty.no_chart_data(lang)
        return
    figure = charts.ranked_bars(
        frame.dropna(subset=["incremental_users"]),
        category=f"{dimension}_label",
        value="incremental_users",
        title=title,
        category_title=t(dimension, lang),
        value_title=t("cp_incremental", lang),
        lang=lang,
        color=f"{dimension}_label",
        scale=charts.color_scale(dimension, frame[dimension], lang),
    )
    render.chart(figure, frame, f"campaign_by_{dimension}", lang)


def split_table(frame: pd.DataFrame, dimension: Dimension, lang: str) -> None:
    """The impact columns per segment or channel; on a phone, a card per value."""
    if frame.empty:
        return
    columns = (Column(f"{dimension}_label", dimension, "text", pinned=True), *SPLIT_COLUMNS)
    shown = frame[names(columns)]
    with wide_or_cards(f"by_{dimension}"):
        st.dataframe(
            percentages(shown, columns),
            hide_index=True,
            placeholder=DASH,
            column_config=column_config(columns, lang),
        )
    title, summary = f"{dimension}_label", ("incremental_users", "lift")
    cards(f"by_{dimension}", column_cards(shown, columns, lang, title=title, summary=summary))


def opening(ctx: Context, impact: CampaignImpact, filters: Filters) -> CampaignEffects | None:
    """The verdict and the impact tiles; a note instead (and None) when the filters leave
    nothing to measure."""
    lang, db, version = ctx.lang, ctx.db, ctx.data_version
    frame = campaign_daily_frame(load_daily(db, version, impact.campaign_id, filters), lang)
    if frame["registrations"].sum() == 0 and impact.attributed_users == 0:
        st.info(t("cp_nothing", lang), icon=":material/filter_alt_off:")
        return None
    effects = load_effects(db, version, impact.campaign_id, filters)
    verdict_box(ctx, impact, effects)
    impact_tiles(impact, lang)
    return effects


def campaign_sections(
    ctx: Context, impact: CampaignImpact, effects: CampaignEffects, filters: Filters
) -> None:
    """Everything else measured about the chosen campaign, a screen per idea when presenting:
    the effects, the daily gap, daily registrations, the impact by segment and by channel
    (their charts, then their tables)."""
    lang, db, version = ctx.lang, ctx.db, ctx.data_version
    with presentation.screen():
        effects_section(impact, effects, lang)
    with presentation.screen():
        gap_section(ctx, impact, filters)
    with presentation.screen():
        frame = campaign_daily_frame(load_daily(db, version, impact.campaign_id, filters), lang)
        render.chart(
            campaign_daily_chart(frame, impact, lang),
            frame[["day", "window", "group", "registrations", "per_branch"]],
            "campaign_daily_registrations",
            lang,
        )
        st.caption(t("cp_daily_caption", lang))
    splits = {d: split_frame(ctx, impact.campaign_id, filters, d) for d in SPLITS}
    for draw in (split_chart, split_table):
        with presentation.screen():
            for column, dimension in zip(st.columns(2), SPLITS, strict=True):
                with column:
                    draw(splits[dimension], dimension, lang)


ctx = current()
lang, db, version = ctx.lang, ctx.db, ctx.data_version
st.title(t("page_campaigns", lang))
empty.stop_without_data(ctx)
about = st.empty()  # when presenting, the chosen campaign on every screen

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
filters = Filters(segments=ctx.filters.segments, channels=ctx.filters.channels)
with presentation.screen():
    picked = page_choice(
        "campaign",
        t("cp_pick", lang),
        list(campaigns),
        lang,
        format_func=lambda key: name_and_dates(campaigns[key]),
    )
    assert picked is not None  # there are campaigns to choose from (checked above)
    chosen = campaigns[picked]
    if chosen.description:
        st.caption(plain(chosen.description))
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
if presentation.presenting():
    with about.container(key="present_subtitle"):
        st.markdown(plain(name_and_dates(chosen)))
with presentation.screen():
    effects = opening(ctx, impact, filters)
if effects is not None:
    campaign_sections(ctx, impact, effects, filters)
# The planner starts from the latest campaign (listed first): its branches and duration.
latest_campaign = next(iter(campaigns.values()))
with presentation.screen():
    planner(
        ctx,
        filters,
        load_treated(db, version, latest_campaign.campaign_id),
        latest_campaign.during.days,
    )

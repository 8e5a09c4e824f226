"""Campaigns: one campaign against its pre-window and the branches without it: daily
registrations per branch, lift, difference-in-differences, incremental and attributed users,
by segment and by channel, and what it all means in a sentence."""

import pandas as pd
import streamlit as st

from data_access import Filters
from display import charts
from display.formatting import DASH, number, plain
from display.i18n import ordered, t
from display.promotion_charts import campaign_daily_chart, campaign_daily_frame
from metrics.campaign import CampaignImpact, campaign_impact
from metrics.campaign_series import (
    Dimension,
    campaign_list,
    daily_registrations,
    impact_by,
    treated_branch_ids,
    verdict,
)
from ui import empty, render
from ui.cache import cached
from ui.context import Context, current
from ui.filters import page_choice
from ui.tables import Column, column_config, names

SPLITS: tuple[Dimension, ...] = ("segment", "channel")
RATE = "%.2f"
# The impact columns of the tables by segment and by channel.
SPLIT_COLUMNS = (
    Column("treated_pre", "cp_treated_pre", format=RATE),
    Column("treated_during", "cp_treated_during", format=RATE),
    Column("control_pre", "cp_control_pre", format=RATE),
    Column("control_during", "cp_control_during", format=RATE),
    Column("lift", "cp_lift", format="percent"),
    Column("did", "cp_did", format=RATE),
    Column("incremental_users", "cp_incremental", format="%.0f"),
    Column("attributed_users", "cp_attributed"),
)

load_campaigns = cached(campaign_list)
load_impact = cached(campaign_impact)
load_daily = cached(daily_registrations)
load_split = cached(impact_by)
load_verdict = cached(verdict)
load_treated = cached(treated_branch_ids)


def signed(value: float | None, digits: int = 0) -> str:
    return DASH if value is None else f"{value:+,.{digits}f}"


def share(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:+.1f}%"


def verdict_box(ctx: Context, impact: CampaignImpact) -> None:
    lang = ctx.lang
    found = load_verdict(ctx.db, ctx.data_version, impact)
    if found.direction == "unknown" or found.about is None:
        st.warning(t("cp_verdict_unknown", lang), icon=":material/help:")
    else:
        text = t(f"cp_verdict_{found.direction}", lang, n=number(found.about, lang))
        attributed = t("cp_verdict_attributed", lang, n=number(impact.attributed_users, lang))
        st.success(f"**{text}** {attributed}", icon=":material/campaign:")
    for caveat in found.caveats:
        st.warning(t(f"cp_caveat_{caveat}", lang, n=impact.control_branches), icon="⚠️")


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


def split_section(ctx: Context, campaign_id: str, filters: Filters, dimension: Dimension) -> None:
    lang = ctx.lang
    splits = load_split(ctx.db, ctx.data_version, campaign_id, filters, dimension)
    by_value = {s.value: s.impact for s in splits}
    frame = pd.DataFrame(
        [
            {dimension: value, **{k: getattr(by_value[value], k) for k in names(SPLIT_COLUMNS)}}
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
    columns = (Column(f"{dimension}_label", dimension, "text", pinned=True), *SPLIT_COLUMNS)
    st.dataframe(
        frame[names(columns)],
        hide_index=True,
        placeholder=DASH,
        column_config=column_config(columns, lang),
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
picked = page_choice(
    "campaign",
    t("cp_pick", lang),
    list(campaigns),
    lang,
    format_func=lambda key: (
        f"{campaigns[key].campaign_name} ({campaigns[key].start} – {campaigns[key].end})"
    ),
)
assert picked is not None  # there are campaigns to choose from (checked above)
chosen = campaigns[picked]
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

frame = campaign_daily_frame(load_daily(db, version, impact.campaign_id, filters), lang)
if frame["registrations"].sum() == 0 and impact.attributed_users == 0:
    st.info(t("cp_nothing", lang), icon=":material/filter_alt_off:")
    st.stop()

verdict_box(ctx, impact)
impact_tiles(impact, lang)
render.chart(
    campaign_daily_chart(frame, impact, lang),
    frame[["day", "window", "group", "registrations", "per_branch"]],
    "campaign_daily_registrations",
    lang,
)
st.caption(t("cp_daily_caption", lang))
for column, dimension in zip(st.columns(2), SPLITS, strict=True):
    with column:
        split_section(ctx, chosen.campaign_id, filters, dimension)

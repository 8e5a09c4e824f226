"""The promotion pages' charts: Targets (attainment against the pace, attainment per month),
Campaigns (the daily gap between the campaign's branches and the others, and daily
registrations of both) and Outreach (the funnel, visits on a calendar, groups ranked per visit). Each takes the page's data and
language and returns an Altair chart; the meeting pack draws the Outreach one too."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import altair as alt
import pandas as pd

from data_access.csv_contract import TARGET_METRICS
from display import charts
from display.formatting import number
from display.i18n import label, metric_label, t
from metrics.campaign import CampaignImpact
from metrics.campaign_series import DailyRegistrations, GapDay, GapRange
from metrics.months import parse_month
from metrics.outreach import FunnelRow, Grouping, VisitDay
from metrics.team_history import TargetProgress

PACE_COLORS = {"ahead": "#2E7D32", "on_track": "#1565C0", "behind": "#C62828", "none": "#9E9E9E"}
METRIC_COLOURS = ("#4C78A8", "#F58518", "#72B7B2")
"""The target metrics' colours in the history chart, in ``TARGET_METRICS`` order: no red or
green, which the pace bars use for behind and ahead."""


def pace_name(pace: str | None, lang: str) -> str:
    return t(f"tg_pace_{pace or 'none'}", lang)


def _goal() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"goal": [1.0]})).mark_rule(strokeDash=[4, 3])


def _actual_and_target(lang: str) -> list[alt.Tooltip]:
    """A target's tooltip lines: actual and target as the tiles write them (``charts.written``),
    attainment as a percentage with one decimal."""
    return [
        alt.Tooltip("actual_text:N", title=t("tg_actual", lang)),
        alt.Tooltip("target_text:N", title=t("tg_target", lang)),
        alt.Tooltip("attainment:Q", title=t("tg_attainment", lang), format=".1%"),
    ]


def pace_chart(rows: Sequence[TargetProgress], lang: str) -> alt.LayerChart:
    """Attainment bars coloured by pace, a tick where the pace should be, a rule at 100 %."""
    frame = pd.DataFrame(
        {
            "metric": [metric_label(r.metric, lang) for r in rows],
            "attainment": [r.attainment for r in rows],
            "expected": [r.elapsed_days / r.days_in_month for r in rows],
            "pace": [pace_name(r.pace, lang) for r in rows],
            "actual": [r.actual for r in rows],
            "target": [r.target for r in rows],
        }
    )
    paces = ["ahead", "on_track", "behind", "none"]
    scale = alt.Scale(
        domain=[pace_name(None if p == "none" else p, lang) for p in paces],
        range=[PACE_COLORS[p] for p in paces],
    )
    y = alt.Y("metric:N", title=None, sort=None, axis=alt.Axis(labelLimit=140))
    tooltip = [
        alt.Tooltip("metric:N", title=t("tg_metric", lang)),
        *_actual_and_target(lang),
        alt.Tooltip("pace:N", title=t("tg_pace", lang)),
    ]
    base = alt.Chart(charts.written(frame, lang, "actual", "target"))
    bars = base.mark_bar().encode(
        y=y,
        x=alt.X(
            "attainment:Q",
            title=t("tg_attainment", lang),
            axis=alt.Axis(format=".0%", tickCount=5),
        ),
        color=alt.Color("pace:N", scale=scale, title=t("tg_pace", lang), legend=None),
        tooltip=tooltip,
    )
    ticks = base.mark_tick(color="black", thickness=3).encode(
        y=y,
        x="expected:Q",
        tooltip=[alt.Tooltip("expected:Q", title=t("tg_expected_share", lang), format=".1%")],
    )
    # Streamlit fits the whole chart, title and axis included, into the height.
    return alt.LayerChart(layer=[bars, ticks, _goal().encode(x="goal:Q")]).properties(
        title=t("tg_pace_chart", lang), height=110 + 44 * len(rows)
    )


def history_frame(rows: Sequence[TargetProgress], lang: str) -> pd.DataFrame:
    """Attainment per month and metric, with the days each month's actual covers: the latest
    month counts only up to the latest data, so it is marked partial (``coverage``)."""
    firsts = [parse_month(r.month) for r in rows]
    frame = pd.DataFrame(
        {
            "month": [r.month for r in rows],
            "metric": [r.metric for r in rows],
            "metric_label": [metric_label(r.metric, lang) for r in rows],
            "target": [r.target for r in rows],
            "actual": [r.actual for r in rows],
            "attainment": [r.attainment for r in rows],
            "period_start": firsts,
            "period_end": [
                first + timedelta(days=max(r.elapsed_days, 1) - 1)
                for first, r in zip(firsts, rows, strict=True)
            ],
            "complete": [r.elapsed_days >= r.days_in_month for r in rows],
        }
    )
    frame["coverage"] = [
        ""
        if r.elapsed_days >= r.days_in_month
        else t(
            "partial_coverage",
            lang,
            unit=charts.grain_unit("month", lang),
            start=start.isoformat(),
            end=end.isoformat(),
            days=r.elapsed_days,
            full=r.days_in_month,
        )
        for r, start, end in zip(rows, frame["period_start"], frame["period_end"], strict=True)
    ]
    return frame


def _metric_colours(lang: str) -> alt.Scale:
    """One colour per target metric, the same in every language (by the metric, not by where
    its label falls in the alphabet)."""
    return alt.Scale(
        domain=[metric_label(metric, lang) for metric in TARGET_METRICS],
        range=list(METRIC_COLOURS),
    )


def history_chart(frame: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Attainment per month and metric, with the 100 % line; the legend in one row above the
    plot, so that the plot keeps the width of a phone and, presented on a 1280 x 720 screen,
    most of the chart's height (a legend of two columns underneath left it about 40 px). A month still running (``coverage``) is a hollow
    point reached by a dashed line, noted under the title: its attainment so far is no drop."""
    plotted = charts.written(
        frame.drop(columns=["period_start", "period_end"], errors="ignore"),
        lang,
        "actual",
        "target",
    )
    notes = [f"○ {note}" for note in dict.fromkeys(frame.get("coverage", [])) if note]
    base = alt.Chart(plotted).encode(
        x=alt.X("month:O", title=t("axis_month", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("attainment:Q", title=t("tg_attainment", lang), axis=alt.Axis(format=".0%")),
        color=alt.Color(
            "metric_label:N",
            title=t("tg_metric", lang),
            scale=_metric_colours(lang),
            legend=alt.Legend(orient="top", direction="horizontal", columns=3, title=None),
        ),
        tooltip=[
            alt.Tooltip("month:O", title=t("axis_month", lang)),
            alt.Tooltip("metric_label:N", title=t("tg_metric", lang)),
            *_actual_and_target(lang),
            alt.Tooltip("coverage:N", title=""),
        ],
    )
    if notes:
        complete = "datum.complete"
        lines: list[alt.Chart] = [
            base.mark_line(strokeDash=[1, 3], opacity=0.7),
            base.transform_filter(complete).mark_line(point=True),
            base.transform_filter(f"!{complete}").mark_point(
                filled=False, fill="white", size=70, strokeWidth=2
            ),
        ]
    else:
        lines = [base.mark_line(point=True)]
    title = t("tg_history_chart", lang)
    return alt.LayerChart(layer=[_goal().encode(y="goal:Q"), *lines]).properties(
        title=alt.TitleParams(
            title,
            subtitle=[line for note in notes for line in charts.wrapped(note)],
            subtitleColor="#666",
        )
        if notes
        else title,
        height=340,
    )


GROUP_COLORS = {"treated": "#C8102E", "control": "#4C78A8"}


def campaign_daily_frame(points: Sequence[DailyRegistrations], lang: str) -> pd.DataFrame:
    """The campaign's daily registrations with display labels and each window's mean."""
    frame = pd.DataFrame([p.to_dict() for p in points])
    frame["day"] = pd.to_datetime(frame["day"])
    frame["group_label"] = [t(f"cp_group_{g}", lang) for g in frame["group"]]
    frame["window_label"] = [t(f"cp_window_{w}", lang) for w in frame["window"]]
    frame["window_mean"] = frame.groupby(["group", "window"])["per_branch"].transform("mean")
    return frame


def campaign_daily_chart(frame: pd.DataFrame, impact: CampaignImpact, lang: str) -> alt.LayerChart:
    """Registrations per branch-day by group, window means as dashed steps, the campaign shaded
    (``frame`` from ``campaign_daily_frame``)."""
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
    return alt.LayerChart(layer=[band, daily, means]).properties(
        title=t("cp_daily_title", lang), height=300
    )


def campaign_gap_frame(gaps: Sequence[GapDay], lang: str) -> pd.DataFrame:
    """The daily gap between the groups (``metrics.campaign_series.daily_gap``) with each
    window's name, for ``campaign_gap_chart``."""
    frame = pd.DataFrame([g.to_dict() for g in gaps])
    frame["day"] = pd.to_datetime(frame["day"])
    frame["window_label"] = [t(f"cp_window_{w}", lang) for w in frame["window"]]
    return frame


def campaign_gap_chart(
    frame: pd.DataFrame, spread: GapRange | None, impact: CampaignImpact, lang: str
) -> alt.LayerChart:
    """The daily gap as a line, its usual range before the campaign shaded (when known), the
    campaign's first day marked (``frame`` from ``campaign_gap_frame``)."""
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
    return alt.LayerChart(layer=layers).properties(title=t("cp_gap_title", lang), height=260)


FUNNEL_STEPS = ("visits", "contacts", "registrations", "activated_30d", "active_next_month")
"""The outreach funnel's steps, widest first (``FunnelRow`` fields)."""


PEOPLE_STEPS = FUNNEL_STEPS[1:]
"""The steps that count people (visits count events, so they are not drawn as a bar)."""


def funnel_chart(total: FunnelRow, lang: str) -> alt.LayerChart:
    """The people reached by outreach, a neutral bar per step with its number written on it;
    the visits, which are events rather than people, named in the title."""
    frame = pd.DataFrame(
        {
            "step": [t(f"or_{step}", lang) for step in PEOPLE_STEPS],
            "count": [getattr(total, step) for step in PEOPLE_STEPS],
        }
    )
    frame["shown"] = [number(value, lang) for value in frame["count"]]
    base = alt.Chart(frame).encode(
        y=alt.Y("step:N", title=None, sort=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("count:Q", title=t("or_people", lang), axis=charts.value_axis("x", ",.0f", lang)),
        tooltip=[
            alt.Tooltip("step:N", title=t("or_step", lang)),
            alt.Tooltip("count:Q", title=t("or_people", lang), format=",.0f"),
        ],
    )
    bars = base.mark_bar(color="#8C8C8C")
    labels = base.mark_text(align="left", dx=4, color="#333333").encode(text="shown:N")
    return alt.LayerChart(layer=[bars, labels]).properties(
        title=t("or_funnel_title", lang, visits=number(total.visits, lang)),
        height=60 + 36 * len(PEOPLE_STEPS),
    )


def calendar_frame(days: Sequence[VisitDay], lang: str) -> pd.DataFrame:
    """Visits per day with the week (its Monday) and the weekday's name, for ``calendar_chart``."""
    frame = pd.DataFrame([d.to_dict() for d in days])
    day = pd.to_datetime(frame["day"])
    frame["day"] = day
    frame["week"] = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
    frame["weekday"] = [t(f"or_weekday_{n}", lang) for n in day.dt.day_of_week]
    return frame


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


def funnel_frame(rows: Sequence[FunnelRow], by: Grouping, lang: str) -> pd.DataFrame:
    """The funnel per group; location types named in ``lang`` (teams and staff by their name)."""
    frame = pd.DataFrame([row.to_dict() for row in rows])
    if by == "location_type":
        frame["label"] = [label("location_type", code, lang) for code in frame["key"]]
    return frame


OUTREACH_RANKINGS = {
    "registrations_per_visit": ("or_per_visit_by", ".2f"),
    "activated_share": ("or_activated_by", ".0%"),
}
"""What outreach groups are ranked by: the chart's title and the value's number format."""


def outreach_group_chart(frame: pd.DataFrame, by: Grouping, value: str, lang: str) -> alt.Chart:
    """Outreach groups (``label``) ranked by ``value``, one of ``OUTREACH_RANKINGS``
    (``frame`` from ``funnel_frame``)."""
    title, value_format = OUTREACH_RANKINGS[value]
    return charts.ranked_bars(
        frame,
        category="label",
        value=value,
        lang=lang,
        title=t(title, lang, by=t(f"or_by_{by}", lang).lower()),
        category_title=t(f"or_by_{by}", lang),
        value_title=t(f"or_{value}", lang),
        value_format=value_format,
        extra_tooltips=[
            alt.Tooltip("visits:Q", title=t("or_visits", lang)),
            alt.Tooltip("registrations:Q", title=t("or_registrations", lang)),
        ],
    )

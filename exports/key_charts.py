"""The key chart of each dashboard page, with its data and a takeaway, for the meeting pack.

Each builder reads the same metric functions and draws with the same chart
builders (``display``) as its page, so a slide shows what the page shows.
A builder returns ``None`` when its page would have nothing to draw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from data_access import Database
from display import charts
from display.formatting import format_value, number
from display.i18n import label, metric_label, t
from display.promotion_charts import funnel_frame, outreach_group_chart
from display.result_charts import (
    complaint_categories_chart,
    daily_active_chart,
    nps_chart,
    provider_shares_chart,
    registrations_chart,
)
from display.time_tables import kpi, nps_measures, series_table
from exports.chart_images import chart_title
from exports.content import ChartExport, KpiFigure
from exports.context import ExportContext
from exports.takeaways import largest, trend
from metrics import breakdowns
from metrics.breakdowns import Dimension
from metrics.definitions import METRICS_BY_KEY
from metrics.dimensions import campaign_periods
from metrics.outreach import outreach_funnel, outreach_total
from metrics.period import Period
from metrics.series import TimeBuckets, pick_grain, trailing_months

Value = int | float | None
TOP_BRANCHES = 15


@dataclass(frozen=True)
class Inputs:
    """What every key chart needs: the database, the context, and both periods' summaries."""

    db: Database
    context: ExportContext
    now: Mapping[str, Value]
    before: Mapping[str, Value]
    observations: Mapping[str, int]
    branch_names: Mapping[str, str]

    @property
    def lang(self) -> str:
        return self.context.lang

    @property
    def period(self) -> Period:
        return self.context.period

    def title(self, page: str, chart: str) -> str:
        return f"{t(f'page_{page}', self.lang)} · {chart}"

    def trend(
        self, key: str, parts: tuple[Mapping[str, float], Mapping[str, float]] | None = None
    ) -> str:
        """The takeaway for summary KPI ``key``: its move against the comparison period,
        marked when the value rests on a thin sample."""
        metric = METRICS_BY_KEY[key]
        sentence = trend(
            metric_label(key, self.lang),
            self.now[key],
            self.before[key],
            metric.unit,
            self.lang,
            comparison=self.context.comparison,
            parts=parts,
        )
        figure = KpiFigure(metric, self.now[key], observations=self.observations.get(key))
        if figure.is_thin:
            sentence += t("export.thin_takeaway", self.lang, n=figure.observations)
        return sentence

    def by_branch(
        self, compute: Callable[..., pd.DataFrame], column: str
    ) -> tuple[dict[str, float], dict[str, float]]:
        """``column`` of ``compute`` per branch name, for the period and its comparison."""
        filters, key = self.context.filters, (Dimension("branch_id"),)
        now, before = (
            _values(compute(self.db, period, filters, key), "branch_id", column, self.branch_name)
            for period in (self.period, self.context.comparison_period)
        )
        return now, before

    def branch_name(self, branch_id: str) -> str:
        return self.branch_names.get(branch_id, branch_id)


def _values(
    frame: pd.DataFrame, names: str, values: str, name: Callable[[str], str]
) -> dict[str, float]:
    """``{name(row[names]): row[values]}`` over the rows of ``frame``."""
    return {name(key): float(value) for key, value in zip(frame[names], frame[values], strict=True)}


def branches(inputs: Inputs) -> ChartExport | None:
    """Overview: the branches with the most new users."""
    lang = inputs.lang
    league = breakdowns.registrations(
        inputs.db, inputs.period, inputs.context.filters, (Dimension("branch_id"),)
    )
    if league.empty:
        return None
    league["branch"] = league["branch_id"].map(inputs.branch_name)
    league = league.sort_values(["new_users", "branch"], ascending=[False, True])
    shown = league.head(TOP_BRANCHES).reset_index(drop=True)
    title = t("export.branches_new_users", lang)
    if len(league) > TOP_BRANCHES:
        title += t("export.top_n", lang, n=TOP_BRANCHES)
    new_users = METRICS_BY_KEY["new_users"]
    figure = charts.ranked_bars(
        shown,
        category="branch",
        value="new_users",
        title=title,
        category_title=t("axis_branch", lang),
        value_title=t("axis_users", lang),
    )
    by_branch = _values(league, "branch_id", "new_users", inputs.branch_name)
    takeaway = largest(metric_label(new_users.key, lang), by_branch, "count", lang)
    return ChartExport(inputs.title("overview", title), figure, shown, takeaway)


def growth(inputs: Inputs) -> ChartExport:
    """Growth: registrations per bucket, campaign periods shaded."""
    lang, period, filters = inputs.lang, inputs.period, inputs.context.filters
    grain = pick_grain(period)
    buckets = TimeBuckets(period, grain)
    registered = charts.spans(
        breakdowns.registrations(inputs.db, period, filters, (buckets,)), buckets, lang
    )
    campaigns = campaign_periods(inputs.db, period, filters)
    figure = registrations_chart(registered, campaigns, period, grain, lang)
    title = chart_title(figure)
    takeaway = inputs.trend("new_users", inputs.by_branch(breakdowns.registrations, "new_users"))
    data = series_table(registered, [kpi("new_users", lang)], lang)
    return ChartExport(inputs.title("growth", title), figure, data, takeaway)


def activity(inputs: Inputs) -> ChartExport:
    """Activity: daily active users."""
    lang, period = inputs.lang, inputs.period
    days = TimeBuckets(period, "day")
    daily = charts.spans(
        breakdowns.activity(inputs.db, period, inputs.context.filters, (days,)), days, lang
    )
    figure = daily_active_chart(daily, lang)
    title = chart_title(figure)
    parts = inputs.by_branch(breakdowns.activity, "avg_daily_active_users")
    takeaway = inputs.trend("avg_daily_active_users", parts)
    data = series_table(daily, [kpi("active_users", lang)], lang)
    return ChartExport(inputs.title("activity", title), figure, data, takeaway)


def satisfaction(inputs: Inputs) -> ChartExport | None:
    """Satisfaction: NPS over time (weeks at the finest, as survey counts are small)."""
    if not inputs.now["survey_responses"]:
        return None
    lang, period = inputs.lang, inputs.period
    grain = "week" if pick_grain(period) == "day" else pick_grain(period)
    weeks = TimeBuckets(period, grain)
    over_time = charts.spans(
        breakdowns.satisfaction(inputs.db, period, inputs.context.filters, (weeks,)), weeks, lang
    )
    figure = nps_chart(over_time, grain, lang)
    title = chart_title(figure)
    measures = nps_measures(lang)
    data = series_table(over_time, measures, lang)
    return ChartExport(inputs.title("satisfaction", title), figure, data, inputs.trend("nps"))


def complaints(inputs: Inputs) -> ChartExport | None:
    """Complaints: the period's complaints by category."""
    lang, filters = inputs.lang, inputs.context.filters
    now, before = (
        breakdowns.complaint_categories(inputs.db, period, filters)
        for period in (inputs.period, inputs.context.comparison_period)
    )
    if now.empty:
        return None
    now = charts.labelled(now, "category", "category", lang)
    figure = complaint_categories_chart(now, lang)
    title = chart_title(figure)
    now_parts, before_parts = (
        _values(frame, "category", "complaints", lambda code: label("category", code, lang))
        for frame in (now, before)
    )
    data = now[["category", "category_label", "complaints", "share"]]
    takeaway = inputs.trend("complaints", (now_parts, before_parts))
    return ChartExport(inputs.title("complaints", title), figure, data, takeaway)


def competition(inputs: Inputs) -> ChartExport | None:
    """Competition: every provider's share of payment transactions by month."""
    lang = inputs.lang
    window = trailing_months(inputs.period)
    providers = breakdowns.market_transactions(
        inputs.db, window, inputs.context.filters, ("month", "provider")
    )
    if providers.empty:
        return None
    figure = provider_shares_chart(providers, lang)
    title = chart_title(figure)
    data = providers[["month", "provider", "transactions", "share"]]
    filters = inputs.context.filters
    note = t("comp_note", lang) if filters.segments or filters.channels else ""
    title = inputs.title("competition", title)
    return ChartExport(title, figure, data, inputs.trend("own_share"), note)


def outreach(inputs: Inputs) -> ChartExport | None:
    """Outreach: registrations per visit by location type, and the whole funnel in a sentence."""
    lang, period, filters = inputs.lang, inputs.period, inputs.context.filters
    rows = outreach_funnel(inputs.db, period, filters, "location_type")
    if not rows:
        return None
    frame = funnel_frame(rows, "location_type", lang).dropna(subset=["registrations_per_visit"])
    figure = outreach_group_chart(frame, "location_type", "registrations_per_visit", lang)
    title = chart_title(figure)
    total = outreach_total(inputs.db, period, filters)
    takeaway = t(
        "export.outreach_funnel",
        lang,
        visits=number(total.visits, lang),
        contacts=number(total.contacts, lang),
        registrations=number(total.registrations, lang),
    )
    if total.activated_share is not None:
        activated = format_value(total.activated_share, "share", lang)
        takeaway += t("export.outreach_activated", lang, activated=activated)
    data = frame[["key", "label", "visits", "contacts", "registrations", "registrations_per_visit"]]
    return ChartExport(inputs.title("outreach", title), figure, data, takeaway)


KEY_CHARTS: tuple[Callable[[Inputs], ChartExport | None], ...] = (
    branches,
    growth,
    activity,
    satisfaction,
    complaints,
    competition,
    outreach,
)
"""One builder per page with a key chart, in the dashboard's page order."""

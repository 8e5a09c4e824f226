"""The meeting pack's table slides: team targets of the period's last month, and the
campaigns that ran in the period with their measured impact."""

from __future__ import annotations

from collections.abc import Sequence

from data_access import Database, Filters
from display.formatting import DASH, format_value, number
from display.i18n import metric_label, t
from exports.content import TableSlide
from exports.context import ExportContext
from exports.takeaways import targets_pace
from metrics.campaign import campaign_impact
from metrics.campaign_series import verdict
from metrics.dimensions import campaign_periods
from metrics.months import month_text
from metrics.targets import TARGET_METRICS, TargetRow, team_targets
from metrics.team_history import pace, visible_teams

ON_PACE = ("ahead", "on_track")
CAMPAIGNS_SHOWN = 8


def targets_slide(db: Database, context: ExportContext) -> TableSlide:
    """Team targets of the period's last month, per target metric, counted up to the period's
    end (or the data date, when earlier), for the teams of the filters' branches and regions."""
    lang = context.lang
    month = month_text(context.period.end)
    as_of = min(context.period.end, context.data_date) if context.data_date else None
    teams = [team.team_id for team in visible_teams(db, context.filters)]
    rows = team_targets(db, month, as_of=as_of, teams=teams) if teams else []
    title = t("export.targets_title", lang, month=month)
    if rows:
        title += t(
            "export.targets_day", lang, elapsed=rows[0].elapsed_days, days=rows[0].days_in_month
        )
    lines = tuple(_target_line(metric, rows, lang) for metric in TARGET_METRICS)
    table = tuple(line for line in lines if line is not None)
    on_pace = sum(pace(row.actual, row.expected_by_now) in ON_PACE for row in rows)
    columns = tuple(
        t(key, lang)
        for key in (
            "tg_metric",
            "export.teams",
            "tg_target",
            "export.actual",
            "tg_attainment",
            "export.expected",
            "export.projected",
            "export.on_pace",
        )
    )
    filters = context.filters
    note = t("tg_intro", lang) if filters.segments or filters.channels else ""
    return TableSlide(title, targets_pace(on_pace, len(rows), month, lang), columns, table, note)


def _target_line(metric: str, rows: Sequence[TargetRow], lang: str) -> tuple[str, ...] | None:
    mine = [row for row in rows if row.metric == metric]
    if not mine:
        return None
    target = sum(row.target for row in mine)
    actual = sum(row.actual for row in mine)
    projected = [row.projected for row in mine if row.projected is not None]
    on_pace = sum(pace(row.actual, row.expected_by_now) in ON_PACE for row in mine)
    return (
        metric_label(metric, lang),
        str(len(mine)),
        number(target, lang),
        number(actual, lang),
        format_value(actual / target, "share", lang),
        number(round(sum(row.expected_by_now for row in mine)), lang),
        format_value(round(sum(projected)) if len(projected) == len(mine) else None, "count", lang),
        f"{on_pace} / {len(mine)}",
    )


def campaigns_slide(db: Database, context: ExportContext) -> TableSlide | None:
    """The campaigns that ran in the period in the filters' branches and regions (the latest
    ``CAMPAIGNS_SHOWN``), each measured against the other branches under the segment and
    channel filters; ``None`` when none ran."""
    lang, filters = context.lang, context.filters
    ran = campaign_periods(db, context.period, filters).tail(CAMPAIGNS_SHOWN)
    if ran.empty:
        return None
    users = Filters(segments=filters.segments, channels=filters.channels)
    impacts = [campaign_impact(db, campaign_id, users) for campaign_id in ran["campaign_id"]]
    rows = tuple(
        (
            name,
            f"{impact.start.isoformat()} – {impact.end.isoformat()}",
            _signed_share(impact.lift),
            _signed_share(impact.did_lift),
            DASH if impact.incremental_users is None else f"{impact.incremental_users:+,.0f}",
            number(impact.attributed_users, lang),
        )
        for name, impact in zip(ran["campaign_name"], impacts, strict=True)
    )
    columns = (
        t("campaign", lang),
        t("export.campaign_dates", lang),
        t("cp_lift", lang),
        t("cp_did_lift", lang),
        t("cp_incremental", lang),
        t("cp_attributed", lang),
    )
    measured = [
        (abs(impact.incremental_users), name, impact)
        for name, impact in zip(ran["campaign_name"], impacts, strict=True)
        if impact.incremental_users is not None
    ]
    takeaway = ""
    if measured:
        _, name, impact = max(measured, key=lambda item: item[0])
        reading = verdict(db, impact)
        said = t(f"cp_verdict_{reading.direction}", lang, n=number(reading.about or 0, lang))
        takeaway = t("export.campaign_verdict", lang, name=name, verdict=said)
    note = t("cp_branch_filters_ignored", lang) if filters.branches or filters.regions else ""
    return TableSlide(t("export.campaigns_title", lang), takeaway, columns, rows, note)


def _signed_share(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:+.1f}%"

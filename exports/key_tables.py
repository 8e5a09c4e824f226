"""The meeting pack's table slides: team targets of the period's last month, the campaigns
that ran in the period with their measured impact (incremental users, 90 % interval, verdict),
and the five outcomes of the one with the most incremental users either way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from data_access import Database, Filters
from display import campaign_words as words
from display.formatting import DASH, format_value, number
from display.i18n import metric_label, t
from exports.content import TableSlide
from exports.context import ExportContext
from exports.takeaways import targets_pace
from metrics.campaign import CampaignImpact, campaign_impact
from metrics.campaign_effects import CampaignEffects, campaign_effects
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


@dataclass(frozen=True)
class _Measured:
    name: str
    impact: CampaignImpact
    effects: CampaignEffects


def _campaigns(db: Database, context: ExportContext) -> list[_Measured]:
    """The campaigns that ran in the period in the filters' branches and regions (the latest
    ``CAMPAIGNS_SHOWN``), each measured against the other branches under the segment and
    channel filters."""
    filters = context.filters
    ran = campaign_periods(db, context.period, filters).tail(CAMPAIGNS_SHOWN)
    users = Filters(segments=filters.segments, channels=filters.channels)
    return [
        _Measured(
            name,
            campaign_impact(db, campaign_id, users),
            campaign_effects(db, campaign_id, users),
        )
        for campaign_id, name in zip(ran["campaign_id"], ran["campaign_name"], strict=True)
    ]


def _headline(measured: Sequence[_Measured]) -> _Measured | None:
    """The campaign with the most incremental users either way (the slides' takeaway)."""
    known = [m for m in measured if m.impact.incremental_users is not None]
    if not known:
        return None
    return max(known, key=lambda m: abs(m.impact.incremental_users or 0))


def campaigns_slide(db: Database, context: ExportContext) -> TableSlide | None:
    """The campaigns of the period with their incremental users, its 90 % interval and the
    three-way verdict; ``None`` when none ran."""
    lang, filters = context.lang, context.filters
    measured = _campaigns(db, context)
    if not measured:
        return None
    rows = tuple(
        (
            m.name,
            f"{m.impact.start.isoformat()} – {m.impact.end.isoformat()}",
            _signed_share(m.impact.did_lift),
            DASH if m.impact.incremental_users is None else f"{m.impact.incremental_users:+,.0f}",
            words.users_interval(m.effects),
            t(f"cp_short_{words.verdict_kind(m.effects)}", lang),
            number(m.impact.attributed_users, lang),
        )
        for m in measured
    )
    columns = (
        t("campaign", lang),
        t("export.campaign_dates", lang),
        t("cp_did_lift", lang),
        t("cp_incremental", lang),
        t("cp_col_interval", lang),
        t("cp_col_verdict", lang),
        t("cp_attributed", lang),
    )
    headline = _headline(measured)
    takeaway = ""
    if headline is not None:
        said = words.verdict_sentence(headline.impact, headline.effects, lang)
        takeaway = t("export.campaign_verdict", lang, name=headline.name, verdict=said)
    note = t("cp_branch_filters_ignored", lang) if filters.branches or filters.regions else ""
    return TableSlide(t("export.campaigns_title", lang), takeaway, columns, rows, note)


def campaign_effects_slide(db: Database, context: ExportContext) -> TableSlide | None:
    """The five outcomes of the campaign the campaigns slide headlines: estimate, 90 %
    interval, relative change and reading; the verdict as the takeaway, the pre-trend caveat
    as the note when it applies. ``None`` when no campaign was measured."""
    lang = context.lang
    headline = _headline(_campaigns(db, context))
    if headline is None:
        return None
    rows = tuple(
        (
            row.label,
            words.signed(row.estimate),
            row.interval,
            words.percent(row.relative),
            row.unit,
            row.reading,
        )
        for row in words.effect_rows(headline.effects, lang)
    )
    columns = tuple(
        t(key, lang)
        for key in (
            "cp_col_outcome",
            "cp_col_estimate",
            "cp_col_interval",
            "cp_col_relative",
            "cp_col_unit",
            "cp_col_reading",
        )
    )
    said = words.verdict_sentence(headline.impact, headline.effects, lang)
    takeaway = t("export.campaign_verdict", lang, name=headline.name, verdict=said)
    note = words.pre_trend_caveat(headline.effects, lang) or t("cp_effects_note", lang)
    title = t("export.campaign_effects_title", lang, name=headline.name)
    return TableSlide(title, takeaway, columns, rows, note)


def _signed_share(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:+.1f}%"

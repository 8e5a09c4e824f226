"""The meeting pack: every figure of the deck computed for one period, filter set and language.

``build_pack`` gathers the numbers (summary KPIs for the period and its
comparison, each page's key chart with its takeaway, the team targets of the
period's last month, the campaigns of the period and the five outcomes of one);
``write_pack`` turns them into a deck file. The dashboard's button and
``python -m exports pack`` both call these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from data_access import Database, Filters
from display.i18n import metric_label, t
from exports.content import KpiFigure, MeetingPack
from exports.context import Comparison, make_context
from exports.deck import build_deck
from exports.files import write_atomic
from exports.key_charts import KEY_CHARTS, Inputs
from exports.key_tables import campaign_effects_slide, campaigns_slide, targets_slide
from metrics.breakdowns import sample_sizes
from metrics.definitions import METRICS_BY_KEY, PACK_KPIS
from metrics.dimensions import data_dates, filter_choices
from metrics.period import Period
from metrics.summary import summary

Progress = Callable[[str, float], None]
Value = int | float | None
NOT_HEADLINES = frozenset({"total_users"})


def _silent(_message: str, _done: float) -> None:
    return None


def _part(progress: Progress, start: float, end: float) -> Progress:
    """``progress`` for a step that covers ``start``..``end`` of the whole job."""
    return lambda message, done: progress(message, start + (end - start) * done)


def kpi_figures(
    keys: Sequence[str],
    now: Mapping[str, Value],
    before: Mapping[str, Value],
    observations: Mapping[str, int],
) -> tuple[KpiFigure, ...]:
    return tuple(
        KpiFigure(METRICS_BY_KEY[key], now[key], before[key], observations.get(key)) for key in keys
    )


def kpi_takeaway(kpis: Sequence[KpiFigure], lang: str) -> str:
    """The KPI that improved most and the one that worsened most, e.g.
    "Most improved: NPS +4.0 pts · most worsened: Complaints +33%".

    Thin samples are left out, and so is total users, which only ever grows.
    """
    scored = []
    for kpi in kpis:
        moved = kpi.change
        if moved is None or moved.direction == "flat" or kpi.is_thin:
            continue
        if kpi.metric.key in NOT_HEADLINES:
            continue
        # Points are compared with percent as if 1 point were 1 %; plain differences (CSAT,
        # days) by their relative size.
        if moved.is_absolute and moved.relative is None:
            continue
        size = moved.size / 100 if moved.in_points else moved.size
        if moved.is_absolute and moved.relative is not None:
            size = moved.relative
        better = size if kpi.metric.higher_is_better else -size
        scored.append((better, metric_label(kpi.metric.key, lang), moved))
    if not scored:
        return ""
    parts = []
    best, worst = max(scored, key=lambda item: item[0]), min(scored, key=lambda item: item[0])
    for key, (score, name, moved) in (("most_improved", best), ("most_worsened", worst)):
        if (score > 0) == (key == "most_improved"):
            sign = "+" if moved.size > 0 else "−"
            parts.append(t(f"export.{key}", lang, kpi=name, change=sign + moved.magnitude(lang)))
    return t("export.separator", lang).join(parts)


def build_pack(
    db: Database,
    period: Period,
    filters: Filters,
    lang: str = "en",
    *,
    comparison: Comparison = "previous",
    progress: Progress | None = None,
) -> MeetingPack:
    """Every figure of the meeting deck; ``progress`` hears of each step."""
    report = progress or _silent
    branches = filter_choices(db).branches
    dates = data_dates(db)
    latest = dates.latest if dates else None
    context = make_context(period, filters, lang, comparison, branches, latest, scope=db.scope)
    steps = 2 + len(KEY_CHARTS) + 1
    now = summary(db, period, filters)
    before = summary(db, context.comparison_period, filters)
    observations = sample_sizes(db, period, filters)
    kpis = kpi_figures(PACK_KPIS, now, before, observations)
    report(t("export.kpi_title", lang), 2 / steps)
    names = {branch.branch_id: branch.name for branch in branches}
    inputs = Inputs(db, context, now, before, observations, names)
    built = []
    for done, chart in enumerate(KEY_CHARTS, start=3):
        found = chart(inputs)
        if found is not None:
            built.append(found)
            report(found.title, done / steps)
    tables = [
        targets_slide(db, context),
        campaigns_slide(db, context),
        campaign_effects_slide(db, context),
    ]
    report(t("export.tables", lang), 1.0)
    shown = tuple(table for table in tables if table is not None)
    return MeetingPack(context, kpis, kpi_takeaway(kpis, lang), tuple(built), shown)


def pack_deck(
    db: Database,
    period: Period,
    filters: Filters,
    *,
    lang: str = "en",
    comparison: Comparison = "previous",
    progress: Progress | None = None,
) -> tuple[bytes, int]:
    """The meeting deck as ``.pptx`` bytes, and its number of slides."""
    report = progress or _silent
    pack = build_pack(
        db, period, filters, lang, comparison=comparison, progress=_part(report, 0.0, 0.5)
    )
    return build_deck(pack, progress=_part(report, 0.5, 1.0)), slide_count(pack)


def write_pack(
    db: Database,
    period: Period,
    filters: Filters,
    out: Path,
    *,
    lang: str = "en",
    comparison: Comparison = "previous",
    progress: Progress | None = None,
) -> int:
    """Write the meeting deck to ``out`` (whole or not at all); return its number of slides."""
    deck, slides = pack_deck(
        db, period, filters, lang=lang, comparison=comparison, progress=progress
    )
    write_atomic(out, deck)
    return slides


def slide_count(pack: MeetingPack) -> int:
    """Title, KPI summary, one per chart, one per table."""
    return 2 + len(pack.charts) + len(pack.tables)

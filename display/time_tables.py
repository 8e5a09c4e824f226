"""The data behind a time-series chart, as its CSV download shows it.

Every row is one bucket: ``Period start`` and ``Period end`` (the first and last day its
figures cover, clipped to the period and the data), ``Complete`` (yes / no), then the chart's
groups and measures under their displayed labels, in the page's language. Ratios are written
as the dashboard shows them (a share as a percentage with one decimal, the unit in the
header), never as a raw fraction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from display.i18n import metric_label, t
from metrics.definitions import METRICS_BY_KEY, Unit

DECIMALS: dict[Unit, int] = {
    "count": 0,
    "amount": 2,
    "ratio": 2,
    "share": 1,
    "nps": 1,
    "score": 2,
    "days": 1,
    "rate_per_10k": 1,
}
"""Decimals a value keeps, as the tiles show it (``display.formatting.format_value``)."""
UNIT_KEYS: dict[Unit, str] = {"share": "csv_unit_percent", "amount": "csv_unit_money"}
"""Units named in the header (the others are in the label or have none)."""


@dataclass(frozen=True)
class Measure:
    """One column of a chart's download: the frame's ``column``, its header and its unit."""

    column: str
    label: str
    unit: Unit = "count"


def kpi(column: str, lang: str, key: str | None = None) -> Measure:
    """A measure that is a summary KPI's per-bucket value, named as its tile (``key``,
    default ``column``)."""
    metric = METRICS_BY_KEY[key or column]
    return Measure(column, metric_label(metric.key, lang), metric.unit)


def nps_measures(lang: str) -> list[Measure]:
    """The NPS chart's download columns, on the page and in the meeting pack: the responses,
    each group, then the score."""
    return [
        Measure("nps_responses", t("csv_nps_responses", lang)),
        Measure("promoters", t("csv_promoters", lang)),
        Measure("passives", t("csv_passives", lang)),
        Measure("detractors", t("csv_detractors", lang)),
        kpi("nps", lang),
    ]


def header(measure: Measure, lang: str) -> str:
    unit = UNIT_KEYS.get(measure.unit)
    return measure.label + (t(unit, lang) if unit else "")


def shown_value(value: float | None, unit: Unit) -> float | int | None:
    """``value`` as displayed: a share in percent, rounded as the tiles round it."""
    if value is None or pd.isna(value):
        return None
    if unit == "count":
        return int(value)
    return round(float(value) * (100 if unit == "share" else 1), DECIMALS[unit])


def series_table(
    frame: pd.DataFrame,
    measures: Sequence[Measure],
    lang: str,
    groups: Sequence[tuple[str, str]] = (),
) -> pd.DataFrame:
    """The download of a time-series chart drawn from ``frame`` (with the buckets' spans,
    ``display.charts.spans``): the span columns, then ``groups`` (column, header: a segment's
    or a provider's display label), then ``measures``."""
    yes, no = t("csv_yes", lang), t("csv_no", lang)
    table = pd.DataFrame(
        {
            t("csv_period_start", lang): [day.isoformat() for day in frame["period_start"]],
            t("csv_period_end", lang): [day.isoformat() for day in frame["period_end"]],
            t("csv_complete", lang): [yes if done else no for done in frame["complete"]],
        }
    )
    for column, name in groups:
        table[name] = list(frame[column])
    for measure in measures:
        values = [shown_value(v, measure.unit) for v in frame[measure.column]]
        dtype = "Int64" if measure.unit == "count" else "Float64"
        table[header(measure, lang)] = pd.Series(values, dtype=dtype)
    return table

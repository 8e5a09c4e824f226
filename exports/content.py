"""The pieces an export is made of, shared by the workbook, the images and the deck."""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from display.formatting import DASH, format_change, format_value
from exports.context import ExportContext
from exports.numbers import Change, change
from metrics.definitions import MetricDef


@dataclass(frozen=True)
class KpiFigure:
    """One KPI for the period and for its comparison period."""

    metric: MetricDef
    value: float | None
    previous: float | None = None
    observations: int | None = None
    """How many observations the value rests on, for KPIs that can rest on a thin sample."""

    @property
    def is_thin(self) -> bool:
        """Whether the value rests on fewer observations than the KPI's ``thin_below``."""
        floor = self.metric.thin_below
        return floor is not None and self.observations is not None and self.observations < floor

    @property
    def change(self) -> Change | None:
        return change(self.value, self.previous, self.metric.unit)

    def shown(self, lang: str) -> str:
        return format_value(self.value, self.metric.unit, lang)

    def shown_previous(self, lang: str) -> str:
        return format_value(self.previous, self.metric.unit, lang)

    def shown_change(self, lang: str) -> str:
        """The change as the dashboard's tiles write it."""
        return format_change(self.value, self.previous, self.metric.unit, lang) or DASH


@dataclass(frozen=True)
class ChartExport:
    """A chart with the table it was drawn from, and the sentence it supports."""

    title: str
    chart: alt.TopLevelMixin
    data: pd.DataFrame = field(default_factory=pd.DataFrame)
    takeaway: str = ""
    note: str = ""
    """A caveat in small print under the chart (e.g. filters that do not apply to it)."""


@dataclass(frozen=True)
class TableExport:
    """A table a page shows (not drawn from a chart; the branch league), with sentences to
    print above it, for the page's workbook."""

    title: str
    data: pd.DataFrame
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSlide:
    """A slide that is one table: a title, the sentence it supports, a header and rows of text."""

    title: str
    takeaway: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class MeetingPack:
    """Everything the meeting deck shows, computed for one period, filter set and language."""

    context: ExportContext
    kpis: tuple[KpiFigure, ...]
    kpi_takeaway: str
    charts: tuple[ChartExport, ...]
    tables: tuple[TableSlide, ...] = ()

"""Tables: columns declared as data (``Column``, turned into ``st.column_config`` settings by
``column_config``), and tables of KPIs, whose titles and number formats come from the metric
declarations."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd
import streamlit as st

from display.formatting import DASH, format_value, number, plain
from display.i18n import metric_help, metric_label, t
from metrics.definitions import METRICS_BY_KEY, Unit
from ui.tiles import thin_mark

if TYPE_CHECKING:
    # What the st.column_config functions return; Streamlit names it only in this module.
    from streamlit.elements.lib.column_types import ColumnConfig


@dataclass(frozen=True)
class Column:
    """One column of a table on a page: the frame's column ``name``, its title (a string key),
    what it holds, and how it is shown."""

    name: str
    title: str
    kind: Literal["text", "number", "date", "datetime"] = "number"
    format: str | None = None
    """Streamlit's number or date format (``"percent"``, ``"%.2f"``, ``"YYYY-MM-DD HH:mm"``)."""
    helped: bool = False
    """Whether the title has a help text, the string ``<title>_help``."""
    pinned: bool = False
    width: Literal["small", "medium", "large"] | None = None

    def config(self, lang: str) -> ColumnConfig:
        title = t(self.title, lang)
        help_text = t(f"{self.title}_help", lang) if self.helped else None
        pinned, width = (True if self.pinned else None), self.width
        if self.kind == "text":
            return st.column_config.TextColumn(title, help=help_text, pinned=pinned, width=width)
        if self.kind == "date":
            return st.column_config.DateColumn(
                title, help=help_text, pinned=pinned, width=width, format=self.format
            )
        if self.kind == "datetime":
            return st.column_config.DatetimeColumn(
                title, help=help_text, pinned=pinned, width=width, format=self.format
            )
        return st.column_config.NumberColumn(
            title, help=help_text, pinned=pinned, width=width, format=self.format
        )


def column_config(columns: Sequence[Column], lang: str) -> dict[str, ColumnConfig]:
    """The ``column_config`` of ``st.dataframe`` for ``columns``."""
    return {column.name: column.config(lang) for column in columns}


def names(columns: Sequence[Column]) -> list[str]:
    """The frame's columns, in the declared order (to select them for showing)."""
    return [column.name for column in columns]


NUMBER_FORMATS: dict[Unit, str] = {
    "count": "localized",
    "amount": "%,.2f",
    "ratio": "%.2f",
    "share": "percent",
    "nps": "%.1f",
    "score": "%.2f",
    "days": "%.1f",
    "rate_per_10k": "%.1f",
}


def kpi_columns(frame: pd.DataFrame, keys: Sequence[str], lang: str) -> dict[str, ColumnConfig]:
    """Column settings for KPI columns: the KPI's label, definition and number format
    (a fractional count, such as average daily actives, with one decimal)."""

    def number_format(key: str) -> str:
        unit = METRICS_BY_KEY[key].unit
        fractional = unit == "count" and frame[key].dtype.kind == "f"
        return "%,.1f" if fractional else NUMBER_FORMATS[unit]

    return {
        key: st.column_config.NumberColumn(
            metric_label(key, lang),
            help=metric_help(key, lang),
            format=number_format(key),
        )
        for key in keys
    }


def thin_samples(row: pd.Series, keys: Sequence[str], lang: str) -> str:
    """The league row's KPIs among ``keys`` resting on thin samples, e.g.
    ``NPS ⚠ thin sample (n=12)``; a KPI's observations are its declared ``sample`` column."""
    marks = []
    for key in keys:
        metric = METRICS_BY_KEY[key]
        if metric.sample is None:
            continue
        mark = thin_mark(metric, int(row[metric.sample]), lang)
        if mark:
            marks.append(f"{metric_label(metric.key, lang)} {mark}")
    return "; ".join(marks)


LEAGUE_COLUMNS = (
    Column("branch_name", "col_branch_name", "text", pinned=True),
    Column("branch_id", "col_branch_id", "text"),
    Column("region", "col_region", "text"),
    Column("thin", "col_thin", "text"),
)
"""The league's columns besides the KPIs'."""


def league_table(league: pd.DataFrame, keys: Sequence[str], lang: str) -> pd.DataFrame:
    """Show the branch league with sortable KPI columns; returns the table as shown."""
    shown = league[["branch_name", "branch_id", "region", *keys]].copy()
    shown["thin"] = [thin_samples(row, keys, lang) for _, row in league.iterrows()]
    with wide_or_cards("league"):
        st.dataframe(
            shown,
            column_config={**column_config(LEAGUE_COLUMNS, lang), **kpi_columns(shown, keys, lang)},
            hide_index=True,
            placeholder=DASH,
            height=min(36 * (len(shown) + 1), 900),
        )
    cards("league", league_cards(shown, keys, lang))
    return shown


@contextmanager
def wide_or_cards(key: str) -> Iterator[None]:
    """Draw a page's wide table inside this block: it is shown on a screen, and hidden on a
    phone (``ui.presentation.LAYOUT_CSS``), where the ``cards`` drawn with the same ``key``
    are shown instead. ``key`` is unique on the page."""
    with st.container(key=f"wide_{key}"):
        yield


@dataclass(frozen=True)
class Card:
    """One row of a table as a phone shows it: a title, a one-line summary, and the rest of
    the row (label, text) a tap away."""

    title: str
    summary: str
    details: Sequence[tuple[str, str]]


def cards(key: str, items: Sequence[Card]) -> None:
    """The phone's form of a wide table: one expander per row (see ``wide_or_cards``)."""
    with st.container(key=f"phone_{key}", gap="small"):
        for item in items:
            heading = plain(f"{item.title} · {item.summary}" if item.summary else item.title)
            with st.expander(heading):
                st.markdown(
                    "  \n".join(f"{plain(name)}: **{plain(text)}**" for name, text in item.details)
                )


def cell_text(value: object, column: Column, lang: str) -> str:
    """A table cell as text, in the column's format (the cards' form of ``Column.config``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return DASH
    if column.kind != "number" or not isinstance(value, int | float):
        return str(value) if str(value) != "" else DASH
    if column.format == "percent":
        return f"{value * 100:.0f}%"
    if column.format and column.format.startswith("%"):
        return column.format % value
    return number(value, lang)


def column_cards(
    frame: pd.DataFrame,
    columns: Sequence[Column],
    lang: str,
    *,
    title: str,
    summary: Sequence[str],
    titles: Callable[[str], str] | None = None,
) -> list[Card]:
    """One card per row of ``frame``: ``title`` names the column heading the card, ``summary``
    the columns shown beside it, every other declared column in its details."""
    by_name = {column.name: column for column in columns}
    heading = titles or (lambda name: t(by_name[name].title, lang))
    items = []
    for _, row in frame.iterrows():
        shown = [name for name in summary if name in by_name]
        items.append(
            Card(
                title=cell_text(row[title], by_name[title], lang),
                summary=" · ".join(
                    f"{heading(name)} {cell_text(row[name], by_name[name], lang)}" for name in shown
                ),
                details=[
                    (heading(column.name), cell_text(row[column.name], column, lang))
                    for column in columns
                    if column.name != title and column.name in frame.columns
                ],
            )
        )
    return items


def league_cards(shown: pd.DataFrame, keys: Sequence[str], lang: str) -> list[Card]:
    """The branch league on a phone: a card per branch, its KPIs a tap away."""
    items = []
    for _, row in shown.iterrows():
        details = [
            (
                metric_label(key, lang),
                format_value(row[key], METRICS_BY_KEY[key].unit, lang),
            )
            for key in keys
        ]
        details += [(t("col_region", lang), str(row["region"]))]
        if row["thin"]:
            details.append((t("col_thin", lang), str(row["thin"])))
        first = keys[0]
        items.append(
            Card(
                title=f"{row['branch_name']} ({row['branch_id']})",
                summary=f"{metric_label(first, lang)} "
                f"{format_value(row[first], METRICS_BY_KEY[first].unit, lang)}",
                details=details,
            )
        )
    return items

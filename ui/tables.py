"""Tables: columns declared as data (``Column``, turned into ``st.column_config`` settings by
``column_config``), and tables of KPIs, whose titles and number formats come from the metric
declarations."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

import pandas as pd
import streamlit as st

from display.formatting import DASH, format_value, number, plain
from display.i18n import metric_help, metric_label, t
from metrics.definitions import METRICS_BY_KEY, OVERVIEW_TILES, Unit
from metrics.uncertainty import ranking_order, with_intervals
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
    """Streamlit's number or date format (``"%.2f"``, ``"YYYY-MM-DD HH:mm"``), or ``PERCENT``."""
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
        number_format = NUMBER_FORMATS["share"] if self.format == PERCENT else self.format
        return st.column_config.NumberColumn(
            title, help=help_text, pinned=pinned, width=width, format=number_format
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
    "share": "%.1f%%",
    "nps": "%.1f",
    "score": "%.2f",
    "days": "%.1f",
    "rate_per_10k": "%.1f",
}
"""Streamlit's number format per unit; a share is shown as a percentage with one decimal, so
its column holds percentages (``as_percentages``)."""


PERCENT = "percent"
"""A ``Column.format``: a fraction shown as a percentage with one decimal, as a tile shows a
share (Streamlit's own ``"percent"`` mixes 60% and 68.52%); the table shows
``percentages(frame, columns)``, the cards and downloads the fractions."""


def as_percentages(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``frame`` with the fractions in ``columns`` as percentages (for ``"%.1f%%"``)."""
    shown = frame.copy()
    for column in columns:
        shown[column] = shown[column] * 100
    return shown


def percentages(frame: pd.DataFrame, columns: Sequence[Column]) -> pd.DataFrame:
    """``frame`` as a table of ``columns`` shows it: the ``PERCENT`` columns in percent."""
    return as_percentages(frame, [c.name for c in columns if c.format == PERCENT])


def kpi_format(frame: pd.DataFrame, key: str) -> str:
    """A KPI column's number format (a fractional count, such as average daily actives, with
    one decimal)."""
    unit = METRICS_BY_KEY[key].unit
    fractional = unit == "count" and frame[key].dtype.kind == "f"
    return "%,.1f" if fractional else NUMBER_FORMATS[unit]


def kpi_columns(frame: pd.DataFrame, keys: Sequence[str], lang: str) -> dict[str, ColumnConfig]:
    """Column settings for KPI columns: the KPI's label, definition and number format."""
    return {
        key: st.column_config.NumberColumn(
            metric_label(key, lang),
            help=metric_help(key, lang),
            format=kpi_format(frame, key),
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


RANK_KPIS: tuple[str, ...] = tuple(key for key in OVERVIEW_TILES if key != "own_share")
"""What the league can be ranked by: the Overview's KPIs but own share, which is a region's."""
LEAGUE_KPIS = ("new_users", "active_users", "activation_rate_30d", "nps", "csat_avg", "complaints")
"""The KPI columns always shown (the ranking KPI is added when it is not among them); the
rest of the Overview's KPIs, the intervals and the thin samples are behind a toggle, so that
the table fits a 1440 px screen."""
MORE_KPIS = tuple(key for key in RANK_KPIS if key not in LEAGUE_KPIS)
THIN_KPIS = tuple(key for key in OVERVIEW_TILES if METRICS_BY_KEY[key].sample is not None)
"""The league's KPIs that can rest on a thin sample (those declaring a ``sample``)."""
RANGES = {"nps": ("nps_low", "nps_high", "{:.0f}"), "csat_avg": ("csat_low", "csat_high", "{:.2f}")}
"""The KPIs shown with a 90 % interval: its bounds' columns and how a bound is written."""
GREY = "color: #9E9E9E"
THIN_FLOOR = 30
"""The thin-sample threshold the league's caption names (every KPI in THIN_KPIS)."""

LEAGUE_COLUMNS = (
    Column("rank", "col_rank", format="%d", helped=True, pinned=True, width="small"),
    Column("branch_name", "col_branch_name", "text", pinned=True),
    Column("region", "col_region", "text"),
)
"""The league's first columns, before the KPIs'."""
LEAGUE_EXTRA_COLUMNS = (
    Column("nps_range", "col_nps_range", "text", helped=True),
    Column("csat_range", "col_csat_range", "text", helped=True),
    Column("own_share", "col_region_own_share", format="%.1f%%", helped=True),
    Column("branch_id", "col_branch_id", "text"),
    Column("thin", "col_thin", "text"),
)
"""The league's columns behind the toggle, after the KPIs'."""


def _range_text(low: float, high: float, written: str, lang: str) -> str | None:
    if pd.isna(low) or pd.isna(high):
        return None
    return t("range", lang, low=written.format(low), high=written.format(high))


def ranked_league(league: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """The league ranked by the KPI ``by``: ``rank`` first (best 1, ties share a rank);
    branches whose value rests on a thin sample for ``by`` (or have none) get no rank and
    follow by name, ``ranked`` False. With the 90 % intervals of NPS and CSAT as text."""
    metric = METRICS_BY_KEY[by]
    observations = metric.sample
    frame = with_intervals(league)
    ordered = ranking_order(
        frame,
        by,
        observations or by,
        "branch_name",
        higher_is_better=metric.higher_is_better,
        min_observations=metric.thin_below if observations else None,
    )
    ordered["rank"] = ordered["rank"].astype("Int64")
    for key, (low, high, written) in RANGES.items():
        ordered[f"{key.split('_')[0]}_range"] = [
            _range_text(a, b, written, lang)
            for a, b in zip(ordered[low], ordered[high], strict=True)
        ]
    ordered["thin"] = [thin_samples(row, THIN_KPIS, lang) for _, row in ordered.iterrows()]
    return ordered.reset_index(drop=True)


def league_columns(by: str, all_columns: bool) -> tuple[list[str], list[Column]]:
    """The league's KPI columns and other columns as shown, in order."""
    kpis = ([] if by in LEAGUE_KPIS else [by]) + list(LEAGUE_KPIS)
    if all_columns:
        kpis += [key for key in MORE_KPIS if key not in kpis]
    extra = list(LEAGUE_EXTRA_COLUMNS) if all_columns else []
    return kpis, [*LEAGUE_COLUMNS, *extra]


def league_table(
    league: pd.DataFrame, by: str, lang: str, *, all_columns: bool = False
) -> pd.DataFrame:
    """Show the branch league ranked by ``by``, unranked (thin) branches greyed at the bottom,
    the columns behind the toggle only when ``all_columns``; returns the whole table (every
    column, shares in percent)."""
    ordered = ranked_league(league, by, lang)
    kpis, others = league_columns(by, all_columns=True)
    order = [*names(others[:3]), *kpis, *names(others[3:])]
    percent = [c for c in order if _is_percent(c)]
    shown = as_percentages(ordered[order], percent)
    visible_kpis, visible = league_columns(by, all_columns)
    unranked = ~ordered["ranked"]
    thin = _thin_cells(ordered)
    styled = shown.style.apply(
        lambda row: _greys(row, thin, bool(unranked.iloc[cast(int, row.name)])), axis=1
    )
    with wide_or_cards("league"):
        st.dataframe(
            styled,
            column_config={**column_config(others, lang), **kpi_columns(shown, kpis, lang)},
            column_order=[*names(visible[:3]), *visible_kpis, *names(visible[3:])],
            hide_index=True,
            placeholder=DASH,
            height=min(36 * (len(shown) + 1), 900),
        )
    card_kpis = [by, *(key for key in visible_kpis if key != by)]
    cards("league", league_cards(ordered, card_kpis, lang))
    if any(any(thin[key]) for key in visible_kpis if key in thin):
        st.caption(t("league_thin_cells", lang, floor=THIN_FLOOR))
    if unranked.any():
        metric = METRICS_BY_KEY[by]
        n, kpi = int(unranked.sum()), metric_label(by, lang)
        if metric.sample is not None and metric.thin_below is not None:
            st.caption(t("league_unranked_thin", lang, n=n, kpi=kpi, floor=metric.thin_below))
        else:
            st.caption(t("league_unranked_none", lang, n=n, kpi=kpi))
    return shown


def _thin_cells(ordered: pd.DataFrame) -> dict[str, list[bool]]:
    """Per KPI that can rest on a thin sample, whether each branch's figure does (by row)."""
    cells: dict[str, list[bool]] = {}
    for key in THIN_KPIS:
        metric = METRICS_BY_KEY[key]
        if metric.sample is not None:
            floor = metric.thin_below or 0
            cells[key] = [int(n) < floor for n in ordered[metric.sample]]
    return cells


def _greys(row: pd.Series, thin: dict[str, list[bool]], unranked: bool) -> list[str]:
    """Cell styles: a whole unranked row grey, else each figure resting on a thin sample."""
    if unranked:
        return [GREY] * len(row)
    place = cast(int, row.name)
    return [GREY if column in thin and thin[column][place] else "" for column in row.index]


def _is_percent(column: str) -> bool:
    return column == "own_share" or (
        column in METRICS_BY_KEY and METRICS_BY_KEY[column].unit == "share"
    )


DECIMALS: dict[Unit, int] = {"share": 1, "nps": 1, "score": 2, "count": 1, "amount": 2}


def league_csv(shown: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The league as shown, for its CSV: ``Rank`` first, every column under its displayed
    title (a percentage's with ``(%)``), numbers rounded as displayed."""
    titles = {c.name: t(c.title, lang) for c in (*LEAGUE_COLUMNS, *LEAGUE_EXTRA_COLUMNS)}
    csv = shown.copy()
    for column in csv.columns:
        if column in METRICS_BY_KEY and column not in titles:
            titles[column] = metric_label(column, lang)
            csv[column] = csv[column].round(DECIMALS.get(METRICS_BY_KEY[column].unit, 2))
    csv["own_share"] = csv["own_share"].round(1)
    return csv.rename(
        columns={c: titles[c] + (" (%)" if _is_percent(c) else "") for c in csv.columns}
    )


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
    if column.format == PERCENT:
        return format_value(value, "share", lang)
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


def _ranked_title(row: pd.Series) -> str:
    """A league card's title: the branch, after its rank when it has one."""
    name = f"{row['branch_name']} ({row['branch_id']})"
    rank = row.get("rank")
    return name if rank is None or pd.isna(rank) else f"{int(rank)}. {name}"


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
                title=_ranked_title(row),
                summary=f"{metric_label(first, lang)} "
                f"{format_value(row[first], METRICS_BY_KEY[first].unit, lang)}",
                details=details,
            )
        )
    return items

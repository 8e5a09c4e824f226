"""The current page as one Excel workbook: a cover, the KPIs, a sheet per table the page
shows outside its charts (its sentences above it), and a sheet per chart.

The cover states the period, filters and data date and defines every KPI on
the page; the KPI sheet keeps numbers as numbers (formatted by unit); each
chart's sheet holds the table the chart was drawn from. Text from the data
is neutralised so that it can never run as a formula.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from display.i18n import column_title, metric_help, metric_label, t
from exports.content import ChartExport, KpiFigure, TableExport
from exports.context import ExportContext
from exports.numbers import ABSOLUTE_DECIMALS, Change
from exports.safe_cells import safe_cell

NUMBER_FORMATS = {
    "count": "#,##0",
    "amount": '"¥"#,##0.00',
    "share": "0.0%",
    "nps": "0.0",
    "score": "0.00",
    "days": "0.0",
    "ratio": "0.00",
    "rate_per_10k": "0.0",
}
RELATIVE_CHANGE = "+0.0%;-0.0%;0.0%"
SHEET_NAME_LIMIT = 31
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
BOLD = Font(bold=True)


def change_format(moved: Change, lang: str) -> str:
    """The Excel number format of a change, written as on the tiles: points in the language's
    words ("+4.0 pts", "+4.0个百分点"), a plain difference (CSAT "+0.05"), or percent."""
    if moved.is_absolute:
        number = "0." + "0" * ABSOLUTE_DECIMALS[moved.unit]
        return f"+{number};-{number};{number}"
    if not moved.in_points:
        return RELATIVE_CHANGE
    key = "export.points_share" if moved.unit == "share" else "export.points_nps"
    before, after = t(key, lang, number="\0").split("\0")
    written = (f'"{before}"' if before else "") + "0.0" + (f'"{after}"' if after else "")
    return f"+{written};-{written};{written}"


def build_workbook(
    context: ExportContext,
    title: str,
    kpis: Sequence[KpiFigure],
    charts: Sequence[ChartExport],
    tables: Sequence[TableExport] = (),
) -> bytes:
    """The workbook as ``.xlsx`` bytes: cover, KPIs, the page's tables, then its charts' data;
    every column header in the page's language."""
    lang = context.lang
    book = Workbook()
    names: set[str] = set()
    cover = book.active
    assert isinstance(cover, Worksheet)  # a new workbook opens on one plain worksheet
    _cover(cover, context, title, kpis, _unique_name(t("export.cover", lang), names))
    if kpis:
        _kpi_sheet(book.create_sheet(_unique_name(t("export.kpis", lang), names)), kpis, lang)
    for table in tables:
        sheet = book.create_sheet(_unique_name(table.title, names))
        for note in table.notes:
            sheet.append([safe_cell(note)])
            sheet.cell(sheet.max_row, 1).font = BOLD
        if table.notes:
            sheet.append([])
        _frame_sheet(sheet, table.data, lang, header_row=sheet.max_row + 1)
    for chart in charts:
        _frame_sheet(book.create_sheet(_unique_name(chart.title, names)), chart.data, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cover(
    sheet: Worksheet,
    context: ExportContext,
    title: str,
    kpis: Sequence[KpiFigure],
    name: str,
) -> None:
    lang = context.lang
    sheet.title = name
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for label, value in (
        (t("export.period", lang), context.period_text),
        (t("export.compared_with", lang), context.comparison_text),
        (t("export.filters", lang), context.filters_text),
        (t("export.data_date", lang), _data_date(context)),
    ):
        sheet.append([label, safe_cell(value)])
    sheet.append([])
    sheet.append([t("export.definitions", lang)])
    sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.append([t("export.kpi_column", lang), t("export.definition", lang)])
    _bold_row(sheet, sheet.max_row)
    for kpi in kpis:
        sheet.append([metric_label(kpi.metric.key, lang), metric_help(kpi.metric.key, lang)])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90
    for row in sheet.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _data_date(context: ExportContext) -> str:
    if context.data_date is None:
        return t("export.no_data", context.lang)
    return context.data_date.isoformat()


def _kpi_sheet(sheet: Worksheet, kpis: Sequence[KpiFigure], lang: str) -> None:
    """One row per KPI: both periods' values, the change (a fraction, or points for shares
    and NPS) and, for rates that can rest on few observations, the sample size."""
    keys = ("kpi_column", "this_period", "comparison", "change", "sample_size", "key_column")
    sheet.append([t(f"export.{key}", lang) for key in keys])
    _bold_row(sheet, 1)
    for kpi in kpis:
        moved = kpi.change
        size = None if moved is None else moved.size
        values = [
            metric_label(kpi.metric.key, lang),
            kpi.value,
            kpi.previous,
            size,
            kpi.observations,
        ]
        sheet.append([*values, kpi.metric.key])
        row = sheet.max_row
        for column in (2, 3):
            sheet.cell(row, column).number_format = NUMBER_FORMATS[kpi.metric.unit]
        if moved is not None:
            sheet.cell(row, 4).number_format = change_format(moved, lang)
    sheet.freeze_panes = "B2"
    _fit_columns(sheet)


def _frame_sheet(sheet: Worksheet, frame: pd.DataFrame, lang: str, header_row: int = 1) -> None:
    """``frame`` with its header, in ``lang``, on ``header_row`` (rows above it hold the
    table's notes)."""
    sheet.append([safe_cell(column_title(str(column), lang)) for column in frame.columns])
    _bold_row(sheet, header_row)
    for record in frame.itertuples(index=False, name=None):
        sheet.append([safe_cell(_plain(value)) for value in record])
    for position, column in enumerate(frame.columns, start=1):
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            for (cell,) in sheet.iter_rows(
                min_row=header_row + 1, min_col=position, max_col=position
            ):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = f"A{header_row + 1}"
    _fit_columns(sheet, skip_rows=header_row - 1)


def _plain(value: Any) -> Any:
    """A cell value openpyxl writes as such: missing values empty, numpy scalars as Python ones."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _bold_row(sheet: Worksheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = BOLD


def _fit_columns(sheet: Worksheet, skip_rows: int = 0) -> None:
    """Widen each column to its widest cell, leaving out the first ``skip_rows`` rows (notes
    that may run across the columns)."""
    for position, cells in enumerate(sheet.iter_cols(min_row=skip_rows + 1), start=1):
        width = max((_display_width(cell.value) for cell in cells), default=8)
        sheet.column_dimensions[get_column_letter(position)].width = min(max(width + 2, 8), 60)


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, (date, datetime)):
        return 10
    shown = str(value)
    # CJK characters take about two columns.
    return sum(2 if ord(char) > 0x2E80 else 1 for char in shown)


def _unique_name(wanted: str, taken: set[str]) -> str:
    """A valid sheet name (31 characters, none of ``[]:*?/\\``) not yet in ``taken``."""
    base = _NOT_IN_SHEET_NAMES.sub(" ", wanted).strip().strip("'") or "Sheet"
    base = base[:SHEET_NAME_LIMIT]
    name, number = base, 2
    while name.casefold() in {taken_name.casefold() for taken_name in taken}:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    taken.add(name)
    return name

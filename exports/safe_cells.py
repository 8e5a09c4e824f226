"""Spreadsheet safety: text from the data must never run as a formula in Excel or a CSV reader.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read as a formula (CSV/formula injection). Such text gets a leading
apostrophe, the usual neutraliser; numbers, dates and other values pass unchanged,
so they stay numbers in the sheet.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` with text that would start a formula prefixed by ``'``; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and column name) passed through ``safe_cell``."""
    safe = frame.copy()
    safe.columns = [safe_cell(column) for column in safe.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell)
    return safe

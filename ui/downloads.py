"""The data behind a chart or table as a CSV download, safe to open in a spreadsheet.

A text cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) would be read as a formula by Excel and its kin; such cells get a
leading apostrophe, which spreadsheets show as text. Numbers stay numbers.
The file is UTF-8 with a byte-order mark so that Excel reads Chinese correctly.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ui.i18n import t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe.to_csv(index=False).encode("utf-8-sig")


def download_button(frame: pd.DataFrame, name: str, lang: str) -> None:
    """A button saving ``frame`` as ``<name>.csv``."""
    st.download_button(
        t("download_csv", lang),
        data=csv_bytes(frame),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"download_{name}",
        icon=":material/download:",
        type="tertiary",
        on_click="ignore",
    )

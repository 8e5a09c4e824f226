"""The data behind a chart or table as a CSV download, safe to open in a spreadsheet
(``exports.safe_cells``), in UTF-8 with a byte-order mark so that Excel reads Chinese correctly."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access.audit import DOWNLOAD
from display.i18n import t
from exports.safe_cells import safe_frame
from ui.audit_trail import recorded_file


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def download_button(frame: pd.DataFrame, name: str, lang: str) -> None:
    """A button saving ``frame`` as ``<name>.csv``, made only when clicked (and recorded in
    the audit trail then): the file is served at its ``/media`` address only from then (see
    docs/deployment.md, Downloads)."""
    st.download_button(
        t("download_csv", lang),
        data=recorded_file(
            DOWNLOAD, "csv", f"{name}.csv", lambda: csv_bytes(frame), rows=len(frame)
        ),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"download_{name}",
        icon=":material/download:",
        type="tertiary",
        on_click="ignore",
    )

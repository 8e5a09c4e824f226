"""What a page shows when nothing matches the filters."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from display.i18n import t
from metrics.period import Period

if TYPE_CHECKING:
    from ui.context import Context


def nothing_matches(period: Period, lang: str) -> None:
    st.info(
        t("empty_filters", lang, start=period.start.isoformat(), end=period.end.isoformat()),
        icon=":material/filter_alt_off:",
    )


def no_chart_data(lang: str) -> None:
    st.caption(t("empty_chart", lang))


def empty_database(lang: str) -> None:
    st.info(t("empty_database", lang), icon=":material/database:")


def stop_without_data(context: Context) -> None:
    """When the viewer's data holds no users: say that the database is empty, and stop the run."""
    if context.dates is None:
        empty_database(context.lang)
        st.stop()

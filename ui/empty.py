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
    """When the viewer's data holds no users: say that the database is empty, and stop the run;
    when the period lies wholly outside the data's dates, name them, and stop the run (rather
    than show zeros, flat lines or a misleading "try fewer filters")."""
    if context.dates is None:
        empty_database(context.lang)
        st.stop()
    dates, period = context.dates, context.period
    if period.within(dates.first, dates.latest) is None:
        st.warning(
            t(
                "period_outside_data",
                context.lang,
                start=period.start.isoformat(),
                end=period.end.isoformat(),
                first=dates.first.isoformat(),
                last=dates.latest.isoformat(),
            ),
            icon=":material/event_busy:",
        )
        st.stop()

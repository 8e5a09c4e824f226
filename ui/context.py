"""The current database, data version, filter choices and view, for the pages.

``app.py`` works these out once per run and runs the page inside
``running(context)``; the page reads them with ``current()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import streamlit as st

from data_access import Database, Filters
from metrics.dimensions import DataDates, FilterChoices
from metrics.period import Period
from ui import navigation
from ui.view import View

_KEY = "_dashboard_context"


@dataclass(frozen=True)
class Context:
    db: Database
    data_version: int
    choices: FilterChoices
    dates: DataDates | None
    """``None`` when the viewer's data holds no users."""
    view: View

    @property
    def lang(self) -> str:
        return self.view.lang

    @property
    def period(self) -> Period:
        return self.view.period

    @property
    def comparison(self) -> Period:
        return self.view.comparison

    @property
    def filters(self) -> Filters:
        return self.view.filters

    @property
    def anchor(self) -> date:
        return anchor_of(self.dates)


def anchor_of(dates: DataDates | None) -> date:
    """The latest data date (today when there is no data): preset periods count back from it."""
    return dates.latest if dates else date.today()


@contextmanager
def running(context: Context) -> Iterator[None]:
    """Make ``context`` current while ``app.py`` runs the page, and only then."""
    st.session_state[_KEY] = context
    try:
        yield
    finally:
        del st.session_state[_KEY]


def current() -> Context:
    """The context ``app.py`` set up for this run.

    Streamlit, seeing a ``pages/`` folder, runs a page without ``app.py`` when a
    server's very first request is for that page's URL (and AppTest does so on
    every rerun). Declaring the app's navigation switches Streamlit to
    ``app.py`` for good; the rerun then goes through it.
    """
    context = st.session_state.get(_KEY)
    if context is None:
        st.navigation(navigation.sections("en"))
        st.rerun()
    return context

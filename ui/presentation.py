"""Presentation mode: a page that stands on its own when the screen is shared in a meeting.

Switched on by the sidebar toggle or by ``present=1`` in the URL (and kept
there, so a presenter can bookmark it). It hides the sidebar, Streamlit's
menus, the download buttons, forms and editors, enlarges the type of the
page, its tables (zoomed) and its charts (``scaled``: larger text, taller
plots), and puts the current filters and the data date under each page
title. Esc, or the small button at the top, leaves it.

The layout rules for every run (``LAYOUT_CSS``, also outside presentation mode) live here
too: tile labels wrap instead of being cut off, and on a phone (below 640 px) tiles stand
two per row and a page's wide tables give way to their card lists (``ui.tables.wide_or_cards``).
"""

from __future__ import annotations

from typing import TypeVar

import altair as alt
import streamlit as st

from display.formatting import plain
from display.i18n import t
from ui.context import Context
from ui.export_buttons import export_context

PARAM = "present"
"""The URL parameter; listed in ``ui.view.DISPLAY_PARAMS`` so that the view keeps it."""
ON, OFF = ("1", "true"), ("0", "false", "")
STATE = "_presenting"
NOTICE = "_present_notice"
TOGGLE = "present_toggle"

CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"], [data-testid="stDownloadButton"],
[data-testid="stElementToolbar"] { display: none !important; }
[data-testid="stForm"], [data-testid="stFileUploader"], .st-key-present_hidden
{ display: none !important; }
html { font-size: 20px; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2.5rem 2rem; max-width: 100%; }
[data-testid="stDataFrame"] { zoom: 1.3; max-width: calc(100% / 1.3); }
[data-testid="stMain"] h2 { font-size: 1.9rem; }
[data-testid="stMain"] h3 { font-size: 1.5rem; }
[data-testid="stMain"] h1 { font-size: 2.6rem; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
[data-testid="stMetricLabel"] p, [data-testid="stCaptionContainer"] p { font-size: 1.1rem; }
.st-key-present_subtitle p { font-size: 1.3rem; font-weight: 600; color: #31333F; }
</style>
"""


LAYOUT_CSS = """
<style>
/* A tile's label wraps rather than ending in "…" (long labels, narrow tiles). */
[data-testid="stMetricLabel"] { height: auto; min-height: 1.5rem; }
[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: anywhere;
}
/* A page's wide table and its card list: the wide table on a screen, the cards on a phone. */
[class*="st-key-phone_"] { display: none !important; }
@media (max-width: 640px) {
  [class*="st-key-wide_"] { display: none !important; }
  [class*="st-key-phone_"] { display: flex !important; }
  /* Tiles two per row (Streamlit stacks columns one per row on a phone). */
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) {
    flex-wrap: wrap !important; gap: 0.5rem !important;
  }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) > [data-testid="stColumn"] {
    width: calc(50% - 0.25rem) !important; min-width: calc(50% - 0.25rem) !important;
    flex: 0 0 calc(50% - 0.25rem) !important;
  }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"])
    > [data-testid="stColumn"]:not(:has([data-testid="stMetric"])) { display: none !important; }
  [data-testid="stMetricValue"] { font-size: 1.5rem; }
  [data-testid="stMetric"] { padding: 0; }
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem; padding-right: 0.75rem; }
  [data-testid="stMain"] h1 { font-size: 1.8rem; }
}
</style>
"""

_Chart = TypeVar("_Chart")
CHART_TEXT = 1.5
"""How much larger a chart's text is when presenting."""
CHART_HEIGHT = 1.6
"""How much taller a chart is when presenting (Streamlit fits title, axes and legend into it)."""
MIN_CHART_HEIGHT = 420


def scaled(figure: _Chart) -> _Chart:
    """``figure`` as presentation mode shows it: larger text, taller; unchanged otherwise."""
    if not presenting() or not isinstance(figure, alt.TopLevelMixin):
        return figure
    chart = figure.copy(deep=True)  # type: ignore[attr-defined]
    height = getattr(chart, "height", alt.Undefined)
    if isinstance(height, int | float):
        chart = chart.properties(height=max(int(height * CHART_HEIGHT), MIN_CHART_HEIGHT))
    size = round(11 * CHART_TEXT)
    return (
        chart.configure_axis(labelFontSize=size, titleFontSize=size + 2)
        .configure_legend(labelFontSize=size, titleFontSize=size + 1, symbolSize=200)
        .configure_title(fontSize=size + 6)
        .configure_header(labelFontSize=size, titleFontSize=size + 2)
        .configure_text(fontSize=size)
    )


def layout() -> None:
    """Every run: the layout rules for every width (``LAYOUT_CSS``)."""
    st.html(LAYOUT_CSS)


def presenting() -> bool:
    return bool(st.session_state.get(STATE, False))


def _set(on: bool) -> None:
    st.session_state[STATE] = on
    st.session_state.pop(NOTICE, None)


def _on_toggle() -> None:
    _set(bool(st.session_state[TOGGLE]))


def _from_url() -> bool:
    """The URL's wish on the session's first run; an unknown value is kept for a notice,
    shown until the viewer switches presentation mode."""
    value = st.query_params.get(PARAM, "")
    if value.lower() not in ON + OFF:
        st.session_state[NOTICE] = value
    return value.lower() in ON


def controls(context: Context) -> None:
    """Every run, before the page: the sidebar toggle, or (when presenting) the style, the
    ``present=1`` URL parameter and a small exit button at the top."""
    lang = context.lang
    layout()
    if STATE not in st.session_state:
        st.session_state[STATE] = _from_url()
    if NOTICE in st.session_state:
        value = plain(st.session_state[NOTICE][:40])
        st.warning(t("present_bad_value", lang, value=value), icon="⚠️")
    if not presenting():
        st.query_params.pop(PARAM, None)
        st.session_state[TOGGLE] = False
        st.sidebar.toggle(
            t("present_toggle", lang),
            key=TOGGLE,
            on_change=_on_toggle,
            help=t("present_help", lang),
        )
        return
    st.query_params[PARAM] = ON[0]
    st.html(CSS)
    with st.container(horizontal=True, horizontal_alignment="right"):
        st.button(
            t("present_exit", lang),
            key="present_exit",
            on_click=_set,
            args=(False,),
            shortcut="Esc",
            type="tertiary",
            icon=":material/fullscreen_exit:",
        )


def subtitle(context: Context) -> None:
    """Under the page title when presenting: the filters and the data date."""
    if presenting():
        about = export_context(context)
        with st.container(key="present_subtitle"):
            st.markdown(plain(f"{about.filters_text} · {about.data_date_text}"))

"""Presentation mode: a page that stands on its own when the screen is shared in a meeting.

Switched on by the sidebar toggle or by ``present=1`` in the URL (and kept
there, so a presenter can bookmark it). It hides the sidebar, Streamlit's
menus, the download buttons, forms and editors, enlarges the type of the
page, its tables (zoomed) and its charts (``scaled``: larger text, taller
plots), and puts the current filters and the data date under each page
title. Esc, or the small button at the top, leaves it.

A long page shows one idea per screen when presenting: the page puts each group of tiles,
charts or tables in a ``screen``, and presentation mode shows one of them at a time, with
"previous" and "next" buttons at the top (Page Up and Page Down, as a presenter's clicker
sends them) and "2 / 5" between them; the page title and its captions stay on every screen.
Outside presentation mode a screen is an ordinary container.

The layout rules for every run (``LAYOUT_CSS``, also outside presentation mode) live here
too: tile labels wrap instead of being cut off, and on a phone (below 640 px) tiles stand
two per row and a page's wide tables give way to their card lists (``ui.tables.wide_or_cards``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

import altair as alt
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from display.charts import wrapped
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
SCREENS = "_present_screens"
"""Per run: how many screens the page has declared so far."""
SHOWN = "_present_screen"
"""Per session: the screen shown, by page (``{url_path: index}``)."""
SCREEN_KEY = "present_screen_"

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
/* A short projector (1280 x 720): smaller type, so that a row of charts (PRESENTED_HEIGHT)
   fits under the title, the filters and the period; tables unzoomed (zoomed, a wide table's
   grid kept its unzoomed width and ran past the screen's right edge). */
@media (max-height: 800px) {
  html { font-size: 16px; }
  [data-testid="stMainBlockContainer"] { padding-top: 0.5rem; }
  [data-testid="stDataFrame"] { zoom: 1; max-width: 100%; }
}
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
  /* A tile grid (ui.tiles.tile_grid) is one grid of two columns across its rows, so a row of
     five leaves no hole: its rows and their wrappers step aside (display: contents). */
  [class*="st-key-tiles_"] {
    display: grid !important; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.5rem;
  }
  [class*="st-key-tiles_"] > [data-testid="stLayoutWrapper"],
  [class*="st-key-tiles_"] [data-testid="stHorizontalBlock"] { display: contents !important; }
  [class*="st-key-tiles_"] [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {
    width: auto !important; min-width: 0 !important; flex: none !important;
  }
  /* A multiselect's chosen items wrap onto more lines instead of scrolling sideways. */
  [data-testid="stMultiSelectTagsContainer"] { flex-wrap: wrap !important; }
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
PRESENTED_HEIGHT = 360
"""A chart's height at least when presenting: as tall as a row of charts can be and still fit
a 1280 x 720 screen under the page title (a taller chart, one bar per branch say, keeps its
own height)."""


TITLE_LINE = 30
"""Width of a chart title's line when presenting, in Latin letters (a Chinese character counts
two): a third of a 1280 px screen at the presented title size. Vega cuts a longer line off."""


def title_lines(text: str) -> list[str]:
    """``text`` in lines of at most ``TITLE_LINE`` (``display.charts.wrapped``: between words,
    or between characters where there are no spaces, as in Chinese)."""
    return wrapped(text, TITLE_LINE)


def _wrapped(title: object) -> object:
    if isinstance(title, str):
        return title_lines(title)
    if isinstance(title, alt.TitleParams) and isinstance(title.text, str):
        wrapped = title.copy()
        wrapped.text = title_lines(title.text)
        return wrapped
    return title


def scaled(figure: _Chart) -> _Chart:
    """``figure`` as presentation mode shows it: larger text, at least ``PRESENTED_HEIGHT``
    tall; unchanged otherwise."""
    if not presenting() or not isinstance(figure, alt.TopLevelMixin):
        return figure
    chart = figure.copy(deep=True)  # type: ignore[attr-defined]
    height = getattr(chart, "height", alt.Undefined)
    if isinstance(height, int | float):
        chart = chart.properties(height=max(int(height), PRESENTED_HEIGHT))
    title = getattr(chart, "title", alt.Undefined)
    if title is not alt.Undefined:
        chart = chart.properties(title=_wrapped(title))
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


def controls(context: Context) -> DeltaGenerator | None:
    """Every run, before the page: the sidebar toggle, or (when presenting) the style, the
    ``present=1`` URL parameter and a small exit button at the top; when presenting, the
    place for the screen buttons beside it (``screen_navigation``), else None."""
    lang = context.lang
    st.session_state[SCREENS] = 0
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
        return None
    st.query_params[PARAM] = ON[0]
    st.html(CSS)
    with st.container(horizontal=True, horizontal_alignment="right"):
        place = st.empty()
        st.button(
            t("present_exit", lang),
            key="present_exit",
            on_click=_set,
            args=(False,),
            shortcut="Esc",
            type="tertiary",
            icon=":material/fullscreen_exit:",
        )
    return place


@contextmanager
def screen() -> Iterator[None]:
    """One screen of a long page: shown alone when presenting (see the module's docstring)."""
    number = st.session_state.get(SCREENS, 0)
    st.session_state[SCREENS] = number + 1
    with st.container(key=f"{SCREEN_KEY}{number}"):
        yield


def _shown(page: str) -> int:
    return int(st.session_state.setdefault(SHOWN, {}).get(page, 0))


def _show(page: str, index: int) -> None:
    st.session_state.setdefault(SHOWN, {})[page] = index


def screen_navigation(place: DeltaGenerator | None, page: str, lang: str) -> None:
    """After the page has run, when presenting: which screen is shown (CSS hides the others)
    and, in ``place`` at the top, the buttons to move between them."""
    total = st.session_state.pop(SCREENS, 0)
    if place is None or total < 2:
        return
    index = min(_shown(page), total - 1)
    hidden = f'[class*="st-key-{SCREEN_KEY}"]:not(.st-key-{SCREEN_KEY}{index})'
    with place.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.html(f"<style>{hidden} {{ display: none !important; }}</style>")
        st.button(
            t("present_previous", lang),
            key="present_previous",
            on_click=_show,
            args=(page, index - 1),
            disabled=index == 0,
            shortcut="PageUp",
            type="tertiary",
            icon=":material/navigate_before:",
        )
        st.markdown(t("present_screen_of", lang, number=index + 1, total=total))
        st.button(
            t("present_next", lang),
            key="present_next",
            on_click=_show,
            args=(page, index + 1),
            disabled=index == total - 1,
            shortcut="PageDown",
            type="tertiary",
            icon=":material/navigate_next:",
        )


def subtitle(context: Context) -> None:
    """Under the page title when presenting: the filters and the data date."""
    if presenting():
        about = export_context(context)
        with st.container(key="present_subtitle"):
            st.markdown(plain(f"{about.filters_text} · {about.data_date_text}"))

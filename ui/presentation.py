"""Presentation mode: a page that stands on its own when the screen is shared in a meeting.

Switched on by the sidebar toggle or by ``present=1`` in the URL (and kept
there, so a presenter can bookmark it). It hides the sidebar, Streamlit's
menus and the download buttons, enlarges the type, and puts the current
filters and the data date under each page title. Esc, or the small button at
the top, leaves it.
"""

from __future__ import annotations

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
html { font-size: 20px; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2.5rem 2rem; max-width: 100%; }
[data-testid="stMain"] h1 { font-size: 2.6rem; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
[data-testid="stMetricLabel"] p, [data-testid="stCaptionContainer"] p { font-size: 1.1rem; }
.st-key-present_subtitle p { font-size: 1.3rem; font-weight: 600; color: #31333F; }
</style>
"""


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

"""A write refused because its writer's role changed, shown on the page the run ends on.

A button's callback writes before ``app.py`` admits the viewer again, so when the write is
refused (``data_access.writers.WriteRefused``) the viewer may no longer be let in at all,
or no longer to the page they pressed it on. The refusal is therefore kept in the session
and shown by whichever page this run shows: the page itself (``app.py``) or the sign-in
gate's "session ended" (a role removal ends the person's sessions) or "no access" page.
"""

from __future__ import annotations

import streamlit as st

from data_access.writers import WriteRefused
from display.write_refusals import refusal_text

_KEY = "_write_refused"


def remember(refused: WriteRefused) -> None:
    """Keep ``refused`` for this run's page to show."""
    st.session_state[_KEY] = refused


def show_pending(lang: str) -> None:
    """The remembered refusal, once, in ``lang``."""
    refused = st.session_state.pop(_KEY, None)
    if refused is not None:
        st.error(refusal_text(refused, lang), icon=":material/block:")

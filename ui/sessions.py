"""The sign-in gate's server-side session: this run's identity cookie, the bank's session
rules, and sign-out that ends the session before Streamlit deletes the cookie.

Streamlit reads the identity cookie once, when the browser tab connects; so does
``st.context.cookies``. Every run of a tab is therefore checked against the session of the
cookie it connected with, and a tab left open after sign-out elsewhere is refused at its
next interaction. Rules and storage: ``data_access.sessions``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import streamlit as st

from data_access import Database
from data_access.sessions import (
    SIGNED_OUT,
    SessionRules,
    check_session,
    configured_rules,
    end_session,
    session_key,
)
from data_access.write_lock import DatabaseBusy
from ui.settings import dashboard_settings

IDENTITY_COOKIE = "_streamlit_user"
"""Streamlit's signed identity cookie (``st.login``); a large one is split into
``_streamlit_user_1``, ``_streamlit_user_2``, ... with the chunk count in the first."""
MISSING = "missing"
"""The end reason of a signed-in run that carries no identity cookie (never expected)."""

_LOG = logging.getLogger(__name__)


def identity_cookie() -> str | None:
    """The identity cookie this tab connected with, its chunks appended in order, or None."""
    return joined_cookie(st.context.cookies)


def joined_cookie(cookies: Mapping[str, str]) -> str | None:
    """The identity cookie and its numbered chunks, in order, as one string; None if absent."""
    first = cookies.get(IDENTITY_COOKIE)
    if first is None:
        return None
    prefix = IDENTITY_COOKIE + "_"
    chunks = sorted(
        (int(name[len(prefix) :]), value)
        for name, value in cookies.items()
        if name.startswith(prefix) and name[len(prefix) :].isdigit()
    )
    return "\n".join([first, *(value for _, value in chunks)])


def rules() -> SessionRules:
    """The session rules: ``[dashboard]`` in the secrets, overridden by the environment."""
    return configured_rules(dashboard_settings())


def ended_reason(db: Database, email: str) -> str | None:
    """``None`` if this run's session may go on, else why it has ended."""
    cookie = identity_cookie()
    if cookie is None:
        return MISSING
    return check_session(db, session_key(cookie), email, rules())


def sign_out(db: Database, email: str) -> None:
    """End this tab's session on the server (every tab and copy of the cookie), then let
    Streamlit delete the cookie in this browser. A button callback."""
    cookie = identity_cookie()
    if cookie is not None:
        try:
            end_session(db, session_key(cookie), email, SIGNED_OUT)
        except DatabaseBusy:
            _LOG.error("sign-out not recorded: the database was busy; the cookie is deleted")
    st.logout()

"""Who is looking: the sign-in gate and the viewer's role and scope.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` everyone signs in
with the bank's OpenID Connect provider (``st.login``), and sees what the role
assigned to their e-mail address allows; someone without a role sees an
"ask your administrator" page and no data. Without ``[auth]`` the app is a
single-user demo on this computer: the viewer is an administrator, and the
app refuses to show anything while the server listens beyond this computer.

Nothing here logs or prints the signed-in person's claims.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

import streamlit as st

from data_access import Database, Scope
from data_access.roles import ADMIN, MANAGER, ViewerRole, get_role
from data_access.viewer_scope import scope_for_role
from display.formatting import plain
from display.i18n import t
from ui import audit_trail
from ui.context import current
from ui.filters import requested_lang
from ui.navigation import PAGE_NAMES

_KEY = "_dashboard_viewer"
DEMO_ACTOR = "demo (local)"
"""Recorded as the loader and role granter in demo mode, where nobody is signed in."""


@dataclass(frozen=True)
class Viewer:
    scope: Scope
    email: str | None = None
    """``None`` in demo mode."""
    role: ViewerRole | None = None

    @property
    def is_demo(self) -> bool:
        return self.email is None

    @property
    def is_admin(self) -> bool:
        return self.is_demo or (self.role is not None and self.role.role == ADMIN)

    @property
    def may_edit_targets(self) -> bool:
        """Managers and administrators set targets; staff only see them."""
        return self.is_admin or (self.role is not None and self.role.role == MANAGER)

    @property
    def team_id(self) -> str | None:
        """A staff member's team, preselected on the Targets page."""
        return self.role.team_id if self.role else None

    @property
    def actor(self) -> str:
        """How this viewer is named in load history and role grants."""
        return self.email or DEMO_ACTOR


DEMO_VIEWER = Viewer(Scope.everything())


def sign_in_configured() -> bool:
    """Whether the secrets hold an ``[auth]`` section (OpenID Connect sign-in)."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def serves_this_computer_only() -> bool:
    """Whether the server listens on a loopback address only (``server.address``).

    Unset means every interface. ``.streamlit/config.toml`` sets 127.0.0.1, so
    ``streamlit run app.py`` from this folder qualifies.
    """
    address = st.get_option("server.address") or ""
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def admit(db: Database) -> Viewer:
    """The viewer of this run; for anyone who may not see data, a page saying why, and stop."""
    if not sign_in_configured():
        if not serves_this_computer_only():
            _stop_with(_demo_is_local_only)
        audit_trail.signed_in(db, DEMO_ACTOR, ADMIN, DEMO_VIEWER.scope)
        return _remember(DEMO_VIEWER)
    if not st.user.get("is_logged_in", False):
        audit_trail.signed_out()
        _stop_with(_sign_in_page)
    email = st.user.get("email")
    # An address the provider says it has not verified could belong to anyone.
    role = (
        get_role(db, email)
        if isinstance(email, str) and email and st.user.get("email_verified") is not False
        else None
    )
    if role is None:
        _record_refusal(db, email)
        _stop_with(_no_access_page)
    viewer = Viewer(scope_for_role(db, role), role.email, role)
    audit_trail.signed_in(db, viewer.actor, role.role, viewer.scope)
    return _remember(viewer)


NO_EMAIL_ACTOR = "(no e-mail)"
"""Recorded as who was refused when the provider sent no e-mail address."""


def _record_refusal(db: Database, email: object) -> None:
    """The audit trail's refusal, for the reason ``_no_access_page`` gives."""
    if not isinstance(email, str) or not email:
        audit_trail.refused(db, NO_EMAIL_ACTOR, "no_email")
    elif st.user.get("email_verified") is False:
        audit_trail.refused(db, email.strip().lower(), "unverified_email")
    else:
        audit_trail.refused(db, email.strip().lower(), "no_role")


def current_viewer() -> Viewer | None:
    """The viewer ``admit`` let in during this run (``None`` outside ``app.py``'s run)."""
    return st.session_state.get(_KEY)


def require_admin(lang: str) -> Viewer:
    """The viewer if an administrator; anyone else gets a refusal and the run stops.

    Navigation already hides administrators' pages from others: this guards
    the page itself, whatever address was typed.
    """
    viewer = current_viewer()
    if viewer is None or not viewer.is_admin:
        if viewer is not None:
            page = audit_trail.shown_page()
            audit_trail.refused(current().db, viewer.actor, "admin_only", page=page)
        st.error(t("admin_only", lang))
        st.stop()
    return viewer


def sidebar(viewer: Viewer, lang: str) -> None:
    """Demo mode, or who is signed in with a sign-out button, at the foot of the sidebar."""
    if viewer.is_demo:
        st.sidebar.caption(t("auth_demo_mode", lang), help=t("auth_demo_mode_help", lang))
        return
    st.sidebar.caption(t("auth_signed_in_as", lang, email=plain(viewer.actor)))
    st.sidebar.button(t("auth_sign_out", lang), on_click=st.logout, type="tertiary")


def _remember(viewer: Viewer) -> Viewer:
    st.session_state[_KEY] = viewer
    return viewer


def _stop_with(page: Callable[[], None]) -> NoReturn:
    """Show ``page`` instead of the app, whichever page's address was asked for, and stop.

    Every run must declare navigation; ``page`` answers at every page's address
    too, so that a bookmarked link does not first say "page not found".
    """
    st.session_state.pop(_KEY, None)
    title = t("app_title", requested_lang())
    addresses = [
        st.Page(page, title=title, url_path=name, visibility="hidden") for name in PAGE_NAMES
    ]
    st.navigation([st.Page(page, title=title, default=True), *addresses], position="hidden").run()
    st.stop()


def _sign_in_page() -> None:
    lang = requested_lang()
    st.title(t("app_title", lang))
    st.write(t("auth_sign_in_intro", lang))
    st.button(t("auth_sign_in", lang), on_click=st.login, type="primary")


def _no_access_page() -> None:
    lang = requested_lang()
    email = st.user.get("email")
    st.title(t("app_title", lang))
    if not email:
        st.warning(t("auth_no_email", lang))
    elif st.user.get("email_verified") is False:
        st.warning(t("auth_unverified_email", lang, email=plain(str(email))))
    else:
        st.warning(t("auth_no_role", lang, email=plain(str(email))))
    st.button(t("auth_sign_out", lang), on_click=st.logout)


def _demo_is_local_only() -> None:
    st.error(t("auth_demo_local_only", requested_lang()))

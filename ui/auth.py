"""Who is looking: the sign-in gate and the viewer's role and scope.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` everyone signs in
with the bank's OpenID Connect provider (``st.login``), and sees what the role
assigned to their e-mail address allows; someone without a role sees an
"ask your administrator" page and no data. An address the provider has not
verified (``email_verified`` missing or not true) is refused too, unless the
deployment trusts a provider that never sends that claim
(``trust_unverified_email``). A signed-in run whose server-side session has
ended (signed out, expired, idle, role removed: ``ui/sessions.py``) gets a page
saying so and no data. Without ``[auth]`` the app is a single-user demo on this
computer: the viewer is an administrator, and the app refuses to show anything
while the server listens beyond this computer.

Nothing here logs or prints the signed-in person's claims.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

import streamlit as st

from data_access import Database, Scope
from data_access.roles import ADMIN, MANAGER, ViewerRole, get_role
from data_access.sessions import EXPIRED, IDLE
from data_access.viewer_scope import scope_for_role
from data_access.writers import Writer
from display.formatting import plain
from display.i18n import t
from ui import audit_trail, sessions
from ui.context import current
from ui.filters import requested_lang
from ui.navigation import PAGE_NAMES
from ui.refusals import show_pending
from ui.settings import dashboard_settings

_KEY = "_dashboard_viewer"
TRUST_UNVERIFIED_ENV = "DASHBOARD_TRUST_UNVERIFIED_EMAIL"
_log = logging.getLogger("dashboard.auth")
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
        """How this viewer is named in the audit trail, load history and role grants (their
        ``writer``'s name)."""
        return self.email or DEMO_ACTOR

    @property
    def writer(self) -> Writer:
        """This viewer as the author of a write: a signed-in person's role is read again when
        they write; the demo user (this computer only) is trusted."""
        return Writer.person(self.email) if self.email else Writer.operator(DEMO_ACTOR)


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
    # Before the role: a session that has ended (signed out, expired, idle, role removed) is
    # refused for every copy of its cookie, whoever holds it (ui/sessions.py).
    ended = sessions.ended_reason(db, str(email or ""))
    if ended is not None:
        audit_trail.refused(db, _actor_of(email), "session_ended", ended=ended)
        _stop_with(functools.partial(_session_ended_page, ended))
    # An address the provider has not verified could belong to anyone.
    role = get_role(db, email) if isinstance(email, str) and email and _verified() else None
    if role is None:
        _record_refusal(db, email)
        _stop_with(functools.partial(_no_access_page, db))
    viewer = Viewer(scope_for_role(db, role), role.email, role)
    audit_trail.signed_in(db, viewer.actor, role.role, viewer.scope)
    return _remember(viewer)


NO_EMAIL_ACTOR = "(no e-mail)"
"""Recorded as who was refused when the provider sent no e-mail address."""


def _actor_of(email: object) -> str:
    """Who the audit trail names for a sign-in turned away."""
    return email.strip().lower() if isinstance(email, str) and email else NO_EMAIL_ACTOR


def _record_refusal(db: Database, email: object) -> None:
    """The audit trail's refusal, for the reason ``_no_access_page`` gives."""
    if not isinstance(email, str) or not email:
        reason = "no_email"
    elif not _verified():
        reason = "unverified_email"
    else:
        reason = "no_role"
    audit_trail.refused(db, _actor_of(email), reason)


def trusts_unverified_email() -> bool:
    """Whether addresses are accepted without ``email_verified`` being true: ``[dashboard]
    trust_unverified_email = true`` in the secrets, or ``DASHBOARD_TRUST_UNVERIFIED_EMAIL=1``,
    for a provider that never sends the claim. Off by default."""
    if os.environ.get(TRUST_UNVERIFIED_ENV, "").strip().lower() in ("1", "true", "yes"):
        return True
    return dashboard_settings().get("trust_unverified_email") is True


def _verified() -> bool:
    """Whether this sign-in's address may be trusted: the provider's ``email_verified`` says
    yes (some send the text "true"), or the claim is missing and the configuration trusts
    that (a warning in the log, once per process, naming no one). An explicit "not verified"
    is refused whatever the configuration."""
    claim = st.user.get("email_verified")
    if claim is True or (isinstance(claim, str) and claim.strip().lower() == "true"):
        return True
    if claim is not None or not trusts_unverified_email():
        return False
    _warn_trusting_unverified()
    return True


@functools.cache
def _warn_trusting_unverified() -> None:
    """Once per process."""
    _log.warning(
        "trust_unverified_email is on: e-mail addresses are accepted without the "
        "provider's email_verified claim; turn it off if the provider sends that claim"
    )


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


def sidebar(db: Database, viewer: Viewer, lang: str) -> None:
    """Demo mode, or who is signed in with a sign-out button, at the foot of the sidebar."""
    if viewer.is_demo:
        st.sidebar.caption(t("auth_demo_mode", lang), help=t("auth_demo_mode_help", lang))
        return
    st.sidebar.caption(t("auth_signed_in_as", lang, email=plain(viewer.actor)))
    st.sidebar.button(
        t("auth_sign_out", lang),
        on_click=sessions.sign_out,
        args=(db, viewer.actor),
        type="tertiary",
    )


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


def _session_ended_page(reason: str) -> None:
    lang = requested_lang()
    st.title(t("app_title", lang))
    show_pending(lang)
    st.warning(t(f"session_ended_{reason}", lang, **_session_limits(reason)))
    st.button(t("session_sign_in_again", lang), on_click=st.login, type="primary")


def _session_limits(reason: str) -> dict[str, str]:
    """The configured limit a session ran into, for its message."""
    limits = sessions.rules()
    if reason == EXPIRED:
        return {"hours": f"{limits.lifetime.total_seconds() / 3600:g}"}
    if reason == IDLE:
        return {"minutes": f"{limits.idle.total_seconds() / 60:g}"}
    return {}


def _no_access_page(db: Database) -> None:
    lang = requested_lang()
    email = st.user.get("email")
    st.title(t("app_title", lang))
    show_pending(lang)
    if not email:
        st.warning(t("auth_no_email", lang))
    elif not _verified():
        key = "auth_unverified_email" if "email_verified" in st.user else "auth_unverified_missing"
        st.warning(t(key, lang, email=plain(str(email))))
    else:
        st.warning(t("auth_no_role", lang, email=plain(str(email))))
    st.button(t("auth_sign_out", lang), on_click=sessions.sign_out, args=(db, str(email or "")))


def _demo_is_local_only() -> None:
    st.error(t("auth_demo_local_only", requested_lang()))

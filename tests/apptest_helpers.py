"""Opening the dashboard under Streamlit's AppTest: at a page, with URL parameters, as a viewer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

import pytest
from streamlit.testing.v1 import AppTest

from data_access.engine import PROJECT_ROOT
from ui import sessions

APP = str(PROJECT_ROOT / "app.py")
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-0123456789abcdef",
    "client_id": "dashboard",
    "client_secret": "test-client-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
"""An ``[auth]`` section: sign-in is on (AppTest never contacts the provider)."""


class Dates(TypedDict):
    """The ``start`` and ``end`` URL parameters, for ``**`` into ``open_page``."""

    start: str
    end: str


def prepare_app(
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    *,
    user: dict[str, Any] | None = None,
    timeout: float = 60,
    query: Mapping[str, str | list[str]] | None = None,
    **params: str | list[str],
) -> AppTest:
    """The app on database ``url``, not yet run: with sign-in on and ``user`` signed in when
    ``user`` is given (else demo mode), and ``query`` and ``params`` in its address."""
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(APP, default_timeout=timeout)
    if user is not None:
        app.secrets["auth"] = AUTH
        app.user = user
        carry_cookie(monkeypatch, f"apptest-cookie-of-{user.get('email')}")
    for name, value in {**(query or {}), **params}.items():
        app.query_params[name] = value
    return app


def open_page(
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    page: str = "overview",
    *,
    user: dict[str, Any] | None = None,
    timeout: float = 60,
    query: Mapping[str, str | list[str]] | None = None,
    **params: str | list[str],
) -> AppTest:
    """The app run once at its start page, then switched to ``page``; fails on any exception.
    Parameters go in its address: ``query`` for a mapping built beforehand, or as keywords."""
    app = prepare_app(monkeypatch, url, user=user, timeout=timeout, query=query, **params)
    app.run()
    if page != "overview":
        app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def carry_cookie(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    """Let the app's runs carry identity cookie ``value`` (AppTest cannot send cookies; a
    signed-in run without one is refused)."""
    monkeypatch.setattr(sessions, "identity_cookie", lambda: value)


def signed_in_as(email: str) -> dict[str, Any]:
    """``st.user`` of someone signed in with a verified address."""
    return {"is_logged_in": True, "email": email, "email_verified": True}


def count_axes_without_one_unit(spec: Any) -> list[dict[str, Any]]:
    """The axes of a chart's Vega-Lite ``spec`` that show counts or money (format ``,.0f``;
    ``.0f`` is also a score's) but lack the label expression writing them in one unit
    (万 / 亿, M / B)."""
    found: list[dict[str, Any]] = []
    if isinstance(spec, dict):
        axis = spec.get("axis")
        if isinstance(axis, dict) and axis.get("format") == ",.0f" and "labelExpr" not in axis:
            found.append(spec)
        for value in spec.values():
            found.extend(count_axes_without_one_unit(value))
    elif isinstance(spec, list):
        for value in spec:
            found.extend(count_axes_without_one_unit(value))
    return found

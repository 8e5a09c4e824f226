"""Sessions that end, end to end: headless Chromium, the dashboard and a real OpenID provider.

Streamlit's identity cookie stays valid for 30 days and sign-out deletes it only in the
browser that signed out; the dashboard ends the session on the server (``ui/sessions.py``).
Here a copy of the cookie taken before sign-out, and another tab left open, are refused
afterwards; signing in again gives a new cookie that is let in; a session left idle past a
short timeout (``DASHBOARD_IDLE_MINUTES`` for that server) ends. The sessions are stored in the
database: the copied cookie, the other tab and the idle timeout are checked on SQLite and
PostgreSQL; the cookie's attributes (Streamlit's) and signing in again on SQLite.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.databases import DIALECTS, SQLITE_ONLY, Grant, sample_database
from tests.browser.helpers import open_view, wait_until_rendered
from tests.browser.oidc import SignInDashboard, sign_in, sign_out, signed_in_dashboard

USERS = {"wang": {"email": "wang@bank.example", "email_verified": True}}
IDENTITY_COOKIE = "_streamlit_user"
IDLE_SECONDS = 15
ENDED = "This session has ended"


@pytest.fixture(scope="module", params=DIALECTS)
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """The browser tests' sample data on each dialect, where wang is branch staff."""
    with sample_database(request, [Grant("wang@bank.example", "staff", team_id="HZ-01-T2")]) as url:
        yield url


@pytest.fixture(scope="module")
def dashboard(browser, database: str, tmp_path_factory) -> Iterator[SignInDashboard]:
    folder = tmp_path_factory.mktemp("sessions")
    with signed_in_dashboard(database, folder, USERS) as dashboard:
        yield dashboard


@pytest.fixture(scope="module")
def idle_dashboard(browser, database: str, tmp_path_factory) -> Iterator[SignInDashboard]:
    folder = tmp_path_factory.mktemp("sessions-idle")
    idle = {"DASHBOARD_IDLE_MINUTES": str(IDLE_SECONDS / 60)}
    with signed_in_dashboard(database, folder, USERS, idle) as dashboard:
        yield dashboard


def new_tab(browser: Browser, cookies: list | None = None) -> tuple[BrowserContext, Page]:
    """A fresh browser (no cookies but ``cookies``) with one tab."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    if cookies:
        context.add_cookies(cookies)
    return context, context.new_page()


def identity_cookies(context: BrowserContext) -> list:
    return [c for c in context.cookies() if c["name"].startswith(IDENTITY_COOKIE)]


def admitted(page: Page) -> bool:
    sidebar = page.locator('[data-testid="stSidebar"]')
    return (
        sidebar.count() == 1
        and "Signed in as wang@bank.example" in sidebar.inner_text()
        and page.locator('[data-testid="stMetric"]').count() > 0
    )


def refused(page: Page) -> bool:
    return (
        page.get_by_text(ENDED).count() == 1
        and page.get_by_role("button", name="Sign in again").count() == 1
        and page.locator('[data-testid="stMetric"]').count() == 0
        and page.locator('[data-testid="stSidebarNav"]').count() == 0
    )


def interact(page: Page) -> None:
    """A next interaction in an open tab, on the session it connected with: go to the
    Growth page through the sidebar (a rerun, not a reload)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text="Growth").click()
    wait_until_rendered(page)


@SQLITE_ONLY
def test_the_identity_cookie_is_what_the_docs_say(browser, dashboard):
    context, page = new_tab(browser)
    try:
        sign_in(page, dashboard, "wang")
        (cookie,) = [c for c in identity_cookies(context) if c["name"] == IDENTITY_COOKIE]
        assert (cookie["httpOnly"], cookie["secure"], cookie["sameSite"]) == (True, False, "Lax")
        days = (cookie["expires"] - time.time()) / 86400
        assert 29.9 < days <= 30
    finally:
        context.close()


def test_after_sign_out_a_copied_cookie_and_another_open_tab_are_refused(browser, dashboard):
    context, page = new_tab(browser)
    try:
        sign_in(page, dashboard, "wang")
        copied = identity_cookies(context)
        # The copy works before sign-out, in another browser altogether.
        thief, thief_page = new_tab(browser, copied)
        open_view(thief_page, dashboard.base_url, "overview")
        assert admitted(thief_page)
        thief.close()
        other_tab = context.new_page()
        open_view(other_tab, dashboard.base_url, "overview")
        assert admitted(other_tab)

        sign_out(page, dashboard)
        assert page.get_by_role("button", name="Sign in").count() == 1

        interact(other_tab)
        assert refused(other_tab)
        thief, thief_page = new_tab(browser, copied)
        open_view(thief_page, dashboard.base_url, "overview")
        assert refused(thief_page)
        thief.close()
    finally:
        context.close()


@SQLITE_ONLY
def test_signing_in_again_gives_a_new_cookie_that_is_let_in(browser, dashboard):
    context, page = new_tab(browser)
    try:
        sign_in(page, dashboard, "wang")
        before = {c["name"]: c["value"] for c in identity_cookies(context)}
        sign_out(page, dashboard)
        sign_in(page, dashboard, "wang")
        after = {c["name"]: c["value"] for c in identity_cookies(context)}
        assert after[IDENTITY_COOKIE] != before[IDENTITY_COOKIE]
        open_view(page, dashboard.base_url, "overview")
        assert admitted(page)
    finally:
        context.close()


def test_a_session_left_idle_past_the_timeout_ends(browser, idle_dashboard):
    context, page = new_tab(browser)
    try:
        sign_in(page, idle_dashboard, "wang")
        open_view(page, idle_dashboard.base_url, "overview")
        assert admitted(page)
        time.sleep(IDLE_SECONDS + 3)
        interact(page)
        assert refused(page)
        assert "without use" in page.locator('[data-testid="stAlert"]').inner_text()
        # Signing in again starts a new session.
        page.get_by_role("button", name="Sign in again").click()
        page.wait_for_selector('input[placeholder="sub"]', timeout=30_000)
        page.fill('input[placeholder="sub"]', "wang")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(f"{idle_dashboard.base_url}/**", timeout=30_000)
        wait_until_rendered(page)
        assert admitted(page)
    finally:
        context.close()

"""The audit trail of a real sign-in (headless Chromium, the dashboard, a real OpenID
provider): the sign-in with role and scope, page views, an administrators' page refused, a
person without a role refused; and no cookie or secret anywhere in the trail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from data_access import audit, open_database
from tests.browser.databases import DIALECTS, Grant, sample_database
from tests.browser.helpers import open_view
from tests.browser.oidc import SignInDashboard, sign_in, signed_in_dashboard

USERS = {
    "wang": {"email": "Wang@bank.example", "email_verified": True, "name": "Wang Wei"},
    "stranger": {"email": "stranger@bank.example", "email_verified": True},
}


@pytest.fixture(scope="module", params=DIALECTS)
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """The browser tests' sample data on each dialect, with one staff member's role."""
    with sample_database(request, [Grant("wang@bank.example", "staff", branch_id="HZ-01")]) as url:
        yield url


@pytest.fixture(scope="module")
def dashboard(browser, database: str, tmp_path_factory) -> Iterator[SignInDashboard]:
    with signed_in_dashboard(database, tmp_path_factory.mktemp("audit"), USERS) as dashboard:
        yield dashboard


def test_sign_ins_views_and_refusals_are_recorded_and_no_secret_is(browser, dashboard, database):
    staff = browser.new_context()
    page = staff.new_page()
    sign_in(page, dashboard, "wang")
    open_view(page, dashboard.base_url, "growth?start=2026-06-01&end=2026-06-30")
    open_view(page, dashboard.base_url, "access")
    cookies = [cookie["value"] for cookie in staff.cookies()]
    staff.close()
    stranger = browser.new_context()
    sign_in(stranger.new_page(), dashboard, "stranger")
    stranger.close()

    events = audit.events(open_database(database))
    wang = [(e.kind, e.page, e.detail) for e in events if e.actor == "wang@bank.example"]
    scope = {"branches": ["HZ-01"], "regions": ["浙江"]}
    assert ("sign_in", None, {"role": "staff", "scope": scope}) in wang
    growth = [detail for kind, page, detail in wang if (kind, page) == ("page_view", "growth")]
    assert [(d["filters"]["start"], d["filters"]["end"]) for d in growth] == [
        (["2026-06-01"], ["2026-06-30"])
    ]
    assert ("refusal", "access", {"reason": "admin_only"}) in wang
    assert [(e.kind, e.detail) for e in events if e.actor == "stranger@bank.example"] == [
        ("refusal", {"reason": "no_role"})
    ]
    stored = "\n".join(f"{e.actor} {e.page} {e.detail}" for e in events)
    assert cookies and dashboard.secret_values
    for value in (*cookies, *dashboard.secret_values):
        assert value not in stored

"""Sign-in end to end: headless Chromium, the dashboard and a real OpenID provider.

Branch staff of HZ-01 (region 浙江) sign in and must see HZ-01's numbers and
nothing else, whatever the address asks for; their downloads hold HZ-01 only and say so, are
recorded in the audit trail, and stop being served soon after (docs/deployment.md, Downloads);
a regional manager's workbook names their region; an address the provider has not verified is
refused; a person without a role sees no data; an administrator sees the whole bank. Expected
counts come from plain queries of the tables (SQLAlchemy Core), not from the dashboard's metric
code. The tests marked ``SQLITE_ONLY`` run on SQLite; the rest on SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page
from pptx import Presentation
from sqlalchemy import ColumnElement, func, select

from data_access import audit, open_database
from data_access.schema import branches, wallet_users
from tests.browser.databases import DIALECTS, SQLITE_ONLY, Grant, sample_database
from tests.browser.helpers import open_view
from tests.browser.media import SERVED_FILE, content_id, status
from tests.browser.oidc import SignInDashboard, sign_in, sign_out, signed_in_dashboard
from tests.test_exports_pack import slide_texts
from ui.media_sweep import SWEEP_EVERY_SECONDS

JUNE_START, JUNE_END = date(2026, 6, 1), date(2026, 6, 30)
JUNE = f"start={JUNE_START}&end={JUNE_END}"
USERS: dict[str, dict[str, object]] = {
    "wang": {"email": "wang@bank.example", "email_verified": True, "name": "Wang Wei"},
    "boss": {"email": "boss@bank.example", "email_verified": True},
    "stranger": {"email": "stranger@bank.example", "email_verified": True},
    "zj": {"email": "zj@bank.example", "email_verified": True},
    "unchecked": {"email": "unchecked@bank.example", "email_verified": False},
    "silent": {"email": "silent@bank.example"},
}
"""Sign-ins the provider offers: ``unchecked``'s address is explicitly not verified, and
``silent``'s provider says nothing about it."""
OWN_BRANCH = "HZ-01"
WANG_SCOPE = {"branches": [OWN_BRANCH], "regions": ["浙江"]}
HOSTILE_QUERIES = (
    "",
    "&branch=NJ-01",
    "&branch=HZ-02",
    "&region=江苏",
    "&region=上海&branch=SH-01",
    "&branch=HZ-01&branch=NJ-01&region=浙江&region=江苏",
)


@pytest.fixture(scope="module", params=DIALECTS)
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """The browser tests' sample data on each dialect, with roles."""
    grants = [
        Grant("wang@bank.example", "staff", team_id="HZ-01-T2"),
        Grant("boss@bank.example", "admin"),
        Grant("zj@bank.example", "manager", regions=("浙江",)),
        Grant("unchecked@bank.example", "staff", branch_id=OWN_BRANCH),
        Grant("silent@bank.example", "staff", branch_id=OWN_BRANCH),
    ]
    with sample_database(request, grants) as url:
        yield url


@pytest.fixture(scope="module")
def dashboard(browser, database: str, tmp_path_factory) -> Iterator[SignInDashboard]:
    folder = tmp_path_factory.mktemp("signin")
    with signed_in_dashboard(database, folder, USERS) as dashboard:
        yield dashboard


@pytest.fixture(scope="module")
def trusting_dashboard(browser, database: str, tmp_path_factory) -> Iterator[SignInDashboard]:
    """The dashboard set to trust an address whose provider says nothing of its verification."""
    folder = tmp_path_factory.mktemp("signin-trusting")
    trust = {"DASHBOARD_TRUST_UNVERIFIED_EMAIL": "1"}
    with signed_in_dashboard(database, folder, USERS, trust) as dashboard:
        yield dashboard


def count_users(database: str, *conditions: ColumnElement[bool]) -> int:
    query = select(func.count()).select_from(wallet_users).where(*conditions)
    return open_database(database).scalar(query)


def branch_name(database: str, branch_id: str) -> str:
    b = branches.c
    return open_database(database).scalar(select(b.branch_name).where(b.branch_id == branch_id))


def branches_other_than(database: str, branch_id: str) -> list[tuple[str, str]]:
    b = branches.c
    rows = open_database(database).rows(
        select(b.branch_id, b.branch_name).where(b.branch_id != branch_id)
    )
    return [(row.branch_id, row.branch_name) for row in rows]


def tiles(page: Page) -> dict[str, str]:
    shown = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        shown[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return shown


def as_count(text: str) -> int:
    return int(text.replace(",", ""))


def test_staff_see_their_branch_whatever_the_address_says(page, dashboard, database):
    u = wallet_users.c
    total = count_users(database, u.branch_id == OWN_BRANCH, u.registered_on <= JUNE_END)
    new = count_users(
        database, u.branch_id == OWN_BRANCH, u.registered_on.between(JUNE_START, JUNE_END)
    )
    assert 0 < new < total
    sign_in(page, dashboard, "wang")
    assert (
        "Signed in as wang@bank.example" in page.locator('[data-testid="stSidebar"]').inner_text()
    )
    for query in HOSTILE_QUERIES:
        open_view(page, dashboard.base_url, f"overview?{JUNE}{query}")
        shown = tiles(page)
        assert as_count(shown["Total users"]) == total, query
        assert as_count(shown["New users"]) == new, query


def download(page: Page, label: str, timeout_ms: int = 30_000) -> tuple[str, bytes]:
    """Click the first button named ``label``; the address the file came from, and its bytes."""
    with page.expect_download(timeout=timeout_ms) as started:
        page.get_by_role("button", name=label).first.click()
    return started.value.url, Path(started.value.path()).read_bytes()


def workbook_text(data: bytes) -> set[str]:
    """Every cell's text in a workbook."""
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }


def deck_text(data: bytes) -> set[str]:
    """Every text of a deck: its text boxes and its tables' rows."""
    return {text for slide in Presentation(io.BytesIO(data)).slides for text in slide_texts(slide)}


def recorded(database: str, actor: str, kinds: tuple[str, ...]) -> dict[str, dict]:
    """The detail of ``actor``'s audit events of ``kinds``, by file name."""
    return {
        event.detail["file"]: event.detail
        for event in audit.events(open_database(database))
        if event.actor == actor and event.kind in kinds
    }


def test_staff_downloads_hold_only_their_branch_say_so_and_are_recorded(page, dashboard, database):
    others = {text for ids in branches_other_than(database, OWN_BRANCH) for text in ids}
    own_scope = f"Branch {branch_name(database, OWN_BRANCH)} only"
    sign_in(page, dashboard, "wang")
    open_view(page, dashboard.base_url, f"overview?{JUNE}&branch=NJ-01&region=江苏")
    # A file is made only when its button is clicked: nothing on the page points at one yet.
    assert SERVED_FILE.search(page.content()) is None

    _, workbook = download(page, "This page as Excel")
    _, deck = download(page, "Meeting pack", timeout_ms=180_000)
    for cells in (workbook_text(workbook), deck_text(deck)):
        assert [text for text in others if any(text in cell for cell in cells)] == []
        assert any(own_scope in cell for cell in cells), own_scope
        assert not any("All branches" in cell for cell in cells)

    address, data = download(page, "Download data (CSV)")
    clicked = time.monotonic()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 2, rows  # the header and HZ-01's row
    assert OWN_BRANCH in rows[1]
    assert others.isdisjoint(cell for row in rows for cell in row)
    # Served at its content's hash to anyone who has the address: no cookie, no session.
    league_id = content_id(data, "text/csv", "branch_league.csv")
    assert address == f"{dashboard.base_url}/media/{league_id}.csv"
    assert status(address) == 200

    files = recorded(database, "wang@bank.example", ("download", "export"))
    assert files["branch_league.csv"]["rows"] == len(rows) - 1
    assert {name.rsplit(".", 1)[-1] for name in files} == {"csv", "xlsx", "pptx"}
    assert all(detail["scope"] == WANG_SCOPE for detail in files.values()), files

    # Forgotten within two sweeps of the click, with no further run on the server (this is the
    # page's last run: only the dashboard's own sweep can make the file go).
    deadline = clicked + 2 * SWEEP_EVERY_SECONDS + 10
    while status(address) == 200:
        assert time.monotonic() < deadline, "still served after two sweeps"
        time.sleep(1)
    assert time.monotonic() - clicked > SWEEP_EVERY_SECONDS - 1  # a sweep marks, the next forgets


def test_a_regional_managers_workbook_names_their_region(page, dashboard, database):
    sign_in(page, dashboard, "zj")
    open_view(page, dashboard.base_url, f"growth?{JUNE}")
    _, workbook = download(page, "This page as Excel")
    cover = load_workbook(io.BytesIO(workbook), read_only=True)["Cover"]
    fields = {row[0]: row[1] for row in cover.iter_rows(values_only=True) if row and row[0]}
    assert fields["Filters"] == "Region 浙江"
    [detail] = recorded(database, "zj@bank.example", ("export",)).values()
    b = branches.c
    zhejiang = open_database(database).rows(select(b.branch_id).where(b.region == "浙江"))
    assert detail["scope"] == {
        "branches": sorted(r.branch_id for r in zhejiang),
        "regions": ["浙江"],
    }


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        pytest.param(
            "unchecked",
            "Your identity provider has not verified unchecked@bank.example",
            id="verified-false",
        ),
        pytest.param(
            "silent",
            "Your identity provider did not say whether silent@bank.example is verified",
            id="no-claim",
        ),
    ],
)
def test_an_address_the_provider_has_not_verified_is_refused(
    page, dashboard, database, subject, message
):
    sign_in(page, dashboard, subject)
    assert page.get_by_text(message).count() == 1
    open_view(page, dashboard.base_url, f"overview?{JUNE}")
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    reasons = {
        event.detail.get("reason")
        for event in audit.events(open_database(database))
        if event.actor == f"{subject}@bank.example"
    }
    assert reasons == {"unverified_email"}


@SQLITE_ONLY
def test_set_to_trust_a_silent_provider_it_still_refuses_an_explicit_no(page, trusting_dashboard):
    sign_in(page, trusting_dashboard, "silent")
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Signed in as silent@bank.example" in sidebar
    sign_out(page, trusting_dashboard)
    sign_in(page, trusting_dashboard, "unchecked")
    assert page.get_by_text("has not verified unchecked@bank.example").count() == 1
    log = trusting_dashboard.log_path.read_text(errors="replace")
    assert log.count("trust_unverified_email is on") == 1  # once per process, naming no one


@SQLITE_ONLY
def test_staff_cannot_open_the_administrators_pages(page, dashboard):
    sign_in(page, dashboard, "wang")
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Data" not in nav and "Access" not in nav
    for path in ("data", "access"):
        open_view(page, dashboard.base_url, path)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        assert page.get_by_text("Load history").count() == 0
        assert page.get_by_text("Give or change a role").count() == 0


@SQLITE_ONLY
def test_someone_without_a_role_sees_no_data_and_can_sign_out(page, dashboard):
    sign_in(page, dashboard, "stranger")
    assert page.get_by_text("Ask your administrator to give you a role").count() == 1
    open_view(page, dashboard.base_url, f"overview?{JUNE}&branch=HZ-01")
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    sign_out(page, dashboard)
    assert page.get_by_role("button", name="Sign in").count() == 1


@SQLITE_ONLY
def test_an_administrator_sees_the_whole_bank(page, dashboard, database):
    total = count_users(database, wallet_users.c.registered_on <= JUNE_END)
    sign_in(page, dashboard, "boss")
    open_view(page, dashboard.base_url, f"overview?{JUNE}")
    assert as_count(tiles(page)["Total users"]) == total
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Data" in nav and "Access" in nav


def test_the_server_log_holds_no_addresses_or_secrets(dashboard):
    log = dashboard.log_path.read_text(errors="replace")
    assert "@bank.example" not in log
    assert [secret for secret in dashboard.secret_values if secret in log] == []

"""Sign-in end to end: headless Chromium, the dashboard and a real OpenID provider.

Branch staff of HZ-01 (region 浙江) sign in and must see HZ-01's numbers and
nothing else, whatever the address asks for; a person without a role sees no
data; an administrator sees the whole bank. Expected counts come from plain
queries of the tables (SQLAlchemy Core), not from the dashboard's metric code. The scoping
of numbers and downloads and the server log are checked on SQLite and PostgreSQL, the rest on
SQLite.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page
from sqlalchemy import ColumnElement, func, select

from data_access import open_database
from data_access.schema import branches, wallet_users
from tests.browser.databases import DIALECTS, SQLITE_ONLY, Grant, sample_database
from tests.browser.helpers import open_view
from tests.browser.oidc import SignInDashboard, sign_in, sign_out, signed_in_dashboard

JUNE_START, JUNE_END = date(2026, 6, 1), date(2026, 6, 30)
JUNE = f"start={JUNE_START}&end={JUNE_END}"
USERS = {
    "wang": {"email": "wang@bank.example", "email_verified": True, "name": "Wang Wei"},
    "boss": {"email": "boss@bank.example", "email_verified": True},
    "stranger": {"email": "stranger@bank.example", "email_verified": True},
}
OWN_BRANCH = "HZ-01"
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
    ]
    with sample_database(request, grants) as url:
        yield url


@pytest.fixture(scope="module")
def dashboard(browser, database: str, tmp_path_factory) -> Iterator[SignInDashboard]:
    folder = tmp_path_factory.mktemp("signin")
    with signed_in_dashboard(database, folder, USERS) as dashboard:
        yield dashboard


def count_users(database: str, *conditions: ColumnElement[bool]) -> int:
    query = select(func.count()).select_from(wallet_users).where(*conditions)
    return open_database(database).scalar(query)


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


def download(page: Page, label: str) -> bytes:
    with page.expect_download() as started:
        page.get_by_role("button", name=label).first.click()
    return Path(started.value.path()).read_bytes()


def test_staff_downloads_hold_only_their_branch(page, dashboard, database):
    others = {text for ids in branches_other_than(database, OWN_BRANCH) for text in ids}
    sign_in(page, dashboard, "wang")
    open_view(page, dashboard.base_url, f"overview?{JUNE}&branch=NJ-01&region=江苏")

    league = download(page, "Download data (CSV)").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(league)))
    assert len(rows) == 2, rows  # the header and HZ-01's row
    assert OWN_BRANCH in rows[1]
    assert others.isdisjoint(cell for row in rows for cell in row)

    workbook = load_workbook(io.BytesIO(download(page, "This page as Excel")), read_only=True)
    cells = {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert [text for text in others if any(text in cell for cell in cells)] == []


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
